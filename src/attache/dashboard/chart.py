"""The dyad chart's geometry: stacked quad-class bars per month and the mean Goldstein line.

Computed here, in plain numbers, so the page can draw it as inline SVG with no front-end
library (and no inline script, which the Content-Security-Policy forbids), and so tests can
check the drawing against :func:`~attache.query.dyad_series` without a browser.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from attache.events.tables import QUAD_CLASS_NAMES
from attache.query.analytics import periods_between

QUAD_COLOURS = {1: "#2c7fb8", 2: "#31a354", 3: "#fd8d3c", 4: "#d7301f"}
"""Quad class -> bar fill. Exact colours (the bars are drawn with crisp edges), so a
screenshot can be measured colour by colour."""

LINE_COLOUR = "#222222"
GOLDSTEIN_RANGE = (-10.0, 10.0)
MAX_PERIODS = 600
"""At most this many months on the axis (50 years): a wider range is cut to its last ones."""


@dataclass(frozen=True)
class Rect:
    quad: int
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def colour(self) -> str:
        return QUAD_COLOURS[self.quad]


@dataclass(frozen=True)
class Bar:
    """One month: its stacked rectangles (quad 1 at the bottom) and its Goldstein point."""

    period: str
    events: int
    mean_goldstein: float | None
    quads: dict[int, int]
    x: float
    width: float
    rects: list[Rect]
    point: tuple[float, float] | None

    @property
    def title(self) -> str:
        if not self.events:
            return f"{self.period}: no events"
        parts = ", ".join(f"{QUAD_CLASS_NAMES[q]} {self.quads[q]}" for q in (1, 2, 3, 4))
        return (
            f"{self.period}: {self.events} events ({parts}); "
            f"mean Goldstein {self.mean_goldstein:+.2f}"
        )


@dataclass(frozen=True)
class Tick:
    label: str
    position: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    bars: list[Bar]
    count_ticks: list[Tick]
    goldstein_ticks: list[Tick]
    period_ticks: list[Tick]
    lines: list[str]  # the Goldstein line's pieces, broken where a period has no events
    zero_y: float
    line_colour: str = LINE_COLOUR


def nice_step(top: float, ticks: int = 5) -> int:
    """A round tick step (1, 2 or 5 times a power of ten) for an axis from 0 to ``top``."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1, int(factor * power))
    return int(10 * power)  # pragma: no cover - the loop always returns


def dyad_chart(
    series: Iterable[Mapping[str, Any]],
    since: date | None = None,
    until: date | None = None,
    *,
    width: int = 960,
    height: int = 340,
) -> Chart | None:
    """The chart of monthly ``dyad_series`` rows, months without events included so the
    time axis is even; ``since``/``until`` widen the axis to the asked range. None when
    there is nothing to draw."""
    rows = {row["period"]: row for row in series}
    if not rows:
        return None
    first = min([*rows, *([since.isoformat()[:7]] if since else [])])
    last = max([*rows, *([until.isoformat()[:7]] if until else [])])
    periods = periods_between(first, last, "month")[-MAX_PERIODS:]
    left, right, top, bottom = 56.0, width - 64.0, 16.0, height - 40.0
    plot_height = bottom - top
    slot = (right - left) / len(periods)
    peak = max(int(row["events"]) for row in rows.values())
    step = nice_step(peak)
    count_top = step * math.ceil(peak / step)
    low, high = GOLDSTEIN_RANGE

    def count_y(value: float) -> float:
        return bottom - plot_height * value / count_top

    def goldstein_y(value: float) -> float:
        return bottom - plot_height * (value - low) / (high - low)

    bars = []
    for index, period in enumerate(periods):
        row = rows.get(period, {})
        events = int(row.get("events", 0))
        quads = {quad: int(row.get(f"quad{quad}", 0)) for quad in (1, 2, 3, 4)}
        x = left + index * slot + slot * 0.15
        bar_width = max(slot * 0.7, 1.0)
        rects, stacked = [], 0
        for quad in (1, 2, 3, 4):
            if quads[quad]:
                y_top = count_y(stacked + quads[quad])
                rects.append(
                    Rect(quad, quads[quad], x, y_top, bar_width, count_y(stacked) - y_top)
                )
                stacked += quads[quad]
        mean = row.get("mean_goldstein") if events else None
        point = (x + bar_width / 2, goldstein_y(float(mean))) if mean is not None else None
        bars.append(Bar(period, events, mean, quads, x, bar_width, rects, point))

    label_every = max(1, math.ceil(len(periods) / 12))
    return Chart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        bars=bars,
        count_ticks=[
            Tick(str(value), count_y(value)) for value in range(0, count_top + 1, step)
        ],
        goldstein_ticks=[Tick(f"{value:+d}", goldstein_y(value)) for value in range(-10, 11, 5)],
        period_ticks=[
            Tick(bar.period, bar.x + bar.width / 2) for bar in bars[::label_every]
        ],
        lines=_segments(bars),
        zero_y=goldstein_y(0.0),
    )


def _segments(bars: list[Bar]) -> list[str]:
    """The Goldstein line as polyline point lists, broken at each period without events (a
    line drawn across a gap would show a mean for months that have none)."""
    segments: list[list[str]] = [[]]
    for bar in bars:
        if bar.point is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(f"{bar.point[0]:.1f},{bar.point[1]:.1f}")
    return [" ".join(points) for points in segments if points]


@dataclass(frozen=True)
class TimelineBar:
    period: str
    events: int
    x: float
    y: float
    width: float
    height: float


def timeline_bars(rows: Iterable[Mapping[str, Any]], *, width: int = 960,
                  height: int = 120) -> list[TimelineBar]:
    """Bars of a zero-filled :func:`attache.query.analytics.timeline`, one per period, to
    scale in a ``width`` x ``height`` box (an empty period is a bar of height 0)."""
    rows = list(rows)[-MAX_PERIODS:]
    if not rows:
        return []
    peak = max(max(int(row["events"]) for row in rows), 1)
    slot = width / len(rows)
    bars = []
    for index, row in enumerate(rows):
        bar_height = (height - 4) * int(row["events"]) / peak
        bars.append(TimelineBar(row["period"], int(row["events"]), index * slot + slot * 0.1,
                                height - bar_height, max(slot * 0.8, 0.5), bar_height))
    return bars

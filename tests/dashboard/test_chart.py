"""The dyad chart's geometry: one even month axis, bars stacked by quad class to scale."""

from __future__ import annotations

from datetime import date

from attache.dashboard.chart import QUAD_COLOURS, dyad_chart, nice_step
from attache.query.analytics import periods_between

SERIES = [
    {"period": "2020-01", "events": 10, "mean_goldstein": -2.5,
     "quad1": 4, "quad2": 0, "quad3": 1, "quad4": 5, "mentions": 12},
    {"period": "2020-04", "events": 5, "mean_goldstein": 3.0,
     "quad1": 5, "quad2": 0, "quad3": 0, "quad4": 0},
]  # fmt: skip


def test_months_fill_the_axis():
    assert periods_between("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert periods_between("2020-01", "2020-01") == ["2020-01"]
    assert periods_between("2020-02-27", "2020-03-01", "day") == [
        "2020-02-27", "2020-02-28", "2020-02-29", "2020-03-01"]
    assert periods_between("2019", "2021", "year") == ["2019", "2020", "2021"]


def test_nice_steps():
    assert [nice_step(top) for top in (1, 4, 10, 37, 180, 2600)] == [1, 1, 2, 10, 50, 1000]


def test_bars_stack_by_quad_to_scale():
    chart = dyad_chart(SERIES)
    assert [bar.period for bar in chart.bars] == ["2020-01", "2020-02", "2020-03", "2020-04"]
    january, february, _, april = chart.bars
    assert february.events == 0 and february.rects == [] and february.point is None
    assert [(rect.quad, rect.count) for rect in january.rects] == [(1, 4), (3, 1), (4, 5)]
    assert [rect.colour for rect in january.rects] == [QUAD_COLOURS[q] for q in (1, 3, 4)]
    unit = january.rects[0].height / 4
    for rect in january.rects:
        assert abs(rect.height - rect.count * unit) < 1e-6
    # stacked upwards from the axis, quad 1 at the bottom, no gaps
    assert abs(january.rects[0].y + january.rects[0].height - chart.bottom) < 1e-6
    for lower, upper in zip(january.rects, january.rects[1:], strict=False):
        assert abs(upper.y + upper.height - lower.y) < 1e-6
    assert abs(sum(r.height for r in april.rects) - 5 * unit) < 1e-6
    # Goldstein on its own axis: -10 at the bottom, +10 at the top
    assert january.point[1] > chart.zero_y > april.point[1]
    assert chart.count_ticks[-1].label == "10" and chart.goldstein_ticks[0].label == "-10"
    assert "2020-01: 10 events" in january.title
    assert len(chart.lines) == 2  # the Goldstein line stops at the months without events


def test_the_asked_range_widens_the_axis_and_nothing_is_none():
    chart = dyad_chart(SERIES, since=date(2019, 12, 5), until=date(2020, 5, 1))
    assert chart.bars[0].period == "2019-12" and chart.bars[-1].period == "2020-05"
    assert dyad_chart([]) is None

"""The thresholds that decide what counts as a copy, with their defaults and checks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from attache.errors import AttacheError, ErrorCode


@dataclass(frozen=True)
class DedupSettings:
    """How duplicates and event clusters are found. A store keeps the settings it was last
    deduplicated with (``attache dedup``), so later writes link the same way.

    ``shingle_size`` (5)
        Words per shingle: an article is the set of its overlapping runs of this many
        lower-cased words. Five words make unrelated articles share almost nothing, while
        one edited word changes only five shingles.
    ``article_threshold`` (0.5)
        Jaccard resemblance of two articles' shingle sets from which the later one is a
        duplicate (the same story re-published). On Reuters-21578, pairs at 0.5 and above
        are re-sends and corrections of one story; below it, routine notices of one template.
    ``min_shingles`` (15)
        Texts with fewer shingles (under about 20 words) are never linked: too short to
        tell a copy from a template ("Qtly div 25 cts vs 25 cts prior").
    ``bands`` (24), ``rows`` (3)
        The MinHash locality-sensitive index: ``bands * rows`` min-hashes cut into bands;
        articles sharing a whole band become candidates, then their exact resemblance is
        computed. With 24 bands of 3, a pair at 0.5 is a candidate 96 % of the time, at
        0.6 99.7 %, at 0.7 and above all but always; an unrelated pair almost never.
    ``max_candidates`` (20)
        At most this many candidate articles (those sharing the most bands) are checked.
    ``evidence_threshold`` (0.6)
        Jaccard similarity of the lower-cased word sets of two events' evidence sentences
        from which events with the same actors, code, modality and day are one event.
    ``story_evidence_threshold`` (0.3)
        The same for events of two articles that are duplicates of each other: the copy
        may reword a sentence, so less overlap suffices, but two different events of the
        same kind in one story are still told apart.
    """

    shingle_size: int = 5
    article_threshold: float = 0.5
    min_shingles: int = 15
    bands: int = 24
    rows: int = 3
    max_candidates: int = 20
    evidence_threshold: float = 0.6
    story_evidence_threshold: float = 0.3

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if field.type == "int":
                if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                    raise _bad(field.name, value, "a whole number, 1 or more")
                if value > 1000:
                    raise _bad(field.name, value, "at most 1000")
            elif isinstance(value, bool) or not isinstance(value, int | float) or not (
                0 < value <= 1
            ):
                raise _bad(field.name, value, "a number above 0 and at most 1")

    @property
    def hashes(self) -> int:
        """Min-hashes per article: ``bands * rows``."""
        return self.bands * self.rows

    @property
    def band_scheme(self) -> str:
        """What an article's band keys depend on (``shingle_size/bands/rows``, ``5/24/3``):
        keys stored under another scheme mean nothing to these settings."""
        return f"{self.shingle_size}/{self.bands}/{self.rows}"

    def to_dict(self) -> dict[str, Any]:
        """Setting name -> value, as stored in the ``dedup_settings`` table."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> DedupSettings:
        """Settings from stored values; names this version does not know are ignored and
        missing ones take their defaults."""
        known = {field.name: field.type for field in fields(cls)}
        return cls(**{
            name: int(value) if known[name] == "int" else float(value)
            for name, value in values.items()
            if name in known
        })


def _bad(name: str, value: object, known: str) -> AttacheError:
    return AttacheError(ErrorCode.E011, kind=f"dedup setting {name}", value=value, known=known)

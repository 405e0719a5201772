"""The stage contract: what one step of the coder reads and writes, checked when a coder is
built.

A :class:`Stage` is a named, versioned function over one :class:`ArticleState`. It declares
the names of what it ``requires`` and what it ``assigns``; :func:`check_stages` refuses a
list in which a stage needs something no earlier stage assigns, or in which a stage assigns
something after a stage that reads it has run (the error names both stages). The parse
assigns :data:`PARSE_ASSIGNS` before the first stage.

A stage of one's own is a :class:`Stage` like attache's (see "The pipeline" in docs/coding.md);
what it finds goes into ``state.coded.extensions[name]`` and reaches
:meth:`CodedArticle.to_dict` with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ErrorCode, PipelineError
from ..model import CodedArticle, Event
from ..nlp import ParsedArticle

#: What the parse gives every stage: the units' docs and the article's sentences.
PARSE_ASSIGNS = ("doc", "sentences")


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the coder: ``run(state)`` reads and writes ``state``; ``requires`` and
    ``assigns`` name what it reads and writes (checked by :func:`check_stages`)."""

    name: str
    run: Callable[[ArticleState], None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    version: int = 1
    description: str = ""


@dataclass(slots=True)
class ArticleState:
    """One article between the parse and the coded result: the parse, the records found so
    far (``coded``) and what stages hand each other, per parsed unit (paragraph)."""

    parsed: ParsedArticle
    coded: CodedArticle
    #: per unit: numbers (within the unit's doc) of the sentences the discards drop
    dropped: list[set[int]] = field(default_factory=list)
    #: per unit: actor phrases by head token (:class:`attache.actors.resolve.PhraseActors`)
    phrases: list[dict] = field(default_factory=list)
    #: per unit: the story's reference date as the unit begins (see attributes.dates)
    story_dates: list[str | None] = field(default_factory=list)
    #: a stage set this: the stages after it do not run (a discarded story)
    stopped: bool = False
    #: what custom stages hand each other (attache's own stages do not use it)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def units(self):
        return self.parsed.units

    @property
    def published(self):
        return self.parsed.article.published

    def events_by_unit(self) -> list[list[Event]]:
        """The coded events, grouped by the unit their verb is in (in unit order)."""
        return self._by_unit(self.coded.events, lambda event: event.verb_start)

    def records_by_unit(self, records: list) -> list[list]:
        """Records with evidence (places, dates, quotes...), grouped by unit."""
        return self._by_unit(records, lambda record: record.evidence.start)

    def _by_unit(self, records: list, position: Callable[[Any], int]) -> list[list]:
        groups: list[list] = [[] for _ in self.units]
        index = 0
        for record in sorted(records, key=position):
            while index + 1 < len(self.units) and \
                    position(record) >= self.units[index + 1].offset:
                index += 1
            groups[index].append(record)
        return groups


def check_stages(stages: Sequence[Stage]) -> None:
    """Raise :class:`PipelineError` (E045) when the stages cannot run in this order: two
    stages share a name, a stage requires what no earlier stage assigns, or a stage assigns
    what an earlier stage has already read."""
    seen: set[str] = set()
    for stage in stages:
        if stage.name in seen:
            raise PipelineError(ErrorCode.E045, stage=stage.name,
                                problem="two stages have this name")
        seen.add(stage.name)
    assigners: dict[str, list[str]] = {name: ["parse"] for name in PARSE_ASSIGNS}
    readers: dict[str, str] = {}
    for stage in stages:
        for name in stage.requires:
            if name not in assigners:
                later = [other.name for other in stages if name in other.assigns
                         and other.name != stage.name]
                where = (f"stage '{later[0]}' assigns it, but runs later" if later
                         else "no stage assigns it")
                raise PipelineError(ErrorCode.E045, stage=stage.name,
                                    problem=f"requires '{name}', which no earlier stage "
                                            f"assigns ({where})")
        for name in stage.assigns:
            reader = readers.get(name)
            if reader is not None and reader != stage.name:
                raise PipelineError(ErrorCode.E045, stage=stage.name,
                                    problem=f"assigns '{name}' after stage '{reader}' has "
                                            "read it; move it before that stage")
            assigners.setdefault(name, []).append(stage.name)
        for name in stage.requires:
            readers.setdefault(name, stage.name)


def describe(stages: Sequence[Stage]) -> list[dict[str, Any]]:
    """The stages as data: name, version, requires, assigns, description (for the documentation,
    ``attache stages`` and provenance)."""
    return [{"name": stage.name, "version": stage.version, "requires": list(stage.requires),
             "assigns": list(stage.assigns), "description": stage.description}
            for stage in stages]

"""Learn dated actors from what the news itself says about a name.

A name the dictionaries do not know is often described where it is used: "Iranian Foreign
Minister Javad Zarif", "Zarif, Iran's foreign minister". The actor stage already reads such a
phrase as one actor, coded from the description's country and role noun (IRN + ~GOV); the
name in it is the phrase's head. :func:`descriptions` collects these (name, code, date)
pieces of evidence from re-coded articles; :func:`learn_actors` weighs them per name:

* the codes with at least :data:`SUPPORT_SHARE` of a name's evidence (and, where it has
  several codes, at least :data:`MIN_READING_EVIDENCE` descriptions) are its readings;
* one reading is the name's code; readings that follow each other in time (a minister, then
  a president) become dated segments, the way the Phoenix dictionaries write roles;
* readings that overlap in time, or a name with no reading, are a conflict: listed, never
  guessed;
* a name needs evidence from ``min_evidence`` articles to be learned at all.

A role noun without a country ("President Smith") takes the story's country, as the actor
stage reads it: such evidence is weaker, and a name described in stories of several
countries is outvoted or listed as a conflict. Only names the parser calls a person, an
organisation or a group are learned. A person's surname becomes an alias, unless another
learned name or a dictionary entry has it too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..dictionaries import Dictionaries, tokenized
from ..dictionaries.reader import phrase_words
from ..dictionaries.user import ActorRow
from ..pipeline.stage import ArticleState
from .resolve import NEW_ACTOR_LABELS

#: Least share of a name's evidence a code needs to count as one of its readings.
SUPPORT_SHARE = 0.2
#: Least descriptions a code needs to count as a reading when a name has several codes.
MIN_READING_EVIDENCE = 2
#: Example spans kept per name (and per unknown name in the gap report).
EXAMPLES = 3
#: Mention kinds whose code comes from a description in the phrase: a country and a role
#: noun ("the Iranian foreign minister"), or an entry that is itself a role ("US President").
DESCRIBED_KINDS = {"composite", "actor"}
#: The rule of a description whose country is the story's, not the phrase's.
STORY_COUNTRY_RULE = "rule:story-country"


@dataclass(frozen=True, slots=True)
class Description:
    """One place where the text says who a name is."""

    name: str
    label: str
    code: str
    day: date | None
    article_id: str
    source: str | None
    span: str
    rule: str


def resolves(name: str, dictionaries: Dictionaries) -> bool:
    """Whether the dictionaries hold ``name`` as an actor entry's phrase."""
    words = tokenized(phrase_words(name))
    return bool(words) and any(phrase == words for phrase, _ in
                               dictionaries.actor_index.by_first.get(words[0], ()))


def descriptions(state: ArticleState, dictionaries: Dictionaries,
                 source: str | None = None) -> Iterator[Description]:
    """The descriptions of one coded article: each phrase whose single actor is coded from
    a country and a role noun in the phrase, and whose head lies in a name the parser
    labels a person, organisation or group that no dictionary entry matched (a leading
    "the" dropped)."""
    article = state.parsed.article
    for unit, phrases in zip(state.units, state.phrases, strict=False):
        entity_of = {token: entity for entity in unit.doc.ents
                     if entity.label_ in NEW_ACTOR_LABELS
                     for token in range(entity.start, entity.end)}
        for head, phrase in phrases.items():
            if len(phrase.actors) != 1:
                continue
            actor = phrase.actors[0]
            mention = actor.mention
            rule = mention.evidence.rule
            if (mention.kind not in DESCRIBED_KINDS or actor.code.startswith("-")
                    or (rule.startswith("rule:") and not rule.startswith(STORY_COUNTRY_RULE))):
                continue
            entity = entity_of.get(head)
            if entity is None or any(i in phrase.token_ids
                                     for i in range(entity.start, entity.end)):
                continue
            name = entity[1:] if entity[0].lower_ == "the" else entity
            if not name.text or resolves(name.text, dictionaries):
                continue
            yield Description(name=name.text, label=entity.label_, code=actor.code,
                              day=article.published, article_id=article.id,
                              source=source or article.source, span=mention.evidence.text,
                              rule=rule)


@dataclass(slots=True)
class Reading:
    """One code a name is given, with when and where."""

    code: str
    count: int
    first: date | None
    last: date | None


@dataclass(slots=True)
class LearnedName:
    """All the evidence about one name, and what it adds up to."""

    name: str
    label: str
    readings: list[Reading]
    articles: int
    sources: int
    first: date | None
    last: date | None
    examples: list[str] = field(default_factory=list)
    conflict: bool = False

    def rows(self, aliases: tuple[str, ...]) -> list[ActorRow]:
        """The dictionary rows of a learned (not conflicting) name: one per dated segment."""
        seen = (f"{self.first or '?'} to {self.last or '?'}")
        note = (f"learned from {self.articles} articles, {self.sources} sources, "
                f"{seen}; e.g. {'; '.join(self.examples[:2])}")
        if len(self.readings) == 1:
            return [ActorRow(self.name, self.readings[0].code, aliases=aliases, note=note)]
        rows = []
        for position, reading in enumerate(self.readings):
            following = self.readings[position + 1] if position + 1 < len(self.readings) else None
            start = reading.first if position else None
            end = following.first - timedelta(days=1) if following and following.first else None
            rows.append(ActorRow(self.name, reading.code, start, end, aliases, note))
        return rows


@dataclass(slots=True)
class LearnedActors:
    """What :func:`learn_actors` found: names to add, names in conflict, and the rest."""

    learned: list[LearnedName]
    conflicts: list[LearnedName]
    too_few: int
    aliases: dict[str, tuple[str, ...]]

    def rows(self) -> list[ActorRow]:
        return [row for name in self.learned for row in name.rows(self.aliases[name.name])]


def _readings(found: list[Description]) -> tuple[list[Reading], bool]:
    """The name's supported codes in time order, and whether they conflict (overlap)."""
    counts = Counter(item.code for item in found)
    least = SUPPORT_SHARE * len(found)
    if len(counts) > 1:
        least = max(least, MIN_READING_EVIDENCE)
    readings = []
    for code, count in counts.items():
        if count < least:
            continue
        days = sorted(item.day for item in found if item.code == code and item.day)
        readings.append(Reading(code, count, days[0] if days else None,
                                days[-1] if days else None))
    readings.sort(key=lambda reading: (reading.first or date.min, -reading.count))
    if len(readings) == 1:
        return readings, False
    if not readings:  # every code is one stray description: nothing to go by
        return [Reading(code, count, None, None) for code, count in counts.most_common()], True
    dated = all(reading.first for reading in readings)
    ordered = dated and all(earlier.last < later.first
                            for earlier, later in zip(readings, readings[1:], strict=False))
    return readings, not ordered


def learn_actors(found: Iterable[Description], dictionaries: Dictionaries,
                 min_evidence: int = 3) -> LearnedActors:
    """Weigh the descriptions per name (see the module's docstring)."""
    by_name: dict[tuple[str, ...], list[Description]] = defaultdict(list)
    for item in found:
        by_name[phrase_words(item.name)].append(item)
    learned, conflicts, too_few = [], [], 0
    for items in by_name.values():
        articles = {item.article_id for item in items}
        if len(articles) < min_evidence:
            too_few += 1
            continue
        readings, conflict = _readings(items)
        days = sorted(item.day for item in items if item.day)
        name = Counter(item.name for item in items).most_common(1)[0][0]
        result = LearnedName(
            name=name, label=Counter(item.label for item in items).most_common(1)[0][0],
            readings=readings, articles=len(articles),
            sources=len({item.source for item in items if item.source}),
            first=days[0] if days else None, last=days[-1] if days else None,
            examples=list(dict.fromkeys(item.span for item in items))[:EXAMPLES],
            conflict=conflict)
        (conflicts if conflict else learned).append(result)
    learned.sort(key=lambda name: (-name.articles, name.name))
    conflicts.sort(key=lambda name: (-name.articles, name.name))
    return LearnedActors(learned, conflicts, too_few, _surname_aliases(learned, dictionaries))


def _surname_aliases(learned: list[LearnedName], dictionaries: Dictionaries
                     ) -> dict[str, tuple[str, ...]]:
    """A person's last name as an alias, where it names no one else: not another learned
    name's, not a name of the dictionaries."""
    surnames: Counter[tuple[str, ...]] = Counter()
    for name in learned:
        words = phrase_words(name.name)
        if name.label == "PERSON" and len(words) > 1:
            surnames[words[-1:]] += 1
    aliases = {}
    for name in learned:
        words = phrase_words(name.name)
        surname = name.name.split()[-1]
        if (name.label == "PERSON" and len(words) > 1 and surnames[words[-1:]] == 1
                and not resolves(surname, dictionaries)):
            aliases[name.name] = (surname,)
        else:
            aliases[name.name] = ()
    return aliases

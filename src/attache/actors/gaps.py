"""The dictionary maintainer's worklist: what the coder met and could not code.

Two lists, most frequent first:

* **unknown names**: the named people, organisations and groups stored as ``unknown``
  mentions (code ``---``), with their entity type, counts, first and last day seen, example
  sentences and the nearest descriptive evidence (a coded mention whose text holds the name,
  such as "Houthi rebels" for "Houthi"), read from the store alone;
* **unmatched verbs**: verbs whose subject and object are both coded actors but that no verb
  pattern turned into an event (lemma, counts, examples), found by coding the stored
  articles again (:func:`unmatched_verbs`).

Names that a dictionary set resolves (``known``, e.g. a learned file) are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..dictionaries import Dictionaries
from ..dictionaries.reader import phrase_words
from ..nlp.syntax import NOT_PREDICATE_DEPS, OBJECT_DEPS, subject_of
from ..pipeline.stage import ArticleState
from .learn import EXAMPLES, resolves


@dataclass(slots=True)
class UnknownName:
    name: str
    label: str
    mentions: int
    articles: int
    first: str | None
    last: str | None
    examples: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "mentions": self.mentions,
                "articles": self.articles, "first": self.first, "last": self.last,
                "examples": self.examples, "evidence": self.evidence}


@dataclass(slots=True)
class UnmatchedVerb:
    lemma: str
    count: int
    articles: int
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"lemma": self.lemma, "count": self.count, "articles": self.articles,
                "examples": self.examples}


def unknown_names(store, *, since: str | None = None, limit: int = 50,
                  known: Dictionaries | None = None) -> list[UnknownName]:
    """The most frequent unknown names in ``store`` (published on or after ``since``)."""
    rows = store.read(
        "SELECT m.evidence_text AS name, m.rule, m.article_id, a.published, s.text AS sentence"
        " FROM mentions m JOIN articles a ON a.id = m.article_id"
        " LEFT JOIN sentences s ON s.article_id = m.article_id"
        "  AND s.sentence_index = m.sentence_index"
        " WHERE m.kind = 'unknown' AND (? IS NULL OR a.published >= ?)",
        (since, since))
    grouped: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for row in rows:
        words = phrase_words(row["name"])
        if words and not (known is not None and resolves(row["name"], known)):
            grouped[words].append(row)
    ranked = sorted(grouped.values(), key=lambda found: -len(found))[:limit]
    names = []
    for found in ranked:
        days = sorted(row["published"] for row in found if row["published"])
        name = Counter(row["name"] for row in found).most_common(1)[0][0]
        label = Counter(row["rule"] for row in found).most_common(1)[0][0]
        names.append(UnknownName(
            name=name, label=label.removeprefix("ner:"), mentions=len(found),
            articles=len({row["article_id"] for row in found}),
            first=days[0] if days else None, last=days[-1] if days else None,
            examples=list(dict.fromkeys(row["sentence"] for row in found
                                        if row["sentence"]))[:EXAMPLES],
            evidence=_descriptions_of(store, name, since)))
    return names


def _descriptions_of(store, name: str, since: str | None) -> list[str]:
    """Coded mentions whose text holds the name: what the news says it is."""
    rows = store.read(
        "SELECT m.evidence_text || ' -> ' || m.code AS described, COUNT(*) AS n"
        " FROM mentions m JOIN articles a ON a.id = m.article_id"
        " WHERE m.kind IN ('composite', 'actor') AND m.evidence_text LIKE ?"
        " AND m.evidence_text <> ? AND (? IS NULL OR a.published >= ?)"
        " GROUP BY described ORDER BY n DESC, described LIMIT ?",
        (f"%{name}%", name, since, since, EXAMPLES))
    return [row["described"] for row in rows]


def _phrase_of(phrases: dict) -> dict[int, object]:
    """Token index -> the phrase it belongs to (its head or a dictionary match in it)."""
    owner = {}
    for head, phrase in phrases.items():
        for token in {head, *phrase.token_ids}:
            owner[token] = phrase
    return owner


def _object_of(verb):
    """The verb's direct object, or the object of a preposition it governs."""
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            return child
    for child in verb.children:
        if child.dep_ == "prep":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _coded(phrase) -> bool:
    return phrase is not None and any(not actor.code.startswith("---")
                                      for actor in phrase.actors)


def unmatched_verbs_of(state: ArticleState) -> Iterator[tuple[str, str, str]]:
    """(lemma, sentence, article id) of each verb in one coded article whose subject and
    object are coded actors of different phrases and where no event was coded (not a verb
    that is no predicate: "according to" is a preposition)."""
    coded_at = {event.verb_start for event in state.coded.events}
    for unit, phrases in zip(state.units, state.phrases, strict=False):
        owner = _phrase_of(phrases)
        for token in unit.doc:
            if (token.pos_ != "VERB" or token.dep_ in NOT_PREDICATE_DEPS  # "according to"
                    or unit.article_char(token.idx) in coded_at):
                continue
            subject, _ = subject_of(token)
            target = _object_of(token)
            if subject is None or target is None:
                continue
            source_phrase, target_phrase = owner.get(subject.i), owner.get(target.i)
            if (_coded(source_phrase) and _coded(target_phrase)
                    and source_phrase is not target_phrase):
                yield token.lemma_.lower(), token.sent.text, state.parsed.article.id


def unmatched_verbs(found: Iterable[tuple[str, str, str]], limit: int = 50
                    ) -> list[UnmatchedVerb]:
    """The most frequent unmatched verbs (see :func:`unmatched_verbs_of`)."""
    by_lemma: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for lemma, sentence, article_id in found:
        by_lemma[lemma].append((sentence, article_id))
    ranked = sorted(by_lemma.items(), key=lambda item: (-len(item[1]), item[0]))[:limit]
    return [UnmatchedVerb(lemma, len(items), len({article for _, article in items}),
                          list(dict.fromkeys(sentence for sentence, _ in items))[:EXAMPLES])
            for lemma, items in ranked]

"""Find actor mentions in a parsed paragraph and resolve them to CAMEO actor codes.

Three steps, all from dictionaries and the dependency parse (NER labels alone are not
trusted: the small English model calls "Lavrov" an ORG and misses "TASS"):

1. longest dictionary matches of actor names and agent nouns over the tokens;
2. matches are grouped by the noun phrase they belong to (climbing compound, amod, poss,
   appos, "of" links to the phrase head), so "Russian Foreign Minister Sergey Lavrov" is one
   phrase and "Hungarian and Romanian officials" one phrase with two countries;
3. a phrase becomes one actor per country: a named person or organisation with a full code
   wins; otherwise country + agent (RUS + ~GOV -> RUSGOV); an agent alone gives ---GOV.

Pronouns and short names ("he", "Lavrov" after "Sergey Lavrov") are resolved against the
people already seen in the article (:class:`ArticleMemory`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..dictionaries import Dictionaries, PhraseIndex
from ..model import Actor, Mention
from ..nlp import ParsedUnit

#: Dependencies that attach a modifier to the head of its noun phrase.
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "appos", "npadvmod", "nummod", "det"}
LINKING_PREPOSITIONS = {"from", "in"}
#: Entity labels whose names, unknown to the dictionaries, are reported as new actors.
NEW_ACTOR_LABELS = {"PERSON", "ORG", "NORP"}
PRONOUNS = {"he", "she", "him", "her", "his"}


@dataclass(slots=True)
class Match:
    start: int  # token index in the doc
    end: int  # exclusive
    entry_id: int
    is_agent: bool


@dataclass(slots=True)
class PhraseActors:
    """The actors of one noun phrase, keyed by the phrase's head token."""

    head: int
    actors: list[Actor] = field(default_factory=list)
    token_ids: set[int] = field(default_factory=set)
    #: each dictionary name in the phrase: (first token, end token, the codes its entry gives
    #: on the day), whether or not it became the phrase's actor
    names: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)


@dataclass(slots=True)
class ArticleMemory:
    """People named so far in an article, for pronouns and short names."""

    people: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None

    def remember(self, surname: str, actor: Actor) -> None:
        self.people[surname.upper()] = actor
        self.last_person = actor


def find_matches(words: list[str], index: PhraseIndex, is_agent: bool) -> list[Match]:
    """Longest non-overlapping dictionary matches, left to right."""
    matches: list[Match] = []
    position = 0
    while position < len(words):
        found = None
        for phrase, entry_id in index.by_first.get(words[position], ()):
            end = position + len(phrase)
            if end <= len(words) and tuple(words[position:end]) == phrase:
                found = Match(position, end, entry_id, is_agent)
                break
        if found:
            matches.append(found)
            position = found.end
        else:
            position += 1
    return matches


def phrase_head(token, role_nouns: frozenset[int] = frozenset()):
    """Climb from a token to the head of the noun phrase it modifies.

    "of" always links ("the foreign minister of Russia", "the government of Gondor"); "from"
    and "in" only to a role noun (``role_nouns``: tokens of actor or agent matches):
    "soldiers from Gondor" is one actor, "an attack in south Ithilen" is not Ithilen's.
    """
    seen = 0
    while seen < 12:
        seen += 1
        dep = token.dep_
        head = token.head
        if head.i == token.i:
            return token
        if dep in MODIFIER_DEPS and head.pos_ in {"NOUN", "PROPN", "ADJ", "NUM", "PRON"}:
            token = head
        elif dep == "conj" and token.head.dep_ in MODIFIER_DEPS:
            token = head  # "Hungarian and Romanian officials": Romanian -> Hungarian -> ...
        elif (dep == "pobj" and head.dep_ == "prep" and head.head.pos_ in {"NOUN", "PROPN"}
              and (head.lower_ == "of" or (head.lower_ in LINKING_PREPOSITIONS
                                           and head.head.i in role_nouns))):
            token = head.head
        else:
            return token
    return token


def _share_countries(doc, phrases: dict[int, PhraseActors]) -> None:
    """A bare role noun joined to a phrase with a country takes that country: "Danish media
    and government" -> DNKMED, DNKGOV."""
    for head, phrase in phrases.items():
        token = doc[head]
        if token.dep_ != "conj" or len(phrase.actors) != 1:
            continue
        actor = phrase.actors[0]
        partner = phrases.get(token.head.i)
        if not actor.code.startswith("---") or partner is None:
            continue
        countries = [a.code[:3] for a in partner.actors if not a.code.startswith("---")]
        if countries:
            code = countries[0] + actor.code[3:]
            mention = replace(actor.mention, kind="composite", code=code)
            phrase.actors[0] = Actor(code, mention)


def _located(token) -> bool:
    """The token names where a role noun is ("officials in Kyiv"), not whose it is."""
    while token.dep_ == "conj":
        token = token.head
    return (token.dep_ == "pobj" and token.head.dep_ == "prep"
            and token.head.lower_ in LINKING_PREPOSITIONS)


class ActorResolver:
    """Resolves the actors of one parsed paragraph (a spaCy Doc) against a dictionary set."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries

    def resolve(self, unit: ParsedUnit, *, day: date | None,
                memory: ArticleMemory) -> dict[int, PhraseActors]:
        """Phrase head token index -> the actors of that phrase, for one parsed paragraph."""
        doc, words = unit.doc, unit.words
        # "us" is no "US": a short lower-case word is not the acronym the dictionary means
        matches = [m for m in find_matches(words, self.dictionaries.actor_index, is_agent=False)
                   if not (m.end - m.start == 1 and len(words[m.start]) <= 3
                           and doc[m.start].is_lower)]
        taken = {i for match in matches for i in range(match.start, match.end)}
        agent_matches = [match for match in
                         find_matches(words, self.dictionaries.agent_index, is_agent=True)
                         if not any(i in taken for i in range(match.start, match.end))]
        role_nouns = frozenset(i for m in matches + agent_matches for i in range(m.start, m.end))
        groups: dict[int, list[Match]] = {}
        for match in sorted(matches + agent_matches, key=lambda m: m.start):
            span = doc[match.start:match.end]
            groups.setdefault(phrase_head(span.root, role_nouns).i, []).append(match)
        phrases: dict[int, PhraseActors] = {}
        for head, group in sorted(groups.items(), key=lambda item: item[1][0].start):
            phrase = self._phrase_actors(unit, head, group, day)
            if phrase.actors:
                phrases[head] = phrase
                self._remember_people(doc, phrase, memory)
        _share_countries(doc, phrases)
        self._resolve_references(unit, phrases, memory)
        return phrases

    @staticmethod
    def unknown_actors(unit: ParsedUnit, phrases: dict[int, PhraseActors]) -> list[Mention]:
        """Named people, organisations and groups the dictionaries do not know, as mentions
        with code ``---`` (PETRARCH's "new actors"): kept for the record and for dictionary
        work, never used as event actors."""
        taken = {i for phrase in phrases.values() for i in phrase.token_ids} | set(phrases)
        found = []
        for entity in unit.doc.ents:
            if entity.label_ not in NEW_ACTOR_LABELS:
                continue
            if any(i in taken for i in range(entity.start, entity.end)):
                continue
            evidence = unit.evidence(entity.start, entity.end, f"ner:{entity.label_}")
            found.append(Mention(evidence, "unknown", "---", f"ner:{entity.label_}"))
        return found

    def _phrase_actors(self, unit: ParsedUnit, head: int, group: list[Match],
                       day: date | None) -> PhraseActors:
        phrase = PhraseActors(head=head)
        named = [m for m in group if not m.is_agent]
        own = [m for m in named if not _located(unit.doc[m.start:m.end].root)]
        if own:
            # "Syrian soldiers in Lebanon" are Syria's; "lawmakers in Fornost" are Fornost's;
            # the place they are in is not part of their name
            group = [m for m in group if m.is_agent or m in own]
            named = own
        phrase.token_ids = {i for match in group for i in range(match.start, match.end)}
        agents = [m for m in group if m.is_agent]
        agent = self.dictionaries.agents[agents[0].entry_id] if agents else None
        # the mention runs over its matches and the phrase head they modify ("Ahmed
        # Karimov, a spokesman", "the APEC forum")
        start = min(min(m.start for m in group), head)
        end = max(max(m.end for m in group), head + 1)
        coded: list[tuple[Match, str]] = []
        for match in named:
            entry = self.dictionaries.actors[match.entry_id]
            code = entry.code_on(day)
            if code:
                coded.extend((match, part) for part in code.split("/"))
                phrase.names.append((match.start, match.end, frozenset(code.split("/"))))
        full = [(match, code) for match, code in coded if len(code) > 3]
        if full:
            coded = full[:1]  # a named person/body: the most specific reading of the phrase
        if not coded and agent is not None:
            code = f"{agent.code}---" if agent.before else f"---{agent.code}"
            evidence = unit.evidence(start, end, agent.source)
            phrase.actors.append(Actor(code, Mention(evidence, "agent", code, agent.source)))
            return phrase
        seen_codes: set[str] = set()
        for match, code in coded:
            entry = self.dictionaries.actors[match.entry_id]
            kind = "actor"
            if agent is not None and len(code) <= 3:
                code = agent.code + code if agent.before else code + agent.code
                kind = "composite"
            if code in seen_codes:
                continue
            seen_codes.add(code)
            rule = entry.source if kind == "actor" else f"{entry.source}+{agent.source}"
            evidence = unit.evidence(start, end, rule)
            phrase.actors.append(Actor(code, Mention(evidence, kind, code, entry.source)))
        return phrase

    def _remember_people(self, doc, phrase: PhraseActors, memory: ArticleMemory) -> None:
        head = doc[phrase.head]
        if head.ent_type_ == "PERSON" or (head.pos_ == "PROPN" and len(phrase.actors) == 1
                                          and len(phrase.actors[0].code) > 3):
            memory.remember(head.text, phrase.actors[0])

    def _resolve_references(self, unit: ParsedUnit, phrases: dict[int, PhraseActors],
                            memory: ArticleMemory) -> None:
        """Pronouns and bare surnames -> the person named earlier in the article."""
        taken = {i for phrase in phrases.values() for i in phrase.token_ids} | set(phrases)
        for token in unit.doc:
            if token.i in taken:
                continue
            antecedent = None
            if token.lower_ in PRONOUNS and token.dep_ != "poss":
                antecedent = memory.last_person
            elif token.pos_ == "PROPN" and token.text.upper() in memory.people:
                if phrase_head(token).i == token.i:
                    antecedent = memory.people[token.text.upper()]
            if antecedent is None:
                continue
            evidence = unit.evidence(token.i, token.i + 1, "rule:coreference")
            source = antecedent.mention.evidence
            mention = Mention(evidence, "reference", antecedent.code, antecedent.mention.entry,
                              antecedent=(source.start, source.end))
            phrases[token.i] = PhraseActors(token.i, [Actor(antecedent.code, mention)],
                                            {token.i})

"""Find actor mentions in a parsed paragraph and resolve them to CAMEO actor codes.

Three steps, all from dictionaries and the dependency parse (NER labels alone are not
trusted: the small English model calls "Lavrov" an ORG and misses "TASS"):

1. longest dictionary matches of actor names and agent nouns over the tokens;
2. matches are grouped by the noun phrase they belong to (climbing compound, amod, poss,
   appos, "of" links to the phrase head), so "Russian Foreign Minister Sergey Lavrov" is one
   phrase and "Hungarian and Romanian officials" one phrase with two countries;
3. a phrase becomes one actor per country: a named person or organisation with a full code
   wins; otherwise country + agent (RUS + ~GOV -> RUSGOV); an agent alone takes the story's
   country (:mod:`.story`), or gives ---GOV when the story names none.

Pronouns and repeated names ("he", "Lavrov" after "Sergey Lavrov") are resolved against
what the article named before them (:mod:`.references`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..dictionaries import Dictionaries
from ..model import Actor, Mention
from ..nlp import ParsedUnit
from ..nlp.syntax import PLURAL_TAGS
from .matching import Match, find_matches, mistaken_acronym
from .references import ArticleMemory, person_entity, resolve_references
from .story import story_country

#: Dependencies that attach a modifier to the head of its noun phrase.
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "appos", "npadvmod", "nummod", "det"}
#: Prepositions that join a name to the role noun it completes ("the minister of Gondor").
LINKING_PREPOSITIONS = {"of", "from", "in"}
#: Of those, the ones that say where a role noun is rather than whose it is.
LOCATING_PREPOSITIONS = {"from", "in"}
#: Entity labels whose names, unknown to the dictionaries, are reported as new actors.
NEW_ACTOR_LABELS = {"PERSON", "ORG", "NORP"}


@dataclass(slots=True)
class PhraseActors:
    """The actors of one noun phrase, keyed by the phrase's head token."""

    head: int
    actors: list[Actor] = field(default_factory=list)
    token_ids: set[int] = field(default_factory=set)
    #: each dictionary name in the phrase: (first token, end token, the codes its entry gives
    #: on the day), whether or not it became the phrase's actor
    names: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)


def phrase_head(token, role_nouns: frozenset[int] = frozenset()):
    """Climb from a token to the head of the noun phrase it modifies.

    "of", "from" and "in" link a name to a role noun (``role_nouns``: tokens of actor or
    agent matches) only: "the foreign minister of Russia", "the government of Gondor" and
    "soldiers from Gondor" are one actor each; "an attack in south Ithilen" is not Ithilen's,
    and "the conduct of President Smith" is Smith, not a conduct.
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
              and head.lower_ in LINKING_PREPOSITIONS and head.head.i in role_nouns):
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


def _name_goes_on(doc) -> list[bool]:
    """Per token: a proper noun that continues the proper name begun before it ("Bank" in
    "the West Bank"), not the start of another name."""
    return [token.pos_ == "PROPN" and token.i > 0 and doc[token.i - 1].pos_ == "PROPN"
            and token.ent_iob_ != "B" for token in doc]


def _takes_story_country(head, agent_root, token_ids: set[int]) -> bool:
    """Whether a phrase with only a role noun names an actor that takes the story's country:
    the role noun heads the phrase, is the title of a named head ("police", "the interior
    minister", "Interior Minister Jan Kowal") or a noun that owns the head ("Navy personnel",
    "the attorney's office"); not an adjective describing a thing ("military aid", "official
    contact"); and no possessive pronoun gives it an owner named elsewhere ("its troops",
    which :mod:`.references` resolves)."""
    if any(child.dep_ == "poss" and child.pos_ == "PRON" for child in head.children):
        return False
    return (head.i in token_ids or head.pos_ == "PROPN"
            or agent_root.dep_ in {"compound", "poss"})


def _located(token) -> bool:
    """The token names where a role noun is ("officials in Kyiv"), not whose it is."""
    while token.dep_ == "conj":
        token = token.head
    return (token.dep_ == "pobj" and token.head.dep_ == "prep"
            and token.head.lower_ in LOCATING_PREPOSITIONS)


class ActorResolver:
    """Resolves the actors of one parsed paragraph (a spaCy Doc) against a dictionary set."""

    def __init__(self, dictionaries: Dictionaries) -> None:
        self.dictionaries = dictionaries
        #: the agent dictionary's PEOPLE entry, which a plural demonym takes
        self._people = next((entry_id for phrase, entry_id in
                             dictionaries.agent_index.by_first.get("PEOPLE", ())
                             if phrase == ("PEOPLE",)), None)

    def memory_for(self, title: str | None, units: list[ParsedUnit],
                   day: date | None) -> ArticleMemory:
        """A fresh memory for one article, knowing the country the story is about."""
        return ArticleMemory(story_country=story_country(self.dictionaries, title, units, day))

    def resolve(self, unit: ParsedUnit, *, day: date | None,
                memory: ArticleMemory) -> dict[int, PhraseActors]:
        """Phrase head token index -> the actors of that phrase, for one parsed paragraph."""
        doc, words = unit.doc, unit.words
        index = self.dictionaries.actor_index
        matches = [m for m in find_matches(words, index, is_agent=False,
                                           name_goes_on=_name_goes_on(doc))
                   if not (m.end - m.start == 1 and mistaken_acronym(doc[m.start].text))
                   and not self._place_in_a_persons_name(doc, m, day)]
        taken = {i for match in matches for i in range(match.start, match.end)}
        matches += self._plural_demonyms(doc, taken, day)
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
            phrase = self._phrase_actors(unit, head, group, day, memory.story_country)
            if phrase.actors:
                phrases[head] = phrase
        _share_countries(doc, phrases)
        for token, actors in resolve_references(unit, phrases, memory).items():
            phrases[token] = PhraseActors(token, actors, {token})
        return phrases

    def _place_in_a_persons_name(self, doc, match: Match, day: date | None) -> bool:
        """A country's or place's name that a person's name goes on after is a given name,
        not that country: "Jordan Peterson", "Doris Day" (Doris, a region of Greece). Only
        proper nouns inside a name the parser labels a person and followed by another proper
        noun of it; a nationality adjective ("Bosnian") and a person's own dictionary entry
        stay."""
        first = doc[match.start]
        if first.ent_type_ != "PERSON" or match.end >= len(doc) or any(
                doc[i].pos_ != "PROPN" for i in range(match.start, match.end + 1)):
            return False
        code = self.dictionaries.actors[match.entry_id].code_on(day)
        entity = person_entity(first)
        return (code is not None and len(code) == 3 and entity is not None
                and entity.end > match.end)

    def _plural_demonyms(self, doc, taken: set[int], day: date | None) -> list[Match]:
        """A country's demonym names its people, and so does its plural: "Algerians" are
        coded as "Algerian people" are (the country and the agent dictionary's PEOPLE), the
        people, not the state. "Algerians" is the plural of the dictionary's ALGERIAN_, whose
        trailing "_" only stops the plurals the dictionary would make itself. Only one-word
        names coded as a bare country, and not where the words mark an ethnic group rather
        than a nation ("ethnic Albanians", "Bosnian Serbs": a group is coded by where it
        lives, not by its name's country)."""
        found = []
        index = self.dictionaries.actor_index
        for token in doc:
            word = token.text.upper()
            if (token.i in taken or token.tag_ not in PLURAL_TAGS or not token.text[:1].isupper()
                    or not word.endswith("S") or any(
                        child.dep_ in {"amod", "compound"} and (
                            child.i in taken or child.lower_ == "ethnic")
                        for child in token.children)):
                continue
            for phrase, entry_id in index.by_first.get(word[:-1], ()):
                code = self.dictionaries.actors[entry_id].code_on(day)
                if len(phrase) == 1 and code is not None and len(code) == 3:
                    found.append(Match(token.i, token.i + 1, entry_id, is_agent=False))
                    if self._people is not None:  # coded as "Algerian people": DZAPPL
                        found.append(Match(token.i, token.i + 1, self._people,
                                           is_agent=True))
                    break
        return found

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
                       day: date | None, story: str | None) -> PhraseActors:
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
            agent_root = unit.doc[agents[0].start:agents[0].end].root
            if not _takes_story_country(unit.doc[head], agent_root, phrase.token_ids):
                story = None
            country = story or "---"
            code = f"{agent.code}{country}" if agent.before else f"{country}{agent.code}"
            kind, rule = "agent", agent.source
            if story:
                kind, rule = "composite", f"rule:story-country+{agent.source}"
            evidence = unit.evidence(start, end, rule)
            phrase.actors.append(Actor(code, Mention(evidence, kind, code, agent.source)))
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

"""Pronouns and repeated names: the earlier mention each one refers back to.

The principles, in the order :func:`resolve_references` applies them while it reads a
paragraph from left to right (so nothing can bind to a mention that comes after it):

* **Backward only.** A reference binds to a mention that comes before it in the article.
* **He/she is a person.** "he", "she", "him", "her" refer to the nearest person named before
  them: a name the parser labels ``PERSON``, or a name already remembered as a person. A
  person the dictionaries do not know still counts, so a pronoun after "Lam said" gets no
  code rather than the code of someone named earlier.
* **It/they is an organisation, country or group** named in the same or the previous
  sentence, as the subject or object of a verb: "it" a singular one, "they"/"them" any (a
  plural noun, or names joined by "and" together). The phrase must name the actor itself
  ("Turkey", "the Turkish government", "Mahan Air"), not a thing an actor's name modifies
  ("the Turkish-Libyan agreement"). A subject the dictionaries do not know ("Critics said
  ...") is a candidate all the same, and gives no code.
* **The ministry is the ministry named before.** A definite role noun with no country of its
  own ("the ministry", "the police") is the actor the same noun last named with a country.
* **A possessive pronoun owns its role noun.** "Iraq said its troops ..." are IRQMIL, "Trump
  and his supporters" Trump's country's: the owner is found as the pronoun's antecedent.
* **Salience.** Of the candidates, the one in the latest sentence wins, there the subject
  before an object before any other (the ranking of centering theory); an object pronoun
  is never the subject of its own verb ("Sirhan shot him").
* **A news outlet is never an antecedent.** The agency that reports a statement is not the
  one who made it ("..., TASS reported. He said ..." is not TASS).
* **A person's name, used again, is that person.** After "US Secretary of State Mike
  Pompeo", "Pompeo" and "Mike Pompeo" are the same person with the same code, whatever the
  parser calls the bare name; a name that only ends like a remembered one ("Hagia Sophia"
  after a "Sophia") is another name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Actor, Evidence, Mention
from ..nlp import ParsedUnit
from ..nlp.syntax import (
    OBJECT_DEPS,
    PASSIVE_SUBJECT_DEPS,
    PLURAL_TAGS,
    SUBJECT_DEPS,
    subject_of,
)

if TYPE_CHECKING:
    from .resolve import PhraseActors

#: Pronouns that refer to a person ("his"/"her" as possessives are left alone).
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
#: Pronouns that refer to an organisation, country or group, and whether they are plural.
GROUP_PRONOUNS = {"it": False, "they": True, "them": True}
#: Possessive pronouns, and whether their owner is a person ("his") or not ("its").
POSSESSIVE_PRONOUNS = {"his": True, "her": True, "its": False, "their": False}
#: Where a group pronoun stands when it refers to an actor: subject or object of a verb
#: (an "it" elsewhere is mostly a thing or an expletive: "it is expected that ...").
GROUP_PRONOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "pobj"})
#: How many sentences back a group pronoun looks for its antecedent.
GROUP_PRONOUN_REACH = 1
#: How many mentions the memory keeps for pronouns (names are kept for the whole article).
MEMORY_SIZE = 24
#: Words that make an actor a news outlet, besides the MED sector of its code ("news agency":
#: "agency" alone is no outlet, "the National Crime Agency" is not one).
MEDIA_WORDS = frozenset({"media", "news", "newspaper", "television", "tv", "radio", "daily",
                         "broadcaster", "outlet", "press", "channel", "website"})


def is_outlet(actor: Actor | None, text: str) -> bool:
    """Whether an actor is a news outlet: a MED sector in its code, or a media noun in the
    words that name it ("state media", "the news agency Fars")."""
    if actor is None:
        return False
    parts = {actor.code[i:i + 3] for i in range(0, len(actor.code), 3)}
    return "MED" in parts or bool(set(text.lower().split()) & MEDIA_WORDS)


@dataclass(frozen=True, slots=True)
class Antecedent:
    """A mention a later reference may point back to: its actors (none for a person the
    dictionaries do not know), the article sentence it is in, and what kind of thing it is."""

    actors: tuple[Actor, ...]
    sentence: int
    person: bool
    plural: bool = False


@dataclass(frozen=True, slots=True)
class _Seen:
    """A mention seen: what it refers to (``referent``: the antecedent it names or refers
    back to, the same object for every mention of one referent), its grammatical rank (0
    subject, 1 object, 2 other) and its head token (doc id, token index)."""

    antecedent: Antecedent
    referent: Antecedent
    rank: int
    head: tuple[int, int]


@dataclass(slots=True)
class ArticleMemory:
    """What an article has named so far: the country it is about, its people by name, and the
    people, organisations, countries and groups of the latest sentences with where they
    stood."""

    #: the country the story is about (:mod:`.story`), for role nouns that name none
    story_country: str | None = None
    people: dict[str, Antecedent] = field(default_factory=dict)
    #: the last actor each role noun named with a country of its own ("ministry")
    roles: dict[str, Antecedent] = field(default_factory=dict)
    seen: list[_Seen] = field(default_factory=list)

    def note(self, antecedent: Antecedent, token, names: list[str] = (),
             referent: Antecedent | None = None) -> None:
        for name in names:
            self.people[name.upper()] = antecedent
        seen = _Seen(antecedent, referent or antecedent, grammatical_rank(token),
                     (id(token.doc), token.i))
        self.seen = [*self.seen[-(MEMORY_SIZE - 1):], seen]

    def replace(self, old: Antecedent, new: Antecedent) -> bool:
        """Put ``new`` where ``old`` was seen (names joined by "and" become one group)."""
        for position, seen in enumerate(self.seen):
            if seen.antecedent is old:
                self.seen[position] = replace(seen, antecedent=new)
                return True
        return False

    def antecedent_for(self, token, *, person: bool, plural: bool = True,
                       since: int = 0) -> _Seen | None:
        """The most salient mention of the right kind seen before ``token`` (in a sentence
        numbered ``since`` or later): the latest sentence that has one, there the subject
        before an object before anything else, the first among equals. An object pronoun
        never refers to what the subject of its own verb refers to ("Sirhan shot him",
        "Greece criticised the plan, calling it void")."""
        excluded = None
        if token.dep_ in OBJECT_DEPS:
            subject, _ = subject_of(token.head)
            if subject is not None:
                head = (id(token.doc), subject.i)
                excluded = next((seen.referent for seen in self.seen if seen.head == head),
                                None)
        found = [seen for seen in self.seen
                 if seen.antecedent.person == person and seen.antecedent.sentence >= since
                 and (plural or not seen.antecedent.plural) and seen.referent is not excluded]
        if not found:
            return None
        latest = max(seen.antecedent.sentence for seen in found)
        return min((seen for seen in found if seen.antecedent.sentence == latest),
                   key=lambda seen: seen.rank)


def grammatical_rank(token) -> int:
    """0 subject, 1 object, 2 anything else: where the noun phrase headed by ``token`` stands,
    in the salience order of centering theory."""
    while token.dep_ in {"conj", "appos"} and token.head.i != token.i:
        token = token.head
    if token.dep_ in SUBJECT_DEPS or token.dep_ in PASSIVE_SUBJECT_DEPS or (
            token.dep_ == "pobj" and token.head.dep_ == "agent"):
        return 0  # "was condemned by X": X is the logical subject
    if token.dep_ in OBJECT_DEPS or token.dep_ == "pobj":
        return 1
    return 2


def person_entity(token):
    """The PERSON entity ``token`` belongs to (a span of its doc), or None."""
    if token.ent_type_ != "PERSON":
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def name_tokens(token) -> list:
    """The proper name ending at ``token``: the token and the proper nouns compounded before
    it, without gaps ("Mike Pompeo"; "Hagia Sophia")."""
    names = [token]
    for child in reversed(list(token.lefts)):
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i == names[0].i - 1:
            names.insert(0, child)
    return names


def _names_of(entity) -> list[str]:
    """How a person may be named again: the full name and the surname."""
    words = [t.text for t in entity if t.pos_ == "PROPN" or t.is_title]
    if not words:
        return []
    return list(dict.fromkeys([" ".join(words), words[-1]]))


def _phrase_entity(doc, phrase):
    """The PERSON entity that heads a phrase: the head's own, else one the head compounds."""
    entity = person_entity(doc[phrase.head])
    if entity is not None:
        return entity
    for token in doc[phrase.head].children:
        if token.dep_ in {"compound", "appos"} and token.ent_type_ == "PERSON":
            return person_entity(token)
    return None


def resolve_references(unit: ParsedUnit, phrases: dict[int, PhraseActors],
                       memory: ArticleMemory) -> dict[int, list[Actor]]:
    """Token -> the actors it refers back to, for every pronoun and repeated name of the
    paragraph that refers to a known actor (module docstring); the paragraph's people and
    groups are remembered in ``memory``."""
    doc = unit.doc
    found: dict[int, list[Actor]] = {}
    taken = {i for phrase in phrases.values() for i in phrase.token_ids} | set(phrases)
    first_tokens = {min(phrase.token_ids | {head}): head for head, phrase in phrases.items()}
    grouped: dict[int, Antecedent] = {}  # phrase head -> its group, for conjoined names
    for token in doc:
        sentence = unit.sentence_of[token.i]
        if token.i in first_tokens:
            _note_phrase(doc, phrases[first_tokens[token.i]], sentence, memory, grouped)
            continue
        if token.i in taken:
            continue
        entity = person_entity(token)
        if entity is not None and token.i == entity.start:
            known = _known_person(entity, memory)
            if known is None:  # a person the dictionaries do not know: no code, but a person
                memory.note(Antecedent((), sentence, person=True), entity.root,
                            _names_of(entity))
                continue
        seen = _antecedent(token, memory, sentence)
        if seen is None:
            if _unknown_subject(token, taken):  # "Critics said ... They called"
                memory.note(Antecedent((), sentence, person=False,
                                       plural=token.tag_ in PLURAL_TAGS), token)
            continue
        antecedent = seen.antecedent
        if antecedent.person:
            memory.note(replace(antecedent, sentence=sentence), token, referent=seen.referent)
        if not antecedent.actors:
            continue
        evidence = unit.evidence(token.i, token.i + 1, "rule:coreference")
        found[token.i] = _referring(evidence, antecedent.actors)
    return found


def _unknown_subject(token, taken: set[int]) -> bool:
    """A noun subject that names no actor the dictionaries know: a candidate for "it" and
    "they" all the same, so they cannot skip it to an actor named before ("Critics said
    ..."). A noun whose phrase holds an actor ("Leaders of the Union") is that actor's."""
    return (token.pos_ in {"NOUN", "PROPN"} and token.ent_type_ != "PERSON"
            and (token.dep_ in SUBJECT_DEPS or token.dep_ in PASSIVE_SUBJECT_DEPS)
            and not any(inner.i in taken for inner in token.subtree))


def _known_person(entity, memory: ArticleMemory) -> Antecedent | None:
    names = _names_of(entity)
    return next((memory.people[name.upper()] for name in names
                 if name.upper() in memory.people), None)


def _antecedent(token, memory: ArticleMemory, sentence: int) -> _Seen | None:
    lower = token.lower_
    if lower in PERSON_PRONOUNS and token.dep_ != "poss":
        return memory.antecedent_for(token, person=True)
    if lower in GROUP_PRONOUNS and token.dep_ in GROUP_PRONOUN_DEPS:
        return memory.antecedent_for(token, person=False, plural=GROUP_PRONOUNS[lower],
                                     since=sentence - GROUP_PRONOUN_REACH)
    if not token.text[:1].isupper() or token.dep_ in {"compound", "appos"} \
            or token.text.upper() not in memory.people:
        return None  # not a remembered surname, or part of a longer name ("Trump Tower")
    person = memory.people.get(" ".join(t.text for t in name_tokens(token)).upper())
    return _Seen(person, person, 2, (id(token.doc), token.i)) if person else None


def _give_owner(head, phrase: PhraseActors, memory: ArticleMemory) -> None:
    """A role noun owned by a possessive pronoun is the country of what the pronoun refers
    to ("Iraq said its troops ...": IRQMIL; "Trump and his supporters"), else the story's."""
    owner = next((child for child in head.children
                  if child.dep_ == "poss" and child.lower_ in POSSESSIVE_PRONOUNS), None)
    if owner is None or not all("---" in actor.code for actor in phrase.actors):
        return
    seen = memory.antecedent_for(owner, person=POSSESSIVE_PRONOUNS[owner.lower_])
    countries = [actor.code[:3] for actor in seen.antecedent.actors] if seen else []
    country = next((code for code in countries if code != "---"), memory.story_country)
    if country is None:
        return
    owned = []
    for actor in phrase.actors:
        code = actor.code.replace("---", country, 1)
        rule = f"rule:possessive-owner+{actor.mention.entry}"
        evidence = replace(actor.mention.evidence, rule=rule)
        owned.append(Actor(code, replace(actor.mention, evidence=evidence, kind="composite",
                                          code=code)))
    phrase.actors = owned


def _definite_role(head, phrase: PhraseActors, sentence: int, memory: ArticleMemory) -> None:
    """"The ministry" is the ministry named before: a definite role noun with no country of
    its own takes the actor the same noun last named with one ("Ukraine's defence ministry
    said ... The ministry said": UKRGOV), before the story's country."""
    role = head.lemma_.lower()
    if head.pos_ != "NOUN":
        return
    if not _guessed(phrase):
        memory.roles[role] = Antecedent(tuple(phrase.actors), sentence, person=False)
        return
    known = memory.roles.get(role)
    if known is not None and any(c.lower_ == "the" for c in head.children if c.dep_ == "det"):
        phrase.actors = _as_references(phrase, known)


def _guessed(phrase: PhraseActors) -> bool:
    """Whether a phrase's codes are only a title's, with no country or the story's."""
    return all(actor.code.startswith("---") or actor.mention.evidence.rule.startswith(
        "rule:story-country") for actor in phrase.actors)


def _as_references(phrase: PhraseActors, known: Antecedent) -> list[Actor]:
    """A titled name of a person named before takes that person's code: "President Trump"
    after "US President Donald Trump" is USAGOV in a story about Greece."""
    evidence = replace(phrase.actors[0].mention.evidence, rule="rule:coreference")
    return _referring(evidence, known.actors)


def _referring(evidence: Evidence, actors: tuple[Actor, ...]) -> list[Actor]:
    """The actors a reference at ``evidence`` stands for: each of ``actors`` again, as a
    ``reference`` mention whose antecedent is where that actor was first named."""
    referring = []
    for actor in actors:
        source = actor.mention.evidence
        mention = Mention(evidence, "reference", actor.code, actor.mention.entry,
                          antecedent=actor.mention.antecedent or (source.start, source.end))
        referring.append(Actor(actor.code, mention))
    return referring


def _note_phrase(doc, phrase: PhraseActors, sentence: int, memory: ArticleMemory,
                 grouped: dict[int, Antecedent]) -> None:
    head = doc[phrase.head]
    _give_owner(head, phrase, memory)
    text = " ".join(t.text for t in doc[min(phrase.token_ids | {phrase.head}):phrase.head + 1])
    if any(is_outlet(actor, text) for actor in phrase.actors):
        return
    entity = _phrase_entity(doc, phrase)
    if entity is not None or (head.pos_ == "PROPN" and head.text.upper() in memory.people):
        known = _known_person(entity, memory) if entity is not None else memory.people[
            head.text.upper()]
        if known is not None and _guessed(phrase) and any(
                not actor.code.startswith("---") for actor in known.actors):
            phrase.actors = _as_references(phrase, known)  # "President Trump", named before
        memory.note(Antecedent(tuple(phrase.actors), sentence, person=True), head,
                    _names_of(entity) if entity is not None else [], referent=known)
        return
    if head.pos_ != "PROPN" and head.i not in phrase.token_ids:
        return  # a thing an actor's name modifies ("the Turkish-Libyan agreement")
    _definite_role(head, phrase, sentence, memory)
    first = grouped.get(head.head.i) if head.dep_ == "conj" else None
    if first is not None and memory.replace(first, joined := Antecedent(
            (*first.actors, *phrase.actors), first.sentence, person=False, plural=True)):
        grouped[head.head.i] = grouped[phrase.head] = joined
        return
    antecedent = Antecedent(tuple(phrase.actors), sentence, person=False,
                            plural=head.tag_ in PLURAL_TAGS)
    grouped[phrase.head] = antecedent
    memory.note(antecedent, head)

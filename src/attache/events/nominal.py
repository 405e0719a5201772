"""Acts named by nouns: "imposed sanctions on", "held talks with", "issued a pardon".

A support verb ("impose", "hold", "issue", "carry out"; ``data/events/light_verbs.tsv``) says
little by itself: the noun it takes names the act. When that noun is one of the event nouns
(``data/events/event_nouns.tsv``, derived from CAMEO's own code names and from WordNet's links
between nouns of acts and the verbs of the verb dictionary, see
``scripts/build_event_nouns.py``), the event is the noun's act, done by the verb's subject.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path, read_table, table_error
from .tables import lookup

LIGHT_VERB_KINDS = frozenset({"support", "aspectual", "announcing"})
#: How a noun takes part in its verb's clause: the object, or the subject of a passive
#: ("sanctions were imposed on").
OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass"})


@dataclass(frozen=True, slots=True)
class EventNoun:
    """A noun that names an act: its CAMEO code and the table line it comes from."""

    noun: str
    code: str
    source: str
    derived: bool  # made from another word than itself ("inquiry" <- inquire; not "bomb")


@dataclass(frozen=True, slots=True)
class NominalTables:
    light_verbs: dict[str, str]  # lemma -> kind
    nouns: dict[str, EventNoun]  # noun lemma -> its act


def load_nominal_tables(light_verbs: Path | None = None,
                        nouns: Path | None = None) -> NominalTables:
    """Read and check the two tables (E002 names the file and line of a bad row)."""
    if light_verbs is None and nouns is None:
        return _shipped_tables()
    light_path = light_verbs or data_path("events", "light_verbs.tsv")
    noun_path = nouns or data_path("events", "event_nouns.tsv")
    verbs = {}
    for row in read_table(light_path, 2):
        lemma, kind = row.fields
        if kind not in LIGHT_VERB_KINDS:
            raise table_error(light_path, row.line, f"unknown kind {kind!r}; known: "
                                                    f"{', '.join(sorted(LIGHT_VERB_KINDS))}")
        verbs[lemma.lower()] = kind
    found = {}
    for row in read_table(noun_path, 3):
        noun, code, origin = row.fields
        reading = lookup(code)
        if reading is None or reading.code != code:
            raise table_error(noun_path, row.line, f"{code!r} is not a CAMEO event code")
        derived = not origin.startswith(f"wordnet:{noun}<-{noun} ")
        found[noun.lower()] = EventNoun(noun.lower(), code, f"{noun_path.name}:{row.line}",
                                        derived)
    return NominalTables(verbs, found)


@lru_cache(maxsize=1)
def _shipped_tables() -> NominalTables:
    return load_nominal_tables(data_path("events", "light_verbs.tsv"),
                               data_path("events", "event_nouns.tsv"))


def is_light_verb(token, tables: NominalTables) -> bool:
    return token.lemma_.lower() in tables.light_verbs


def event_noun(verb, tables: NominalTables) -> tuple[object, EventNoun] | None:
    """(noun token, its act) for the act a support verb's object names, or None; for an
    aspectual verb, its subject too ("the riots continued", "talks resumed"). A noun
    compound names the kind of its head; when the head is no act, an act noun modifying it
    names what it serves ("arrest warrants", "peace plan")."""
    deps = OBJECT_DEPS | ({"nsubj"} if tables.light_verbs.get(verb.lemma_.lower()) ==
                          "aspectual" else set())
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ == "NOUN":
        # a participle on a noun has that noun as its object: "the attack conducted by"
        found = tables.nouns.get(verb.head.lemma_.lower())
        if found is not None:
            return verb.head, found
    # the object first: "forces resumed their attacks" resumes attacks
    for child in sorted(verb.children, key=lambda child: child.dep_ not in OBJECT_DEPS):
        if child.dep_ in deps and child.pos_ in {"NUM", "PRON", "NOUN"}:
            # a part of a group names the group's kind: "some of these protests"
            child = next((g for of in child.children if of.dep_ == "prep" and of.lower_ == "of"
                          for g in of.children if g.dep_ == "pobj"), child)
        if child.dep_ not in deps and child.head.lower_ != "of" or \
                child.pos_ not in {"NOUN", "PROPN"}:
            continue
        found = tables.nouns.get(child.lemma_.lower())
        if found is not None:
            return child, found
        for modifier in child.children:
            if modifier.dep_ == "compound" and modifier.lemma_.lower() in tables.nouns:
                return modifier, tables.nouns[modifier.lemma_.lower()]
    return None

"""Military equipment named in a parsed paragraph: "Su-35 fighter jets", "Mi-17
helicopters", "S-400 missile systems", "F-16", "Patriot missiles", "drones", "frigates".

The table ``attache/data/equipment/equipment.tsv`` lists category nouns (with the modifier
words that make longer ones: "fighter jet", "attack helicopter"), system names, standalone
names and designations ("HIMARS", "S-400"), designation prefixes ("Su" for Su-35) and
phrases that only look like equipment ("think tank"). A mention is a category noun (the
longest table phrase ending in it) with the designations and system names written right
before it; a designation or standalone name not followed by a category noun is a mention of
its own. A category noun used as a modifier of another noun ("jet fuel", "missile talks")
is not a mention.

``event_verbs`` are the ``verb_start`` offsets of the events whose evidence contains the
mention ("Indonesia has purchased Su-35 fighter jets" -> the purchase event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path, read_table, table_error
from ..model import Equipment, Event
from ..nlp import ParsedUnit

FOLDER = "equipment"
EQUIPMENT_FILE = "equipment.tsv"
CATEGORIES = frozenset({"aircraft", "helicopter", "missile", "ship", "vehicle", "weapon",
                        "drone"})
ROLES = frozenset({"noun", "name", "standalone", "prefix", "not"})
#: Longest category phrase, in words (ignoring hyphens): "rocket propelled grenade launcher".
MAX_PHRASE_WORDS = 5


@dataclass(frozen=True, slots=True)
class EquipmentTables:
    """The equipment table, compiled."""

    phrases: dict[str, tuple[str, str, str]]  # "fighter jet" -> (category, role, file:line)
    head_words: frozenset[str]  # upper-case last words of the noun phrases, plural forms too
    names: dict[str, tuple[str, bool, str]]  # lower-case name -> (category, standalone, src)
    prefixes: dict[str, tuple[str, str]]  # lower-case prefix -> (category, file:line)
    pattern: re.Pattern  # designations and names in text


def load_equipment_tables(path: Path | None = None) -> EquipmentTables:
    """Read and validate the equipment table (default: the shipped one)."""
    if path is None:
        return _shipped_tables()
    return _load(path)


@lru_cache(maxsize=1)
def _shipped_tables() -> EquipmentTables:
    return _load(data_path(FOLDER, EQUIPMENT_FILE))


def _plurals(word: str) -> set[str]:
    forms = {word, word + "s", word + "es"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    return forms


def _load(path: Path) -> EquipmentTables:
    phrases: dict[str, tuple[str, str, str]] = {}
    names: dict[str, tuple[str, bool, str]] = {}
    prefixes: dict[str, tuple[str, str]] = {}
    head_words: set[str] = set()
    for row in read_table(path, 3):
        phrase, category, role = row.fields
        source = f"{row.source}:{row.line}"
        if category not in CATEGORIES:
            raise table_error(path, row.line, f"category {category!r} is not one of "
                                              f"{', '.join(sorted(CATEGORIES))}")
        if role not in ROLES:
            raise table_error(path, row.line, f"role {role!r} is not one of "
                                              f"{', '.join(sorted(ROLES))}")
        key = " ".join(phrase.lower().split())
        if role in {"noun", "not"}:
            if len(key.replace("-", " ").split()) > MAX_PHRASE_WORDS:
                raise table_error(path, row.line, f"more than {MAX_PHRASE_WORDS} words")
            phrases[key] = (category, role, source)
            if role == "noun":
                head_words.update(form.upper() for form in _plurals(key.split()[-1]))
        elif role == "prefix":
            if not re.fullmatch(r"[a-z/]+", key):
                raise table_error(path, row.line, f"prefix {phrase!r} is not letters")
            prefixes[key] = (category, source)
        else:
            names[key] = (category, role == "standalone", source)
    name_forms = sorted({form for name in names for form in (name.upper(), name.title())},
                        key=len, reverse=True)
    prefix_forms = sorted({form for prefix in prefixes
                           for form in (prefix.upper(), prefix.title(), _camel(prefix))},
                          key=len, reverse=True)
    names_alternation = "|".join(r"\s+".join(map(re.escape, name.split()))
                                 for name in name_forms)
    prefix_alternation = "|".join(map(re.escape, prefix_forms))
    pattern = re.compile(
        rf"(?<![\w-])(?:(?P<designation>(?P<prefix>{prefix_alternation})-\d{{1,4}}[A-Za-z]{{0,3}})"
        rf"|(?P<name>{names_alternation})s?)(?![\w-])")
    return EquipmentTables(phrases, frozenset(head_words), names, prefixes, pattern)


def _camel(prefix: str) -> str:
    """"mig" -> "MiG" (the usual spelling of a few designation prefixes)."""
    return {"mig": "MiG"}.get(prefix, prefix.title())


@dataclass(slots=True)
class _Mention:
    start: int  # token indices, end exclusive
    end: int
    name: str
    category: str
    rule: str


def find_equipment(unit: ParsedUnit, events: list[Event],
                   tables: EquipmentTables | None = None) -> list[Equipment]:
    """The equipment mentioned in one parsed paragraph, in text order."""
    tables = tables or _shipped_tables()
    doc = unit.doc
    labels = _designations(doc, tables)  # token index -> (text, category, standalone, rule)
    mentions: list[_Mention] = []
    for index, word in enumerate(unit.words):
        if word in tables.head_words:
            mention = _noun_mention(doc[index], labels, tables)
            if mention is not None:
                mentions.append(mention)
    used = {i for mention in mentions for i in range(mention.start, mention.end)}
    for start, (text, category, standalone, rule, end) in labels.items():
        if standalone and not any(i in used for i in range(start, end)):
            mentions.append(_Mention(start, end, text, category, rule))
    if not mentions:
        return []
    mentions.sort(key=lambda m: (m.start, m.start - m.end))
    found: list[Equipment] = []
    last_end = -1
    for mention in mentions:
        if mention.start < last_end:
            continue  # overlaps a longer one found first: "missile" in "missile systems"
        last_end = mention.end
        evidence = unit.evidence(mention.start, mention.end, mention.rule)
        verbs = tuple(event.verb_start for event in events
                      if event.evidence.start <= evidence.start
                      and evidence.end <= event.evidence.end)
        found.append(Equipment(evidence, mention.name, mention.category, verbs))
    return found


def _designations(doc, tables: EquipmentTables) -> dict[int, tuple]:
    """Designations ("Su-35") and system names ("Patriot") in the text, by first token."""
    labels: dict[int, tuple] = {}
    for match in tables.pattern.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or not len(span):
            continue
        if match.group("designation"):
            category, source = tables.prefixes[match.group("prefix").lower()]
            labels[span.start] = (match.group("designation"), category, True, source, span.end)
        else:
            text = " ".join(match.group("name").split())
            key = text.lower()  # or its plural: "IEDs", "Scuds"
            found = tables.names.get(key) or tables.names.get(key[:-1])
            if found is None:
                continue
            category, standalone, source = found
            labels[span.start] = (text, category, standalone, source, span.end)
    return labels


def _noun_mention(head, labels: dict[int, tuple], tables: EquipmentTables) -> _Mention | None:
    """The mention a category noun heads, or None ("jet fuel", "think tank", "system")."""
    if head.pos_ not in {"NOUN", "PROPN"} or (head.pos_ == "PROPN" and not head.is_upper):
        return None
    if head.dep_ == "compound" and head.head.i > head.i:
        return None  # "jet fuel"; "missile systems" is found from "systems"
    doc = head.doc
    lemma = head.lemma_.lower()
    if lemma.upper() not in tables.head_words and head.text.upper() in tables.head_words:
        lemma = head.lower_
    best = None
    first = max(head.left_edge.i, head.i - MAX_PHRASE_WORDS - 4)
    for start in range(first, head.i + 1):
        text = doc.text[doc[start].idx:head.idx].lower()
        key = " ".join((text + lemma).split()).replace(" - ", "-")
        found = tables.phrases.get(key)
        if found is not None:
            best = (start, key, found)
            break  # the longest phrase
    if best is None:
        return None
    start, key, (category, role, source) = best
    if role == "not":
        return None
    # designations and names written before the phrase: "Su-35 fighter jets", "Patriot
    # missile systems", "MQ-9 Reaper drones"
    ends = {item[4]: (begin, item) for begin, item in labels.items()}
    prefix: list[str] = []
    position = start
    while position in ends:  # written right before it (the parser often misattaches them)
        begin, item = ends[position]
        prefix.insert(0, item[0])
        position = begin
    name = " ".join([*prefix, key])
    return _Mention(position, head.i + 1, name, category, source)

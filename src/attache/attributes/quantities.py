"""Amounts in a parsed paragraph: money with its currency, counts of people, other counts.

Money is found by two compiled patterns over the paragraph text (currency first: "$2.7
billion", "€5m", "Rs 40 crore", "stg 100 mln"; currency last: "100 mln dlrs", "5 billion
euros"), built from the tables in ``attache/data/quantities/``; a spaCy MONEY entity around
a match lends it its qualifier ("more than $4 million"). Counts come from spaCy's CARDINAL
entities: a number counting a noun of ``people.tsv`` ("4,000 troops") is ``kind="people"``,
its unit set by the noun or by the verb it is the object of ("killed 12 people"); another
counted noun is ``kind="count"`` (unit: the noun's lemma). QUANTITY entities ("30km",
"1.5 mln tonnes") are ``kind="measure"`` and PERCENT entities ``kind="percent"`` (unit
``%``).

What an amount measures comes from its syntactic neighbourhood (the noun it modifies, "a
loan of ...", "... in aid", the subject of its verb: "Bilateral trade ... reached $2.7
billion") looked up in ``measures.tsv``; the year from a year-like DATE token attached to
the amount, its verb or that noun ("in 2019"); the actors from the actor phrases inside the
measured noun phrase ("between Indonesia and Russia") or else the verb's subject.

Only the paragraph text (two regex scans) and the entities are looked at; the parse is
walked from the few amounts found, never token by token, so the cost stays small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..actors.resolve import PhraseActors
from ..datafiles import Row, data_path, read_table, table_error
from ..model import Quantity
from ..nlp import ParsedUnit
from ..nlp.syntax import is_verb, nearest_verb

FOLDER = "quantities"
CURRENCY_FILE = "currencies.tsv"
SCALE_FILE = "scales.tsv"
MEASURE_FILE = "measures.tsv"
PEOPLE_FILE = "people.tsv"

PEOPLE_UNITS = frozenset({"killed", "injured", "protesters", "troops", "refugees", "arrested",
                          "people"})
#: Units that say what happened to people; they win over the noun's own unit ("killed 12
#: protesters" counts the killed).
HARM_UNITS = frozenset({"killed", "injured", "arrested"})
#: Adjectives after a counted noun that say what happened ("12 people dead").
PERCENT_WORDS = frozenset({"pct", "percent", "%", "per"})
HARM_WORDS = {"dead": "killed", "killed": "killed", "injured": "injured",
              "wounded": "injured", "hurt": "injured", "missing": "people"}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1, "half": 0.5, "dozen": 12,
    "hundred": 100,
}
_WORD_NUMBER = (r"(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four"
                r"|five|six|seven|eight|nine|ten|eleven|twelve|a|an)")
_NUMBER_PIECE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
#: How a year-like token may hang on an amount, its verb or the measured noun ("in 2019").
_YEAR_DEPS = frozenset({"pobj", "prep", "compound", "nummod", "npadvmod", "amod", "nmod",
                        "appos", "poss", "conj", "pcomp"})
#: Dependencies by which an amount modifies the noun it measures ("a $5 billion arms deal").
_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod", "nummod", "npadvmod", "quantmod"})
#: Prepositions or adjectives that put an amount after the noun it measures ("a loan of").
_LINKS = frozenset({"of", "worth", "for", "totalling", "totaling", "valued", "at", "to"})
#: Prepositions after an amount that name what it is ("$50 million in aid").
_AFTER_LINKS = frozenset({"in", "of", "for", "on"})
#: Prepositions of a money verb that name the other party ("a deal with", "aid to").
_PARTNER_LINKS = frozenset({"to", "with", "from", "between"})
#: How close a verb must be to an amount to be the verb it belongs to: the amount itself and
#: four heads up ("killed 12 people": 12 -> people -> killed; "a deal worth $5 bln with").
VERB_REACH = 5
_NOUNS = frozenset({"NOUN", "PROPN"})


@dataclass(frozen=True, slots=True)
class Currency:
    code: str
    cents: bool
    scaled: bool  # only after a scale word ("5 mln marks", never "5 marks")


@dataclass(frozen=True, slots=True)
class QuantityTables:
    """The quantity tables, compiled."""

    currencies: dict[str, Currency]
    scales: dict[str, float]
    measures: dict[str, tuple[str, str]]  # phrase -> (label, "measures.tsv:12")
    people: dict[str, str]  # noun lemma -> unit
    verbs: dict[str, str]  # verb lemma -> unit
    subject_verbs: frozenset[str]  # verbs whose subject is counted ("12 people died")
    money_before: re.Pattern
    money_after: re.Pattern


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def _alternation(forms: list[str], insensitive: bool) -> str:
    """A regex alternation of ``forms``, longest first, words joined by any whitespace;
    forms of letters only are case-insensitive when ``insensitive`` (ISO codes never are)."""
    parts = []
    for form in sorted(set(forms), key=len, reverse=True):
        pattern = r"\s+".join(re.escape(word) for word in form.split())
        is_code = len(form) == 3 and form.isupper() and form.isalpha()
        parts.append(f"(?i:{pattern})" if insensitive and not is_code else pattern)
    return "|".join(parts)


def _currencies(rows: list[Row], path: Path) -> tuple[dict[str, Currency], list[str],
                                                        list[str]]:
    currencies: dict[str, Currency] = {}
    before: list[str] = []
    after: list[str] = []
    for row in rows:
        form, code, position = row.fields[:3]
        flag = row.fields[3] if len(row.fields) > 3 else ""
        if not (len(code) == 3 and code.isalpha() and code.isupper()):
            raise table_error(path, row.line, f"currency code {code!r} is not three capitals")
        if position not in {"before", "after", "both"}:
            raise table_error(path, row.line, f"position {position!r} is not before, after "
                                              "or both")
        if flag not in {"", "scaled", "cents"}:
            raise table_error(path, row.line, f"flag {flag!r} is not scaled or cents")
        currency = Currency(code, flag == "cents", flag == "scaled")
        key = _norm(form)
        if currencies.get(key, currency) != currency:
            raise table_error(path, row.line, f"{form!r} is listed twice with different codes")
        currencies[key] = currency
        if position in {"before", "both"}:
            before.append(form)
        if position in {"after", "both"}:
            after.append(form)
    return currencies, before, after


def _scales(rows: list[Row], path: Path) -> tuple[dict[str, float], list[str], list[str]]:
    scales: dict[str, float] = {}
    words: list[str] = []
    attached: list[str] = []
    for row in rows:
        form, factor = row.fields[:2]
        flag = row.fields[2] if len(row.fields) > 2 else ""
        try:
            value = float(factor)
        except ValueError:
            value = 0.0
        if value <= 0:
            raise table_error(path, row.line, f"factor {factor!r} is not a positive number")
        if flag not in {"", "attached"}:
            raise table_error(path, row.line, f"flag {flag!r} is not attached")
        scales[form.lower()] = value
        (attached if flag else words).append(form)
    return scales, words, attached


def _measures(rows: list[Row]) -> dict[str, tuple[str, str]]:
    return {_norm(row.fields[0]): (row.fields[1], f"{row.source}:{row.line}") for row in rows}


def _people(rows: list[Row], path: Path) -> tuple[dict[str, str], dict[str, str], set[str]]:
    nouns: dict[str, str] = {}
    verbs: dict[str, str] = {}
    subject_verbs: set[str] = set()
    for row in rows:
        word, unit = row.fields[:2]
        flag = row.fields[2] if len(row.fields) > 2 else ""
        if unit not in PEOPLE_UNITS:
            raise table_error(path, row.line, f"unit {unit!r} is not one of "
                                              f"{', '.join(sorted(PEOPLE_UNITS))}")
        if flag not in {"", "subject"} or (flag and not word.startswith("verb:")):
            raise table_error(path, row.line, f"flag {flag!r}: only a verb may be 'subject'")
        if word.startswith("verb:"):
            verbs[word[5:].lower()] = unit
            if flag:
                subject_verbs.add(word[5:].lower())
        else:
            nouns[_norm(word)] = unit
    return nouns, verbs, subject_verbs


def load_quantity_tables(folder: Path | None = None) -> QuantityTables:
    """Read and validate the four tables (from ``folder``, default the shipped ones)."""
    if folder is None:
        return _shipped_tables()
    return _load(folder)


@lru_cache(maxsize=1)
def _shipped_tables() -> QuantityTables:
    return _load(data_path(FOLDER, CURRENCY_FILE).parent)


def _load(folder: Path) -> QuantityTables:
    currency_path, scale_path = folder / CURRENCY_FILE, folder / SCALE_FILE
    people_path = folder / PEOPLE_FILE
    currencies, before, after = _currencies(read_table(currency_path, 3, 4), currency_path)
    scales, words, attached = _scales(read_table(scale_path, 2, 3), scale_path)
    measures = _measures(read_table(folder / MEASURE_FILE, 2))
    people, verbs, subject_verbs = _people(read_table(people_path, 2, 3), people_path)
    scale_words = _alternation(words, insensitive=True)
    scale_attached = _alternation(attached, insensitive=True)
    scale = (rf"(?:(?P<attached>{scale_attached})(?![\w])"
             rf"|\s?(?P<scale>{scale_words})(?![\w]))")
    money_before = re.compile(
        rf"(?<![\w$€£¥])(?P<currency>{_alternation(before, insensitive=False)})"
        rf"\s?(?P<number>{_DIGITS}){scale}?")
    money_after = re.compile(
        rf"(?<![\w.,$€£¥])(?P<number>{_DIGITS}|{_WORD_NUMBER})"
        rf"(?:(?P<attached>{scale_attached})|\s?(?P<scale>{scale_words}))?"
        rf"\s+(?P<currency>{_alternation(after, insensitive=True)})(?![\w])")
    return QuantityTables(currencies, scales, measures, people, verbs,
                          frozenset(subject_verbs), money_before, money_after)


def parse_number(text: str, scales: dict[str, float] | None = None) -> float | None:
    """The number a short phrase states: "4,000" -> 4000, "at least 200" -> 200, "1.5
    million" -> 1.5e6, "twenty-five" -> 25, "three hundred" -> 300; None if it has none."""
    scales = scales if scales is not None else _shipped_tables().scales
    value: float | None = None
    for piece in _NUMBER_PIECE.findall(text):
        word = piece.lower()
        if piece[0].isdigit():
            if value is not None:
                break  # "3,000 to 5,000": the first number
            value = float(piece.replace(",", ""))
        elif "-" not in word and word in WORD_NUMBERS and word not in {"hundred", "dozen"}:
            if value is not None and value >= 20 and WORD_NUMBERS[word] < 10:
                value += WORD_NUMBERS[word]  # "twenty five"
            elif value is None:
                value = float(WORD_NUMBERS[word])
        elif word in {"hundred", "dozen"} or word in scales:
            factor = 100.0 if word == "hundred" else 12.0 if word == "dozen" else scales[word]
            value = (value or 1.0) * factor if value is not None else None
    return value


def _word_number(text: str) -> float | None:
    total = 0.0
    for part in text.lower().split("-"):
        if part not in WORD_NUMBERS:
            return None
        total += WORD_NUMBERS[part]
    return total


def _money_value(match: re.Match, tables: QuantityTables) -> tuple[float, Currency] | None:
    currency = tables.currencies.get(_norm(match.group("currency")))
    if currency is None:
        return None
    text = match.group("number")
    scale_word = match.group("attached") or match.group("scale")
    if currency.scaled and not scale_word:
        return None  # "5 marks", "200 pounds": not money without "mln"
    if text[0].isdigit():
        value = float(text.replace(",", ""))
    else:
        value = _word_number(text)
        if value is None or (text.lower() in {"a", "an"} and not scale_word):
            return None
    if scale_word:
        value *= tables.scales[scale_word.lower()]
    if currency.cents:
        value /= 100
    return value, currency


@dataclass(slots=True)
class _Amount:
    start: int  # token indices
    end: int
    value: float
    unit: str
    kind: str
    rule: str
    noun: object = None  # the counted noun token (people, count)


def find_quantities(unit: ParsedUnit, phrases: dict[int, PhraseActors],
                    tables: QuantityTables | None = None) -> list[Quantity]:
    """The amounts in one parsed paragraph, in text order."""
    tables = tables or _shipped_tables()
    doc = unit.doc
    amounts = _money(doc, tables)
    taken = {i for amount in amounts for i in range(amount.start, amount.end)}
    for ent in doc.ents:
        if ent.label_ not in {"CARDINAL", "QUANTITY", "PERCENT"}:
            continue
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        amount = _entity_amount(ent, tables)
        if amount is not None:
            amounts.append(amount)
    if not amounts:
        return []
    years = _year_tokens(doc)
    quantities = []
    for amount in sorted(amounts, key=lambda a: a.start):
        quantities.append(_quantity(unit, amount, phrases, years, tables))
    return quantities


def _money(doc, tables: QuantityTables) -> list[_Amount]:
    text = doc.text
    found: list[tuple[int, int, float, str, str]] = []
    for pattern, rule in ((tables.money_before, "rule:money-currency-first"),
                          (tables.money_after, "rule:money-currency-last")):
        for match in pattern.finditer(text):
            parsed = _money_value(match, tables)
            if parsed is not None:
                found.append((match.start(), match.end(), parsed[0], parsed[1].code, rule))
    if not found:
        return []
    found.sort(key=lambda item: (item[0], item[0] - item[1]))
    money_ents = [ent for ent in doc.ents if ent.label_ == "MONEY"]
    amounts: list[_Amount] = []
    last_end = -1
    for start, end, value, code, rule in found:
        if start < last_end:
            continue
        last_end = end
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        first = span.start
        for ent in money_ents:  # "more than $4 million": the entity's qualifier
            if ent.start < first and ent.end > first:
                first = ent.start
        amounts.append(_Amount(first, span.end, value, code, "money", rule))
    return amounts


def _entity_amount(ent, tables: QuantityTables) -> _Amount | None:
    value = parse_number(ent.text, tables.scales)
    if value is None:
        return None
    if ent.label_ == "PERCENT":
        return _Amount(ent.start, ent.end, value, "%", "percent", "rule:percent")
    if ent.label_ == "QUANTITY":
        last = ent[-1]
        if last.like_num or last.lower_ in tables.scales:
            return None
        return _Amount(ent.start, ent.end, value, last.lemma_.lower(), "measure",
                       "rule:measure")
    root = ent.root
    if ent.end < len(ent.doc) and ent.doc[ent.end].text == "-":
        return None  # "a three-man board"
    if _YEAR.fullmatch(root.text) and len(ent) == 1 and root.dep_ in {"pobj", "npadvmod"}:
        return None  # "in 1987" tagged CARDINAL
    return _count(ent, root, value, tables)


def _count(ent, root, value: float, tables: QuantityTables) -> _Amount | None:
    """A CARDINAL entity that counts something: "4,000 troops", "killed 12 people", "12
    were killed", "three of the five"."""
    head = root.head
    noun = None
    if root.dep_ in {"nummod", "quantmod", "compound", "amod"} and head.pos_ in _NOUNS \
            and head.i != root.i:
        noun = head
    else:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                noun = next((g for g in child.children if g.dep_ == "pobj"), None)
                break
    argument = noun if noun is not None else root
    verb_unit = _verb_unit(argument, tables)
    noun_unit = None
    harm = None
    if noun is not None and noun.lower_ in tables.scales:
        value *= tables.scales[noun.lower_]  # "6.4 mln bags": "mln" is a noun to the parser
        noun = noun.head if noun.dep_ in {"compound", "nummod"} and noun.head.i > noun.i \
            else None
        if noun is None:
            return None  # "779 mln": an amount of something unnamed
    if noun is not None:
        if noun.ent_type_ == "DATE":
            return None  # "Feb 26"
        if noun.lower_ in PERCENT_WORDS:
            return _Amount(ent.start, ent.end, value, "%", "percent", "rule:percent")
        noun_unit = _noun_unit(noun, tables)
        # "12 people dead", "left 30 people dead"
        neighbours = [*noun.children, *(noun.head.children if noun.dep_ == "dobj" else ())]
        harm = next((HARM_WORDS[c.lower_] for c in neighbours
                     if c.lower_ in HARM_WORDS and c.dep_ in {"amod", "acomp", "oprd"}), None)
    if noun_unit is None and noun is None and verb_unit is None:
        return None  # a bare number with nothing to count
    if noun_unit is None and verb_unit is None and harm is None:
        if noun.pos_ != "NOUN" or (noun.tag_ not in {"NNS", "NNPS"} and value != 1):
            return None  # counts are of plural nouns: "four brigades", not "loss 2.3"
        return _Amount(ent.start, ent.end, value, noun.lemma_.lower(), "count", "rule:count",
                       noun)
    unit = noun_unit or "people"
    if verb_unit and (unit == "people" or verb_unit in HARM_UNITS):
        unit = verb_unit
    elif harm and harm != "people":
        unit = harm
    return _Amount(ent.start, ent.end, value, unit, "people", "rule:people", noun)


def _noun_unit(noun, tables: QuantityTables) -> str | None:
    if noun.i > 0:
        before = noun.doc[noun.i - 1]
        if before.head.i == noun.i:
            unit = tables.people.get(f"{before.lower_} {noun.lemma_.lower()}")
            if unit:
                return unit
    return tables.people.get(noun.lemma_.lower()) or tables.people.get(noun.lower_)


def _verb_unit(argument, tables: QuantityTables) -> str | None:
    """The unit a verb gives the counted phrase: its object or passive subject ("killed 12
    people", "12 people were arrested"), or its subject for verbs like "die"."""
    verb = argument.head
    if not is_verb(verb) or verb.i == argument.i:
        return None
    lemma = verb.lemma_.lower()
    unit = tables.verbs.get(lemma)
    if unit is None:
        return None
    if argument.dep_ in {"dobj", "nsubjpass", "conj"}:
        return unit
    if argument.dep_ == "nsubj" and (lemma in tables.subject_verbs or verb.tag_ == "VBN"):
        return unit  # "12 people died", "... and 50 wounded"
    return None


def _year_tokens(doc) -> list:
    """Year-like tokens of DATE entities, and of CARDINAL ones read as "in 1987"."""
    return [token for ent in doc.ents if ent.label_ in {"DATE", "CARDINAL"}
            for token in ent if _YEAR.fullmatch(token.text)
            and (ent.label_ == "DATE" or (token.dep_ == "pobj" and token.head.lower_ == "in"))]


def _measure(root, verb, tables: QuantityTables):
    """(noun token, label, rule) of what the amount measures, or None."""
    candidates = []
    head = root.head
    if root.dep_ in _MODIFIER_DEPS and head.pos_ in _NOUNS and head.i != root.i:
        candidates.append(head)
    if root.dep_ in {"pobj", "npadvmod", "dobj"} and head.lower_ in _LINKS \
            and head.head.pos_ in _NOUNS:
        candidates.append(head.head)  # "a loan of $5 million", "a deal worth $5 bln"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in _AFTER_LINKS:
            candidates.extend(g for g in child.children if g.dep_ == "pobj")
    if verb is not None:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass", "dobj"} and child.i != root.i:
                candidates.append(child)  # "trade reached $2.7 billion"
            elif child.dep_ == "prep" and child.lower_ in _AFTER_LINKS:
                # "pledged €5m in humanitarian aid"
                candidates.extend(g for g in child.children if g.dep_ == "pobj")
    for noun in candidates:
        found = _measure_label(noun, tables)
        if found:
            return noun, found[0], found[1]
    return None


def _measure_label(noun, tables: QuantityTables) -> tuple[str, str] | None:
    lemma = noun.lemma_.lower()
    if noun.i > 0:
        before = noun.doc[noun.i - 1]
        if before.head.i == noun.i and before.dep_ in {"compound", "amod", "nmod"}:
            found = tables.measures.get(f"{before.lower_} {lemma}")
            if found:
                return found
    return tables.measures.get(lemma) or tables.measures.get(noun.lower_)


def _year(years: list, anchors: set[int], sentence_start: int, sentence_end: int,
          position: int) -> int | None:
    best: tuple[int, int] | None = None
    for token in years:
        if not sentence_start <= token.i < sentence_end:
            continue
        climb = token
        for _ in range(4):
            if climb.i in anchors or climb.dep_ not in _YEAR_DEPS or climb.head.i == climb.i:
                break
            climb = climb.head
        if climb.i in anchors:
            distance = abs(token.i - position)
            if best is None or distance < best[0]:
                best = (distance, int(token.text))
    return best[1] if best else None


def _actors(tokens: set[int], phrases: dict[int, PhraseActors]) -> tuple[str, ...]:
    codes: list[str] = []
    for head in sorted(tokens & phrases.keys()):
        for actor in phrases[head].actors:
            if actor.code not in codes:
                codes.append(actor.code)
    return tuple(codes)


def _quantity(unit: ParsedUnit, amount: _Amount, phrases: dict[int, PhraseActors],
              years: list, tables: QuantityTables) -> Quantity:
    doc = unit.doc
    span = doc[amount.start:amount.end]
    root = span.root
    verb = nearest_verb(root, limit=VERB_REACH)
    rule = amount.rule
    measures = None
    anchors = {root.i}
    if verb is not None:
        anchors.add(verb.i)
        anchors.update(c.i for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"})
    actor_tokens: set[int] = set()
    if amount.kind == "money":
        # the actors of the measured phrase, the amount's own phrase ("to Egypt"), the
        # verb's subject and partners ("signed a deal with the United States")
        actor_tokens = {token.i for token in root.subtree}
        found = _measure(root, verb, tables)
        if found:
            noun, measures, source = found
            rule = f"{rule}+{source}"
            anchors.add(noun.i)
            actor_tokens.update(token.i for token in noun.subtree)
        if verb is not None:
            for child in verb.children:
                if child.dep_ == "nsubj" or (child.dep_ == "prep"
                                             and child.lower_ in _PARTNER_LINKS):
                    actor_tokens.update(token.i for token in child.subtree)
    elif amount.noun is not None:
        anchors.add(amount.noun.i)
        actor_tokens = {token.i for token in amount.noun.subtree}
    sentence = root.sent
    year = _year(years, anchors, sentence.start, sentence.end, root.i)
    value = float(f"{amount.value:.12g}")  # 67.1 * 1e6 -> 67100000.0, not 67099999.99...
    return Quantity(unit.evidence(amount.start, amount.end, rule), value, amount.unit,
                    kind=amount.kind, measures=measures, year=year,
                    actors=_actors(actor_tokens, phrases))

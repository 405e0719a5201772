"""Verb dictionaries in the PETRARCH-1 / TABARI pattern format.

::

    &CURRENCY            # a synonym set: + lines until a blank line
    +DOLLARS
    +&HYPERCURR          # sets may include other sets

    --- GRANT [070] ---  # a verb class and its default CAMEO code
    GRANT
    GIVE {GAVE GIVEN GIVING}      # irregular forms
    CLARIFY [040]                 # a verb with a code of its own
    +CORDON_OFF                   # a multi-word verb; + marks the word the parser sees as verb
    - * &CURRENCY [071]           # patterns: words before and after the verb (*)
    - $ * IN ^ AGAINST + [141]    # $ source, + target, % both, ^ skip a noun phrase
    - IN_* [075]                  # _ joins words that must be adjacent

Codes are CAMEO strings; ``[a:b]`` codes a pair of events (source->target a, target->source
b); ``[---]`` means "no event".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DictionaryError
from .reader import fail, phrase_words, plural, read_commented_lines

SLOT_TOKENS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
_CODE = re.compile(r"\[\s*([^\]]*?)\s*\]")
_VALID_CODE = re.compile(r"^[0-9A-Z+#?!-]{1,8}(:[0-9A-Z+#?!-]{1,8})?$")


@dataclass(frozen=True, slots=True)
class PatternItem:
    """One element of a pattern. ``adjacent``: no word may stand between it and its
    neighbour on the verb's side (the next item before the verb, the previous one after it)."""

    kind: str  # word, synset, source, target, compound, skip
    value: str
    adjacent: bool


@dataclass(frozen=True, slots=True)
class VerbPattern:
    before: tuple[PatternItem, ...]  # in sentence order, the last one nearest the verb
    after: tuple[PatternItem, ...]  # in sentence order, the first one nearest the verb
    code: str
    source: str
    required: frozenset[str] = frozenset()  # literal words the sentence must contain
    synsets: frozenset[str] = frozenset()  # synonym sets one of whose phrases it must contain
    #: For a pattern of slots only ("$ * +"), the verbs its comment says it was written for:
    #: such a pattern fits any sentence, so it applies to those verbs, not the whole class.
    verbs: frozenset[str] = frozenset()
    #: Made only of slots and function words ("+ * &PREPOSIT1 $"): it names no act of its own,
    #: so it cannot tell what a support verb ("hold", "issue") supports.
    generic: bool = False

    @property
    def size(self) -> int:
        return len(self.before) + len(self.after)


@dataclass(slots=True)
class VerbClass:
    name: str
    code: str
    source: str
    patterns: list[VerbPattern] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A surface form of a verb. ``before``/``after`` are the other words of a multi-word
    verb (e.g. CORDON _OFF_), ``code`` overrides the class code when given."""

    verb_class: int
    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str | None
    source: str


@dataclass(slots=True)
class VerbDictionary:
    classes: list[VerbClass] = field(default_factory=list)
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    forms: dict[str, list[VerbForm]] = field(default_factory=dict)

    def add_form(self, word: str, form: VerbForm) -> None:
        self.forms.setdefault(word, []).append(form)


def regular_forms(root: str) -> list[str]:
    """The inflections TABARI assumes for a regular verb root."""
    third = root + "ES" if root.endswith(("S", "X", "Z", "CH", "SH")) else root + "S"
    if root.endswith("E"):
        return [root, third, root + "D", root[:-1] + "ING"]
    if root.endswith("Y") and len(root) > 1 and root[-2] not in "AEIOU":
        return [root, root[:-1] + "IES", root[:-1] + "IED", root + "ING"]
    return [root, third, root + "ED", root + "ING"]


def parse_pattern_side(path: Path, line: int, text: str, synsets: dict) -> list[PatternItem]:
    """Split one side of a pattern into items, keeping which words are joined by '_'."""
    items: list[PatternItem] = []
    for chunk in text.split():
        for position, word in enumerate(part for part in chunk.split("_")):
            if not word:
                continue
            adjacent = position > 0
            if word in SLOT_TOKENS:
                items.append(PatternItem(SLOT_TOKENS[word], word, adjacent))
            elif word.startswith("&"):
                if word.upper() not in synsets:
                    raise fail(path, line, f"synonym set {word} is not defined above")
                items.append(PatternItem("synset", word.upper(), adjacent))
            else:
                items.append(PatternItem("word", word.upper(), adjacent))
    return items


def _parse_pattern(path: Path, number: int, text: str, synsets: dict,
                   comment: str = "") -> VerbPattern:
    found = _CODE.search(text)
    if not found:
        raise fail(path, number, "pattern has no [code]")
    code = found.group(1).replace(" ", "").upper()
    if not _VALID_CODE.match(code):
        raise fail(path, number, f"'{code}' is not a code or code pair")
    body = text[1 : found.start()].strip()
    if body.count("*") != 1:
        raise fail(path, number, "a pattern needs exactly one * for the verb")
    upper, _, lower = body.partition("*")
    before = parse_pattern_side(path, number, upper, synsets)
    after = parse_pattern_side(path, number, lower, synsets)
    # parse_pattern_side marks a link to the previous word; before the verb the link that
    # matters is the one towards the verb, i.e. to the next word.
    links = [item.adjacent for item in before[1:]] + [upper.endswith("_")] if before else []
    before = [PatternItem(item.kind, item.value, link)
              for item, link in zip(before, links, strict=True)]
    if after and lower.startswith("_"):
        after[0] = PatternItem(after[0].kind, after[0].value, True)
    items = [*before, *after]
    slots_only = all(item.kind in SLOT_TOKENS.values() for item in items)
    return VerbPattern(tuple(before), tuple(after), code, f"{path.name}:{number}",
                       frozenset(i.value for i in items if i.kind == "word"),
                       frozenset(i.value for i in items if i.kind == "synset"),
                       _origin_verbs(comment) if slots_only else frozenset(),
                       all(_says_nothing(item, synsets) for item in items))


def _says_nothing(item: PatternItem, synsets: dict) -> bool:
    """An actor slot, a function word (spaCy's English stop words: "in", "the", "was") or a
    synonym set mostly of function words (``&PREPOSIT1``: against, in, on, by, near, at):
    items that fit almost any sentence."""
    if item.kind in SLOT_TOKENS.values():
        return True
    if item.kind == "word":
        return _stop_word(item.value)
    if item.kind == "synset":
        phrases = synsets.get(item.value, ())
        function = [p for p in phrases if len(p) == 1 and _stop_word(p[0])]
        return bool(phrases) and 2 * len(function) >= len(phrases)
    return False


def _stop_word(word: str) -> bool:
    """A stop word, or the plural the synonym-set reader makes of one ("INS", "BIES")."""
    from spacy.lang.en.stop_words import STOP_WORDS  # compiling only: readers skip spaCy

    word = word.lower()
    return word in STOP_WORDS or word[:-1] in STOP_WORDS or (
        word.endswith("ies") and word[:-3] + "y" in STOP_WORDS)


def _origin_verbs(comment: str) -> frozenset[str]:
    """``PROTEST <SPK 14 Feb 2008> , COMPLAIN <SLS ...>`` -> {PROTEST, COMPLAIN}."""
    verbs = set()
    for part in comment.split(","):
        name = part.split("<")[0].strip().upper()
        if re.fullmatch(r"[A-Z]+(_[A-Z]+)*", name):
            verbs.add(name)
    return frozenset(verbs)


def _add_verb(dictionary: VerbDictionary, path: Path, number: int, text: str, class_index: int):
    found = _CODE.search(text)
    code = None
    if found:
        code = found.group(1).replace(" ", "").upper()
        if not _VALID_CODE.match(code):
            raise fail(path, number, f"'{code}' is not a code or code pair")
        text = (text[: found.start()] + text[found.end() :]).strip()
    irregular: list[str] = []
    if "{" in text:
        text, _, braces = text.partition("{")
        if "}" not in braces:
            raise fail(path, number, "unclosed { in irregular verb forms")
        irregular = braces[: braces.index("}")].split()
        text = text.strip()
    text = text.lstrip("+") if text.count("+") == 1 and text.startswith("+") else text
    source = f"{path.name}:{number}"
    words = text.upper().split("_")
    words = [word for word in words if word]
    if not words:
        raise fail(path, number, "empty verb line")
    head = next((i for i, word in enumerate(words) if word.startswith("+")), 0)
    words = [word.lstrip("+") for word in words]
    before, root, after = tuple(words[:head]), words[head], tuple(words[head + 1 :])
    inflections = regular_forms(root) + [form.upper().split("_")[head].lstrip("+")
                                         if "_" in form else form.upper()
                                         for form in irregular]
    for inflection in dict.fromkeys(inflections):
        dictionary.add_form(inflection, VerbForm(class_index, before, after, code, source))


def load_verbs(path: Path, problems: list[DictionaryError] | None = None) -> VerbDictionary:
    """Parse a PETRARCH-1 verb dictionary.

    Raises DictionaryError naming file and line; with a ``problems`` list, bad lines are
    collected there and skipped instead (for reporting every defect in one pass).
    """
    dictionary = VerbDictionary()
    synset: str | None = None
    current: int | None = None
    for number, line, comment in read_commented_lines(path):
        try:
            synset, current = _read_verb_line(dictionary, path, number, line, comment, synset,
                                              current)
        except DictionaryError as error:
            if problems is None:
                raise
            problems.append(error)
    return dictionary


def _read_verb_line(dictionary: VerbDictionary, path: Path, number: int, line: str,
                    comment: str, synset: str | None,
                    current: int | None) -> tuple[str | None, int | None]:
    """Read one line into the dictionary; returns the open synonym set and verb class."""
    text = line.strip()
    if not text:
        return None, current
    if text.startswith("&"):
        synset = text.split()[0].upper().rstrip("_")
        dictionary.synsets[synset] = []
        dictionary.synsets[synset + "_"] = dictionary.synsets[synset]
        return synset, current
    if text.startswith("+") and synset is not None:
        _add_synset_member(dictionary, path, number, synset, text[1:].strip())
        return synset, current
    if text.startswith("---"):
        found = _CODE.search(text)
        name = text.strip("- ").split("[")[0].strip()
        code = found.group(1).replace(" ", "").upper() if found else "---"
        if not _VALID_CODE.match(code):
            raise fail(path, number, f"'{code}' is not a code or code pair")
        dictionary.classes.append(VerbClass(name, code, f"{path.name}:{number}"))
        return None, len(dictionary.classes) - 1
    if current is None:
        raise fail(path, number, f"'{text}' comes before any '--- VERB [code] ---' block")
    if text.startswith("-"):
        if "{" not in text and "|" not in text:  # TABARI-only constructs PETRARCH skips too
            dictionary.classes[current].patterns.append(
                _parse_pattern(path, number, text, dictionary.synsets, comment))
        return None, current
    _add_verb(dictionary, path, number, text, current)
    return None, current


def _add_synset_member(dictionary: VerbDictionary, path: Path, number: int, synset: str,
                       member: str) -> None:
    if member.startswith("&"):
        nested = member.upper().rstrip("_")
        if nested not in dictionary.synsets:
            raise fail(path, number, f"synonym set {member} is not defined above")
        dictionary.synsets[synset].extend(dictionary.synsets[nested])
        return
    words = phrase_words(member)
    if not words:
        raise fail(path, number, "empty synonym")
    dictionary.synsets[synset].append(words)
    if not member.endswith("_"):
        dictionary.synsets[synset].append((*words[:-1], plural(words[-1])))

"""Actor, agent, discard and issue dictionaries (PETRARCH/TABARI formats).

Actors::

    SERGEY_LAVROV_  # a name; a trailing _ turns off the automatic plural
    +LAVROV                         # synonyms of the entry above (as are further names
                                    # before the first code line)
        [RUSGOV 19940922-20040712]  # date-restricted codes (yymmdd or yyyymmdd)
        [RUSGOV >20040309]          # from a date on (<date: until a date)
    HAMAS [PSEREBHMS]               # or the code on the same line

Agents::

    !PERSON! = MAN, MEN, WOMAN      # substitution marker
    CONGRESS!PERSON! [~LEG]         # ~CODE goes after the actor code, CODE~ before it
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]   # explicit plurals; {} for none
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .reader import fail, phrase_words, plural, read_lines

_CODE = re.compile(r"\[\s*([^\]]*?)\s*\]")
_CODE_TOKEN = re.compile(r"^[A-Za-z0-9+#?!/-]+$")


@dataclass(frozen=True, slots=True)
class DatedCode:
    code: str
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.start is None or self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class ActorEntry:
    """One dictionary entry: its names and codes, and where it was defined (``file:line``)."""

    name: str
    source: str
    codes: list[DatedCode] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)

    def code_on(self, day: date | None) -> str | None:
        """The code valid on ``day``: a dated code that covers it, else the undated one, with
        a territory the CAMEO country table does not list coded by its sovereign state
        (:func:`sovereign_code`).

        With no date known, the open-ended (current) code wins over closed past ranges.
        """
        code = self._entry_code_on(day)
        return None if code is None else sovereign_code(code, day)

    def _entry_code_on(self, day: date | None) -> str | None:
        dated = [code for code in self.codes if code.start or code.end]
        undated = [code for code in self.codes if not (code.start or code.end)]
        if day is None:
            current = [code for code in dated if code.end is None]
            if current:
                return max(current, key=lambda code: code.start or date.min).code
            return undated[0].code if undated else (dated[-1].code if dated else None)
        for code in dated:
            if code.valid_on(day):
                return code.code
        return undated[0].code if undated else None


@lru_cache(maxsize=1)
def territories() -> dict[str, tuple[str, date | None]]:
    """Code the CAMEO country table lacks -> (the country code it takes, since when; None:
    always) (``data/cameo/territories.tsv``)."""
    table = resources.files("attache") / "data" / "cameo" / "territories.tsv"
    found = {}
    for line in table.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            code, sovereign, since, _ = line.split("\t")
            found[code] = (sovereign, date.fromisoformat(since) if since else None)
    return found


def sovereign_code(code: str, day: date | None) -> str:
    """``code`` ("HKGCOP", "USA/HKG", "SUNGOV") with each country part the CAMEO country
    table lacks replaced by the one it takes on ``day``: the country codes of attache are
    those of that table, which has no Hong Kong ("CHNCOP" after July 1997) and no Soviet
    Union ("RUSGOV"). Undated text cannot be placed after a transfer: it keeps the
    dictionary's code, unless the replacement holds always."""
    table = territories()
    parts = []
    for part in code.split("/"):
        prefix = next((part[:size] for size in (6, 3) if part[:size] in table), None)
        if prefix is not None:
            sovereign, since = table[prefix]
            if since is None or (day is not None and day >= since):
                part = sovereign + part[len(prefix):]
        parts.append(part)
    return "/".join(parts)


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """A role noun that adds a sector to an actor code (``~GOV``) or stands alone (``---GOV``)."""

    phrases: tuple[tuple[str, ...], ...]
    code: str
    before: bool
    source: str


def parse_date(text: str) -> date:
    """``yymmdd`` or ``yyyymmdd`` -> date; two-digit years up to 50 are 20xx."""
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= 50 else 1900
        return date(year, int(text[2:4]), int(text[4:6]))
    if len(text) == 8:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    raise ValueError(f"date '{text}' is neither yymmdd nor yyyymmdd")


def parse_code(path: Path, line: int, content: str) -> DatedCode:
    parts = content.split()
    if not parts:
        raise fail(path, line, "empty code in [ ]")
    code = parts[0].upper()
    if not _CODE_TOKEN.match(code):
        raise fail(path, line, f"'{parts[0]}' is not a code")
    if len(parts) == 1:
        return DatedCode(code)
    restriction = "".join(parts[1:])
    try:
        if restriction.startswith(">"):
            return DatedCode(code, start=parse_date(restriction[1:]))
        if restriction.startswith("<"):
            return DatedCode(code, end=parse_date(restriction[1:]))
        first, dash, last = restriction.partition("-")
        if not dash:
            raise ValueError(f"date restriction '{restriction}' needs >, < or a-b")
        return DatedCode(code, start=parse_date(first), end=parse_date(last))
    except ValueError as error:
        raise fail(path, line, str(error)) from error


def _phrase_variants(phrase: str) -> list[tuple[str, ...]]:
    words = phrase_words(phrase)
    if not words:
        return []
    if phrase.endswith("_"):
        return [words]
    return [words, (*words[:-1], plural(words[-1]))]


def load_actors(path: Path) -> list[ActorEntry]:
    """Parse an actor dictionary; raises DictionaryError naming file and line."""
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for number, line in read_lines(path):
        text = line.strip()
        if not text:
            continue
        codes = [parse_code(path, number, match) for match in _CODE.findall(text)]
        name = _CODE.sub("", text).strip()
        if "[" in name or "]" in name:
            raise fail(path, number, f"unbalanced brackets in '{text}'")
        if name.startswith("+") or (name and current is not None and not current.codes):
            # '+' lines, and names that follow an entry still waiting for its codes, are
            # synonyms: TABARI gives a block of names the codes that end the block.
            if current is None:
                raise fail(path, number, "synonym '+' line before any entry")
            current.phrases.extend(_phrase_variants(name.lstrip("+")))
        elif name:
            current = ActorEntry(name=name.rstrip("_"), source=f"{path.name}:{number}")
            current.phrases.extend(_phrase_variants(name))
            entries.append(current)
        elif current is None:
            raise fail(path, number, "code line before any entry")
        current.codes.extend(codes)
    for entry in entries:
        if not entry.codes:
            line = entry.source.rsplit(":", 1)[1]
            raise fail(path, int(line), f"entry '{entry.name}' has no code")
    return entries


def load_agents(path: Path) -> list[AgentEntry]:
    """Parse an agent dictionary, expanding ``!MARKER!`` substitutions."""
    markers: dict[str, list[str]] = {}
    agents: list[AgentEntry] = []
    pending: list[tuple[int, str]] = []
    for number, line in read_lines(path):
        text = line.strip()
        if not text:
            continue
        if text.startswith("!") and "=" in text:
            marker, _, values = text.partition("=")
            markers[marker.strip()] = [v.strip().upper() for v in values.split(",") if v.strip()]
            continue
        found = _CODE.search(text)
        if not found:
            if "[" in text or "]" in text or "{" in text:
                raise fail(path, number, f"agent '{text}' has a malformed [~CODE]")
            pending.append((number, text))  # takes the code of the next entry, as in TABARI
            continue
        raw_code = found.group(1).replace(" ", "").upper()
        if "~" not in raw_code:
            raise fail(path, number, f"agent code '{raw_code}' needs a ~ (~CODE or CODE~)")
        before = raw_code.endswith("~")
        code = raw_code.strip("~")
        name = text[: found.start()].strip()
        explicit: list[str] | None = None
        if "{" in name:
            name, _, braces = name.partition("{")
            explicit = braces.rstrip("}").split()
            name = name.strip()
        forms = _expand_markers(name, markers, path, number)
        phrases: list[tuple[str, ...]] = []
        for form in forms:
            words = phrase_words(form)
            phrases.append(words)
            if explicit is None and not form.endswith("_") and "!" not in name:
                phrases.append((*words[:-1], plural(words[-1])))
        phrases.extend(phrase_words(form) for form in explicit or [])
        for pending_number, pending_name in pending:
            for form in _expand_markers(pending_name, markers, path, pending_number):
                words = phrase_words(form)
                phrases.extend([words, (*words[:-1], plural(words[-1]))])
        pending.clear()
        agents.append(AgentEntry(tuple(dict.fromkeys(phrases)), code, before,
                                 f"{path.name}:{number}"))
    if pending:
        raise fail(path, pending[-1][0], f"agent '{pending[-1][1]}' has no [~CODE]")
    return agents


def _expand_markers(name: str, markers: dict[str, list[str]], path: Path, line: int) -> list[str]:
    match = re.search(r"![A-Z]+!", name)
    if not match:
        return [name]
    if match.group(0) not in markers:
        raise fail(path, line, f"substitution marker {match.group(0)} is not defined")
    expanded = []
    for value in markers[match.group(0)]:
        expanded.extend(_expand_markers(name.replace(match.group(0), value, 1), markers, path,
                                        line))
    return expanded


@dataclass(frozen=True, slots=True)
class Discard:
    phrase: tuple[str, ...]
    story: bool
    source: str


def load_discards(path: Path) -> list[Discard]:
    """Phrases that drop a sentence, or with a leading ``+`` the whole story."""
    discards = []
    for number, line in read_lines(path):
        text = line.strip()
        if not text:
            continue
        story = text.startswith("+")
        words = phrase_words(text.lstrip("+"))
        if not words:
            raise fail(path, number, "empty discard phrase")
        discards.append(Discard(words, story, f"{path.name}:{number}"))
    return discards


@dataclass(frozen=True, slots=True)
class IssuePhrase:
    phrase: tuple[str, ...]
    issue: str
    category: str
    source: str


def load_issues(path: Path) -> list[IssuePhrase]:
    """Issue phrases grouped in ``<ISSUE CATEGORY=...>`` blocks. ``~`` lines (phrases the
    issue coder ignores) are skipped, ``n:``-style part-of-speech prefixes dropped, and a
    phrase with no ``[ISSUE]`` takes its block's category."""
    issues: list[IssuePhrase] = []
    category = ""
    for number, line in read_lines(path):
        text = line.strip()
        if not text or text.startswith("~"):
            continue  # "~phrase": a phrase the issue coder ignores
        block = re.match(r'<ISSUE\s+CATEGORY="([^"]+)"', text)
        if block:
            category = block.group(1)
            continue
        if text.startswith("</ISSUE"):
            category = ""
            continue
        if text.startswith("<"):
            continue
        found = _CODE.search(text)
        if not found and not category:
            raise fail(path, number, f"issue phrase '{text}' has no [ISSUE] and no block")
        issue = found.group(1).upper() if found else category  # a bare phrase: its block
        phrase = re.sub(r"\b[a-z]+:", "", text[: found.start()] if found else text)
        words = phrase_words(phrase.replace("+", " "))
        if not words:
            raise fail(path, number, "empty issue phrase")
        issues.append(IssuePhrase(words, issue, category, f"{path.name}:{number}"))
    return issues

"""Dates: temporal expressions normalised to calendar values, and the date of each event.

**Finding.** The candidates are the spaCy ``DATE``/``TIME`` entities of a paragraph, plus what
one compiled regex finds that the small model leaves untagged (``Dec. 3``, ``Thursday``,
``yesterday``, ``the 1990s``, ``in 1986``, ``2019-03-12``). Each is normalised by a
rule-based reader of its words (no date parser):

* ``rule:date-absolute``: a year is written: ``12 March 2019`` -> ``2019-03-12``, ``March
  2019`` -> ``2019-03``, ``2019``, ``late 1987``, ``the fourth quarter of 2005`` -> ``2005``
  (quarters and seasons keep the year only); ``rule:date-decade``: ``the 1950s`` -> ``195X``.
  Resolution ``absolute``.
* Relative (resolution ``relative``, resolved against the publication date; with no
  publication date ``value=None`` and resolution ``unresolved``, never guessed):

  - ``rule:date-deictic``: ``yesterday``, ``today``/``tonight``/``this morning``,
    ``tomorrow``, ``last night``;
  - ``rule:date-weekday``: ``on Monday`` -> the Monday on or before publication (the
    publication day itself when it is a Monday), or on or after it when the verb is future
    ("will meet on Monday", "plans to meet on Monday"); ``last Monday`` -> strictly before,
    ``next Monday`` -> strictly after;
  - ``rule:date-month``: a month (and day) with no year, ``March 13``, ``in November`` -> the
    nearest such date to publication; a future verb takes the next one and a past verb the
    last one when it lies within six months; ``last November`` / ``next January`` -> the one
    before / after, ``this March`` -> the publication year;
  - ``rule:date-relative``: ``this/last/next week|month|year`` (also ``earlier this
    week``, ``the same quarter last year``), ``this/last/next summer`` (the year), and ``N
    days|weeks|months|years ago``. Weeks are ISO weeks, Monday to Sunday, and a week is
    written as the day of its Monday: ``last week`` published Wednesday 2019-03-13 ->
    ``2019-03-04``, ``this week`` -> ``2019-03-11``. Months and years keep their precision
    (``last month`` -> ``2019-02``).

  Durations and periods are not dates and are skipped: ``two years``, ``24-hour``, ``45 years
  old``, ``weekly``, ``the past two weeks``, ``the next year``, ``the fourth quarter``.

``background`` marks an expression that sets the scene in the past: a decade that does not
contain the publication date, a date that ended more than two years (730 days) before
publication, or a date introduced by ``since`` that lies before the publication year (or any
``since`` date when the publication date is unknown).

**Dating events.** :func:`token_date` is the one rule, used for event verbs and (in the
evaluation) for any token. The *anchor* is the token itself when it is a verb, else its
nearest verb ancestor. A date belongs to the first verb on its syntactic head chain when
only prepositions (and other date/time words: "Thursday night") lie between ("signed the deal
on Monday"), so a date in a subordinate clause dates that clause's verb, not the main verb.
A date that hangs from a noun ("its November 20, 2008 low") belongs to that noun and dates
a token only when the token is that noun; a ``since`` date after a superlative or ordinal
("fell to its lowest level since 1997") dates nothing. Among the dates of the anchor the
rule prefers one not introduced by ``since``, then the most precise, then the nearest. A
verb with no date of its own takes that of the verb it is conjoined to when both have the
same tense tag ("filed on Thursday and announced ..."). Such a date gives basis
``explicit`` (absolute) or ``relative`` (resolved against publication).

With no date of its own, an event takes the story's *reference date*: the latest day date
earlier in the article that belongs directly to a verb, is neither background nor a
``since`` date, and lies within :data:`STORY_DAYS` of publication (with no publication date:
any absolute day date). News narrative keeps its time until it names another ("Chrysler
filed for bankruptcy on Thursday. ... Nardelli said ..." -> Thursday), with basis ``story``.
Paragraphs are parsed apart, so the pipeline passes one
:class:`StoryDate` per article to carry it across them. Failing that, the event gets the
publication date (basis ``publication``), and with none, no date (``none``).

An event is ``background`` when its date is a background date; when its verb is a perfect
("has/had attacked", "have been entered") with a ``since`` phrase or a ``for`` + time span
("have had relations since the 1950s", "had been suspended since July 2003", "has lobbied for
years"); or when it is a present perfect with no date of its own: a completed act reported
without a time ("Indonesia has purchased Su-35 jets") is history, not news of the day. An
undated background event does not take the story's reference date: it carries the
publication date (basis ``publication``) as the latest it can be.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..model import DateExpression, Event
from ..nlp import ParsedUnit
from ..nlp.syntax import MAX_CLIMB, nearest_verb

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3,
            "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
#: Days from publication.
DEICTIC = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
DAY_PARTS = {"morning", "afternoon", "evening", "night"}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year"}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12}
AGE_WORDS = {"old", "aged", "his", "her", "their"}
#: Nouns that make a ``for`` phrase a time span ("for years", "for two decades").
SPAN_NOUNS = {"year", "month", "week", "day", "decade", "century", "while", "time", "hour"}

_YEAR = re.compile(r"(1[0-9]\d\d|20\d\d)(?:/\d{2,4})?")
_DECADE = re.compile(r"(?:mid-|early-|late-)?(1\d\d0|20\d0)'?s|'?([1-9])0s")
_DECIMAL = re.compile(r"\d*[.,]\d+")
_DAY = re.compile(r"([0-3]?\d)(?:st|nd|rd|th)?")
_ISO = re.compile(r"\b(1\d{3}|20\d\d)-([01]\d)-([0-3]\d)\b")
_MONTH_NAMES = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
                r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
#: What the small model may leave untagged. Group ``y`` is the year of "in 1986" (a count
#: such as "in 2000 troops" is told apart by the word after it).
_FALLBACK = re.compile(
    rf"\b{_MONTH_NAMES}\s+[0-3]?\d(?:st|nd|rd|th)?\b(?:\s*,?\s*(?:1\d{{3}}|20\d\d)\b)?"
    rf"|\b[0-3]?\d(?:st|nd|rd|th)?\s+{_MONTH_NAMES}(?:\s+(?:1\d{{3}}|20\d\d)\b)?"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?i:yesterday|today|tonight|tomorrow)\b"
    r"|\b(?:1\d\d0|20\d0)s\b"
    r"|\b(?:1\d{3}|20\d\d)-[01]\d-[0-3]\d\b"
    r"|\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ff]rom|[Bb]efore|[Aa]fter)\s+"
    r"(?P<y>1[5-9]\d\d|20\d\d)\b(?!\s*(?:%|percent\b))"
)

#: A date further than this from publication does not become the story's reference date.
STORY_DAYS = 31


@dataclass(frozen=True, slots=True)
class TokenDate:
    """The date :func:`token_date` gives a token: ``value`` (ISO or decade, or None),
    ``basis`` (``explicit``, ``relative``, ``story``, ``publication`` or ``none``),
    ``background``,
    and the :class:`DateExpression` it came from (None for publication/none)."""

    value: str | None
    basis: str
    background: bool
    expression: DateExpression | None = None


@dataclass(frozen=True, slots=True)
class _Reading:
    value: str | None
    resolution: str
    rule: str
    skip: int = 0  # leading tokens of the entity that are not part of the date


def find_dates(unit: ParsedUnit, published: date | None) -> list[DateExpression]:
    """Every date (not duration) in a parsed paragraph, normalised (see the module docs)."""
    doc = unit.doc
    spans: list[tuple[int, int]] = [(ent.start, ent.end) for ent in doc.ents
                                    if ent.label_ in ("DATE", "TIME")]
    taken = [(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])) for start, end in spans]
    for match in _FALLBACK.finditer(doc.text):
        begin, finish = match.span("y") if match.group("y") else match.span()
        if any(begin < end and start < finish for start, end in taken):
            continue
        span = doc.char_span(begin, finish, alignment_mode="expand")
        if match.group("y") and span is not None and span.end < len(doc) \
                and doc[span.end].pos_ == "NOUN":
            continue  # "in 2000 troops", "by 1500 tonnes": a count, not a year
        if span is not None and len(span):
            spans.append((span.start, span.end))
            taken.append((begin, finish))
    spans.sort()
    dates = []
    for start, end in spans:
        reading = _normalise(doc, start, end, published)
        if reading is None:
            continue
        since = _since(doc, start)
        dates.append(DateExpression(unit.evidence(start + reading.skip, end, reading.rule),
                                    reading.value,
                                    reading.resolution,
                                    background=_is_background(reading, since, published)))
    return dates


def date_events(unit: ParsedUnit, events: list[Event], dates: list[DateExpression],
                published: date | None, story: StoryDate | None = None) -> list[Event]:
    """The events with ``date``, ``date_basis`` and ``background`` set; events whose verb is
    not in this paragraph come back unchanged. Pass one :class:`StoryDate` per article to carry
    the story's reference date across its paragraphs."""
    if not events and story is None:
        return events
    index = _UnitIndex(unit, dates, published, story)
    dated = []
    for event in events:
        token = index.token_at(unit.doc_char(event.verb_start))
        if token is None:
            dated.append(event)
            continue
        found = index.date_of(token)
        dated.append(replace(event, date=found.value, date_basis=found.basis,
                             background=found.background))
    index.finish()
    return dated


def token_date(unit: ParsedUnit, token_index: int, dates: list[DateExpression],
               published: date | None, story: StoryDate | None = None) -> TokenDate:
    """The date of the token at ``token_index`` of ``unit.doc``, by the rule
    :func:`date_events` applies to event verbs (``story``: the reference date carried from
    the article's earlier paragraphs; it is not updated)."""
    return _UnitIndex(unit, dates, published, story).date_of(token_index)


def agrees(value: str | None, gold: str) -> bool:
    """Whether ``value`` matches ``gold`` at the gold's precision (``2008-03`` agrees with
    ``2008-03-27``; ``XX`` parts of the gold, as in ``2008-03-XX``, are unspecified)."""
    gold = gold.split("-XX")[0]
    return value is not None and len(value) >= len(gold) and value[:len(gold)] == gold


@dataclass(slots=True)
class StoryDate:
    """The story's current reference date, carried from one paragraph to the next: create one
    per article and pass it to :func:`date_events` (and :func:`token_date`) for each
    paragraph in order."""

    value: str | None = None


@dataclass(frozen=True, slots=True)
class _Attached:
    expression: DateExpression
    root: int
    verb: int | None
    via: frozenset[int]
    direct: bool
    since: bool


class _UnitIndex:
    """Token positions of a paragraph and of its dates, for attaching dates to verbs."""

    def __init__(self, unit: ParsedUnit, dates: list[DateExpression],
                 published: date | None, story: StoryDate | None) -> None:
        self.doc = unit.doc
        self.published = published
        self.story = story
        self.starts = [token.idx for token in self.doc]
        self.text_length = len(self.doc.text)
        self.by_verb: dict[int, list[_Attached]] = {}
        self.by_noun: dict[int, list[_Attached]] = {}
        self.anchors: list[tuple[int, str]] = []
        for expression in dates:
            first = self.token_at(unit.doc_char(expression.evidence.start))
            last = self.token_at(unit.doc_end(expression.evidence.end) - 1)
            if first is None or last is None:
                continue
            attached = _attach(self.doc[first:last + 1].root, expression, _since(self.doc, first))
            for noun in attached.via:
                self.by_noun.setdefault(noun, []).append(attached)
            if attached.verb is None:
                continue
            if not attached.direct or attached.since and _superlative(self.doc, attached):
                continue
            self.by_verb.setdefault(attached.verb, []).append(attached)
            if self._anchors_story(attached):
                self.anchors.append((attached.root, expression.value))
        self.anchors.sort()
        self.anchor_positions = [position for position, _ in self.anchors]

    def _anchors_story(self, attached: _Attached) -> bool:
        expression = attached.expression
        if expression.value is None or len(expression.value) != 10 or expression.background \
                or attached.since:
            return False
        if self.published is None:
            return expression.resolution == "absolute"
        return abs((date.fromisoformat(expression.value) - self.published).days) <= STORY_DAYS

    def token_at(self, char: int) -> int | None:
        if char < 0 or char >= self.text_length:
            return None
        return bisect_right(self.starts, char) - 1

    def finish(self) -> None:
        """Hand the paragraph's last reference date on to the next paragraph."""
        if self.story is not None and self.anchors:
            self.story.value = self.anchors[-1][1]

    def date_of(self, token_index: int) -> TokenDate:
        token = self.doc[token_index]
        verb = nearest_verb(token)
        expression = None
        if token.i != (verb.i if verb is not None else -1) and token.i in self.by_noun:
            expression = _best(self.by_noun[token.i], token.i)
        anchor, seen = verb, 0
        while expression is None and anchor is not None and seen < 8:
            attached = self.by_verb.get(anchor.i)
            if attached:
                expression = _best(attached, anchor.i)
                break
            if anchor.dep_ != "conj" or anchor.head.tag_ != anchor.tag_:
                break
            anchor = nearest_verb(anchor.head)
            seen += 1
        perfect = _perfect(verb) if verb is not None else None
        if expression is not None and expression.value is not None:
            background = expression.background or (
                perfect is not None and _since_or_for(verb))
            return TokenDate(expression.value, _basis(expression), background, expression)
        background = perfect is not None and (perfect == "present" or _since_or_for(verb))
        if not background:
            carried = bisect_right(self.anchor_positions, token_index)
            if carried:
                return TokenDate(self.anchors[carried - 1][1], "story", False)
            if self.story is not None and self.story.value is not None:
                return TokenDate(self.story.value, "story", False)
        if self.published is not None:
            return TokenDate(self.published.isoformat(), "publication", background)
        return TokenDate(None, "none", background)




def _attach(root, expression: DateExpression, since: bool) -> _Attached:
    """Where a date belongs: the first verb on its head chain, the tokens passed on the way,
    and whether only prepositions lie between (``on Monday`` -> verb: direct)."""
    via = []
    token = root
    verb = None
    for _ in range(MAX_CLIMB):
        if token.head.i == token.i:
            break
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            verb = token.i
            break
        via.append(token)
    blocking = frozenset(token.i for token in via
                         if token.pos_ != "ADP" and token.dep_ != "prep"
                         and token.ent_type_ not in ("DATE", "TIME"))
    return _Attached(expression, root.i, verb, blocking, not blocking, since)


def _superlative(doc, attached: _Attached) -> bool:
    """A ``since`` date after a superlative or ordinal between it and its verb measures a
    record ("fell to its lowest level since 1997", "posted its first loss since 1992"): it is
    not when the event happened."""
    low, high = sorted((attached.verb, attached.root))
    return any(token.tag_ in ("JJS", "RBS") or token.ent_type_ == "ORDINAL"
               for token in doc[low + 1:high])


def _best(attached: list[_Attached], at: int) -> DateExpression:
    """A date not introduced by ``since`` first, then the most precise, then the nearest."""
    return min(attached, key=lambda item: (item.since, -len(item.expression.value or ""),
                                           abs(item.root - at))).expression


def _basis(expression: DateExpression) -> str:
    return "explicit" if expression.resolution == "absolute" else "relative"


def _perfect(verb) -> str | None:
    """``present`` (has/have done), ``past`` (had done) or None."""
    if verb.tag_ != "VBN":
        return None
    for child in verb.children:
        if child.dep_ == "aux" and child.lemma_ == "have":
            if child.tag_ in ("VBP", "VBZ"):
                return "present"
            if child.tag_ == "VBD":
                return "past"
    return None


def _since_or_for(verb) -> bool:
    for child in verb.children:
        word = child.lower_
        if word == "since" and child.dep_ in ("prep", "mark"):
            return True
        if word == "for" and child.dep_ == "prep":
            for item in child.children:
                if item.dep_ == "pobj" and (item.lemma_ in SPAN_NOUNS or item.ent_type_ == "DATE"):
                    return True
    return False


def _since(doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ == "since" or doc[start].lower_ == "since"


def _is_background(reading: _Reading, since: bool, published: date | None) -> bool:
    value = reading.value
    if value is None:
        return False
    if value.endswith("X"):
        return published is None or not (published.year // 10 == int(value[:3]))
    if published is None:
        return since
    last = _last_day(value)
    return (published - last).days > 730 or (since and int(value[:4]) < published.year)


def _last_day(value: str) -> date:
    year = int(value[:4])
    if len(value) == 4:
        return date(year, 12, 31)
    month = int(value[5:7])
    if len(value) == 7:
        return date(year, month, monthrange(year, month)[1])
    return date.fromisoformat(value)


# --- reading one expression -------------------------------------------------------------


def _normalise(doc, start: int, end: int, published: date | None) -> _Reading | None:
    span = doc[start:end]
    iso = _ISO.search(span.text)
    if iso:
        try:
            return _Reading(date.fromisoformat(iso.group(0)).isoformat(), "absolute",
                            "rule:date-absolute")
        except ValueError:
            return None
    words = [token.lower_.rstrip(".") if len(token) > 1 else token.lower_ for token in span]
    if not AGE_WORDS.isdisjoint(words) or any(_DECIMAL.fullmatch(word) for word in words):
        return None  # an age ("45 years old", "in his 80s"), a table row ("March 164.6")
    months: list[tuple[int, int]] = []
    years: list[int] = []
    decade = weekday = deictic = None
    for position, word in enumerate(words):
        if word in MONTHS and not (word == "may" and span[position].text == "may"):
            months.append((position, MONTHS[word]))
        elif word in WEEKDAYS and (len(word) > 3 or span[position].text[0].isupper()):
            weekday = (position, WEEKDAYS[word])
        elif (year := _YEAR.fullmatch(word)):
            years.append(int(year.group(1)))
        elif decade_match := _DECADE.fullmatch(word):
            decade = decade_match.group(1) or ("19" + decade_match.group(2) + "0")
        elif word in DEICTIC:
            deictic = DEICTIC[word]
    if decade and not years:
        if start and doc[start - 1].lower_ in AGE_WORDS:
            return None  # "in his 80s"
        return _Reading(decade[:3] + "X", "absolute", "rule:date-decade")
    month = months[0][1] if len({m for _, m in months}) == 1 else None
    day = _day(words, months[0][0]) if month and len(months) == 1 else None
    if years:
        year = years[0]
        if month is None:
            return _Reading(f"{year:04d}", "absolute", "rule:date-absolute")
        if day is None or day > monthrange(year, month)[1]:
            return _Reading(f"{year:04d}-{month:02d}", "absolute", "rule:date-absolute")
        return _Reading(f"{year:04d}-{month:02d}-{day:02d}", "absolute", "rule:date-absolute")
    future = _tense(doc[start:end].root) if published is not None else None
    if month is not None:
        modifier = words[months[0][0] - 1] if months[0][0] else ""
        return _resolve(published, "rule:date-month",
                        lambda p: _month_value(p, month, day, modifier, future))
    if weekday is not None:
        modifier = words[weekday[0] - 1] if weekday[0] else ""
        return _resolve(published, "rule:date-weekday",
                        lambda p: _weekday_value(p, weekday[1], modifier, future))
    if deictic is None:
        for position, word in enumerate(words[:-1]):
            if words[position + 1] in DAY_PARTS and word in ("this", "last"):
                deictic = -1 if word == "last" else 0
    if deictic is not None:
        return _resolve(published, "rule:date-deictic",
                        lambda p: (p + timedelta(days=deictic)).isoformat())
    return _relative(words, published)


def _day(words: list[str], at: int) -> int | None:
    for position in (at + 1, at - 1, at - 2):
        if not 0 <= position < len(words):
            continue
        if position == at - 2 and words[at - 1] != "of":
            continue
        word = words[position]
        match = _DAY.fullmatch(word)
        number = int(match.group(1)) if match else NUMBER_WORDS.get(word)
        if number and 1 <= number <= 31 and word not in ("a", "an"):
            return number
    return None


def _resolve(published: date | None, rule: str, value) -> _Reading:
    if published is None:
        return _Reading(None, "unresolved", rule)
    return _Reading(value(published), "relative", rule)


def _relative(words: list[str], published: date | None) -> _Reading | None:
    """``this/last/next week|month|year|season`` and ``N units ago``."""
    if "ago" in words:
        at = words.index("ago")
        if at >= 2 and words[at - 1] in UNITS:
            number = NUMBER_WORDS.get(words[at - 2])
            if number is None and words[at - 2].isdigit():
                number = int(words[at - 2])
            if number is not None:
                unit = UNITS[words[at - 1]]
                reading = _resolve(published, "rule:date-relative",
                                   lambda p: _shift(p, unit, -number))
                return replace(reading, skip=at - 2)  # "[a war] two years ago"
        return None
    for position, word in enumerate(words[:-1]):
        step = {"this": 0, "last": -1, "next": 1, "current": 0}.get(word)
        following = words[position + 1]
        if step is None or (position and words[position - 1] == "the" and step):
            continue
        if following in ("week", "month", "year"):
            return _resolve(published, "rule:date-relative",
                            lambda p, u=following, s=step: _shift(p, u, s))
        if following in SEASONS:
            return _resolve(published, "rule:date-relative",
                            lambda p, m=SEASONS[following], s=step: _season_year(p, m, s))
    return None


def _shift(published: date, unit: str, step: int) -> str:
    if unit == "day":
        return (published + timedelta(days=step)).isoformat()
    if unit == "week":
        return (published - timedelta(days=published.weekday()) + timedelta(weeks=step)
                ).isoformat()
    if unit == "month":
        year, month = divmod(published.year * 12 + published.month - 1 + step, 12)
        return f"{year:04d}-{month + 1:02d}"
    return f"{published.year + step:04d}"


def _season_year(published: date, start_month: int, step: int) -> str:
    if step < 0:
        year = published.year if start_month + 3 <= published.month else published.year - 1
    elif step > 0:
        year = published.year if start_month > published.month else published.year + 1
    else:
        year = published.year
    return f"{year:04d}"


def _month_value(published: date, month: int, day: int | None, modifier: str,
                 future: bool | None) -> str:
    def at(year: int) -> date:
        return date(year, month, min(day or 1, monthrange(year, month)[1]))

    reference = published if day else published.replace(day=1)
    candidates = [at(published.year + shift) for shift in (-1, 0, 1)]
    before = max(c for c in candidates if c < reference or (c == reference and modifier != "last"))
    after = min(c for c in candidates if c > reference or (c == reference and modifier != "next"))
    if modifier == "last":
        chosen = before
    elif modifier == "next":
        chosen = after
    elif modifier == "this":
        chosen = at(published.year)
    elif future is False and (reference - before).days <= 183:
        chosen = before
    elif future and (after - reference).days <= 183:
        chosen = after
    else:
        chosen = min(candidates, key=lambda c: (abs((c - reference).days), c > reference))
    return chosen.isoformat() if day else chosen.isoformat()[:7]


def _weekday_value(published: date, weekday: int, modifier: str, future: bool | None) -> str:
    back = (published.weekday() - weekday) % 7
    if modifier == "last":
        return (published - timedelta(days=back or 7)).isoformat()
    ahead = (weekday - published.weekday()) % 7
    if modifier == "next":
        return (published + timedelta(days=ahead or 7)).isoformat()
    if future:
        return (published + timedelta(days=ahead)).isoformat()
    return (published - timedelta(days=back)).isoformat()


def _tense(token) -> bool | None:
    """True when the verb governing a date is future ("will meet", "plans to meet"), False
    when it is past, None when neither can be told."""
    verb = nearest_verb(token.head) if token.head.i != token.i else None
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ == "aux" and (child.lemma_ in ("will", "shall") or child.lower_ == "'ll"):
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and verb.tag_ == "VB":
            return True
    if verb.tag_ == "VBD" or _perfect(verb):
        return False
    return None

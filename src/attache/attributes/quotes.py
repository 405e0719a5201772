"""Quotes, their speakers and the chain of sources that relayed them.

Direct quotes are found between the quotation marks news uses (:data:`QUOTE_MARKS`: straight
and curly double and single marks, guillemets, low-high marks; an apostrophe inside a word or
after a plural, "Egypt's", "protesters' demands", is no mark). A quote may run over several
sentences, and over several paragraphs: in news each paragraph of a long quote opens with a
mark and only the last one closes it, so an opening mark that begins a paragraph and is not
closed there runs to the paragraph's end and goes on in the next paragraph that opens with a
mark. Quoted words with no verb ("ultra-liberal values") are no statement.

Who said it, in this order:

* the subject of the reporting verb beside the quote, in the sentence that opens or closes it
  ("...," Lavrov said; He said: "..."); "according to X" gives X;
* for "he said" / "she added", the nearest person named before in the paragraph, else the
  speaker of the quote before (the actors stage's reading of the pronoun, where it points
  elsewhere, comes last);
* a quote that a clause outside it governs ("the paper called it "a disgrace"") is the words
  of that clause's subject;
* a quote that stands alone (no reporting verb, no clause around it) goes on with the speaker
  of the quote before it, and every paragraph of a long quote has the speaker of the whole;
* a news outlet that reports a statement ("..., TASS reported") relays it: it is never the
  speaker, and the speaker is found as for "he said";
* a speaker the dictionaries do not know is still the speaker (code ``---``, named by the
  words that name them in the text).

Indirect speech: a reporting verb with a clause ("Lavrov said that ...") or "According to X,
..." gives a quote with ``direct=False`` whose content is the clause.

Relays: a reporting verb whose subject is a news outlet, an outlet told ("told Reuters"), or
"This was reported by TASS" add the outlet to the chain of the statements it reports (its own
sentence, or, for an anaphoric "this", the sentence before). The chain runs speaker ->
relaying outlets -> publishing outlet (the article's ``source``, else the agency of its
dateline, "Moscow, MINA -").

Inside a direct quote, "we", "our country", "I" refer to the speaker: :func:`speaker_phrases`
adds those references so the events coded inside the quote get the speaker as source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..actors.references import MEDIA_WORDS, PERSON_PRONOUNS, is_outlet, person_entity
from ..actors.resolve import PhraseActors
from ..model import Actor, Mention, Quote
from ..nlp import ParsedUnit, dateline_at, parse_units
from ..nlp.syntax import (
    INHERITS_SUBJECT,
    MAX_CLIMB,
    NAMING_LEMMAS,
    PASSIVE_SUBJECT_DEPS,
    SUBJECT_DEPS,
    VERB_POS,
    is_reporting_verb,
    passive_agent,
    subject_of,
)

#: Quotation marks: opening mark -> its closing mark.
QUOTE_MARKS = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb",
               "\u2039": "\u203a", "\u2018": "\u2019", "'": "'"}
_MARK_CHARS = frozenset(QUOTE_MARKS) | frozenset(QUOTE_MARKS.values())
#: What may stand before an opening mark, and after a closing one, besides spaces and marks.
_BEFORE_OPENING = frozenset("([{\u2014\u2013-/:;,")
_AFTER_CLOSING = frozenset(".,;:!?)]}\u2014\u2013-/")
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
SELF_NOUNS = {"country", "government", "nation", "state", "people", "side"}
#: The agency a dateline names: a short all-capital part after a comma ("Moscow, MINA – ")
#: or a name in brackets ("LONDON (Reuters) - ").
_DATELINE_AGENCY = re.compile(r",\s*([A-Z]{2,10})\s*(?:,|$)|\(([A-Z][A-Za-z. ]{1,38})\)")


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """Doc characters of a quote's opening mark and closing mark (None: the quote runs on
    to the end of its paragraph)."""

    open: int
    close: int | None


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said a quote: the actor (code ``---`` for a speaker the dictionaries do not
    know) and the words that name them."""

    actor: Actor
    name: str


@dataclass(slots=True)
class _Direct:
    """A direct quote being read: its unit, its content (doc characters), its speaker and
    reporting verb when found, and whether it is still open at its paragraph's end."""

    unit_index: int
    start: int
    end: int
    first_token: int
    last_token: int
    speaker: Speaker | None
    verb: str | None
    open: bool
    speaks_alone: bool


@dataclass(slots=True)
class QuoteState:
    """What quotes carry across the paragraphs of one article."""

    last_speaker: Speaker | None = None
    #: the paragraphs of a long quote read so far, waiting for the one that closes it
    running: list[_Direct] = field(default_factory=list)


def publisher_of(source: str | None, text: str) -> str | None:
    """The publishing outlet: the article's source, else the agency of its dateline."""
    if source:
        return source
    for start, _ in parse_units(text):
        dateline = dateline_at(text, start)
        if dateline is None:
            continue
        found = _DATELINE_AGENCY.search(dateline.group("rest").strip())
        if found:
            return found.group(1) or found.group(2)
    return None


def quote_marks(text: str, apostrophes: frozenset[int] | set[int] = frozenset()
                ) -> list[QuoteMarks]:
    """The quotes of one paragraph's text, outermost first: an opening mark at the start or
    after a space, bracket, dash or punctuation and before a non-space; its closing mark
    after a non-space and before a space, punctuation or the end. ``apostrophes``: characters
    that are apostrophes, not marks. An opening mark that begins the paragraph and is never
    closed runs to the paragraph's end."""
    found: list[QuoteMarks] = []
    position = 0
    while position < len(text):
        mark = text[position]
        closing = QUOTE_MARKS.get(mark)
        if closing is None or position in apostrophes or not _opens(text, position):
            position += 1
            continue
        end = next((j for j in range(position + 2, len(text))
                    if text[j] == closing and j not in apostrophes and _closes(text, j)), None)
        if end is not None:
            found.append(QuoteMarks(position, end))
            position = end + 1
        elif not text[:position].strip():
            found.append(QuoteMarks(position, None))
            break
        else:
            position += 1
    return found


def _opens(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return ((before.isspace() or before in _BEFORE_OPENING or before in _MARK_CHARS)
            and not after.isspace())


def _closes(text: str, at: int) -> bool:
    before = text[at - 1]
    after = text[at + 1] if at + 1 < len(text) else " "
    return (not before.isspace()
            and (after.isspace() or after in _AFTER_CLOSING or after in _MARK_CHARS))


def _apostrophes(doc) -> set[int]:
    """Characters that are apostrophes: a mark inside a word ("don't", "Egypt's") or the
    possessive of a plural ("protesters' demands")."""
    found = set()
    for at in (i for i, char in enumerate(doc.text) if char in _MARK_CHARS):
        span = doc.char_span(at, at + 1, alignment_mode="expand")
        token = span[0] if span is not None and len(span) else None
        if token is None:
            continue
        if len(token.text) > 1 and (at > token.idx or token.tag_ == "POS"):
            found.add(at)
        elif len(token.text) == 1 and (token.tag_ == "POS" or token.dep_ == "case"):
            found.add(at)
    return found


def quote_article(units: list[ParsedUnit], phrases: list[dict[int, PhraseActors]],
                  mentions: list[Mention], publisher: str | None
                  ) -> tuple[list[Quote], list[Mention]]:
    """Every quote of an article with its speaker and full chain, and the mentions of "we"
    and "I" inside direct quotes (their speakers), in article order."""
    state = QuoteState()
    by_unit: list[list[Quote]] = [[] for _ in units]
    for index, (unit, unit_phrases) in enumerate(zip(units, phrases, strict=True)):
        done, quoted = _direct_quotes(index, unit, unit_phrases, state)
        for direct in done:
            by_unit[direct.unit_index].append(_direct_quote(units[direct.unit_index], direct))
        by_unit[index].extend(_indirect_quotes(unit, unit_phrases, state, quoted))
    for direct in _close_running(state):
        by_unit[direct.unit_index].append(_direct_quote(units[direct.unit_index], direct))
    found: list[Quote] = []
    added: list[Mention] = []
    for unit, unit_phrases, unit_quotes in zip(units, phrases, by_unit, strict=True):
        unit_quotes = _with_relays(unit, sorted(unit_quotes, key=lambda q: q.content_start),
                                   unit_phrases)
        added.extend(speaker_phrases(unit, unit_quotes, unit_phrases, [*mentions, *added]))
        found.extend(unit_quotes)
    return finish_chains(found, publisher), added


def _direct_quotes(index: int, unit: ParsedUnit, phrases: dict[int, PhraseActors],
                   state: QuoteState) -> tuple[list[_Direct], set[int]]:
    """The direct quotes of one paragraph that are complete, with the paragraphs of a long
    quote this paragraph closes (a quote left open waits in ``state.running``), and the
    paragraph's quoted tokens."""
    doc = unit.doc
    done: list[_Direct] = []
    spans = []
    has_marks = any(char in _MARK_CHARS for char in doc.text)
    for mark in quote_marks(doc.text, _apostrophes(doc)) if has_marks else ():
        end = mark.close if mark.close is not None else len(doc.text.rstrip())
        span = doc.char_span(mark.open + 1, end, alignment_mode="expand")
        if span is not None:
            spans.append((mark, span))
    marked = {t.i for _, span in spans for t in span} | {
        t.i for mark, _ in spans for t in doc if t.idx in (mark.open, mark.close)}
    # quoted words with no verb are no statement, unless they are said or named so
    statements = [(mark, span) for mark, span in spans
                  if _has_verb(span) or _named_so(span, marked)]
    quoted = {t.i for _, span in statements for t in span}
    goes_on = bool(statements) and not doc.text[:statements[0][0].open].strip()
    if state.running and not goes_on:
        done.extend(_close_running(state))
    for number, (mark, span) in enumerate(statements):
        direct = _Direct(index, mark.open + 1, span.end_char if mark.close is None
                         else mark.close, span.start, span.end - 1, None, None,
                         mark.close is None, False)
        _find_speaker(direct, unit, phrases, state, mark, quoted)
        if (number == 0 and goes_on and state.running) or direct.open:
            state.running.append(direct)  # a paragraph of a long quote
            if not direct.open:
                done.extend(_close_running(state))
            continue
        if direct.speaker is None and direct.speaks_alone:
            direct.speaker = state.last_speaker
        if direct.speaker is not None:
            state.last_speaker = direct.speaker
        done.append(direct)
    return done, quoted


def _has_verb(span) -> bool:
    """Whether quoted words make a statement: a verb that is not a modifier ("a
    "not life-threatening" condition" is none)."""
    return any(t.pos_ in VERB_POS and t.dep_ not in {"amod", "compound"} for t in span)


def _named_so(span, marked: set[int]) -> bool:
    """Whether quoted words with no verb of their own are a quotation all the same: a verb
    of saying or of naming governs them (""Three months ago," he said", "calling it "null
    and void"", "described as "knife-obsessed" by the police"); otherwise they are scare
    quotes ("to impose "ultra-liberal values""). In a sentence with "according to X" they are
    X's."""
    if _according_to(span.sent) is not None:
        return True  # "the pandemic is "unprecedented", according to X"
    governor = _governing_verb(span, marked)
    return governor is not None and (governor.lemma_.lower() in NAMING_LEMMAS
                                     or is_reporting_verb(governor))


def _close_running(state: QuoteState) -> list[_Direct]:
    """A long quote ends: its paragraphs take the speaker any of them names, else the
    speaker of the quote before."""
    running, state.running = state.running, []
    if not running:
        return []
    speaker = next((d.speaker for d in reversed(running) if d.speaker is not None),
                   state.last_speaker)
    for direct in running:
        direct.speaker = direct.speaker or speaker
    if speaker is not None:
        state.last_speaker = speaker
    return running


def _find_speaker(direct: _Direct, unit: ParsedUnit, phrases: dict[int, PhraseActors],
                  state: QuoteState, mark: QuoteMarks, quoted: set[int]) -> None:
    """The speaker and reporting verb of a direct quote (module docstring), or
    ``speaks_alone`` when nothing outside the quote says who speaks."""
    doc = unit.doc
    inside = range(mark.open, (mark.close if mark.close is not None else len(doc.text)) + 1)
    sentences = {doc[direct.first_token].sent, doc[direct.last_token].sent}
    outside = [t for s in sentences for t in s if t.idx not in inside]
    governor = _governing_verb(doc[direct.first_token:direct.last_token + 1], quoted)
    verbs = [t for t in outside if is_reporting_verb(t)]
    if verbs:
        verb = governor if governor in verbs else min(
            verbs, key=lambda t: min(abs(t.idx - mark.open), abs(t.idx - inside[-1])))
        direct.verb = verb.lemma_.lower()
        subject = _subject_outside(verb, quoted)
        if subject is not None:
            direct.speaker = _speaker_of(subject, unit, phrases, state)
        else:  # a parse with no subject: a person right after the verb ("tweeted Mayor
            # Jan Kowal"), else the nearest person before it, as for "he"
            after = next((person_entity(t) for t in unit.doc[verb.i + 1:verb.i + 7]
                          if t.ent_type_ == "PERSON" and t.sent == verb.sent), None)
            direct.speaker = (_person(unit, after, _phrase_of(after, phrases)) if after
                              else _pronoun_speaker(verb, unit, phrases, state, relayed=True))
        if direct.speaker is None:
            direct.speaker = state.last_speaker
        return
    according = _according_to(outside)
    if according is not None:
        direct.verb = "according"
        direct.speaker = _speaker_of(according, unit, phrases, state)
        return
    if governor is None:
        introduced = _introduced_by_colon(doc, mark.open)
        if introduced is None:
            direct.speaks_alone = True
            return
        governor = introduced
    subject = _logical_subject(governor, quoted)
    if subject is not None:
        direct.speaker = _speaker_of(subject, unit, phrases, state, reports=False)


def _logical_subject(verb, quoted: set[int]):
    """Who does what a verb says: the agent of a passive ("described as "..." by the
    police"; none when it names no agent), else its subject."""
    if any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children):
        return passive_agent(verb)
    return _subject_outside(verb, quoted)


def _subject_outside(verb, quoted: set[int]):
    """The subject of ``verb`` (a person among several), found outside the quotes: a verb
    with no subject of its own takes its head's, and a head inside a quote is passed over
    ("X said the plan "costs a lot," further saying ...": X says both)."""
    for _ in range(MAX_CLIMB):
        subjects = [c for c in verb.children
                    if c.dep_ in SUBJECT_DEPS or c.dep_ in PASSIVE_SUBJECT_DEPS]
        if subjects and verb.i not in quoted:
            subject = next((c for c in subjects if c.ent_type_ == "PERSON"), subjects[0])
            return None if subject.i in quoted else subject
        if verb.dep_ == "relcl":
            return verb.head
        if verb.head.i == verb.i or (verb.dep_ not in INHERITS_SUBJECT
                                     and verb.i not in quoted):
            return None
        verb = verb.head
    return None


def _introduced_by_colon(doc, at: int):
    """The verb of the clause a colon before the quote ends ("X spoke to the press: "...""):
    the quote is what its subject said."""
    before = doc.text[:at].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    root = colon[0].sent.root
    return root if root.pos_ in VERB_POS else None


def _according_to(tokens):
    """X of an "according to X" among ``tokens``."""
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) \
                and token.doc[token.i + 1].lower_ == "to":
            return next((c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"), None)
    return None


def _governing_verb(span, quoted: set[int]):
    """The verb outside the quotes (``quoted``: the paragraph's quoted tokens) that the
    quoted words depend on, directly, through a preposition or the noun they describe, or
    through the other part of a split quote ("called it "..."", "described it as "..."",
    ""Three months ago," he said, "I ..."")."""
    token = span.root
    outside = 0
    for _ in range(MAX_CLIMB):
        if token.head.i == token.i:  # the root of a quote: "..., he said," hangs from it
            return next((c for c in token.children
                         if c.i not in quoted and is_reporting_verb(c)), None)
        token = token.head
        if token.i in quoted:
            continue
        if token.pos_ in VERB_POS:
            return token
        outside += 1
        if outside > 2 or token.pos_ not in {"ADP", "SCONJ", "NOUN", "PROPN", "PRON"}:
            return None
    return None


def _speaker_of(subject, unit: ParsedUnit, phrases: dict[int, PhraseActors],
                state: QuoteState, *, reports: bool = True) -> Speaker | None:
    """The speaker a subject names: a person (known to the dictionaries or not), an actor, or
    the words of an unknown subject ("Critics"). A news outlet that ``reports`` (the subject
    of a reporting verb) relays, so then the speaker is found as for "he said"; an outlet's
    own words ("the paper called it "..."") are its own."""
    if subject.lower_ in PERSON_PRONOUNS:
        return _pronoun_speaker(subject, unit, phrases, state)
    entity = _person_named(subject)
    if entity is not None:
        own = phrases.get(subject.i)
        return _person(unit, entity, own.actors[0] if own else _phrase_of(entity, phrases))
    titled = _titled_person(subject, unit)
    if titled is not None:
        return _person(unit, titled, _phrase_of(titled, phrases))
    if reports and _relays(subject, phrases):
        return _pronoun_speaker(subject, unit, phrases, state, relayed=True)
    actor = _actor_at(subject, phrases)
    if actor is not None:
        return Speaker(actor, _name(actor, unit))
    if subject.pos_ not in {"NOUN", "PROPN"}:
        return None
    evidence = unit.evidence(subject.left_edge.i, subject.i + 1, "rule:quote-speaker")
    return Speaker(Actor("---", Mention(evidence, "unknown", "---", "rule:quote-speaker")),
                   evidence.text)


def _own_words(subject) -> list:
    """The words of a subject's own noun phrase: its subtree without the prepositional
    phrases and clauses attached to it ("the head of X's office": head, the)."""
    own = []
    for token in subject.subtree:
        path = token
        while path.i != subject.i and path.dep_ not in {"prep", "pobj", "relcl", "acl"}:
            path = path.head
        if path.i == subject.i:
            own.append(token)
    return own


def _person_named(subject):
    """The person a subject names: its own name, or a name in apposition or joined to its
    title ("the president of the league, Jamel Msallem"; "writer and performer Rob
    Bartlett"), not one inside a prepositional phrase ("the head of X's office")."""
    entity = person_entity(subject)
    if entity is not None:
        return entity
    return next((person_entity(t) for t in _own_words(subject) if t.ent_type_ == "PERSON"),
                None)


def _titled_person(subject, unit: ParsedUnit):
    """The person "the commissioner" refers to: the nearest person named before in the
    paragraph with that word in their title ("trade commissioner Albert Muchanga")."""
    if subject.pos_ != "NOUN" or not any(c.lower_ == "the" for c in subject.children):
        return None
    lemma = subject.lemma_.lower()
    position = subject.i
    while position > 0:
        entity = next((person_entity(t) for t in reversed(unit.doc[:position])
                       if t.ent_type_ == "PERSON"), None)
        if entity is None:
            return None
        title = [t for t in entity.root.subtree if not entity.start <= t.i < entity.end]
        if any(t.lemma_.lower() == lemma for t in title):
            return entity
        position = entity.start
    return None


def _phrase_of(entity, phrases: dict[int, PhraseActors]) -> Actor | None:
    """The actor of the phrase a person's name belongs to, if the dictionaries code it."""
    own = next((p for p in phrases.values() if p.head in range(entity.start, entity.end)
                or any(t.i in p.token_ids for t in entity)), None)
    return own.actors[0] if own is not None else None


def _person(unit: ParsedUnit, entity, actor: Actor | None) -> Speaker:
    """A person speaker named by ``entity``, with their actor or, unknown, code ``---``."""
    evidence = unit.evidence(entity.start, entity.end, "rule:quote-speaker")
    if actor is None:
        actor = Actor("---", Mention(evidence, "unknown", "---", "rule:quote-speaker"))
    return Speaker(actor, evidence.text)


def _names_outlet(subject) -> bool:
    return bool({t.lower_ for t in _own_words(subject)} & MEDIA_WORDS)


def _pronoun_speaker(subject, unit: ParsedUnit, phrases: dict[int, PhraseActors],
                     state: QuoteState, *, relayed: bool = False) -> Speaker | None:
    """Who "he said" (or a relaying outlet) means: the person the actors stage found in this
    paragraph, else the nearest person named before in the paragraph, else the speaker of
    the quote before, else whoever the actors stage found elsewhere."""
    resolved = None if relayed else phrases.get(subject.i)
    actor = resolved.actors[0] if resolved is not None else None
    if actor is not None and actor.mention.antecedent is not None \
            and unit.contains(actor.mention.antecedent[0]):
        return Speaker(actor, _name(actor, unit))
    before = next((person_entity(t) for t in reversed(unit.doc[:subject.i])
                   if t.ent_type_ == "PERSON"), None)
    if before is not None:
        return _person(unit, before, _phrase_of(before, phrases))
    if state.last_speaker is not None:
        return state.last_speaker
    if actor is not None:
        return Speaker(actor, _name(actor, unit))
    return None


def _actor_at(token, phrases: dict[int, PhraseActors]) -> Actor | None:
    """The actor of the phrase headed by ``token``, or of the first phrase inside it."""
    if token.i in phrases:
        return phrases[token.i].actors[0]
    for inner in token.subtree:
        if inner.i in phrases:
            return phrases[inner.i].actors[0]
    return None


def _name(actor: Actor, unit: ParsedUnit) -> str:
    """How a chain names an actor: the full mention, or the one a pronoun refers back to."""
    mention = actor.mention
    if mention.antecedent:
        start, end = mention.antecedent
        return unit.article_text[start:end]
    return mention.evidence.text


def _direct_quote(unit: ParsedUnit, direct: _Direct) -> Quote:
    doc = unit.doc
    first = doc[direct.first_token].sent
    last = doc[direct.last_token].sent
    evidence = unit.evidence(first.start, last.end, "rule:quote-direct")
    speaker = direct.speaker
    return Quote(evidence, unit.article_char(direct.start), unit.article_end(direct.end),
                 speaker.actor if speaker else None, direct.verb, True,
                 (speaker.name,) if speaker else ())


def _indirect_quotes(unit: ParsedUnit, phrases: dict[int, PhraseActors], state: QuoteState,
                     quoted_tokens: set[int]) -> list[Quote]:
    """Reported clauses ("Lavrov said that ...") and "According to X, ..." sentences outside
    the direct quotes (``quoted_tokens``)."""
    doc = unit.doc
    found = []
    for token in doc:
        if is_reporting_verb(token):
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            subject = subject_of(token)[0]
            if clause is None or subject is None or clause.i in quoted_tokens:
                continue
            if person_entity(subject) is None and _relays(subject, phrases):
                continue  # "TASS reported that ...": a relay, not a statement of TASS's
            speaker = _speaker_of(subject, unit, phrases, state)
            if speaker is None:
                continue
            left, right = clause.left_edge, clause.right_edge
            found.append(_indirect(unit, token.sent, left.idx, right.idx + len(right.text),
                                   speaker, token.lemma_.lower()))
        elif token.lower_ == "according" and token.i + 1 < len(doc) \
                and doc[token.i + 1].lower_ == "to" and token.i not in quoted_tokens:
            source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            if source is None or _relays(source, phrases):
                continue
            speaker = _speaker_of(source, unit, phrases, state)
            if speaker is None:
                continue
            sentence = token.sent
            found.append(_indirect(unit, sentence, sentence.start_char, sentence.end_char,
                                   speaker, "according"))
    return found


def _relays(subject, phrases: dict[int, PhraseActors]) -> bool:
    """Whether a subject is a news outlet (which relays what others say): its own phrase,
    not one it is "of" or "in"."""
    own = next((phrases[t.i].actors[0] for t in _own_words(subject) if t.i in phrases), None)
    return is_outlet(own, subject.text) or _names_outlet(subject)


def _indirect(unit: ParsedUnit, sentence, start: int, end: int, speaker: Speaker,
              verb: str) -> Quote:
    evidence = unit.evidence(sentence.start, sentence.end, "rule:quote-indirect")
    return Quote(evidence, unit.article_char(start), unit.article_end(end), speaker.actor,
                 verb, False, (speaker.name,))


def _told_or_by(verb):
    """The object told ("told Reuters") and the agent of a passive ("reported by TASS")."""
    for child in verb.children:
        if child.dep_ in {"dobj", "dative"}:
            yield child
        elif child.dep_ == "agent":
            yield from (g for g in child.children if g.dep_ == "pobj")


def _with_relays(unit: ParsedUnit, quotes: list[Quote], phrases):
    """Add the outlets that relay a sentence to the chains of its quotes."""
    doc = unit.doc
    relays: dict[int, list[str]] = {}  # sentence start token -> outlets relaying it
    for token in doc:
        if not is_reporting_verb(token):
            continue
        outlet = None
        subject = subject_of(token)[0]
        if subject is not None and subject.dep_ == "nsubj" and person_entity(subject) is None:
            candidate = _actor_at(subject, phrases)
            if is_outlet(candidate, " ".join(t.text for t in subject.subtree)):
                outlet = _name(candidate, unit)
            elif candidate is None and _names_outlet(subject):
                outlet = " ".join(t.text for t in subject.subtree)
        for target in _told_or_by(token):  # "told Reuters", "was reported by TASS"
            candidate = _actor_at(target, phrases)
            if is_outlet(candidate, target.text):
                outlet = _name(candidate, unit)
        if outlet is None:
            continue
        sentence = token.sent
        relays.setdefault(sentence.start, []).append(outlet)
        if subject is not None and subject.lower_ in {"this", "that", "it"}:
            previous = doc[sentence.start - 1].sent if sentence.start > 0 else None
            if previous is not None:
                relays.setdefault(previous.start, []).append(outlet)
    updated = []
    for quote in quotes:
        span = unit.span(quote.content_start, quote.content_end)
        sentences = {span[0].sent.start, span[-1].sent.start} if span is not None else set()
        chain = list(quote.chain)
        for start in sorted(sentences):
            chain.extend(outlet for outlet in relays.get(start, []) if outlet not in chain)
        updated.append(replace(quote, chain=tuple(chain)))
    return updated


def speaker_phrases(unit: ParsedUnit, quotes: list[Quote], phrases: dict[int, PhraseActors],
                    earlier: list[Mention]) -> list[Mention]:
    """Inside a direct quote, "we"/"I"/"our country" are the speaker: add them to
    ``phrases`` as references, so events coded in the quote get the speaker as their source,
    and return their mentions. The reference points back to the speaker's last mention before
    it (``earlier``: the article's mentions), or to none when the speaker is only named after
    the quote. A speaker the dictionaries do not know gives no reference."""
    known = [*earlier, *(a.mention for p in phrases.values() for a in p.actors)]
    added: list[Mention] = []
    for quote in quotes:
        if not quote.direct or quote.speaker is None or quote.speaker.code.startswith("---"):
            continue
        span = unit.span(quote.content_start, quote.content_end)
        if span is None:
            continue
        for token in span:
            if token.i in phrases:
                continue
            refers = token.lower_ in FIRST_PERSON and token.dep_ != "poss"
            if token.lower_ in SELF_NOUNS and any(c.lower_ in {"our", "my"}
                                                  for c in token.children):
                refers = True
            if not refers:
                continue
            speaker = quote.speaker
            evidence = unit.evidence(token.i, token.i + 1, "rule:quote-speaker")
            before = [m.evidence for m in known
                      if m.code == speaker.code and m.evidence.end <= evidence.start]
            antecedent = max(((e.start, e.end) for e in before), default=None)
            mention = Mention(evidence, "reference", speaker.code, speaker.mention.entry,
                              antecedent=antecedent)
            phrases[token.i] = PhraseActors(token.i, [Actor(speaker.code, mention)],
                                            {token.i})
            added.append(mention)
    return added


def finish_chains(quotes: list[Quote], publisher: str | None) -> list[Quote]:
    """Complete each chain as speaker -> relaying outlets -> publisher. A story relayed from
    an outlet relays all its speaker's statements, so a speaker's quotes share the outlets
    named for any of them (a speaker the dictionaries do not know is told apart by name)."""
    relays: dict[str, list[str]] = {}
    for quote in quotes:
        if quote.speaker is not None:
            known = relays.setdefault(_speaker_key(quote), [])
            known.extend(name for name in quote.chain[1:] if name not in known)
    finished = []
    for quote in quotes:
        chain = list(quote.chain[:1])
        if quote.speaker is not None:
            chain.extend(name for name in relays[_speaker_key(quote)] if name not in chain)
        if publisher and publisher not in chain:
            chain.append(publisher)
        finished.append(replace(quote, chain=tuple(chain)))
    return finished


def _speaker_key(quote: Quote) -> str:
    code = quote.speaker.code
    return f"{code} {quote.chain[0] if quote.chain else ''}" if code.startswith("---") else code

"""Quotes, their speakers and the chain of sources that relayed them.

* Direct quotes: text between straight or curly double quotation marks, within a paragraph.
  The speaker is the subject of a reporting verb outside the marks in the same sentence
  ("...," Lavrov said); a quote with no reporting verb of its own continues the speaker of
  the quote before it in the article ("We will continue...").
* Indirect speech: a reporting verb with a clause ("Lavrov said that ...") or "According to
  X, ..." gives a quote with ``direct=False`` whose content is the clause.
* Relays: a reporting verb whose subject is a news outlet ("..., TASS reported", "state
  media said"), an outlet told ("told Reuters"), or "This was reported by TASS" add the outlet
  to the chain of the statements it reports (its own sentence, or, for an anaphoric "this",
  the sentence before). The chain runs speaker -> relaying outlets -> publishing outlet (the
  article's ``source``, else the agency of its dateline, "Moscow, MINA -").

Inside a direct quote, "we", "our country", "I" refer to the speaker: :func:`speaker_phrases`
adds those references so the events coded inside the quote get the speaker as source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..actors.resolve import PhraseActors
from ..model import Actor, Mention, Quote
from ..nlp import ParsedUnit, dateline_at, parse_units
from ..nlp.syntax import is_reporting_verb, subject_of

#: Nouns and agent codes that make an actor a news outlet.
MEDIA_WORDS = {"media", "agency", "newspaper", "television", "tv", "radio", "daily",
               "broadcaster", "outlet", "press", "channel", "website"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
SELF_NOUNS = {"country", "government", "nation", "state", "people", "side"}
_QUOTE_SPAN = re.compile(r'"([^"\n]{2,})"|“([^”\n]{2,})”')
#: The agency a dateline names: a short all-capital part after a comma ("Moscow, MINA – ")
#: or a name in brackets ("LONDON (Reuters) - ").
_DATELINE_AGENCY = re.compile(r",\s*([A-Z]{2,10})\s*(?:,|$)|\(([A-Z][A-Za-z. ]{1,38})\)")


@dataclass(slots=True)
class QuoteState:
    """What quotes carry across paragraphs of one article."""

    last_speaker: Actor | None = None


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


def _is_media(actor: Actor | None, text: str) -> bool:
    if actor is None:
        return False
    words = set(text.lower().split())
    parts = {actor.code[i:i + 3] for i in range(0, len(actor.code), 3)}
    return "MED" in parts or bool(words & MEDIA_WORDS)


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


def _reporting_verb(sentence, outside: range):
    """The reporting verb of a sentence outside the quoted characters (doc offsets)."""
    for token in sentence:
        if is_reporting_verb(token) and token.idx not in outside:
            return token
    return None


def find_quotes(unit: ParsedUnit, phrases: dict[int, PhraseActors],
                state: QuoteState) -> list[Quote]:
    """Direct and indirect quotes of one paragraph, with speakers and relay chains."""
    doc = unit.doc
    quotes: list[Quote] = []
    quoted_tokens: set[int] = set()
    for found in _QUOTE_SPAN.finditer(doc.text):
        group = 1 if found.group(1) is not None else 2
        start, end = found.start(group), found.end(group)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not any(t.pos_ in {"VERB", "AUX"} for t in span):
            continue  # scare quotes around a phrase ("ultra-liberal values") are no statement
        quoted_tokens.update(range(span.start, span.end))
        sentence = doc[span.start].sent
        verb = _reporting_verb(sentence, range(found.start(), found.end()))
        speaker = None
        if verb is not None:
            subject = subject_of(verb)[0]
            speaker = _actor_at(subject, phrases) if subject is not None else None
        if speaker is None and verb is None:
            speaker = state.last_speaker  # a quote continuing the previous speaker's
        if speaker is not None:
            state.last_speaker = speaker
        quotes.append(_quote(unit, sentence, start, end, speaker, verb, direct=True))
    for token in doc:
        if is_reporting_verb(token):
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            subject = subject_of(token)[0]
            if clause is None or subject is None or clause.i in quoted_tokens:
                continue
            speaker = _actor_at(subject, phrases)
            if speaker is None or _is_media(speaker, subject.text):
                continue  # "TASS reported" relays; it is not the speaker
            left, right = clause.left_edge, clause.right_edge
            quotes.append(_quote(unit, token.sent, left.idx, right.idx + len(right.text),
                                 speaker, token, direct=False))
        elif token.lower_ == "according" and token.i + 1 < len(doc) \
                and doc[token.i + 1].lower_ == "to":
            source = next((c for c in doc[token.i + 1].children if c.dep_ == "pobj"), None)
            speaker = _actor_at(source, phrases) if source is not None else None
            if speaker is None or _is_media(speaker, source.text):
                continue
            sentence = token.sent
            quotes.append(_quote(unit, sentence, sentence.start_char, sentence.end_char,
                                 speaker, token, direct=False))
    return _with_relays(unit, quotes, phrases)


def _quote(unit: ParsedUnit, sentence, start: int, end: int, speaker: Actor | None, verb,
           *, direct: bool) -> Quote:
    evidence = unit.evidence(sentence.start, sentence.end,
                             "rule:quote-direct" if direct else "rule:quote-indirect")
    return Quote(evidence, unit.article_char(start), unit.article_end(end), speaker,
                 verb.lemma_.lower() if verb is not None else None, direct,
                 (_name(speaker, unit),) if speaker is not None else ())


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
        if subject is not None and subject.dep_ == "nsubj":
            candidate = _actor_at(subject, phrases)
            if _is_media(candidate, " ".join(t.text for t in subject.subtree)):
                outlet = _name(candidate, unit)
            elif candidate is None and set(t.lower_ for t in subject.subtree) & MEDIA_WORDS:
                outlet = " ".join(t.text for t in subject.subtree)
        for target in _told_or_by(token):  # "told Reuters", "was reported by TASS"
            candidate = _actor_at(target, phrases)
            if _is_media(candidate, target.text):
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
        token = unit.span(quote.content_start, quote.content_end)
        outlets = relays.get(token.sent.start, []) if token is not None else []
        chain = list(quote.chain)
        chain.extend(outlet for outlet in outlets if outlet not in chain)
        updated.append(replace(quote, chain=tuple(chain)))
    return updated


def speaker_phrases(unit: ParsedUnit, quotes: list[Quote], phrases: dict[int, PhraseActors],
                    earlier: list[Mention]) -> list[Mention]:
    """Inside a direct quote, "we"/"I"/"our country" are the speaker: add them to
    ``phrases`` as references, so events coded in the quote get the speaker as their source,
    and return their mentions. The reference points back to the speaker's last mention before
    it (``earlier``: the article's mentions), or to none when the speaker is only named after
    the quote."""
    known = [*earlier, *(a.mention for p in phrases.values() for a in p.actors)]
    added: list[Mention] = []
    for quote in quotes:
        if not quote.direct or quote.speaker is None:
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
    named for any of them."""
    relays: dict[str, list[str]] = {}
    for quote in quotes:
        if quote.speaker is not None:
            known = relays.setdefault(quote.speaker.code, [])
            known.extend(name for name in quote.chain[1:] if name not in known)
    finished = []
    for quote in quotes:
        chain = list(quote.chain[:1])
        if quote.speaker is not None:
            chain.extend(name for name in relays[quote.speaker.code] if name not in chain)
        if publisher and publisher not in chain:
            chain.append(publisher)
        finished.append(replace(quote, chain=tuple(chain)))
    return finished

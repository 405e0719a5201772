"""The coder: article in, coded article out. The stages, in order:

1. ``ingest.check_text``  — reject empty, binary or oversized text (coded errors);
2. ``nlp``                — split at blank lines, parse each paragraph with spaCy;
3. ``discards``           — drop sentences (or the story) the discard dictionary names;
4. ``actors``             — dictionary mentions grouped by noun phrase, coded for the date;
5. ``quotes``             — speakers and relay chains; "we" in a quote is its speaker;
6. ``events``             — verb patterns + grammatical roles -> CAMEO/PLOVER events;
7. ``dates``              — temporal expressions; each event's date and background flag;
8. ``places``             — place names resolved offline, the dateline, each event's place;
9. ``quantities``, ``equipment`` — amounts with what they measure; weapons and platforms.

Each stage reads the records of the stages before it; nothing is kept between articles
except the loaded model and dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from .actors.resolve import ActorResolver, ArticleMemory, find_matches
from .attributes.dates import StoryDate, date_events, find_dates
from .attributes.equipment import find_equipment, load_equipment_tables
from .attributes.places import default_gazetteer, find_places, locate_events, not_actor_names
from .attributes.quantities import find_quantities, load_quantity_tables
from .attributes.quotes import (
    QuoteState,
    find_quotes,
    finish_chains,
    publisher_of,
    speaker_phrases,
)
from .dictionaries import Dictionaries, PhraseIndex, default_dictionaries
from .errors import ArticleError, AttacheError, ErrorCode
from .events.coder import CodingOptions, EventCoder
from .ingest.articles import DEFAULT_MAX_CHARS, check_text, new_article
from .model import Article, CodedArticle, Rejection, Sentence
from .nlp import ParsedUnit, load_nlp, parse_units, unit_text


class Coder:
    """Codes articles with one loaded model and dictionary set (reuse it: loading is the
    expensive part)."""

    def __init__(self, dictionaries: Dictionaries | None = None, nlp=None,
                 max_chars: int = DEFAULT_MAX_CHARS, options: CodingOptions | None = None,
                 attributes: bool = True):
        """``attributes=False`` codes actors and events only: no quotes, dates, places,
        quantities or equipment (faster; the benchmark's "core coder")."""
        self.dictionaries = dictionaries or default_dictionaries()
        self.nlp = nlp or load_nlp()
        self.max_chars = max_chars
        self.resolver = ActorResolver(self.dictionaries)
        self.events = EventCoder(self.dictionaries, options)
        self.attributes = attributes
        if attributes:
            self.gazetteer = default_gazetteer()
            self.quantity_tables = load_quantity_tables()
            self.equipment_tables = load_equipment_tables()
        self.discard_index = PhraseIndex()
        for discard_id, discard in enumerate(self.dictionaries.discards):
            self.discard_index.add(discard.phrase, discard_id)
        self.discard_index.finish()

    def code_article(self, article: Article) -> CodedArticle:
        """Code one article; raises :class:`ArticleError` when its text cannot be coded."""
        check_text(article.text, self.max_chars)
        units = parse_units(article.text)
        docs = self.nlp.pipe(unit_text(article.text, start, end) for start, end in units)
        return self._code_parsed(article, list(zip((s for s, _ in units), docs, strict=True)))

    def code_stream(self, items: Iterable[Article | Rejection],
                    batch_size: int = 16) -> Iterator[CodedArticle | Rejection]:
        """Code many articles, parsing them in batches; order is kept, Rejections pass
        through, and an article that fails becomes a Rejection instead of stopping the run."""
        batch: list[Article | Rejection] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Article | Rejection]) -> Iterator[CodedArticle | Rejection]:
        plans: list[tuple[Article | Rejection, list[tuple[int, int]]]] = []
        texts: list[str] = []
        for item in batch:
            if isinstance(item, Rejection):
                plans.append((item, []))
                continue
            try:
                check_text(item.text, self.max_chars)
            except ArticleError as error:
                plans.append((_rejection(item, error), []))
                continue
            units = parse_units(item.text)
            plans.append((item, units))
            texts.extend(unit_text(item.text, start, end) for start, end in units)
        docs = iter(self.nlp.pipe(texts))
        for item, units in plans:
            if isinstance(item, Rejection):
                yield item
                continue
            parsed = [(start, next(docs)) for start, _ in units]
            try:
                yield self._code_parsed(item, parsed)
            except AttacheError as error:
                yield _rejection(item, error)
            except (ValueError, IndexError, KeyError) as error:
                # A coder bug on one article must not stop a batch; keep the cause visible.
                yield Rejection(item.id, ErrorCode.E015.name,
                                ErrorCode.E015.value.format(problem=repr(error)))

    def _code_parsed(self, article: Article, parsed: list) -> CodedArticle:
        coded = CodedArticle(article)
        memory = ArticleMemory()
        quote_state = QuoteState()
        story = StoryDate()
        sentence_index = 0
        for offset, doc in parsed:
            unit = ParsedUnit(doc, article.id, article.text, offset)
            sentences = list(doc.sents)
            for number, sentence in enumerate(sentences):
                unit.sentence_of[sentence.start:sentence.end] = \
                    [sentence_index + number] * len(sentence)
                start, end = offset + sentence.start_char, offset + sentence.end_char
                coded.sentences.append(Sentence(article.id, sentence_index + number, start, end,
                                                article.text[start:end]))
            dropped, story_discard = self._discards(unit.words, sentences)
            if story_discard:
                coded.discarded = story_discard
                coded.events.clear()
                coded.mentions.clear()
                return coded
            phrases = self.resolver.resolve(unit, day=article.published, memory=memory)
            if self.attributes:
                quotes = find_quotes(unit, phrases, quote_state)
                speaker_phrases(unit, quotes, phrases, coded.mentions)
                coded.quotes.extend(quotes)
            for phrase in phrases.values():
                coded.mentions.extend(actor.mention for actor in phrase.actors)
            coded.mentions.extend(self.resolver.unknown_actors(unit, phrases))
            events = self.events.code_unit(unit, phrases, dropped)
            if self.attributes:
                events = self._attributes(unit, events, phrases, coded, story)
            coded.events.extend(events)
            sentence_index += len(sentences)
        coded.mentions.sort(key=lambda mention: mention.evidence.start)
        coded.quotes = finish_chains(coded.quotes, publisher_of(article.source, article.text))
        return coded

    def _attributes(self, unit: ParsedUnit, events: list, phrases, coded: CodedArticle,
                    story: StoryDate) -> list:
        """Dates, places, quantities and equipment of one paragraph; its events come back
        with their dates and places."""
        published = coded.article.published
        dates = find_dates(unit, published)
        coded.dates.extend(dates)
        events = date_events(unit, events, dates, published, story)
        places = not_actor_names(find_places(unit, self.gazetteer), phrases)
        coded.places.extend(places)
        events = locate_events(unit, events, places)
        coded.quantities.extend(find_quantities(unit, phrases, self.quantity_tables))
        coded.equipment.extend(find_equipment(unit, events, self.equipment_tables))
        return events

    def _discards(self, words: list[str], sentences) -> tuple[set[int], str | None]:
        """(numbers of the sentences a discard phrase drops, the story discard that hit)."""
        dropped: set[int] = set()
        for match in find_matches(words, self.discard_index, is_agent=False):
            discard = self.dictionaries.discards[match.entry_id]
            if discard.story:
                return dropped, discard.source
            dropped.update(n for n, s in enumerate(sentences) if s.start <= match.start < s.end)
        return dropped, None


def _rejection(article: Article, error: AttacheError) -> Rejection:
    return Rejection(article.id, error.code.name, error.message)


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    """A process-wide coder with the shipped dictionaries (built on first use)."""
    return Coder()


def code(text: str, published: date | str | None = None, *, article_id: str | None = None,
         title: str | None = None, source: str | None = None,
         url: str | None = None) -> CodedArticle:
    """Code one text: ``attache.code("...", published=date(2023, 1, 16))``."""
    article = new_article(text, article_id=article_id, title=title, published=published,
                          source=source, url=url)
    return default_coder().code_article(article)

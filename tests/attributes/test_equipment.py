"""Equipment: category nouns, designations and names, linked to the events around them
(real model, shipped table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from attache.attributes.equipment import (
    EQUIPMENT_FILE,
    find_equipment,
    load_equipment_tables,
)
from attache.datafiles import data_path
from attache.errors import DictionaryError, ErrorCode
from attache.ingest.articles import new_article
from attache.model import Equipment

PURCHASE = "Indonesia has purchased Su-35 fighter jets and Mi-17 helicopters from Russia."


def equipment(units_of, text: str, events=()) -> list[Equipment]:
    (unit,) = units_of(text)
    return find_equipment(unit, list(events))


def named(units_of, text: str) -> dict[str, tuple[str, str]]:
    return {item.evidence.text: (item.name, item.category) for item in equipment(units_of, text)}


def test_agency_story_purchase_links_to_its_event(coder, units_of):
    coded = coder.code_article(new_article(PURCHASE, article_id="a1"))
    [event] = [e for e in coded.events if PURCHASE[e.verb_start:e.verb_end] == "purchased"]
    jets, helicopters = equipment(units_of, PURCHASE, coded.events)
    assert (jets.evidence.text, jets.name, jets.category) == \
        ("Su-35 fighter jets", "Su-35 fighter jet", "aircraft")
    assert (helicopters.evidence.text, helicopters.name, helicopters.category) == \
        ("Mi-17 helicopters", "Mi-17 helicopter", "helicopter")
    assert jets.event_verbs == helicopters.event_verbs == (event.verb_start,)
    assert jets.evidence.start == PURCHASE.index("Su-35")
    assert jets.evidence.rule.startswith("equipment.tsv:")


def test_events_elsewhere_are_not_linked(coder, units_of):
    text = "Russia condemned the sanctions. Indonesia bought drones."
    coded = coder.code_article(new_article(text, article_id="a1"))
    [drones] = equipment(units_of, text, coded.events)
    first_sentence_end = text.index(".") + 1
    assert all(verb >= first_sentence_end for verb in drones.event_verbs)


@pytest.mark.parametrize(("text", "mention", "name", "category"), [
    ("Turkey bought S-400 missile systems.", "S-400 missile systems", "S-400 missile system",
     "missile"),
    ("Poland ordered T-90 tanks.", "T-90 tanks", "T-90 tank", "vehicle"),
    ("Poland ordered the F-16 last year.", "F-16", "F-16", "aircraft"),
    ("Ukraine fired Patriot missiles.", "Patriot missiles", "Patriot missile", "missile"),
    ("Rebels shot down two drones.", "drones", "drone", "drone"),
    ("Two frigates left port.", "frigates", "frigate", "ship"),
    ("MQ-9 Reaper drones flew overhead.", "MQ-9 Reaper drones", "MQ-9 Reaper drone", "drone"),
    ("An IED exploded.", "IED", "IED", "weapon"),
    ("They fired anti-ship missiles.", "anti-ship missiles", "anti-ship missile", "missile"),
    ("Soldiers carried assault rifles.", "assault rifles", "assault rifle", "weapon"),
])
def test_mentions(coder, units_of, text, mention, name, category):
    assert named(units_of, text)[mention] == (name, category)


@pytest.mark.parametrize("text", [
    "The think tank said jet fuel prices rose.",
    "Shell sold its oil tanks.",
    "The mine produced gold. A patriot stood at the door.",
    "She filed form S-1 with the regulator.",
])
def test_look_alikes_are_not_equipment(units_of, text):
    assert equipment(units_of, text) == []


def test_bad_table_row_is_e002_with_file_and_line(tmp_path: Path):
    path = tmp_path / EQUIPMENT_FILE
    lines = data_path("equipment", EQUIPMENT_FILE).read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines, "laser\tray gun\tnoun"]) + "\n", "utf-8")
    with pytest.raises(DictionaryError) as caught:
        load_equipment_tables(path)
    assert caught.value.code is ErrorCode.E002
    assert f"{EQUIPMENT_FILE}:{len(lines) + 1}:" in str(caught.value)
    path.write_text("laser\tweapon\tgadget\n", "utf-8")
    with pytest.raises(DictionaryError, match="role 'gadget'"):
        load_equipment_tables(path)


def test_custom_table_is_used(coder, units_of, tmp_path: Path):
    path = tmp_path / EQUIPMENT_FILE
    path.write_text("# test\nlaser cannon\tweapon\tnoun\n", "utf-8")
    text = "The ship fired its laser cannons."
    (unit,) = units_of(text)
    [item] = find_equipment(unit, [], load_equipment_tables(path))
    assert (item.evidence.text, item.category, item.evidence.rule) == \
        ("laser cannons", "weapon", f"{EQUIPMENT_FILE}:2")

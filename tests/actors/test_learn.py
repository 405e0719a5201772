"""Learning dated actors from descriptions: what counts as one, and how they add up."""

from __future__ import annotations

from datetime import date

import pytest

from attache.actors.learn import Description, descriptions, learn_actors
from attache.dictionaries import default_dictionaries


def _described(state_of, text: str) -> list[tuple[str, str]]:
    state = state_of(text, published=date(2021, 1, 5))
    return [(item.name, item.code) for item in descriptions(state, default_dictionaries())]


@pytest.mark.parametrize("text", [
    "Norwegian Foreign Minister Arvid Kellmann visited Berlin on Monday.",  # a title
    "Arvid Kellmann, Norway's foreign minister, visited Berlin on Monday.",  # an appositive
])
def test_a_title_or_an_appositive_describes_the_name(state_of, text):
    assert _described(state_of, text) == [("Arvid Kellmann", "NORGOV")]


def test_a_name_with_no_description_or_a_known_name_gives_none(state_of):
    assert _described(state_of, "Arvid Kellmann arrived in Berlin on Monday.") == []
    assert _described(state_of, "Russian Foreign Minister Sergey Lavrov arrived.") == []


def _item(name: str, code: str, day: date, article: str, label: str = "PERSON"
          ) -> Description:
    return Description(name, label, code, day, article, "Daily Test", f"the {code} {name}",
                       "rule")


def test_names_with_enough_articles_are_learned_with_a_surname_alias():
    found = [_item("Arvid Kellmann", "NORGOV", date(2020, 1, day), f"a{day}")
             for day in range(1, 4)]
    found.append(_item("Lena Brekke", "NORGOV", date(2020, 1, 1), "a1"))
    result = learn_actors(found, default_dictionaries(), min_evidence=3)
    assert [name.name for name in result.learned] == ["Arvid Kellmann"]
    assert result.too_few == 1
    (row,) = result.rows()
    assert (row.name, row.code, row.start, row.end, row.aliases) == (
        "Arvid Kellmann", "NORGOV", None, None, ("Kellmann",))
    assert "3 articles, 1 sources, 2020-01-01 to 2020-01-03" in row.note


def test_a_role_change_becomes_dated_segments():
    found = [_item("Arvid Kellmann", "NORGOV", date(2019, 5, day), f"m{day}")
             for day in range(1, 4)]
    found += [_item("Arvid Kellmann", "NORMIL", date(2020, 6, day), f"p{day}")
              for day in range(1, 3)]
    (learned,) = learn_actors(found, default_dictionaries(), min_evidence=3).learned
    first, second = learned.rows(("Kellmann",))
    assert (first.code, first.start, first.end) == ("NORGOV", None, date(2020, 5, 31))
    assert (second.code, second.start, second.end) == ("NORMIL", date(2020, 6, 1), None)


def test_overlapping_readings_are_a_conflict_not_a_guess():
    found = [_item("Arvid Kellmann", code, date(2020, 1, day), f"{code}{day}")
             for code in ("NORGOV", "SWEGOV") for day in range(1, 4)]
    result = learn_actors(found, default_dictionaries(), min_evidence=3)
    assert result.learned == [] and result.rows() == []
    (conflict,) = result.conflicts
    assert {reading.code for reading in conflict.readings} == {"NORGOV", "SWEGOV"}


def test_a_stray_description_is_outvoted():
    found = [_item("Arvid Kellmann", "NORGOV", date(2020, 1, day), f"a{day}")
             for day in range(1, 6)]
    found.append(_item("Arvid Kellmann", "SWEGOV", date(2020, 1, 3), "b"))
    (learned,) = learn_actors(found, default_dictionaries(), min_evidence=3).learned
    assert [reading.code for reading in learned.readings] == ["NORGOV"]


def test_a_surname_two_learned_people_share_or_a_dictionary_knows_is_no_alias():
    found = [_item(name, "NORGOV", date(2020, 1, day), f"{name}{day}")
             for name in ("Arvid Kellmann", "Lena Kellmann", "Tom Jordan")
             for day in range(1, 4)]
    result = learn_actors(found, default_dictionaries(), min_evidence=3)
    assert result.aliases == {"Arvid Kellmann": (), "Lena Kellmann": (), "Tom Jordan": ()}

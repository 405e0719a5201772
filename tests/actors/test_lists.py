"""Importing an external actor list (name, aliases, country, role, start, end)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from attache.actors.lists import import_actor_list, role_codes
from attache.dictionaries.user import load_actor_csv, write_actor_rows
from attache.errors import ErrorCode, InputError

LEADERS = Path(__file__).parent.parent / "data" / "leaders.csv"


def test_roles_become_agent_codes_after_the_country():
    rows = import_actor_list(LEADERS)
    assert [(row.name, row.code, row.start, row.end) for row in rows] == [
        ("Arvid Kellmann", "NORGOV", date(2015, 1, 1), date(2019, 12, 31)),
        ("Arvid Kellmann", "NORGOV", date(2020, 1, 1), None),
        ("Borealis Front", "NORREB", None, None),
        ("Lena Brekke", "KSVGOV", date(2018, 3, 1), None),  # ISO XKX is CAMEO KSV
    ]
    assert rows[0].aliases == ("Kellmann", "A. Kellmann")
    assert rows[0].note == "minister, imported from leaders.csv:2"


def test_the_imported_rows_load_as_a_user_dictionary(tmp_path):
    path = tmp_path / "leaders.actors.csv"
    path.write_text(write_actor_rows(import_actor_list(LEADERS)), encoding="utf-8")
    kellmann = load_actor_csv(path)[0]
    assert kellmann.code_on(date(2016, 1, 1)) == kellmann.code_on(date(2021, 1, 1)) == "NORGOV"
    assert ("A.", "KELLMANN") in kellmann.phrases


def test_the_role_table_covers_the_usual_roles():
    assert {"head of state", "head of government", "minister", "military", "party",
            "rebel group"} <= set(role_codes())


@pytest.mark.parametrize(("row", "words"), [
    ("Arvid Kellmann,,NOR,wizard,,", "unknown role 'wizard'"),
    ("Arvid Kellmann,,Norway,minister,,", "'Norway' is not an ISO 3166 alpha-3"),
    ("Arvid Kellmann,,NOR,minister,1 May 2020,", "start '1 May 2020' is not an ISO date"),
    (",,NOR,minister,,", "the name is empty"),
])
def test_a_bad_row_names_file_and_line(tmp_path, row, words):
    path = tmp_path / "list.csv"
    path.write_text("name,aliases,country,role,start,end\nOk,,NOR,minister,,\n" + row + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_actor_list(path)
    assert caught.value.code is ErrorCode.E047
    assert "list.csv:3:" in str(caught.value) and words in str(caught.value)

"""Turn an external list of office holders into a user actors CSV.

The list is a CSV in the shape of a Wikidata or EveryPolitician export: one row per person
(or party, group) and role, with the columns ``name``, ``aliases`` (``;``-separated),
``country`` (ISO 3166 alpha-3), ``role``, ``start`` and ``end`` (ISO dates, may be empty).
The role gives the CAMEO agent code that follows the country code (a minister of Iran is
IRNGOV, a rebel group of Yemen YEMREB): the table is data,
``attache/data/dictionaries/roles.tsv``. Every problem is an E047 error naming file and line.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path, read_table
from ..dictionaries.user import ActorRow, dates_and_aliases, read_header, row_values
from ..errors import ErrorCode, InputError
from ..events.tables import country_codes, iso3_to_cameo

#: The columns of an actor list; name, country and role are required.
LIST_COLUMNS = ("name", "aliases", "country", "role", "start", "end")
REQUIRED_LIST_COLUMNS = ("name", "country", "role")


def role_key(role: str) -> str:
    """A role as the table is looked up: lower case, spaces for ``-`` and ``_``."""
    return " ".join(re.sub(r"[-_]", " ", role.lower()).split())


@lru_cache(maxsize=1)
def role_codes() -> dict[str, str]:
    """Role -> CAMEO agent code, from the shipped table."""
    return {role_key(row.fields[0]): row.fields[1]
            for row in read_table(data_path("dictionaries", "roles.tsv"), 3)}


def _fail(path: Path, line: int, problem: str) -> InputError:
    return InputError(ErrorCode.E047, path=path.name, line=line, problem=problem)


def import_actor_list(path: Path) -> list[ActorRow]:
    """The actors CSV rows of an external list (see the module's docstring)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise _fail(path, 0, str(error)) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    read_header(reader, path, REQUIRED_LIST_COLUMNS, LIST_COLUMNS, _fail)
    roles, countries, cameo = role_codes(), country_codes(), iso3_to_cameo()
    rows = []
    for record in reader:
        line = reader.line_num
        values = row_values(record, path, line, REQUIRED_LIST_COLUMNS, _fail)
        if values is None:
            continue
        country = values["country"].upper()
        country = cameo.get(country, country)
        if country not in countries:
            raise _fail(path, line, f"'{values['country']}' is not an ISO 3166 alpha-3 "
                                    "country code")
        agent = roles.get(role_key(values["role"]))
        if agent is None:
            raise _fail(path, line, f"unknown role '{values['role']}' (known: "
                                    f"{', '.join(sorted(roles))})")
        start, end, aliases = dates_and_aliases(values, path, line, _fail)
        rows.append(ActorRow(values["name"], country + agent, start, end, aliases,
                             f"{values['role']}, imported from {path.name}:{line}"))
    return rows

"""Quantities: money with currency, scale, measure, year and actors; counts of people
(real model, shipped tables)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from attache.attributes.quantities import (
    CURRENCY_FILE,
    MEASURE_FILE,
    PEOPLE_FILE,
    SCALE_FILE,
    find_quantities,
    load_quantity_tables,
    parse_number,
)
from attache.datafiles import data_path
from attache.errors import DictionaryError, ErrorCode
from attache.model import Quantity

TRADE = ("Bilateral trade between Indonesia and Russia reached $2.7 billion in 2019, "
         "according to Russian data.")


def quantities(state_of, text: str) -> list[Quantity]:
    state = state_of(text, published=date(2023, 1, 16))
    return [quantity for unit, phrases in zip(state.units, state.phrases, strict=True)
            for quantity in find_quantities(unit, phrases)]


def by_text(state_of, text: str) -> dict[str, Quantity]:
    return {quantity.evidence.text: quantity for quantity in quantities(state_of, text)}


def test_agency_story_trade(coder, state_of, units_of):
    found = by_text(state_of, TRADE)
    trade = found["$2.7 billion"]
    assert trade.value == 2.7e9
    assert (trade.unit, trade.kind) == ("USD", "money")
    assert trade.measures == "bilateral trade"
    assert trade.year == 2019
    assert set(trade.actors) == {"IDN", "RUS"}
    assert trade.evidence.start == TRADE.index("$2.7 billion")
    assert trade.evidence.rule.startswith("rule:money-currency-first+measures.tsv:")


def test_agency_story_in_the_pipeline_text(coder, state_of, units_of, agency_story):
    """The same sentence inside the real story: offsets are article offsets."""
    text = agency_story.text
    start = text.index("Bilateral trade")
    end = text.index("data.", start) + len("data.")
    state = coder.process(agency_story)
    [money] = [q for q in state.coded.quantities
               if q.kind == "money" and start <= q.evidence.start < end]
    assert text[money.evidence.start:money.evidence.end] == "$2.7 billion"
    assert money.year == 2019


@pytest.mark.parametrize(("text", "amount", "value", "code"), [
    ("The company will invest 100 mln dlrs a year in the plant.", "100 mln dlrs", 1e8, "USD"),
    ("The EU pledged €5m in humanitarian aid to Syria.", "€5m", 5e6, "EUR"),
    ("Germany will pay 5 billion euros in compensation.", "5 billion euros", 5e9, "EUR"),
    ("India approved Rs 40 crore for the project.", "Rs 40 crore", 4e8, "INR"),
    ("Britain agreed a loan of 50 mln stg to Egypt.", "50 mln stg", 5e7, "GBP"),
    ("Japan lent 1.5 billion yen to the firm.", "1.5 billion yen", 1.5e9, "JPY"),
    ("The deal was worth 200 mln Canadian dlrs.", "200 mln Canadian dlrs", 2e8, "CAD"),
    ("The bank paid a dividend of 18 cts a share.", "18 cts", 0.18, "USD"),
    ("Sales were 67.1 mln dlrs.", "67.1 mln dlrs", 67.1e6, "USD"),
])
def test_money_forms(coder, state_of, units_of, text, amount, value, code):
    money = by_text(state_of, text)[amount]
    assert (money.kind, money.unit) == ("money", code)
    assert money.value == pytest.approx(value)
    assert money.value == float(f"{value:.12g}")  # no 67099999.99999999


def test_ambiguous_currency_word_needs_a_scale(coder, state_of, units_of):
    found = by_text(state_of, "The parcel weighed 200 pounds. The fund lost 20 mln pounds.")
    assert [q for q in found.values() if q.kind == "money"] == [found["20 mln pounds"]]
    assert found["20 mln pounds"].unit == "GBP"


@pytest.mark.parametrize(("text", "measures", "actors"), [
    ("Saudi Arabia signed a $15 billion arms deal with the United States.", "arms deal",
     {"SAU", "USA"}),
    ("The EU pledged €5m in humanitarian aid to Syria.", "humanitarian aid", {"SYR"}),
    ("Britain agreed a loan of 50 mln stg to Egypt in 1987.", "loan", {"GBR", "EGY"}),
])
def test_measures_and_actors(coder, state_of, units_of, text, measures, actors):
    [money] = [q for q in quantities(state_of, text) if q.kind == "money"]
    assert money.measures == measures
    assert actors <= set(money.actors)


def test_year_only_when_tied_to_the_amount(coder, state_of, units_of):
    [loan] = [q for q in quantities(state_of, "Britain agreed a loan of 50 mln stg to Egypt in "
                                           "1987.") if q.kind == "money"]
    assert loan.year == 1987
    [plain] = [q for q in quantities(state_of, "In a speech, he said the plant cost 5 mln dlrs.")
               if q.kind == "money"]
    assert plain.year is None


@pytest.mark.parametrize(("text", "amount", "value", "unit"), [
    ("Police killed 12 people in the capital.", "12", 12, "killed"),
    ("At least 200 protesters were arrested on Sunday.", "At least 200", 200, "arrested"),
    ("Russia sent 4,000 troops to the border.", "4,000", 4000, "troops"),
    ("The camp took in 1,000 refugees.", "1,000", 1000, "refugees"),
    ("At least 200 protesters marched through the city.", "At least 200", 200, "protesters"),
    ("Twelve people died in the fire.", "Twelve", 12, "killed"),
    ("The attack left 30 people dead.", "30", 30, "killed"),
])
def test_people(coder, state_of, units_of, text, amount, value, unit):
    people = by_text(state_of, text)[amount]
    assert (people.kind, people.unit, people.value) == ("people", unit, value)


def test_people_actors_from_the_counted_phrase(coder, state_of, units_of):
    troops = by_text(state_of, "Russia deployed 4,000 Russian troops.")["4,000"]
    assert any(code.startswith("RUS") for code in troops.actors)


def test_counts_percent_and_measures(coder, state_of, units_of):
    found = by_text(state_of, "Iraqi forces destroyed four vehicles. Output rose 5.5 pct to "
                           "1.5 mln tonnes.")
    assert (found["four"].kind, found["four"].unit, found["four"].value) == \
        ("count", "vehicle", 4)
    assert (found["5.5"].kind, found["5.5"].unit) == ("percent", "%")
    tonnes = found["1.5 mln tonnes"]
    assert (tonnes.kind, tonnes.unit, tonnes.value) == ("measure", "tonne", 1.5e6)


def test_not_counts(coder, state_of, units_of):
    found = by_text(state_of, "A three-man board met on Feb 26 and said profit was 779 mln.")
    assert not [q for q in found.values() if q.kind in {"count", "people"}]


@pytest.mark.parametrize(("text", "value"), [
    ("4,000", 4000), ("at least 200", 200), ("1.5 million", 1.5e6), ("twenty-five", 25),
    ("twenty five", 25), ("three hundred", 300), ("3,000 to 5,000", 3000), ("two dozen", 24),
    ("none", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_nothing_in_plain_text(coder, state_of, units_of):
    assert quantities(state_of, "The minister met his counterpart in Moscow.") == []


def copy_tables(tmp_path: Path) -> Path:
    for name in (CURRENCY_FILE, SCALE_FILE, MEASURE_FILE, PEOPLE_FILE):
        (tmp_path / name).write_text(data_path("quantities", name).read_text("utf-8"), "utf-8")
    return tmp_path


@pytest.mark.parametrize(("name", "line", "problem"), [
    (CURRENCY_FILE, "dollars\tusd\tafter", "three capitals"),
    (CURRENCY_FILE, "dollars\tUSD\tbeside", "before, after or both"),
    (CURRENCY_FILE, "dollars\tUSD", "tab-separated fields"),
    (SCALE_FILE, "gazillion\tmany", "positive number"),
    (PEOPLE_FILE, "soldier\tsoldiers", "is not one of"),
    (PEOPLE_FILE, "soldier\ttroops\tsubject", "only a verb"),
    (MEASURE_FILE, "trade", "tab-separated fields"),
])
def test_bad_table_row_is_e002_with_file_and_line(tmp_path, name, line, problem):
    folder = copy_tables(tmp_path)
    path = folder / name
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([*lines, line]) + "\n", "utf-8")
    with pytest.raises(DictionaryError) as caught:
        load_quantity_tables(folder)
    assert caught.value.code is ErrorCode.E002
    assert f"{name}:{len(lines) + 1}:" in str(caught.value)
    assert problem in str(caught.value)


def test_custom_tables_are_used(coder, state_of, units_of, tmp_path):
    folder = copy_tables(tmp_path)
    with (folder / CURRENCY_FILE).open("a", encoding="utf-8") as table:
        table.write("zorkmids\tZRK\tafter\n")
    tables = load_quantity_tables(folder)
    text = "The wizard paid 40 zorkmids."
    (unit,) = units_of(text)
    [money] = [q for q in find_quantities(unit, {}, tables) if q.kind == "money"]
    assert (money.unit, money.value) == ("ZRK", 40)

import dataclasses
from datetime import date
from types import SimpleNamespace

import pytest

from attache.dictionaries.actors import ActorEntry, DatedCode
from attache.errors import AttacheError, ErrorCode
from attache.query import (
    EVENT_COLUMNS,
    actor_profile,
    list_actors,
    list_articles,
    list_quantities,
    list_quotes,
    search,
)

LEADER = ActorEntry(
    "IVAN_GENERALOV",
    "test.actors.txt:7",
    [
        DatedCode("RUSMIL", date(2000, 5, 7), date(2008, 5, 7)),
        DatedCode("RUSGOV", date(2008, 5, 8), None),
    ],
)
COUNTRY = ActorEntry("RUSSIA", "test.actors.txt:1", [DatedCode("RUS")])
DICTIONARIES = SimpleNamespace(version="test-catalog", actors=[COUNTRY, LEADER])


def _with_entry(coded, code: str, entry: str):
    """``coded`` with the mentions of ``code`` (and its event actors) naming ``entry``."""

    def fix(mention):
        return dataclasses.replace(mention, entry=entry) if mention.code == code else mention

    coded.mentions = [fix(mention) for mention in coded.mentions]
    return coded


@pytest.fixture
def filled(store, make_coded):
    """Three dated articles and one undated one; RUSMIL mentions name a test entry."""
    c1 = make_coded(
        "c1",
        published=date(2020, 1, 1),
        events=[("RUSMIL", "190", "UKRMIL", "asserted"), ("USAGOV", "122", "RUSMIL", "asserted")],
    )
    store.write(_with_entry(_with_entry(c1, "RUSMIL", "test.actors.txt:7"),
                            "USAGOV", "test.actors.txt:1"))
    store.write(
        make_coded(
            "c2",
            text="Ukrainian officials met 50%_of the delegates in Kyiv. They said so.",
            published=date(2020, 2, 1),
            events=[
                ("UKRGOV", "0431", "RUSMIL", "asserted"),
                ("RUSMIL", "138", "USA", "hypothetical"),
            ],
            title="Talks in Kyiv",
        )
    )
    store.write(
        make_coded(
            "c3",
            published=date(2020, 3, 1),
            events=[("RUSMIL", "190", "RUSMIL", "asserted")],
        )
    )
    store.write(make_coded("c4", published=None, events=[("CHN", "0431", "USA", "asserted")]))
    return store


def test_list_articles_newest_first_with_event_counts(filled):
    rows = list_articles(filled)
    assert [row["id"] for row in rows] == ["c3", "c2", "c1", "c4"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["c2"]["events"] == 1 and by_id["c2"]["all_events"] == 2
    assert by_id["c2"]["title"] == "Talks in Kyiv"
    assert set(rows[0]) == {"id", "title", "published", "source", "url", "events",
                            "all_events", "discarded"}


def test_list_articles_dates_and_pages(filled):
    dated = list_articles(filled, since=date(2020, 1, 15), until="2020-02-28")
    assert [row["id"] for row in dated] == ["c2"]
    assert [row["id"] for row in list_articles(filled, limit=2, offset=1)] == ["c2", "c1"]
    assert list_articles(filled, limit=0) == []


@pytest.mark.parametrize(
    "arguments", [{"limit": -1}, {"offset": -1}, {"limit": "5"}, {"limit": True},
                  {"offset": 2**70}],
)
def test_bad_pages_are_e011(filled, arguments):
    with pytest.raises(AttacheError) as raised:
        list_articles(filled, **arguments)
    assert raised.value.code is ErrorCode.E011


def test_bad_date_is_e009(filled):
    with pytest.raises(AttacheError) as raised:
        list_articles(filled, since="last week")
    assert raised.value.code is ErrorCode.E009


def test_list_actors_counts_each_event_once_per_actor(filled):
    rows = list_actors(filled)
    by_code = {row["code"]: row for row in rows}
    # c1: two events, c2: one plain, c3: one acting on itself (counted once).
    assert by_code["RUSMIL"] == {"code": "RUSMIL", "events": 4, "mentions": 4, "articles": 3}
    assert by_code["USA"] == {"code": "USA", "events": 1, "mentions": 1, "articles": 1}
    assert rows[0]["code"] == "RUSMIL"
    assert [row["events"] for row in rows] == sorted((row["events"] for row in rows),
                                                     reverse=True)


def test_list_actors_prefix_and_pages(filled):
    assert [row["code"] for row in list_actors(filled, prefix="us")] == ["USA", "USAGOV"]
    first, second = list_actors(filled, limit=1), list_actors(filled, limit=1, offset=1)
    assert first + second == list_actors(filled, limit=2)
    with pytest.raises(AttacheError):
        list_actors(filled, prefix="   ")


def test_actor_profile(filled):
    profile = actor_profile(filled, "rusmil", dictionaries=DICTIONARIES)
    assert profile["code"] == "RUSMIL" and profile["country"] == "RUS"
    assert profile["events"] == 4 and profile["articles"] == 3
    assert {"text": "Russian", "count": 2} in profile["names"]
    counts = [name["count"] for name in profile["names"]]
    assert counts == sorted(counts, reverse=True)
    (role,) = profile["roles"]
    assert role["name"] == "IVAN_GENERALOV" and role["source"] == "test.actors.txt:7"
    assert role["codes"] == [
        {"code": "RUSMIL", "start": "2000-05-07", "end": "2008-05-07"},
        {"code": "RUSGOV", "start": "2008-05-08", "end": None},
    ]
    assert role["mentions"] == 3  # two actor mentions and a reference back
    partners = {row["actor"]: row for row in profile["top_partners"]}
    assert partners["UKRMIL"] == {"actor": "UKRMIL", "events": 1, "mentions": 1,
                                  "mean_goldstein": -10.0}
    assert partners["RUSMIL"]["events"] == 1  # acting on itself, counted once
    assert partners["USAGOV"]["mean_goldstein"] == 1.5
    recent = profile["recent_events"]
    assert [row["published"] for row in recent] == [
        "2020-03-01", "2020-02-01", "2020-01-01", "2020-01-01"
    ]
    assert set(recent[0]) == set(EVENT_COLUMNS)


def test_actor_profile_roles_need_the_code_and_limits_apply(filled):
    # The USAGOV mentions name the RUSSIA entry, whose codes never give USAGOV: no role.
    profile = actor_profile(filled, "USAGOV", dictionaries=DICTIONARIES, partners=0, recent=1)
    assert profile["roles"] == [] and profile["top_partners"] == []
    assert len(profile["recent_events"]) == 1


def test_actor_profile_of_unknown_code_is_none(filled):
    assert actor_profile(filled, "ZZZ", dictionaries=DICTIONARIES) is None
    with pytest.raises(AttacheError):
        actor_profile(filled, "", dictionaries=DICTIONARIES)
    with pytest.raises(AttacheError):
        actor_profile(filled, "RUS", dictionaries=DICTIONARIES, partners=-1)


def test_list_quotes_decodes_chain(filled):
    rows = list_quotes(filled)
    assert [row["article_id"] for row in rows] == ["c1", "c2", "c3", "c4"]
    quote = rows[0]
    assert quote["chain"] == ["State Department", "Reuters"]
    assert quote["direct"] is False and quote["speaker_code"] == "USAGOV"
    assert quote["content"] == quote["evidence_text"][: quote["content_end"]]
    assert len(list_quotes(filled, speaker="usa", article_id="c2")) == 1
    assert list_quotes(filled, speaker="CHN") == []
    assert [row["article_id"] for row in list_quotes(filled, limit=2, offset=2)] == ["c3", "c4"]


def test_list_quantities_decodes_actors_and_filters(filled):
    rows = list_quantities(filled)
    assert len(rows) == 4 and rows[0]["actors"] == ["RUSMIL", "UKR"]
    assert rows[0]["kind"] == "people" and rows[0]["value"] == 3.0
    assert len(list_quantities(filled, kind="people", actor="ukr")) == 4
    assert list_quantities(filled, actor="MIL") == []  # a prefix, not a substring
    assert list_quantities(filled, kind="money") == []
    assert [row["article_id"] for row in list_quantities(filled, article_id="c3")] == ["c3"]
    with pytest.raises(AttacheError) as raised:
        list_quantities(filled, kind="furlongs")
    assert raised.value.code is ErrorCode.E011


def test_search_finds_articles_and_events_case_insensitively(filled):
    found = search(filled, "KYIV")
    assert [row["id"] for row in found["articles"]] == ["c2"]
    hit = found["articles"][0]
    assert hit["snippet"][hit["match_start"] - hit["snippet_start"]:].startswith("Kyiv")
    assert [row["article_id"] for row in found["events"]] == ["c2"]
    assert set(found["events"][0]) == set(EVENT_COLUMNS)


def test_search_matches_title_only_articles(filled):
    found = search(filled, "talks in")
    assert [row["id"] for row in found["articles"]] == ["c2"]
    assert found["articles"][0]["match_start"] is None


def test_search_escapes_like_wildcards(filled):
    assert [row["id"] for row in search(filled, "50%_of")["articles"]] == ["c2"]
    assert search(filled, "troops%")["articles"] == []  # '%' is literal, not "anything"
    assert search(filled, "t_oops")["articles"] == []  # '_' is literal, not one character
    assert search(filled, "\\")["articles"] == []


def test_search_pages_and_validation(filled):
    everything = search(filled, "troops")
    assert len(everything["articles"]) == 3
    page = search(filled, "troops", limit=1, offset=1)
    assert page["articles"] == everything["articles"][1:2]
    for bad in ("", "   ", "x" * 201):
        with pytest.raises(AttacheError) as raised:
            search(filled, bad)
        assert raised.value.code is ErrorCode.E011


def test_catalog_works_on_a_read_only_store(filled, tmp_path):
    from attache.store import open_store

    filled.close()
    with open_store(tmp_path / "test.sqlite", read_only=True) as reader:
        assert len(list_articles(reader)) == 4
        assert list_actors(reader)[0]["code"] == "RUSMIL"


def test_list_actors_over_parquet(filled, tmp_path):
    from attache.query import open_events
    from attache.store import parquet

    coded = [filled.article(article_id) for article_id in ("c1", "c2", "c3", "c4")]
    parquet.write_results(parquet.prepare(tmp_path / "out"), coded, "test-0")
    with open_events(tmp_path / "out") as source:
        assert list_actors(source) == list_actors(filled)


def test_reports_of_one_event_count_once(filled, tmp_path):
    """Events linked into one cluster (the reports of one event by several articles)
    count once in ``events`` and each in ``mentions``."""
    import sqlite3

    filled.close()
    with sqlite3.connect(tmp_path / "test.sqlite") as connection:
        connection.execute(
            "UPDATE events SET cluster_id = 'k1' WHERE cameo_code = '190' AND modality = 'asserted'"
        )
    from attache.store import open_store

    with open_store(tmp_path / "test.sqlite", read_only=True) as reader:
        by_code = {row["code"]: row for row in list_actors(reader)}
        assert by_code["RUSMIL"] == {"code": "RUSMIL", "events": 3, "mentions": 4, "articles": 3}
        profile = actor_profile(reader, "RUSMIL", dictionaries=DICTIONARIES)
        assert (profile["events"], profile["mentions"]) == (3, 4)
        partners = {row["actor"]: row for row in profile["top_partners"]}
        # The attack on UKRMIL and the one on itself are one cluster: once per partner.
        assert partners["UKRMIL"]["events"] == 1 and partners["RUSMIL"]["events"] == 1
        assert {row["cluster_id"] for row in profile["recent_events"]} >= {"k1"}

"""Actor, agent, discard and issue dictionaries, built by hand in temporary files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from attache.dictionaries.actors import load_actors, load_agents, load_discards, load_issues


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def by_name(entries):
    return {entry.name: entry for entry in entries}


# -- actors -------------------------------------------------------------------------------


def test_plus_lines_are_synonyms_of_the_entry_above(tmp_path):
    path = write(tmp_path, "t.actors.txt", (
        "# a comment line\n"
        "SERGEY_LAVROV_ [RUSGOV]\n"
        "+LAVROV_\n"
        "+SERGEI_LAVROV_\n"
        "HAMAS [PSEREBHMS]\n"
    ))
    entries = load_actors(path)
    assert [entry.name for entry in entries] == ["SERGEY_LAVROV", "HAMAS"]
    lavrov = entries[0]
    assert lavrov.phrases == [("SERGEY", "LAVROV"), ("LAVROV",), ("SERGEI", "LAVROV")]
    assert lavrov.source == "t.actors.txt:2"
    assert [code.code for code in lavrov.codes] == ["RUSGOV"]


def test_names_of_a_block_share_the_codes_that_end_it(tmp_path):
    path = write(tmp_path, "t.actors.txt", (
        "PRESIDENT_OF_FREEDONIA_\n"
        "FREEDONIAN_LEADER_\n"
        "RUFUS_FIREFLY_\n"
        "    [FREGOV]\n"
        "SYLVANIA_ [SYL]\n"
    ))
    entries = load_actors(path)
    assert len(entries) == 2
    block = entries[0]
    assert block.phrases == [("PRESIDENT", "OF", "FREEDONIA"), ("FREEDONIAN", "LEADER"),
                             ("RUFUS", "FIREFLY")]
    assert block.code_on(None) == "FREGOV"
    assert entries[1].phrases == [("SYLVANIA",)]
    assert entries[1].code_on(None) == "SYL"


def test_date_restricted_codes_resolve_by_date(tmp_path):
    path = write(tmp_path, "t.actors.txt", (
        "VLADIMIR_PUTIN_\n"
        "    [RUSELI 19940922-19991231]\n"
        "    [RUSGOV 20000101-20080507]\n"
        "    [RUSGOVPRM 080508-120506]\n"   # yymmdd: 08 and 12 are 2008 and 2012
        "    [RUSGOV >20120507]\n"
        "SOMEONE_ [ABCELI <19891231]\n"
        "+SOMEONE_ELSE_ [ABC]\n"
    ))
    putin, someone = load_actors(path)
    assert putin.code_on(date(1995, 6, 1)) == "RUSELI"
    assert putin.code_on(date(2004, 3, 9)) == "RUSGOV"
    assert putin.code_on(date(2010, 1, 1)) == "RUSGOVPRM"
    assert putin.code_on(date(2008, 5, 8)) == "RUSGOVPRM"  # range ends are inclusive
    assert putin.code_on(date(2012, 5, 6)) == "RUSGOVPRM"
    assert putin.code_on(date(2020, 1, 1)) == "RUSGOV"
    assert putin.code_on(date(1990, 1, 1)) is None  # no dated code and no undated one
    assert putin.code_on(None) == "RUSGOV"  # no date known: the open-ended (current) code
    assert someone.code_on(date(1980, 1, 1)) == "ABCELI"
    assert someone.code_on(date(2000, 1, 1)) == "ABC"  # the undated code is the fallback


def test_two_digit_years_split_at_50(tmp_path):
    path = write(tmp_path, "t.actors.txt", (
        "OLD_ENTRY_ [XXX 940922-040712]\n"
        "LATER_ENTRY_ [YYY >500101]\n"
        "EARLIER_ENTRY_ [ZZZ >510101]\n"
    ))
    old, later, earlier = load_actors(path)
    assert (old.codes[0].start, old.codes[0].end) == (date(1994, 9, 22), date(2004, 7, 12))
    assert later.codes[0].start == date(2050, 1, 1)
    assert earlier.codes[0].start == date(1951, 1, 1)


def test_automatic_plurals_and_the_underscore_that_turns_them_off(tmp_path):
    path = write(tmp_path, "t.actors.txt", (
        "REBEL_ARMY [REB]\n"
        "MILITIA [MIL]\n"
        "POLICE_BOX [COP]\n"
        "KANSAS_ [USA]\n"
    ))
    entries = by_name(load_actors(path))
    assert entries["REBEL_ARMY"].phrases == [("REBEL", "ARMY"), ("REBEL", "ARMIES")]
    assert entries["MILITIA"].phrases == [("MILITIA",), ("MILITIAS",)]
    assert entries["POLICE_BOX"].phrases == [("POLICE", "BOX"), ("POLICE", "BOXES")]
    assert entries["KANSAS"].phrases == [("KANSAS",)]


# -- agents -------------------------------------------------------------------------------


def test_person_markers_expand_to_every_value(tmp_path):
    path = write(tmp_path, "t.agents.txt", (
        "!PERSON! = MAN, WOMAN\n"
        "!MINISTER! = MINISTER, SECRETARY\n"
        "CONGRESS!PERSON! [~LEG]\n"
        "FOREIGN_!MINISTER! [~GOV]\n"
    ))
    congress, foreign = load_agents(path)
    assert congress.phrases == (("CONGRESSMAN",), ("CONGRESSWOMAN",))
    assert foreign.phrases == (("FOREIGN", "MINISTER"), ("FOREIGN", "SECRETARY"))
    assert (congress.code, foreign.code) == ("LEG", "GOV")


def test_braces_give_explicit_plurals_and_empty_braces_none(tmp_path):
    path = write(tmp_path, "t.agents.txt", (
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n"
        "POLICE {} [~COP]\n"
        "SOLDIER [~MIL]\n"
        "ACTIVIST_ [~ACT]\n"
    ))
    attorney, police, soldier, activist = load_agents(path)
    assert attorney.phrases == (("ATTORNEY", "GENERAL"), ("ATTORNEYS", "GENERAL"))
    assert police.phrases == (("POLICE",),)
    assert soldier.phrases == (("SOLDIER",), ("SOLDIERS",))
    assert activist.phrases == (("ACTIVIST",),)


def test_tilde_side_says_where_the_agent_code_goes(tmp_path):
    path = write(tmp_path, "t.agents.txt", "PRESIDENT [~GOV]\nEX_REBEL [REB~]\n")
    president, ex_rebel = load_agents(path)
    assert (president.code, president.before) == ("GOV", False)  # ~GOV: after the actor
    assert (ex_rebel.code, ex_rebel.before) == ("REB", True)  # REB~: before it
    assert president.source == "t.agents.txt:1"


def test_an_agent_without_code_takes_the_next_one(tmp_path):
    path = write(tmp_path, "t.agents.txt", "TROOPER\nSOLDIER [~MIL]\n")
    (agent,) = load_agents(path)
    assert set(agent.phrases) == {("SOLDIER",), ("SOLDIERS",), ("TROOPER",), ("TROOPERS",)}


# -- discards and issues --------------------------------------------------------------------


def test_discards_plus_drops_the_story(tmp_path):
    path = write(tmp_path, "t.discards.txt", "# sports\nWORLD_CUP\n+FOOTBALL_MATCH\n+1914\n")
    cup, match, year = load_discards(path)
    assert (cup.phrase, cup.story) == (("WORLD", "CUP"), False)
    assert (match.phrase, match.story) == (("FOOTBALL", "MATCH"), True)
    assert (year.phrase, year.story) == (("1914",), True)
    assert match.source == "t.discards.txt:3"


def test_issue_blocks_give_their_category(tmp_path):
    path = write(tmp_path, "t.issues.txt", (
        '<ISSUE CATEGORY="ECONOMY" TYPE="ALL">\n'
        "n:inflation\n"
        "free trade [FREE_TRADE]\n"
        "~trade wind\n"
        "</ISSUE>\n"
        '<ISSUE CATEGORY="HEALTH" TYPE="ALL">\n'
        "health+care [HEALTHCARE]\n"
        "ebola outbreak\n"
        "</ISSUE>\n"
    ))
    issues = load_issues(path)
    assert [(i.phrase, i.issue, i.category) for i in issues] == [
        (("INFLATION",), "ECONOMY", "ECONOMY"),
        (("FREE", "TRADE"), "FREE_TRADE", "ECONOMY"),
        (("HEALTH", "CARE"), "HEALTHCARE", "HEALTH"),
        (("EBOLA", "OUTBREAK"), "HEALTH", "HEALTH"),
    ]
    assert issues[1].source == "t.issues.txt:3"


def test_a_comment_glued_to_a_code_is_still_a_comment(tmp_path):
    path = tmp_path / "t.actors.txt"
    path.write_text("ARAB_LEAGUE_\t[IGOMEAARL]# NGO_Actors\nCOVEN_ [###]\n", encoding="utf-8")
    league, coven = load_actors(path)
    assert league.phrases == [("ARAB", "LEAGUE")]
    assert league.codes[0].code == "IGOMEAARL"
    assert coven.codes[0].code == "###"  # inside [ ] a # belongs to the code

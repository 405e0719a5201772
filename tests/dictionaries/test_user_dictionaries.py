"""User dictionary folders: the actors CSV, validation naming file:line, layering over the
shipped set, and the coder using them (the API)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from attache.dictionaries import (
    dictionaries_for,
    load_dictionaries,
    shipped_files,
    with_user_files,
)
from attache.dictionaries.actors import DatedCode
from attache.dictionaries.user import ActorRow, load_actor_csv, write_actor_rows
from attache.errors import DictionaryError, ErrorCode

HEADER = "name,code,start,end,aliases,note\n"


def _csv(tmp_path: Path, text: str, name: str = "mine.actors.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_of_one_name_are_one_actor_with_dated_codes(tmp_path):
    path = _csv(tmp_path, HEADER
                + "Arvid Kellmann,NORGOV,2015-01-01,2019-12-31,Kellmann;A. Kellmann,minister\n"
                + "Arvid Kellmann,NORELI,2020-01-01,,,\n"
                + "Borealis Front,NORREB,,,,\n")
    kellmann, front = load_actor_csv(path)
    assert kellmann.source == "mine.actors.csv:2"
    assert kellmann.codes == [DatedCode("NORGOV", date(2015, 1, 1), date(2019, 12, 31)),
                              DatedCode("NORELI", date(2020, 1, 1), None)]
    assert kellmann.phrases == [("ARVID", "KELLMANN"), ("KELLMANN",), ("A.", "KELLMANN")]
    assert kellmann.code_on(date(2018, 5, 1)) == "NORGOV"
    assert kellmann.code_on(date(2021, 5, 1)) == "NORELI"
    assert front.source == "mine.actors.csv:4" and front.code_on(None) == "NORREB"


def test_written_rows_read_back(tmp_path):
    rows = [ActorRow("Arvid Kellmann", "NORGOV", date(2015, 1, 1), None, ("Kellmann",),
                     "a note, with a comma")]
    path = _csv(tmp_path, write_actor_rows(rows))
    (entry,) = load_actor_csv(path)
    assert entry.codes == [DatedCode("NORGOV", date(2015, 1, 1), None)]
    assert ("KELLMANN",) in entry.phrases


@pytest.mark.parametrize(("text", "line", "words"), [
    (HEADER + "Arvid Kellmann,NORGOV,2015-13-01,,,\n", 2, "start '2015-13-01' is not an ISO"),
    (HEADER + "Arvid Kellmann,,,,,\n", 2, "the code is empty"),
    (HEADER + "Ok Name,NORGOV,,,,\n,NORGOV,,,,\n", 3, "the name is empty"),
    (HEADER + "Arvid Kellmann,NOR GOV,,,,\n", 2, "is not a code"),
    (HEADER + "Arvid Kellmann,NORGOV,2020-01-01,2019-01-01,,\n", 2, "before start"),
    (HEADER + "Arvid Kellmann,NORGOV,,,,,extra\n", 2, "more fields"),
    ("name,country\nArvid Kellmann,NOR\n", 1, "lacks the column(s) code"),
    ("name,code,colour\nArvid Kellmann,NORGOV,red\n", 1, "unknown column(s) colour"),
])
def test_a_malformed_line_names_file_and_line(tmp_path, text, line, words):
    path = _csv(tmp_path, text)
    with pytest.raises(DictionaryError) as caught:
        load_actor_csv(path)
    assert caught.value.code is ErrorCode.E002
    assert f"mine.actors.csv:{line}:" in str(caught.value)
    assert words in str(caught.value)


def test_folder_errors(tmp_path):
    with pytest.raises(DictionaryError, match=r"\[E046\].*no such file|\[E046\].*No such"):
        with_user_files(tmp_path / "missing")
    with pytest.raises(DictionaryError, match=r"\[E046\].*holds no dictionary file"):
        with_user_files(tmp_path)
    (tmp_path / "leaders.csv").write_text(HEADER, encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"\[E046\].*'leaders.csv' is not a dictionary"):
        with_user_files(tmp_path)


def test_user_files_come_first_and_change_the_set_version(tmp_path):
    _csv(tmp_path, HEADER + "Arvid Kellmann,NORGOV,,,,\n")
    (tmp_path / "mine.agents.txt").write_text("LIGHTHOUSE_KEEPER [~GOV]\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("my additions\n", encoding="utf-8")
    files = with_user_files(tmp_path)
    assert files.actors[0] == tmp_path / "mine.actors.csv"
    assert files.agents[0] == tmp_path / "mine.agents.txt"
    assert files.actors[1:] == shipped_files().actors
    assert files.digest() != shipped_files().digest()
    dictionaries = load_dictionaries(files, use_cache=False)
    assert dictionaries.actors[0].name == "Arvid Kellmann"
    assert dictionaries.agents[0].source == "mine.agents.txt:1"


def test_a_user_entry_overrides_a_shipped_name_of_the_same_length(tmp_path):
    _csv(tmp_path, HEADER + "Hamas,PSEGOV,,,,overridden\n")
    dictionaries = dictionaries_for(tmp_path)
    (entry_id,) = [entry_id for phrase, entry_id in dictionaries.actor_index.by_first["HAMAS"]
                   if phrase == ("HAMAS",)][:1]
    assert dictionaries.actors[entry_id].source == "mine.actors.csv:2"


def test_the_coder_codes_with_the_user_folder(tmp_path, coder):
    from attache.ingest import new_article
    from attache.pipeline import Coder

    _csv(tmp_path, HEADER + "Zorblat Quimby,NORMIL,,,Quimby,test name\n")
    article = new_article("Zorblat Quimby arrived in Oslo on Monday.", article_id="t1",
                          published=date(2021, 3, 1))
    before = {mention.code for mention in coder.code_article(article).mentions
              if "Quimby" in mention.evidence.text}
    user_coder = Coder(dictionaries=tmp_path, nlp=coder.nlp)
    coded = user_coder.code_article(article)
    (mention,) = [mention for mention in coded.mentions if "Quimby" in mention.evidence.text]
    assert "NORMIL" not in before
    assert mention.code == "NORMIL"
    assert mention.entry == "mine.actors.csv:2"
    assert coded.dictionaries == user_coder.dictionaries.version != coder.dictionaries.version


def test_a_bad_user_file_stops_the_coder_being_built(tmp_path, coder):
    from attache.pipeline import Coder

    _csv(tmp_path, HEADER + "Zorblat Quimby,NORMIL,yesterday,,,\n")
    with pytest.raises(DictionaryError, match=r"mine\.actors\.csv:2: start 'yesterday'"):
        Coder(dictionaries=tmp_path, nlp=coder.nlp)

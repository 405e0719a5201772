"""The stage contract: checked stage lists, stages of one's own, the per-article error
boundary (the real model; stages written here)."""

from __future__ import annotations

import logging

import pytest

from attache.errors import ErrorCode, PipelineError
from attache.ingest.articles import new_article
from attache.model import CodedArticle, Rejection
from attache.pipeline import CORE_STAGE_NAMES, Coder, Stage, default_stage_names
from attache.pipeline.stage import check_stages


def noop(state) -> None:
    """A stage body that changes nothing (the checks only read the declarations)."""


def test_default_stages_are_checked_and_described(coder):
    assert [stage["name"] for stage in coder.describe()] == list(default_stage_names())
    check_stages(coder.stages)  # the default order holds


def test_a_stage_needing_what_comes_later_names_both():
    stages = [Stage("reader", noop, requires=("widgets",)),
              Stage("maker", noop, assigns=("widgets",))]
    with pytest.raises(PipelineError) as raised:
        check_stages(stages)
    assert raised.value.code is ErrorCode.E045
    assert "'reader'" in str(raised.value) and "'maker'" in str(raised.value)


def test_a_stage_needing_what_nothing_assigns_is_refused():
    with pytest.raises(PipelineError, match="no stage assigns it"):
        check_stages([Stage("reader", noop, requires=("widgets",))])


def test_assigning_after_a_reader_is_refused():
    stages = [Stage("maker", noop, assigns=("widgets",)),
              Stage("reader", noop, requires=("widgets",)),
              Stage("late", noop, assigns=("widgets",))]
    with pytest.raises(PipelineError, match="after stage 'reader' has read it"):
        check_stages(stages)


def test_two_stages_of_one_name_are_refused():
    with pytest.raises(PipelineError, match="two stages have this name"):
        check_stages([Stage("same", noop), Stage("same", noop)])


def test_unknown_stage_name_is_e045(coder):
    with pytest.raises(PipelineError) as raised:
        Coder(dictionaries=coder.dictionaries, nlp=coder.nlp, stages=["actors", "telepathy"])
    assert raised.value.code is ErrorCode.E045 and "telepathy" in str(raised.value)


def test_events_without_actors_cannot_be_built(coder):
    with pytest.raises(PipelineError, match="'phrases'"):
        Coder(dictionaries=coder.dictionaries, nlp=coder.nlp, stages=["discards", "events"])


def keyword_sentences(state) -> None:
    """A user's stage: the sentences that mention a pipeline."""
    state.coded.extensions["pipeline_sentences"] = [
        sentence.index for sentence in state.coded.sentences if "pipeline" in sentence.text]


def test_a_stage_of_ones_own_runs_and_its_records_reach_the_result(coder):
    mine = Stage("pipeline_sentences", keyword_sentences, requires=("sentences",),
                 assigns=("pipeline_sentences",))
    custom = Coder(dictionaries=coder.dictionaries, nlp=coder.nlp,
                   stages=[*default_stage_names(), mine])
    text = ("Greece and Cyprus signed a deal on Thursday. The gas pipeline will reach Italy.\n\n"
            "Turkey condemned the pipeline.")
    coded = custom.code_article(new_article(text))
    assert coded.extensions["pipeline_sentences"] == [1, 2]
    assert coded.to_dict()["extensions"] == {"pipeline_sentences": [1, 2]}
    assert coded.plain_events  # attache's own stages ran too


def test_core_stages_load_no_attribute_tables(coder):
    core = Coder(dictionaries=coder.dictionaries, nlp=coder.nlp, stages=CORE_STAGE_NAMES)
    coded = core.code_article(new_article("Russian troops attacked Ukraine on Monday."))
    assert [e.cameo_code for e in coded.plain_events] == ["190"]
    assert coded.places == [] and coded.dates == []
    assert "gazetteer" not in vars(core.resources)  # built on first use only


def explode_on_bombs(state) -> None:
    if "bomb" in state.parsed.article.text:
        raise RuntimeError("this stage has a bug")


def test_a_stage_that_fails_rejects_only_its_article(coder, caplog):
    fragile = Coder(dictionaries=coder.dictionaries, nlp=coder.nlp,
                    stages=[*CORE_STAGE_NAMES, Stage("fragile", explode_on_bombs)])
    articles = [new_article("Russia attacked Ukraine.", article_id="one"),
                new_article("A bomb went off.", article_id="two"),
                new_article("France praised Germany.", article_id="three")]
    with caplog.at_level(logging.ERROR, logger="attache.pipeline"):
        results = list(fragile.code_stream(articles))
    assert [type(r) for r in results] == [CodedArticle, Rejection, CodedArticle]
    assert results[1].code == "E015" and "fragile" in results[1].message
    assert "RuntimeError" in results[1].message
    assert "this stage has a bug" in caplog.text  # the traceback is logged


def test_process_gives_the_parse_and_the_records(coder):
    state = coder.process(new_article("Iran condemned the strike.\n\nIraq agreed."))
    assert len(state.units) == 2 and len(state.phrases) == 2
    assert [len(group) for group in state.events_by_unit()] == [1, 1]

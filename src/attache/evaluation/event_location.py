"""Score the event-location linker on Halterman's event-location gold set
(``labeled_text.jsonl.zip``: "Geolocating Political Events in Text", 2019).

Each record is a sentence with one VERB span and zero or more LOCATION spans (the place(s)
where that verb's event happened). attache codes the sentence with its own ``actors`` and
``places`` stages (:data:`STAGES`) and links the gold verb to one of the places found
(:func:`attache.attributes.places.link_verb`, the rule the ``event_places`` stage applies to
coded events), independently of whether the event coder would code an event there. A record
is correct when the predicted place overlaps a gold
LOCATION span, or when there is no gold LOCATION and nothing is predicted.

The headline ``accuracy`` is on the ``source: RELABEL`` records, the set's gold
re-annotations (the other records come from research assistants' first pass and from
model-assisted annotation, with more missed and partial spans); ``accuracy_all`` is over
every record. ``headline`` says which one ``accuracy`` is: ``relabel``, or ``all`` for a file
with no RELABEL records.

Span offsets in the file are characters, except in some records where ``start``/``end``
repeat the token indices; a span whose ``text`` does not match its character offsets is read
through its ``token_start``/``token_end`` instead. Records without spans are skipped and
counted.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from ..attributes.places import link_verb
from ..errors import ErrorCode, EvaluationError
from ..ingest.articles import new_article
from ..model import Rejection

#: The coder stages the evaluation runs: what finding places needs.
STAGES = ("actors", "places")


def read_records(path: Path) -> list[dict]:
    """The records of a gold file: a zip holding one JSON array (or JSONL), or the JSON/JSONL
    file itself."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [name for name in archive.namelist() if not name.endswith("/")]
                if not names:
                    raise EvaluationError(ErrorCode.E012, path=path, problem="empty zip")
                raw = archive.read(names[0]).decode("utf-8")
        else:
            raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise EvaluationError(ErrorCode.E012, path=path, problem=str(error)) from error
    try:
        if raw.lstrip().startswith("["):
            records = json.loads(raw)
        else:
            records = [json.loads(line) for line in raw.splitlines() if line.strip()]
    except json.JSONDecodeError as error:
        raise EvaluationError(ErrorCode.E012, path=path, problem=str(error)) from error
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise EvaluationError(ErrorCode.E012, path=path, problem="expected a list of objects")
    return records


def span_offsets(record: dict, span: dict) -> tuple[int, int] | None:
    """(start, end) character offsets of a gold span (see the module docstring)."""
    text = record["text"]
    start, end = span.get("start"), span.get("end")
    label_text = span.get("text")
    if isinstance(start, int) and isinstance(end, int) and end > start and (
            label_text is None or text[start:end] == label_text):
        return start, end
    tokens = record.get("tokens")
    first, last = span.get("token_start"), span.get("token_end")
    if isinstance(tokens, list) and isinstance(first, int) and isinstance(last, int) \
            and 0 <= first <= last < len(tokens):
        return tokens[first]["start"], tokens[last]["end"]
    return None


def _usable(record: dict) -> bool:
    return isinstance(record.get("text"), str) and isinstance(record.get("spans"), list) \
        and any(span.get("label") == "VERB" for span in record["spans"])


def evaluate(path: Path, coder, *, details: bool = False, limit: int | None = None,
             batch_size: int = 64) -> dict:
    """Link every gold verb to a place and score it (see the module docstring).

    ``coder``: an :class:`attache.pipeline.Coder` with (at least) the :data:`STAGES`;
    ``limit``: score only the first ``limit`` records (for tests)."""
    path = Path(path)
    records = read_records(path)
    if limit is not None:
        records = records[:limit]
    usable = [record for record in records if _usable(record)]
    if not usable:
        raise EvaluationError(ErrorCode.E012, path=path,
                              problem="no record with 'text' and a VERB span")
    articles = [new_article(record["text"], article_id=f"record-{number}")
                for number, record in enumerate(usable)]
    counts = {"all": [0, 0], "relabel": [0, 0]}
    with_location = predicted = hits = 0
    rows = []
    states = coder.process_stream(articles, batch_size=batch_size)
    for record, state in zip(usable, states, strict=True):
        if isinstance(state, Rejection):
            raise EvaluationError(ErrorCode.E012, path=path,
                                  problem=f"record {record.get('_id')}: {state.message}")
        spans = [(span.get("label"), span_offsets(record, span)) for span in record["spans"]]
        verb = next(offsets for label, offsets in spans if label == "VERB")
        gold = [offsets for label, offsets in spans if label == "LOCATION" and offsets]
        prediction = None
        for unit, places in zip(state.units, state.records_by_unit(state.coded.places),
                                strict=True):
            verb_span = unit.span(*verb) if verb and unit.contains(verb[0]) else None
            if verb_span is not None and len(verb_span):
                prediction = link_verb(unit, verb_span.root.i, places)
        found = (prediction.evidence.start, prediction.evidence.end) if prediction else None
        overlap = found is not None and any(found[0] < g_end and g_start < found[1]
                                            for g_start, g_end in gold)
        correct = overlap or (found is None and not gold)
        with_location += bool(gold)
        predicted += found is not None
        hits += overlap
        for group in ("all", "relabel") if record.get("source") == "RELABEL" else ("all",):
            counts[group][0] += 1
            counts[group][1] += correct
        if details:
            text = record["text"]
            rows.append({"id": record.get("_id"), "source": record.get("source"),
                         "verb": text[verb[0]:verb[1]] if verb else None,
                         "gold": [text[s:e] for s, e in gold],
                         "predicted": text[found[0]:found[1]] if found else None,
                         "correct": correct})
    total, correct_all = counts["all"]
    relabel, correct_relabel = counts["relabel"]
    accuracy_all = round(correct_all / total, 4) if total else 0.0
    accuracy_relabel = round(correct_relabel / relabel, 4) if relabel else None
    result = {
        "name": "event-location",
        "file": str(path),
        "headline": "relabel" if relabel else "all",
        "accuracy": accuracy_relabel if relabel else accuracy_all,
        "accuracy_all": accuracy_all,
        "accuracy_relabel": accuracy_relabel,
        "total": total,
        "correct": correct_all,
        "relabel_total": relabel,
        "relabel_correct": correct_relabel,
        "skipped": len(records) - len(usable),
        "with_location": with_location,
        "predicted": predicted,
        "location_precision": round(hits / predicted, 4) if predicted else 0.0,
        "location_recall": round(hits / with_location, 4) if with_location else 0.0,
    }
    if details:
        result["records"] = rows
    return result

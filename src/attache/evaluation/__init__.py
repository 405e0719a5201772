"""``attache eval``: score the coder on gold files in the formats of the development sets."""

from __future__ import annotations

from pathlib import Path

from ..errors import ErrorCode, EvaluationError

EVALUATIONS = ("plover-gsr", "plover-news", "petrarch-validation", "semeval-timeline", "re3d",
               "event-location")


def run(name: str, path: str | Path, **options) -> dict:
    """Run one evaluation by name and return its scores as a JSON-ready dict."""
    path = Path(path)
    if not path.exists():
        raise EvaluationError(ErrorCode.E012, path=path, problem="no such file")
    if name == "plover-gsr":
        from ..pipeline import default_coder
        from .plover_gsr import evaluate

        return evaluate(path, default_coder(), details=bool(options.get("details")))
    if name == "plover-news":
        from ..pipeline import Coder, default_coder
        from .plover_news import evaluate as evaluate_news

        noevent, corpus = Path(options["noevent"]), Path(options["corpus"])
        for extra in (noevent, corpus):
            if not extra.exists():
                raise EvaluationError(ErrorCode.E012, path=extra, problem="no such file")
        folder = options.get("dictionaries")  # user dictionaries over the shipped ones
        coder = default_coder() if folder is None else Coder(dictionaries=folder)
        return evaluate_news(path, noevent, corpus, coder, details=bool(options.get("details")))
    if name == "semeval-timeline":
        from ..pipeline import default_coder
        from .semeval_timeline import evaluate as evaluate_timeline

        return evaluate_timeline(path, default_coder(), details=bool(options.get("details")))
    if name == "re3d":
        from ..pipeline import default_coder
        from .re3d import evaluate as evaluate_re3d

        return evaluate_re3d(path, default_coder(), details=bool(options.get("details")))
    if name == "event-location":
        from ..pipeline import Coder
        from .event_location import STAGES
        from .event_location import evaluate as evaluate_location

        return evaluate_location(path, Coder(stages=STAGES),
                                 details=bool(options.get("details")))
    if name == "petrarch-validation":
        from .petrarch import evaluate

        directory = options.get("dictionaries") or path.parent / "dictionaries"
        return evaluate(path, Path(directory), details=bool(options.get("details")))
    raise EvaluationError(ErrorCode.E011, kind="evaluation", value=name,
                          known=", ".join(EVALUATIONS))

"""What a worker process runs: one coder per process, and the batch contract.

The coder is cached in this importable module, not in ``__main__``: a function defined in
``__main__`` is shipped to workers by value (Dask's cloudpickle) and would bring a fresh,
empty cache with every task, so every task would load spaCy again. Here a worker imports
the module once and keeps the loaded coder for every later batch.
"""

from __future__ import annotations

from functools import lru_cache

from attache.model import Article, CodedArticle, Rejection
from attache.pipeline import Coder


@lru_cache(maxsize=2)
def worker_coder(stages: tuple[str, ...] | None = None,
                 dictionaries: str | None = None) -> Coder:
    """This process's coder (the spaCy model and the dictionaries), built on the first call
    and reused after. ``stages``: stage names (default: the default list;
    :data:`attache.pipeline.CORE_STAGE_NAMES` for actors and events only); ``dictionaries``:
    a folder of user dictionaries layered over the shipped ones (default: none)."""
    return Coder(stages=stages, dictionaries=dictionaries)


def code_batch(
    items: list[Article | Rejection], stages: tuple[str, ...] | None = None,
    dictionaries: str | None = None,
) -> list[CodedArticle | Rejection]:
    """Code one batch in this process: one result per item, in order. Rejections pass
    through; an article that fails becomes a Rejection (see ``Coder.code_stream``)."""
    coder = worker_coder(stages, dictionaries)
    return list(coder.code_stream(items, batch_size=max(1, len(items))))

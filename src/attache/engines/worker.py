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
def worker_coder(attributes: bool = True) -> Coder:
    """This process's coder (the spaCy model and the shipped dictionaries), built on the
    first call and reused after. ``attributes=False`` gives the core coder (actors and
    events only)."""
    return Coder(attributes=attributes)


def code_batch(
    items: list[Article | Rejection], attributes: bool = True
) -> list[CodedArticle | Rejection]:
    """Code one batch in this process: one result per item, in order. Rejections pass
    through; an article that fails becomes a Rejection (see ``Coder.code_stream``)."""
    coder = worker_coder(attributes)
    return list(coder.code_stream(items, batch_size=max(1, len(items))))

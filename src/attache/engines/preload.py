"""Imported once by the forkserver before it forks any worker: it builds the full coder
there, so every worker forked from it starts with the model and dictionaries loaded and
shares their memory pages copy-on-write instead of loading its own copy.

Nothing else imports this module. If loading fails here, the failure is left to the
workers: their first batch builds the coder again and raises the real coded error.
"""

from __future__ import annotations

import gc

from attache.engines.worker import worker_coder

try:
    worker_coder()
except Exception:  # the workers raise it again, coded (see above)
    worker_coder.cache_clear()
else:
    gc.freeze()  # keep the collector from touching (and so copying) the shared pages

"""Memory settings for building: one place, shared by every stage that makes many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def few_collections() -> Iterator[None]:
    """Collect garbage rarely while building: the pipeline makes millions of small objects
    and no reference cycles, and frequent full collections made loading superlinear."""
    before = gc.get_threshold()
    gc.set_threshold(200_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


SERVING = (100_000, 20, 10)
"""The collector's thresholds while serving: a young collection every 100,000 new objects
instead of every 700. Each rebuild makes MkDocs' pages and files anew, hundreds of thousands
of objects in reference cycles (a page and its file name each other); collecting them every
700 allocations cost 0.1 to 0.2 s of a save at 5,000 entries, and about 60 MB more after
fifteen saves is what the rarer collections cost."""


def settle() -> None:
    """Leave every object alive now out of later collections (`gc.freeze`), after one full
    collection, and collect rarely from now on (`SERVING`). The preview calls it once, when
    `mkdocs serve` starts serving: its first build has returned, so what is alive is what the
    preview keeps (the loaded knowledge base, the last site) and not that build's pages, and a
    full collection walking the kept knowledge base on every save cost a quarter of a second at
    5,000 entries. Frozen objects are still freed when no longer referenced (the pipeline makes
    no reference cycles); only cycles among them are never collected."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVING)

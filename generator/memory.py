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

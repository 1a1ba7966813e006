"""What every benchmark script shares: a stage's time, and the synthetic knowledge bases it
measures (made once per size in a scratch folder, the same seed every run)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.tools.synth import synthesize  # noqa: E402


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - started


def synthetic(scratch: Path, sizes: list[int], doing: str) -> Iterator[tuple[int, Path]]:
    """Each size with the folder of its synthetic knowledge base, saying what is measured."""
    for n in sizes:
        folder = scratch / f"n{n}"
        synthesize(folder, n, seed=1)
        print(f"{doing} at {n} entities...", file=sys.stderr, flush=True)
        yield n, folder

"""Compare PDF engines on the same synthetic knowledge bases, in one run (issue 15).

- weasyprint: the print HTML laid out by WeasyPrint in one process (the engine until now);
- weasyprint-2-chunks: the same HTML cut in two halves by chapter, laid out in two processes
  at once; a lower bound, since merging the halves (outline, links, page numbers) is not done;
- typst: the book's data laid out by the Typst wheel (publish/typeset.py).

Each runs in a forked child; its time and its own peak memory (wait4) are reported.
Usage: BENCH_SIZES=1000,5000 BENCH_WEASY_MAX=1000 .venv/bin/python bench/pdf_engines.py
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline import knowledge_base  # noqa: E402
from generator.publish.pdf import pdf_engine, print_html  # noqa: E402
from generator.publish.typeset import typeset  # noqa: E402
from generator.tools.synth import synthesize  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,5000").split(",")]
WEASY_MAX = int(os.environ.get("BENCH_WEASY_MAX", "1000"))


def child(fn, *args) -> int:
    pid = os.fork()
    if pid == 0:
        try:
            fn(*args)
        finally:
            os._exit(0)
    return pid


def reap(pids: list[int]) -> float:
    """Wait for the children; the largest peak resident memory among them, in MiB."""
    peak = 0.0
    for pid in pids:
        _, status, usage = os.wait4(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        peak = max(peak, usage.ru_maxrss / 1024)
    return peak


def weasy(html: str, out: Path) -> None:
    pdf_engine().HTML(string=html, base_url=str(out.parent)).write_pdf(out)


def halves(html: str) -> list[str]:
    head, rest = html.split("<body>", 1)
    parts = re.split(r'(?=<section class="chapter")', rest)
    cut = len(parts) // 2
    return [head + "<body>" + "".join(parts[:cut]) + "</body></html>", head + "<body>" + "".join(parts[cut:])]


def typst_run(kb, out: Path) -> None:
    out.with_suffix(".pages").write_text(str(typeset(kb, out)))


def measure(n: int, kb, html: str | None, out: Path) -> None:
    """Each engine in forked children of a process that has run neither (Typst's thread pool
    does not survive a fork), so every run is cold, as in a build."""
    runs = [("typst", [(typst_run, kb, out / "t.pdf")])]
    if html is not None:
        runs += [("weasyprint", [(weasy, html, out / "w.pdf")]),
                 ("weasyprint-2-chunks", [(weasy, h, out / f"c{i}.pdf") for i, h in enumerate(halves(html))])]
    for name, jobs in runs:
        started = time.perf_counter()
        peak = reap([child(*job) for job in jobs])
        seconds = time.perf_counter() - started
        pages = int((out / "t.pages").read_text())
        print(f"| {n} | {name} | {seconds:.1f} | {pages / seconds:.0f} | {peak:.0f} |", flush=True)


def main() -> None:
    print("| entries | engine | seconds | pages/s (Typst's page count) | peak MiB |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for n in SIZES:
            folder = Path(scratch) / f"n{n}"
            synthesize(folder, n, seed=1)
            kb = knowledge_base(folder)
            out = Path(scratch) / f"out{n}"
            out.mkdir()
            measure(n, kb, print_html(kb) if n <= WEASY_MAX else None, out)


if __name__ == "__main__":
    main()

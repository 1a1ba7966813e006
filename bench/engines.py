"""`make bench`, engines: `kb build --engine E` at 1,000 and 5,000 entries, one column per engine.

Each build is timed as a user runs it, in a fresh process, over the same synthetic knowledge
base and this repository's mkdocs.yml, without the PDF and the offline zip (they run the same
code after every engine, and `bench/run.py` times them): load and check, the generated site,
the engine's own build and the check of every link. Prints a table and writes
build/bench-engines.json. `BENCH_ENGINE_SIZES=100 python bench/engines.py` for a quick run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import synthetic  # noqa: E402  (bench/, the script's own folder)

from generator.publish.engines import ENGINES  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_ENGINE_SIZES", "1000,5000").split(",")]


def build_seconds(engine: str, folder: Path, out: Path) -> float:
    """Seconds `kb build --engine ENGINE --no-pdf --no-zip` takes, in a process of its own."""
    command = [sys.executable, "-m", "generator.cli", "build", "--engine", engine, "--no-pdf", "--no-zip",
               "--data", str(folder), "--site-dir", str(out), "--config", str(ROOT / "mkdocs.yml")]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"kb build --engine {engine} failed:\n{result.stdout}{result.stderr}")
    return seconds


def main() -> int:
    engines = [e for e in ENGINES if e == "mkdocs" or importlib.util.find_spec(e) is not None]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-engines-") as scratch:
        for n, folder in synthetic(Path(scratch), SIZES, "building on each engine"):
            row = {"entries": n}
            for name in engines:
                print(f"building {n} entries with {ENGINES[name]}...", file=sys.stderr, flush=True)
                row[name] = build_seconds(name, folder, Path(scratch) / f"site-{name}-{n}")
            rows.append(row)
    print("\n`kb build --engine E --no-pdf --no-zip`, seconds, one fresh process each:\n")
    print("| entries | " + " | ".join(ENGINES[e] for e in engines) + " |")
    print("|---:|" + "---:|" * len(engines))
    for row in rows:
        print(f"| {row['entries']:,} | " + " | ".join(f"{row[e]:.1f}" for e in engines) + " |")
    out = Path(os.environ.get("BENCH_ENGINES_OUT", ROOT / "build" / "bench-engines.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count()}
    out.write_text(json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n", "utf-8")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

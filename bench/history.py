"""`make bench`, history: what reading the data's git history costs a build at 5,000 entries
with 1,000 commits (each edits one entry's summary).

The repository is written with `git fast-import` (seconds, not a commit process each), then
`generator.history.read_history` is timed, median of three. Writes build/bench-history.json.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.history import read_history  # noqa: E402
from generator.tools.synth import synthesize  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_HISTORY_ENTRIES", "5000"))
COMMITS = int(os.environ.get("BENCH_HISTORY_COMMITS", "1000"))
TARGET_S = 5.0
"""At most a few seconds: the issue's bound for history at 5,000 entries and 1,000 commits."""


def stream(data: Path, commits: int, rng: random.Random) -> bytes:
    """A fast-import stream: the synthesized data as the first commit, then `commits` edits."""
    files = {p.relative_to(data.parent).as_posix(): p.read_bytes() for p in sorted(data.rglob("*.yaml"))}
    out = bytearray()

    def commit(number: int, message: str, changed: dict[str, bytes]) -> None:
        stamp = 1767225600 + number * 3600
        text = message.encode()
        out.extend(b"commit refs/heads/main\n")
        out.extend(f"committer Bench <bench@example.org> {stamp} +0000\ndata {len(text)}\n".encode() + text + b"\n")
        for path, content in changed.items():
            out.extend(f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n")

    commit(0, "Start", files)
    entries = [p for p in files if not p.endswith("kb.yaml")]
    for i in range(1, commits + 1):
        path = rng.choice(entries)
        text = files[path].decode()
        text = re.sub(r"^summary: .*$", f"summary: Revised in commit {i}.", text, count=1, flags=re.M)
        files[path] = text.encode()
        commit(i, f"Edit {Path(path).stem}", {path: files[path]})
    return bytes(out)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        data = repo / "data"
        synthesize(data, ENTRIES)
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
        commits = stream(data, COMMITS, random.Random(1))
        subprocess.run(["git", "-C", str(repo), "fast-import", "--quiet"], input=commits, check=True)
        subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard", "main"], check=True)
        times, changes = [], 0
        for _ in range(3):
            start = time.perf_counter()
            history = read_history(data)
            times.append(time.perf_counter() - start)
            changes = len(history.changes)
    median = statistics.median(times)
    result = {"entries": ENTRIES, "commits": COMMITS, "changes": changes, "seconds": round(median, 2),
              "target_seconds": TARGET_S, "met": median <= TARGET_S}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "bench-history.json").write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(f"history: {ENTRIES:,} entries, {COMMITS:,} commits, {changes:,} changes read in {median:.2f} s "
          f"(median of 3; target ≤ {TARGET_S:.0f} s): {'met' if result['met'] else 'MISSED'}")
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())

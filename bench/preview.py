"""The preview after one save, and MkDocs's floor under it: `make bench` (through
bench/run.py) measures them at each size beside the full build; `python bench/preview.py`
measures only these (minutes instead of the whole run), e.g. `BENCH_SIZES=1000,5000`, and
`BENCH_ENGINE=properdocs` measures them on ProperDocs (`make bench` runs both).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ENGINE = os.environ.get("BENCH_ENGINE", "mkdocs")
if ENGINE == "properdocs":
    import properdocs.replacement  # noqa: F401  first: every mkdocs.* import from here on is ProperDocs'

from mkdocs.commands.build import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import synthetic, timed  # noqa: E402  (bench/, the script's own folder)

from generator.publish.site import site_config  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,5000").split(",")]
SAVES = int(os.environ.get("BENCH_SAVES", "5"))


def preview_save(folder: Path) -> dict[str, float]:
    """`make serve` after one saved entry (mkdocs serve --dirty --no-strict), after the first
    build serve starts with: `preview_save`, the time from the save to the rebuilt pages and
    search index (the median of SAVES saves); `preview_generator`, the kb plugin's share of it
    (load, check, link, render, the virtual files, the search index completed with its cards);
    and `mkdocs_floor`, what MkDocs itself
    takes for a dirty rebuild in which the plugin hands it nothing new (the median of SAVES
    rebuilds with no file changed, less the plugin's share): the theme's environment, 404 and
    sitemap, a Page for every file, the nav, the search index written whole. No preview can
    answer a save faster than that floor on this engine. On a shared machine the wall times
    move with its load, so the process's CPU time of a save (`preview_save_cpu`) and of the
    floor (`mkdocs_floor_cpu`) are given too."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = shutil.copytree(folder, Path(scratch) / "data")  # the save must not touch the data measured
        return _preview_save(copy, Path(scratch) / "site")


def _preview_save(folder: Path, out: Path) -> dict[str, float]:
    os.environ["KB_DATA"] = str(folder)
    try:
        config, _ = site_config(ROOT / "mkdocs.yml", out)
        config.strict = False
        config.plugins.on_startup(command="serve", dirty=True)
        plugin_seconds = _time_plugin(config)
        build(config, dirty=True)
        config.plugins.on_serve(_Watcher(), config=config, builder=None)  # as serve does after its first build
        entries = sorted((folder / "sectors").glob("*.yaml"))
        saves, cpu, generator, idle, idle_cpu = [], [], [], [], []
        for n in range(SAVES):  # a different entry each time, as a contributor moves on
            entry = entries[n % len(entries)]
            entry.write_text(entry.read_text("utf-8").replace("summary: ", f"summary: Saved {n}. ", 1), "utf-8")
            plugin_seconds["wall"].clear(), plugin_seconds["cpu"].clear()
            started = time.process_time()
            saves.append(timed(lambda: build(config, dirty=True))[1])
            cpu.append(time.process_time() - started)
            generator.append(sum(plugin_seconds["wall"]))
        for _ in range(SAVES):  # nothing saved: what MkDocs does on every rebuild whatever changed
            plugin_seconds["wall"].clear(), plugin_seconds["cpu"].clear()
            started = time.process_time()
            idle.append(timed(lambda: build(config, dirty=True))[1] - sum(plugin_seconds["wall"]))
            idle_cpu.append(time.process_time() - started - sum(plugin_seconds["cpu"]))
    finally:
        del os.environ["KB_DATA"]
    return {"preview_save": statistics.median(saves), "preview_generator": statistics.median(generator),
            "mkdocs_floor": statistics.median(idle), "preview_save_cpu": statistics.median(cpu),
            "mkdocs_floor_cpu": statistics.median(idle_cpu)}


class _Watcher:
    """What `mkdocs serve` hands the plugins' `on_serve`: only its watch list is asked for."""

    def watch(self, path: str) -> None:
        pass


def _time_plugin(config) -> dict[str, list[float]]:
    """Time the kb plugin's `on_files` (where the generator runs) and `on_post_build` (the
    search index completed and given its cards) in every build from now on: wall and CPU time."""
    seconds: dict[str, list[float]] = {"wall": [], "cpu": []}
    for event in ("files", "post_build"):
        events = config.plugins.events[event]
        for i, method in enumerate(events):
            if getattr(method, "__self__", None) is config.plugins.get("kb"):
                def timed_event(*args, method=method, **kwargs):
                    started = time.process_time()
                    result, took = timed(lambda: method(*args, **kwargs))
                    seconds["wall"].append(took)
                    seconds["cpu"].append(time.process_time() - started)
                    return result
                events[i] = timed_event
    return seconds


def main_preview() -> int:
    """`python bench/preview.py`: the preview and the floor under it at each size, nothing else."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as scratch:
        for n, folder in synthetic(Path(scratch), SIZES, "measuring the preview"):
            rows.append({"label": f"synthetic {n}", "engine": ENGINE, "entities": n, **preview_save(folder)})
    for row in rows:
        row["mkdocs_share"] = row["preview_save"] - row["preview_generator"]
    columns = ["label", "engine", "preview_save", "preview_generator", "mkdocs_share", "mkdocs_floor",
               "preview_save_cpu", "mkdocs_floor_cpu"]
    print("| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]) for c in columns) + " |")
    out = Path(os.environ.get("BENCH_OUT") or ROOT / "build" / f"bench-preview-{ENGINE}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"load": os.getloadavg(), "rows": rows}, indent=1) + "\n")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_preview())

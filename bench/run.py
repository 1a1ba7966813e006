"""`make bench`: time each stage of the build at several sizes and check the targets.

Stages, in one run per size: load, check, link (with related reading), render, the floor
(PyYAML's C loader plus a plain Jinja render of the same files), `mkdocs build` through the
plugin (what a user runs), the offline edition derived from its pages, the preview's rebuild
after one saved entry (`make serve`) with the plugin's share of it and MkDocs's floor under it
(a dirty rebuild handed nothing new), the PDF alone in a fresh process (its time, pages and
peak memory), and the whole `kb build` as a user runs it (site and PDF side by side, then
the offline edition). Prints a table and the ratios, and writes everything to build/bench.json so
runs can be compared. `bench/preview.py` measures the preview and its floor alone.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import synthetic, timed  # noqa: E402  (bench/, the script's own folder)
from preview import preview_save  # noqa: E402

from generator.check.run import check  # noqa: E402
from generator.folder import data_files, load_folder  # noqa: E402
from generator.graph.link import link  # noqa: E402
from generator.load import Marks, Record  # noqa: E402
from generator.memory import few_collections  # noqa: E402
from generator.pipeline import knowledge_base  # noqa: E402
from generator.publish.site import offline_zip_of, run_mkdocs  # noqa: E402
from generator.registry import BY_FOLDER  # noqa: E402
from generator.render.data import file_stem  # noqa: E402
from generator.render.pages import render_pages  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,1000,5000").split(",")]
SAVES = int(os.environ.get("BENCH_SAVES", "5"))
PDF_MAX = int(os.environ.get("BENCH_PDF_MAX", "5000"))
TARGETS = {"preview_s": 1.0, "preview_s_5000": 2.0,
           "scaling": 5.5, "generator_share": 0.10, "floor_ratio": 2.0, "build_ratio": 2.0, "pdf_ratio": 0.5,
           "pdf_scaling": 5.5, "pdf_peak_gib": 4.0, "preview_ratio": 0.2, "preview_ratio_5000": 0.2}
NOTES = {
    "scaling": "mkdocs build at ~5,000 entries / at ~1,000",
    "generator_share": "(load + check + link + render) / mkdocs build, ~1,000 entries",
    "floor_ratio": "(load + check + render) / (C loader + the same render), ~1,000 entries",
    "floor_ratio_raw": "(load + check + render) / (C loader + one plain template per file)",
    "pdf_pages_per_s": "PDF pages laid out per second, ~1,000 entries",
    "build_ratio": "kb build (site and PDF side by side, offline edition derived) / mkdocs build, ~1,000 entries",
    "pdf_ratio": "the PDF alone / mkdocs build, ~1,000 entries",
    "pdf_scaling": "the PDF at ~5,000 entries / at ~1,000",
    "preview_s": "make serve: seconds from one saved entry to its page and search entries, ~1,000 (median)",
    "preview_s_5000": "the same at ~5,000 entries",
    "preview_ratio": "make serve: one saved entry to rebuilt pages and search index / mkdocs build, ~1,000",
    "preview_ratio_5000": "the same at ~5,000 entries",
    "mkdocs_floor": "MkDocs's own dirty rebuild when the plugin hands it nothing new, ~1,000 (median)",
    "mkdocs_floor_5000": "the same at ~5,000 entries",
    "preview_over_floor": "one save's preview / MkDocs's floor, ~1,000 entries",
    "preview_over_floor_5000": "the same at ~5,000 entries",
    "pdf_peak_gib": "peak memory of the PDF process at ~5,000 entries, GiB",
}
PLAIN = jinja2.Environment(autoescape=False).from_string(
    "# {{ d.name }}\n\n{{ d.summary }}\n\n{{ d.body }}\n\n{% for k, v in d.items() %}- {{ k }}: {{ v }}\n{% endfor %}")


def floor(folder: Path) -> tuple[float, float]:
    """The least a generator of these pages must do, two ways.

    floor: parse every file with PyYAML's C loader (no positions, no checks) and render the
    same pages from it. floor_raw: the C loader plus one plain template of each file's raw
    fields, i.e. without rendering Markdown bodies or any cross-links at all.
    """
    with few_collections():  # the same garbage-collector settings as the real pipeline
        return _floor(folder)


def _floor(folder: Path) -> tuple[float, float]:
    started = time.perf_counter()
    records = []
    for path in data_files(folder):
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        kind = "kb" if path.name == "kb.yaml" else BY_FOLDER[path.parent.name].name
        records.append(Record(path.name, kind, path.stem, _dates_as_text(data), Marks()))
    loaded = time.perf_counter()
    for record in records:
        PLAIN.render(d=record.data)
    raw = time.perf_counter() - started
    render_pages(link(records))
    rendered = time.perf_counter() - loaded
    return (loaded - started) + rendered, raw


def _dates_as_text(value):
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


PDF_ALONE = """
import json, resource, sys, tempfile, time
from pathlib import Path
from generator.pipeline import knowledge_base
from generator.publish.pdf import write_pdf
kb = knowledge_base(Path(sys.argv[1]))
with tempfile.TemporaryDirectory() as out:
    started = time.perf_counter()
    pages = write_pdf(kb, Path(out) / "kb.pdf")
    seconds = time.perf_counter() - started
print(json.dumps({"pdf": seconds, "pdf_pages": pages,
                  "pdf_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _pdf_alone(folder: Path) -> dict:
    """The PDF in a fresh process, as `kb pdf` runs it: Typst memoises layout within a process,
    so a second PDF in this one would be warm. Its time and the process's peak memory."""
    result = subprocess.run([sys.executable, "-c", PDF_ALONE, str(folder)], check=True, capture_output=True,
                            text=True, cwd=ROOT)
    return json.loads(result.stdout)


def measure(folder: Path, label: str, pdf: bool) -> dict:
    row: dict = {"label": label}
    with few_collections():
        return _measure(folder, label, pdf, row)


def _measure(folder: Path, label: str, pdf: bool, row: dict) -> dict:
    (records, _), row["load"] = timed(load_folder, folder)
    row["entities"] = sum(r.type != "kb" for r in records)
    problems, row["check"] = timed(check, records)
    assert not [p for p in problems if p.severity == "error"], problems[:3]
    kb, row["link"] = timed(link, records)
    pages, row["render"] = timed(render_pages, kb)
    row["pages"] = len(pages)
    row["floor"], row["floor_raw"] = floor(folder)
    row["generator"] = row["load"] + row["check"] + row["link"] + row["render"]
    with tempfile.TemporaryDirectory() as out:
        site, kb = Path(out) / "site", knowledge_base(folder)
        site_url, row["mkdocs_build"] = timed(lambda: run_mkdocs(ROOT / "mkdocs.yml", knowledge_base(folder), site))
        # The offline edition as kb build makes it: derived from those pages, checked, zipped.
        _, row["offline_build"] = timed(lambda: offline_zip_of(site, Path(out) / "offline", site_url, file_stem(kb)))
    row.update(preview_save(folder))
    if pdf:
        row.update(_pdf_alone(folder))
        row["pdf_pages_per_s"] = row["pdf_pages"] / row["pdf"]
        with tempfile.TemporaryDirectory() as out:  # what a user runs: every edition, side by side
            command = [sys.executable, "-m", "generator.cli", "build", "--data", str(folder),
                       "--site-dir", str(Path(out) / "site"), "--config", str(ROOT / "mkdocs.yml")]
            _, row["kb_build"] = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    return row


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as scratch:
        for n, folder in synthetic(Path(scratch), SIZES, "measuring"):
            rows.append(measure(folder, f"synthetic {n}", pdf=n <= PDF_MAX))
    print("measuring the shipped knowledge base...", file=sys.stderr, flush=True)
    rows.append(measure(ROOT / "data", "shipped", pdf=True))
    by_size = {r["entities"]: r for r in rows if r["label"].startswith("synthetic")}
    sizes = sorted(by_size)
    ratios = {}
    def near(target):
        return min(sizes, key=lambda s: abs(s - target))
    if len(sizes) >= 2:
        # full build = `mkdocs build` through the plugin. With the default sizes this is the
        # time at 5,000 / the time at 1,000; other sizes are scaled to the same 5x step.
        big, second = by_size[sizes[-1]], by_size[sizes[-2]]
        step = big["entities"] / second["entities"]
        ratios["scaling"] = big["mkdocs_build"] / second["mkdocs_build"] * 5 / step
    mid = by_size[near(1000)]
    ratios["generator_share"] = mid["generator"] / mid["mkdocs_build"]
    ratios["floor_ratio"] = (mid["load"] + mid["check"] + mid["render"]) / mid["floor"]
    ratios["floor_ratio_raw"] = (mid["load"] + mid["check"] + mid["render"]) / mid["floor_raw"]
    if "pdf_pages_per_s" in mid:
        ratios["pdf_pages_per_s"] = mid["pdf_pages_per_s"]
        ratios["build_ratio"] = mid["kb_build"] / mid["mkdocs_build"]
        ratios["pdf_ratio"] = mid["pdf"] / mid["mkdocs_build"]
    ratios["preview_s"] = mid["preview_save"]
    ratios["preview_ratio"] = mid["preview_save"] / mid["mkdocs_build"]
    ratios["mkdocs_floor"] = mid["mkdocs_floor"]
    ratios["preview_over_floor"] = mid["preview_save"] / mid["mkdocs_floor"]
    big = by_size[near(5000)]
    if big is not mid:
        ratios["preview_s_5000"] = big["preview_save"]
        ratios["preview_ratio_5000"] = big["preview_save"] / big["mkdocs_build"]
        ratios["mkdocs_floor_5000"] = big["mkdocs_floor"]
        ratios["preview_over_floor_5000"] = big["preview_save"] / big["mkdocs_floor"]
    if "pdf" in big and big is not mid:
        ratios["pdf_scaling"] = big["pdf"] / mid["pdf"]
        ratios["pdf_peak_gib"] = big["pdf_peak_mib"] / 1024
    report(rows, ratios)
    out = Path(os.environ.get("BENCH_OUT") or ROOT / "build" / "bench.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                           "platform": platform.platform()},
                               "rows": rows, "ratios": ratios, "targets": TARGETS}, indent=1) + "\n")
    print(f"\nwrote {out}")
    return 0


def report(rows: list[dict], ratios: dict) -> None:
    columns = ["label", "entities", "pages", "load", "check", "link", "render", "generator", "floor", "floor_raw",
               "mkdocs_build", "offline_build", "preview_save", "preview_generator", "mkdocs_floor",
               "pdf", "pdf_pages", "kb_build", "pdf_peak_mib"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [f"{row[c]:.2f}" if isinstance(row.get(c), float) else str(row.get(c, "-")) for c in columns]
        print("| " + " | ".join(cells) + " |")
    print("\nTimes in seconds. 'generator' = load + check + link + render; 'mkdocs_build' is")
    print("`mkdocs build --strict` through the plugin, as kb build runs it (the generator included).\n")
    for name, value in ratios.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else ("  meets target" if value <= target else f"  MISSES target <= {target}")
        print(f"{name:>16}: {value:6.2f}{verdict:<28} {NOTES.get(name, '')}")


if __name__ == "__main__":
    sys.exit(main())

"""kb synth makes valid data deterministically; the benchmark runs end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, kb
from generator.registry import TYPES
from generator.tools import synth


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_synth_is_valid_and_deterministic(tmp_path: Path):
    for name in ("a", "b"):
        result = kb("synth", "--entities", "120", "--out", str(tmp_path / name), "--seed", "7")
        assert result.returncode == 0, result.stderr
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    checked = kb("check", "--data", str(tmp_path / "a"), "--today", "2026-11-28")
    assert checked.returncode == 0 and checked.stdout.strip() == "0 errors, 0 warnings"
    written = {t.folder: len(list((tmp_path / "a" / t.folder).glob("*.yaml"))) for t in TYPES}
    assert written == {t.folder: max(1, round(120 * t.synth_share)) for t in TYPES if t.synth_share}
    said = ", ".join(f"{n} {t.name}" for t, n in zip(TYPES, written.values(), strict=True) if n)
    assert result.stderr.strip().endswith(f"/: {said}")  # what it wrote, no more
    other = kb("synth", "--entities", "120", "--out", str(tmp_path / "c"), "--seed", "8")
    assert other.returncode == 0 and tree(tmp_path / "c") != tree(tmp_path / "a")


def test_a_type_without_a_writer_of_its_own_is_filled_from_its_schema(tmp_path: Path, monkeypatch):
    """A new type with a share gets entries that pass the check, with no code in kb synth."""
    monkeypatch.setattr(synth, "WRITERS", {"decision": synth._tree})  # a tree's nodes must name each other
    counts = synth.synthesize(tmp_path / "kb", 120, seed=3)
    assert counts == {t.name: max(1, round(120 * t.synth_share)) for t in TYPES if t.synth_share}
    checked = kb("check", "--data", str(tmp_path / "kb"), "--today", "2026-11-28")
    assert checked.returncode == 0 and checked.stdout.strip() == "0 errors, 0 warnings", checked.stdout


def test_synth_refuses_an_existing_folder(tmp_path: Path):
    result = kb("synth", "--entities", "20", "--out", str(tmp_path))
    assert result.returncode == 1 and "already exists" in result.stderr


@pytest.mark.bench  # a quarter of a minute of synthetic builds: `make bench` runs it, `make test` does not
def test_benchmark_runs_and_writes_its_results(tmp_path: Path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "BENCH_SIZES": "20,60", "BENCH_PDF_MAX": "0", "BENCH_OUT": str(out)}
    result = subprocess.run([sys.executable, "bench/run.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for ratio in ("scaling", "generator_share", "floor_ratio"):
        assert ratio in result.stdout
    data = json.loads(out.read_text("utf-8"))
    assert [row["label"] for row in data["rows"]] == ["synthetic 20", "synthetic 60", "shipped"]
    assert all(row["mkdocs_build"] > 0 and row["generator"] > 0 for row in data["rows"])


@pytest.mark.bench
def test_engine_benchmark_times_every_engine_at_every_size(tmp_path: Path):
    out = tmp_path / "engines.json"
    env = {**os.environ, "BENCH_ENGINE_SIZES": "20,40", "BENCH_ENGINES_OUT": str(out)}
    result = subprocess.run([sys.executable, "bench/engines.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "| entries | MkDocs | ProperDocs | Zensical |" in result.stdout
    rows = json.loads(out.read_text("utf-8"))["rows"]
    assert [row["entries"] for row in rows] == [20, 40]
    assert all(row[e] > 0 for row in rows for e in ("mkdocs", "properdocs", "zensical"))


@pytest.mark.bench
@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_preview_benchmark_measures_a_save_and_the_floor_on_each_engine_that_previews(tmp_path: Path, engine):
    out = tmp_path / "preview.json"
    env = {**os.environ, "BENCH_SIZES": "20", "BENCH_SAVES": "2", "BENCH_ENGINE": engine, "BENCH_OUT": str(out)}
    result = subprocess.run([sys.executable, "bench/preview.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    [row] = json.loads(out.read_text("utf-8"))["rows"]
    assert row["engine"] == engine and row["entities"] == 20
    assert 0 < row["preview_generator"] < row["preview_save"] and row["mkdocs_floor"] > 0

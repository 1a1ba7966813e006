"""Numbers in range before anything reads them: every whole-number field of every schema fed
its extremes gets a located error (never a crash), and its bounds themselves pass; the loader
bounds every integer it reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import kb
from generator.domain import BASE, schema
from generator.load import MAX_INT
from generator.registry import BY_NAME


def _integer_fields() -> Iterator[tuple[str, str, dict]]:
    for kind in ("kb", *BY_NAME):
        for name, prop in schema(BASE, kind).get("properties", {}).items():
            if prop.get("type") == "integer":
                yield kind, name, prop


FIELDS = list(_integer_fields())
FOLDER_FILE = {"kb": "kb.yaml", "policy": "policies/data-rules.yaml"}


def test_the_fields_are_found():
    assert {(k, n) for k, n, _ in FIELDS} >= {("kb", "review_interval_days"), ("policy", "year")}
    assert all(k in FOLDER_FILE for k, _, _ in FIELDS), "give each type with a whole-number field a fixture file here"


def _set(path: Path, name: str, value: str) -> int:
    """Write `name: value` into a YAML file (replacing the field if present); return its line."""
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith(f"{name}:")]
    at = next(i for i, ln in enumerate(lines) if ln.startswith("name:") or ln.startswith("title:")) + 1
    lines.insert(at, f"{name}: {value}")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return at + 1


@pytest.mark.parametrize(("kind", "name", "prop"), FIELDS, ids=[f"{k}.{n}" for k, n, _ in FIELDS])
def test_each_whole_number_field_at_its_extremes(fixture_copy: Path, kind: str, name: str, prop: dict):
    path = fixture_copy / FOLDER_FILE[kind]
    for value in (prop["minimum"], prop["maximum"]):
        _set(path, name, str(value))
        assert kb("check", "--data", str(fixture_copy), "--today", "2026-06-01").returncode == 0, value
    for value in (prop["minimum"] - 1, prop["maximum"] + 1, 10**6, -(10**30), 10**30, MAX_INT + 1, "9" * 5000):
        line = _set(path, name, str(value))
        result = kb("check", "--data", str(fixture_copy), "--today", "2026-06-01")
        assert result.returncode == 1 and "Traceback" not in result.stderr, (value, result.stderr[-500:])
        assert f"{path.name}:{line}:" in result.stdout.replace(str(fixture_copy) + "/", ""), (value, result.stdout)


def test_the_loader_bounds_every_number(fixture_copy: Path):
    path = fixture_copy / "sectors" / "ports.yaml"
    path.write_text(path.read_text("utf-8") + f"huge: {'1' * 5000}\nfar: .inf\n", "utf-8")
    result = kb("check", "--data", str(fixture_copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "expected a whole number of at most 9,007,199,254,740,991" in result.stdout
    assert "expected a finite number, found .inf" in result.stdout

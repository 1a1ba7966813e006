"""A contributor's editor: every data file's `$schema` line names a committed schema that
accepts what `kb check` accepts, and `kb check` fails when those schemas go stale.

check-jsonschema runs as a subprocess: it is the independent, editor-equivalent validator
under test, reading each file's own `$schema` target as yaml-language-server would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURE, ROOT
from generator.check.editor import SCHEMA_LINE, check_schemas
from generator.cli import main
from generator.folder import data_files
from generator.pipeline import load_and_check

VALIDATOR = str(Path(sys.executable).with_name("check-jsonschema"))
REFRESH = "refresh them with `kb schemas` (make schemas) and commit them"


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    """A `kb init` starter's data folder, written as a new team gets it."""
    target = tmp_path_factory.mktemp("starter") / "map"
    result = CliRunner().invoke(main, ["init", str(target), "--title", "Cloud Map"])
    assert result.exit_code == 0, result.output
    return target / "data"


def schema_targets(folder: Path) -> dict[Path, list[Path]]:
    """Each data file under `folder`, grouped by the schema its `$schema` line names."""
    grouped: dict[Path, list[Path]] = defaultdict(list)
    for path in (p for p in data_files(folder) if p.suffix == ".yaml"):
        found = SCHEMA_LINE.search(path.read_text("utf-8"))
        assert found, f"{path} has no $schema line"
        grouped[(path.parent / found.group(1)).resolve()].append(path)
    return grouped


def validate(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return validate_all({schema: files})[schema]


def validate_all(grouped: dict[Path, list[Path]]) -> dict[Path, subprocess.CompletedProcess]:
    """Each schema's files through the validator, the runs side by side: each is mostly its own start-up."""
    running = {schema: subprocess.Popen([VALIDATOR, "--schemafile", str(schema), *map(str, files)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for schema, files in grouped.items()}
    done = {}
    for schema, process in running.items():
        out, err = process.communicate()
        done[schema] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


@pytest.mark.parametrize("name", ["shipped", "fixture", "starter"])
def test_every_data_file_passes_the_schema_its_own_line_names(name: str, request):
    folder = {"shipped": ROOT / "data", "fixture": FIXTURE}.get(name) or request.getfixturevalue("starter")
    grouped = schema_targets(folder)
    assert len(grouped) == 8  # kb.yaml and seven entity types, each its own type's schema
    for schema in grouped:
        assert schema.parent == (folder / ".schemas").resolve(), schema  # committed with the data
    for result in validate_all(grouped).values():
        assert result.returncode == 0, result.stdout + result.stderr
    records, problems = load_and_check(folder)
    assert [p for p in problems if p.severity == "error"] == []  # kb check accepts them too
    assert check_schemas(folder, records) == []  # and the schemas are what kb.yaml composes now


def check(*args: str):
    return CliRunner().invoke(main, ["check", "--data", "data", *args])


def test_stale_schemas_fail_kb_check_until_refreshed(fixture_copy: Path):
    kb_yaml, axis_value = fixture_copy / "kb.yaml", "      mixed: {label: Mixed stack"
    text = kb_yaml.read_text("utf-8")
    assert axis_value in text
    kb_yaml.write_text(text.replace(axis_value, "      orbit: {label: In orbit}\n" + axis_value), "utf-8")
    result = check()
    assert result.exit_code == 1
    assert f"data/.schemas/use-case.json:1:1: error: schema stale: kb.yaml now composes it differently; {REFRESH}" \
        in result.output
    assert CliRunner().invoke(main, ["schemas", "--data", "data"]).exit_code == 0
    assert check().exit_code == 0


def test_missing_schemas_fail_kb_check_at_a_schema_line(fixture_copy: Path):
    shutil.rmtree(fixture_copy / ".schemas")
    result = check()
    assert result.exit_code == 1
    assert "data/decisions/" in result.output
    assert ":1:33: error: $schema names ../.schemas/decision.json, but data/.schemas/ does not exist: " \
           "write the composed schemas with `kb schemas` (make schemas) and commit them" in result.output


def test_a_schema_line_naming_another_type_is_located(fixture_copy: Path):
    path = fixture_copy / "sectors" / "ports.yaml"
    path.write_text(path.read_text("utf-8").replace("sector.json", "vendor.json"), "utf-8")
    result = check()
    assert result.exit_code == 1
    assert "data/sectors/ports.yaml:1:33: error: $schema names ../.schemas/vendor.json; this file's schema is" \
           " ../.schemas/sector.json" in result.output


def test_a_data_folder_without_schemas_or_schema_lines_is_not_asked_for_them(in_tmp: Path):
    shutil.copytree(FIXTURE, in_tmp / "data", ignore=shutil.ignore_patterns(".schemas"))
    for path in (p for p in data_files(in_tmp / "data") if p.suffix == ".yaml"):
        path.write_text(SCHEMA_LINE.sub("", path.read_text("utf-8")), "utf-8")
    assert check().exit_code == 0


@pytest.mark.parametrize("old, new", [
    ("stack: non-chinese", "stack: martian"),  # an axis value kb.yaml does not declare
    ("verdict: conditional", "verdict: maybe"),  # a value off the verdict scale
    ("stack: non-chinese\n", ""),  # an axis left out
    ("why: Depends", "whyy: Depends"),  # a misspelt field
])
def test_what_the_editor_rejects_kb_check_rejects(fixture_copy: Path, old: str, new: str):
    path = fixture_copy / "use-cases" / "clinic-triage.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    assert validate(fixture_copy / ".schemas" / "use-case.json", [path]).returncode == 1
    assert check().exit_code == 1

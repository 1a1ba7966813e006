"""Golden cases for `kb check`: input files → the exact messages, in order.

Each YAML file under cases/problems/ holds `files` (paths under data/ → text) and
`expected` (the report). A kb.yaml is added unless the case writes its own.
Run `pytest --update-goldens` to rewrite `expected` from the current output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import KB_YAML, TESTS, write_tree
from generator.pipeline import load_and_check
from generator.problems import report

TODAY = dt.date(2026, 6, 1)  # freshness warnings must not change as the calendar moves
CASES = sorted((TESTS / "cases" / "problems").glob("*.yml"))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_problem_case(case_file: Path, in_tmp: Path, update_goldens: bool):
    case = yaml.safe_load(case_file.read_text("utf-8"))
    files = {"kb.yaml": KB_YAML, **case["files"]}
    write_tree(in_tmp / "data", files)
    _, problems = load_and_check(Path("data"), today=TODAY)
    actual = report(problems)
    if update_goldens:
        case["expected"] = actual + "\n"
        case_file.write_text(yaml.dump(case, Dumper=_Literal, sort_keys=False, allow_unicode=True), "utf-8")
    assert actual == case["expected"].rstrip("\n")


class _Literal(yaml.SafeDumper):
    """Write multi-line strings as `|` blocks so cases stay readable after a refresh."""


_Literal.add_representer(str, lambda d, s: d.represent_scalar(
    "tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_fast_and_reporting_validators_agree(case_file: Path, in_tmp: Path):
    """jsonschema-rs decides validity, python-jsonschema explains; they must never disagree."""
    from generator.check.schema import _validator, is_valid
    from generator.domain import Domain
    from generator.load import load_folder
    case = yaml.safe_load(case_file.read_text("utf-8"))
    write_tree(in_tmp / "data", {"kb.yaml": KB_YAML, **case["files"]})
    records, _ = load_folder(Path("data"))
    domain = Domain.of(records)
    for record in (r for r in records if r.ok):
        slow = not any(True for _ in _validator(domain, record.type).iter_errors(record.data))
        assert is_valid(record, domain) == slow, record.file

"""Golden cases for `kb check`: input files → the exact messages, in order.

Each YAML file under cases/problems/ holds `files` (paths under data/ → text) and
`expected` (the report). A kb.yaml is added unless the case writes its own.
Run `pytest --update-goldens` to rewrite `expected` from the current output; the rest of
each file (its comments too) stays as written.
"""

from __future__ import annotations

import datetime as dt
import re
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
        case_file.write_text(refreshed(case_file.read_text("utf-8"), case["expected"]), "utf-8")
    assert actual == case["expected"].rstrip("\n")


EXPECTED = re.compile(r"^expected:[^\n]*(?:\n(?:[ \t][^\n]*)?)*", re.MULTILINE)
"""A case's top-level `expected` key with its indented block, up to the next line that is not."""


def refreshed(text: str, expected: str) -> str:
    """A case file's text with only its `expected` block rewritten: the other keys, comments,
    blank lines and quoting stay as written (dumping the whole case again dropped comments)."""
    block = yaml.dump({"expected": expected}, Dumper=_Literal, sort_keys=False, allow_unicode=True).rstrip("\n")
    found = EXPECTED.search(text)
    if not found:
        return text.rstrip("\n") + "\n" + block + "\n"
    old = found.group(0)
    after = old[len(old.rstrip("\n")):]  # the line break ending the block, and the blank lines after it
    return text[:found.start()] + block + after + text[found.end():]


class _Literal(yaml.SafeDumper):
    """Write multi-line strings as `|` blocks so cases stay readable after a refresh."""


_Literal.add_representer(str, lambda d, s: d.represent_scalar(
    "tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_fast_and_reporting_validators_agree(case_file: Path, in_tmp: Path):
    """jsonschema-rs decides validity, python-jsonschema explains; they must never disagree."""
    from generator.check.schema import _validator, is_valid
    from generator.domain import Domain
    from generator.folder import load_folder
    case = yaml.safe_load(case_file.read_text("utf-8"))
    write_tree(in_tmp / "data", {"kb.yaml": KB_YAML, **case["files"]})
    records, _ = load_folder(Path("data"))
    domain = Domain.of(records)
    for record in (r for r in records if r.ok):
        slow = not any(True for _ in _validator(domain, record.type).iter_errors(record.data))
        assert is_valid(record, domain) == slow, record.file


def test_a_refresh_rewrites_the_expected_block_and_keeps_every_comment():
    text = ("# What this case is about,\n# on two lines.\nfiles:\n  kb.yaml: |\n    title: T\n"
            "  # a comment between files\n  sectors/a.yaml: 'name: A'\n\nexpected: |\n  old line\n\n"
            "  old second\n\n# a closing note\n")
    new = refreshed(text, "data/a.yaml:1:1: error: one\ndata/a.yaml:2:1: error: two\n")
    assert new == text.replace("  old line\n\n  old second\n",
                               "  data/a.yaml:1:1: error: one\n  data/a.yaml:2:1: error: two\n")
    assert yaml.safe_load(new)["files"] == yaml.safe_load(text)["files"]


def test_refreshing_every_case_with_its_own_report_changes_no_byte():
    for case_file in CASES:
        text = case_file.read_text("utf-8")
        assert refreshed(text, yaml.safe_load(text)["expected"]) == text, case_file.name

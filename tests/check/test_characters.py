"""Characters no document may hold are refused where they are written; every other
character passes the check (what the PDF can set is tested with the build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import KB_YAML, write_tree
from generator.pipeline import load_and_check

SECTOR = ('name: "Ports{c}"\nsummary: Terminals.\nexposure: high\nexposure_why: Automation.\n'
          "sources: [{title: A report, publisher: P}]\nreviewed: 2026-01-15\n")


def _problems(tmp_path: Path, escaped: str) -> list:
    write_tree(tmp_path, {"kb.yaml": KB_YAML, "sectors/ports.yaml": SECTOR.replace("{c}", escaped)})
    return [p for p in load_and_check(tmp_path)[1] if p.severity == "error"]


@pytest.mark.parametrize("escaped", [r"\a", r"\e", r"\x1b", r"\r", r"\x85", r"\x9f", r"\ufdd0",
                                     r"\uffff", r"\U0010FFFF", r"\0"])
def test_a_character_no_document_may_hold_is_refused_at_its_line(tmp_path: Path, escaped: str):
    found = _problems(tmp_path, escaped)
    assert len(found) == 1 and (found[0].line, found[0].col) == (1, 7), found
    assert "which no page or PDF can show" in found[0].message


def test_a_lone_surrogate_is_refused_by_yaml_itself_at_its_line(tmp_path: Path):
    found = _problems(tmp_path, r"\ud800")
    assert len(found) == 1 and found[0].line == 1 and "invalid Unicode character escape" in found[0].message


@pytest.mark.parametrize("escaped", [r"\t", "阿里云", "😀", "👩‍💻", "ك", "Ω", r"\u00e9", r"\u200d", "\u3000"])
def test_any_other_character_passes(tmp_path: Path, escaped: str):
    assert _problems(tmp_path, escaped) == []


@pytest.mark.parametrize("escaped", [r"\u00ad", r"\u200b\u200d", r"\t ", r"\u3000"])
def test_a_text_that_shows_nothing_is_refused(tmp_path: Path, escaped: str):
    """A name of only invisible characters would be a link with nothing to click."""
    write_tree(tmp_path, {"kb.yaml": KB_YAML, "sectors/ports.yaml": SECTOR.replace("Ports{c}", escaped)})
    found = [p for p in load_and_check(tmp_path)[1] if p.severity == "error"]
    assert len(found) == 1 and (found[0].line, found[0].col) == (1, 7) and "shows nothing" in found[0].message


def test_a_soft_hyphen_may_break_a_word_but_not_end_the_text(tmp_path: Path):
    assert _problems(tmp_path, r"con\u00adtainer") == []
    found = _problems(tmp_path, r"\u00a1\u00ad")
    assert len(found) == 1 and "U+00AD SOFT HYPHEN at its end" in found[0].message

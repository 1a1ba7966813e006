"""A knowledge base is a value: its kb.yaml's words travel with it, so two knowledge bases
with different axes live in one process, checked, linked and rendered in any order."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import FIXTURE
from generator.domain import composed_texts
from generator.graph.link import link
from generator.pipeline import load_and_check, render_site


def _errors(problems) -> list[str]:
    return [p.as_text() for p in problems if p.severity == "error"]


def _platform_copy(root: Path) -> Path:
    """The fixture with its second axis renamed: `stack` becomes `platform`, with new words."""
    shutil.copytree(FIXTURE, root)
    kb_yaml = root / "kb.yaml"
    text = kb_yaml.read_text("utf-8").replace("- field: stack", "- field: platform")
    kb_yaml.write_text(text.replace("Whose system it runs on", "Which platform hosts it"), "utf-8")
    for path in (root / "use-cases").glob("*.yaml"):
        path.write_text(re.sub(r"(?m)^stack:", "platform:", path.read_text("utf-8")), "utf-8")
    return root


def test_two_knowledge_bases_with_different_axes_interleave_in_one_process(tmp_path):
    other = _platform_copy(tmp_path / "other")
    records_a, problems_a = load_and_check(FIXTURE)
    records_b, problems_b = load_and_check(other)  # checking B must not change how A reads
    assert _errors(problems_a) == [] and _errors(problems_b) == []
    kb_b = link(records_b)
    kb_a = link(records_a)
    assert [a.field for a in kb_a.domain.axes] == ["data_location", "stack"]
    assert [a.field for a in kb_b.domain.axes] == ["data_location", "platform"]
    page_a = render_site(kb_a).files["use-cases/crane-maintenance.md"].text
    page_b = render_site(kb_b).files["use-cases/crane-maintenance.md"].text
    page_a_again = render_site(kb_a).files["use-cases/crane-maintenance.md"].text
    assert "Whose system it runs on" in page_a and "Which platform hosts it" not in page_a
    assert "Which platform hosts it" in page_b and "Whose system it runs on" not in page_b
    assert page_a_again == page_a
    assert '"platform"' in composed_texts(kb_b.domain)["use-case.json"]
    assert '"platform"' not in composed_texts(kb_a.domain)["use-case.json"]
    _, again = load_and_check(FIXTURE)  # B's schemas never leak into A's check
    assert _errors(again) == []


def test_a_data_folder_checked_against_the_other_ones_words_fails_on_its_own_files(tmp_path):
    """The same use cases under the other kb.yaml: the problems name that kb.yaml's axis."""
    other = _platform_copy(tmp_path / "other")
    shutil.copy(FIXTURE / "kb.yaml", other / "kb.yaml")  # back to `stack`, the use cases say `platform`
    _, problems = load_and_check(other)
    assert any("missing required field(s) 'stack'" in p for p in _errors(problems))
    _, fine = load_and_check(FIXTURE)
    assert _errors(fine) == []

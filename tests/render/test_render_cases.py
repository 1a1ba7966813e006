"""Focused render cases: input files → fragments a page must contain (or lack).

Each YAML file under cases/render/ holds `files` (paths under data/ → text), the `page` to
look at, and the `contains` and `lacks` fragments. The whole fixture's pages are pinned by
the golden files in golden/pages/; these pin one behaviour each.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import KB_YAML, TESTS, write_tree
from generator.pipeline import generate

CASES = sorted((TESTS / "cases" / "render").glob("*.yml"))


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_render_case(case_file: Path, tmp_path: Path):
    case = yaml.safe_load(case_file.read_text("utf-8"))
    data = write_tree(tmp_path / "data", {"kb.yaml": KB_YAML, **case["files"]})
    page = generate(data).files[case["page"]].text
    for fragment in case["contains"]:
        assert fragment in page, f"missing {fragment!r} in:\n{page}"
    for fragment in case["lacks"]:
        assert fragment not in page, f"unexpected {fragment!r} in:\n{page}"

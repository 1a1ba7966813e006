"""Names that cannot exist everywhere: ids and former ids Windows reserves are errors at
their line, with a free name to use instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import KB_YAML, write_tree
from generator.pipeline import load_and_check

VENDOR = "name: {name}\nsummary: A vendor.\nkind: cloud\nhome_market: X\nreviewed: 2026-01-01\n"


@pytest.mark.parametrize("reserved", ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"])
def test_an_id_windows_reserves_is_an_error_with_a_free_name(tmp_path: Path, reserved: str):
    write_tree(tmp_path, {"kb.yaml": KB_YAML, f"vendors/{reserved}.yaml": VENDOR.format(name="Device")})
    _, problems = load_and_check(tmp_path)
    found = [p for p in problems if "Windows reserves" in p.message]
    assert len(found) == 1 and found[0].file.endswith(f"{reserved}.yaml") and (found[0].line, found[0].col) == (1, 1)
    assert f"such as '{reserved}-1'" in found[0].message


def test_a_former_id_windows_reserves_is_an_error_at_its_line(tmp_path: Path):
    text = VENDOR.format(name="Console Co") + "former_ids: [console, nul]\n"
    write_tree(tmp_path, {"kb.yaml": KB_YAML, "vendors/console-co.yaml": text})
    _, problems = load_and_check(tmp_path)
    found = [p for p in problems if "Windows reserves" in p.message]
    assert [(p.line, p.message.split(":")[0]) for p in found] == [(6, "'former_ids[1]'")]


def test_names_that_only_start_like_a_device_are_fine(tmp_path: Path):
    write_tree(tmp_path, {"kb.yaml": KB_YAML, "vendors/con-edison.yaml": VENDOR.format(name="Con Edison"),
                          "vendors/com10.yaml": VENDOR.format(name="Com Ten")})
    _, problems = load_and_check(tmp_path)
    assert not [p for p in problems if "Windows" in p.message]


@pytest.mark.parametrize(("name", "id_"), [("gοogle-cloud", "google-cloud"), ("Café Zürich", "cafe-zurich"),
                                          ("阿里云 Alibaba Cloud", "aliyun-alibaba-cloud"), ("🚀 Rocket", "rocket")])
def test_ids_fold_any_script_to_ascii_letters(name: str, id_: str):
    from generator.model import slug

    assert slug(name) == id_


def test_a_rename_hint_never_names_an_id_that_is_taken(tmp_path: Path):
    write_tree(tmp_path, {"kb.yaml": KB_YAML, "vendors/google-cloud.yaml": VENDOR.format(name="Google Cloud"),
                          "vendors/gοogle-cloud.yaml": VENDOR.format(name="Lookalike")})
    _, problems = load_and_check(tmp_path)
    hint = next(p.message for p in problems if "is not a valid id" in p.message)
    assert "rename the file to 'google-cloud-2.yaml'" in hint

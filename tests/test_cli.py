"""The `kb` command: exit codes, messages, and nothing written on failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import FIXTURE, ROOT, kb, kb_script


def test_check_clean_data_exits_zero():
    result = kb("check", "--data", str(FIXTURE))
    assert result.returncode == 0
    assert result.stdout.strip() == "0 errors, 0 warnings"


def test_check_reports_every_mistake_and_exits_one(fixture_copy: Path):
    (fixture_copy / "sectors" / "ports.yaml").write_text(
        "name: Ports\nsummary: S.\nexposure: hgh\nexposure_why: W.\nvendor: [crane-co]\n"
        "sources: [field-reprot]\nreviewed: 2026-01-01\n", encoding="utf-8")
    result = kb_script("check", "--data", "data", cwd=fixture_copy.parent)  # the console script itself
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/sectors/ports.yaml:3:11: error: 'exposure': expected one of 'high', 'medium', 'low', "
        "found 'hgh' (did you mean 'high'?)",
        "data/sectors/ports.yaml:5:1: error: unknown field 'vendor' (did you mean 'vendors'?); allowed fields: "
        "id, name, summary, aliases, body, tags, sources, reviewed, former_ids, exposure, exposure_why, stack, vendors",
        "data/sectors/ports.yaml:6:11: error: 'sources[0]': unknown reading 'field-reprot' "
        "(did you mean 'field-report'?)",
        "3 errors, 0 warnings",
    ]
    assert "Traceback" not in result.stderr


def test_failed_build_leaves_previous_site_untouched(fixture_copy: Path):
    site = fixture_copy.parent / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    (fixture_copy / "use-cases" / "crane-maintenance.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    result = kb_script("build", "--data", str(fixture_copy), "--site-dir", str(site))
    assert result.returncode == 1
    assert "YAML syntax" in result.stdout and "Nothing was written." in result.stderr
    assert (site / "index.html").read_text("utf-8") == "previous build"
    assert sorted(p.name for p in site.parent.iterdir()) == ["data", "site"]  # no temp folders left


def test_mkdocs_failure_also_leaves_previous_site(fixture_copy: Path):
    site = fixture_copy.parent / "site"
    site.mkdir()
    (site / "keep.txt").write_text("x", encoding="utf-8")
    bad_config = fixture_copy.parent / "mkdocs.yml"
    bad_config.write_text((ROOT / "mkdocs.yml").read_text("utf-8") + "\nnot_a_real_option: 1\n", encoding="utf-8")
    result = kb("build", "--data", str(fixture_copy), "--site-dir", str(site), "--config", str(bad_config))
    assert result.returncode == 1
    assert (site / "keep.txt").is_file()
    assert "Traceback" not in result.stderr


def test_export_writes_the_generated_markdown(tmp_path: Path):
    out = tmp_path / "pages"
    result = kb("export", "--data", str(FIXTURE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "sectors" / "ports.md").read_text("utf-8").startswith('---\ntitle: "Ports"\n')
    assert (out / "index.md").is_file()


def test_missing_data_folder_is_a_clear_error(tmp_path: Path):
    result = kb("check", "--data", str(tmp_path / "nope"))
    assert result.returncode == 1
    assert "data folder not found" in result.stdout and "Traceback" not in result.stderr


def test_docs_folder_is_never_written(tmp_path: Path):
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*"))
    kb("build", "--data", str(FIXTURE), "--site-dir", str(tmp_path / "site"))
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*")) == before


def test_broken_tree_stops_the_build(fixture_copy: Path):
    tree = fixture_copy / "decisions" / "which-way.yaml"
    tree.write_text(tree.read_text("utf-8").replace("outcome: safe-end", "next: where"), encoding="utf-8")
    site = fixture_copy.parent / "site"
    result = kb_script("build", "--data", str(fixture_copy), "--site-dir", str(site))
    assert result.returncode == 1
    assert "data/decisions/which-way.yaml" in result.stdout.replace(str(fixture_copy.parent) + "/", "")
    assert "cycle: where → whose → where" in result.stdout
    assert not site.exists()


def test_the_command_starts_without_the_table_engine():
    """pandas (about a second of imports) loads only when a table is written, not for `kb check`."""
    probe = "import sys, generator.cli; print(sorted(m for m in ('pandas', 'typst', 'playwright') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

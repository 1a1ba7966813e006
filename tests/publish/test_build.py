"""`kb build`: one load of the data for every edition, MkDocs in this process, strict for real."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import FIXTURE, ROOT, kb
from generator import folder
from generator.cli import main


def test_build_reads_each_data_file_once_for_site_offline_edition_and_pdf(tmp_path, monkeypatch):
    reads: list[Path] = []
    real = folder.load_file

    def counting(path, *args, **kwargs):
        reads.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(folder, "load_file", counting)
    result = CliRunner().invoke(main, ["build", "--data", str(FIXTURE), "--site-dir", str(tmp_path / "site"),
                                       "--config", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    built = tmp_path / "site" / "downloads"
    assert (built / "fixture-map.pdf").is_file() and (built / "fixture-map-offline.zip").is_file()
    assert sorted(reads) == sorted(FIXTURE.rglob("*.yaml"))


def test_a_warning_alone_fails_the_build_and_leaves_the_site(tmp_path):
    """MkDocs' strict mode counts warnings; a broken link in a hand-written page is one."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "site_overrides", project / "site_overrides")  # mkdocs.yml's custom_dir
    about = project / "docs" / "about.md"
    about.write_text(about.read_text("utf-8") + "\nSee [the notes](notes.md).\n", "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("previous build", "utf-8")
    result = kb("build", "--data", str(FIXTURE), "--site-dir", str(site), "--config", str(project / "mkdocs.yml"),
                "--no-pdf", "--no-zip")
    assert result.returncode == 1
    assert "notes.md" in result.stderr and "strict mode" in result.stderr
    assert [p.name for p in site.iterdir()] == ["old.html"]


def test_build_offline_writes_only_the_offline_edition_as_a_folder(tmp_path):
    """`make offline`: the edition for file:// alone, every link a file, search inlined."""
    from urllib.parse import urlsplit

    from mkdocs.config import load_config

    from generator.publish.linkcheck import check_site
    out = tmp_path / "offline"
    result = CliRunner().invoke(main, ["build", "--offline", "--data", str(FIXTURE), "--site-dir", str(out),
                                       "--config", str(ROOT / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert (out / "search" / "search_index.js").read_text("utf-8").startswith("var __index = ")
    assert not (out / "downloads" / "fixture-map.pdf").exists()
    assert check_site(out, urlsplit(load_config(str(ROOT / "mkdocs.yml")).site_url).path, file_urls=True) == []
    assert 'href="ports/index.html"' in (out / "sectors" / "index.html").read_text("utf-8")


def test_the_downloads_page_gives_each_data_files_true_size(fixture_site):
    """Each data download's size, as the Downloads page words it, is the size of the file
    beside it in the built site."""
    import re

    from jinja2.filters import do_filesizeformat
    page = (fixture_site / "downloads" / "index.html").read_text("utf-8")
    sizes = dict(re.findall(r'<a href="([\w.-]+\.(?:json|csv|xml))">[^<]*</a> \(([^)]+)\)', page))
    assert len(sizes) >= 9  # the JSON file, a CSV per type, the feed
    for name, said in sizes.items():
        assert said == do_filesizeformat((fixture_site / "downloads" / name).stat().st_size), name

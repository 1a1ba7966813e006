"""One site, three engines: `kb build --engine mkdocs|properdocs|zensical` gives the reader the
same pages, scripts, styles, edit links, downloads and checked links; where an engine cannot
do something, a test here pins the difference (the README's engine table says the same)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ENGINES, FIXTURE, ROOT, build_with, kb, write_tree
from generator.publish.linkcheck import check_site
from generator.registry import BY_FOLDER

OTHERS = [e for e in ENGINES if e != "mkdocs"]
MAKE_SERVE = ("make", "--no-print-directory", "--old-file=.venv/.installed", "serve")
"""`make serve` with the set-up stamp taken as done: a test never reinstalls the environment it runs in."""
EDIT = re.compile(r'<a href="([^"]*)" title="Edit this page"')


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def _edit_links(site: Path, pages: list[Path]) -> list[list[str]]:
    return [EDIT.findall((site / page).read_text("utf-8")) for page in pages]


def _entry_pages(site: Path) -> list[Path]:
    """Each entry's page (a former id's redirect aside), relative to the site."""
    return sorted(p.relative_to(site) for p in site.glob("*/*/index.html")
                  if p.parts[-3] in BY_FOLDER and "http-equiv" not in p.read_text("utf-8"))


@pytest.mark.parametrize("engine", OTHERS)
def test_every_page_of_the_mkdocs_build_is_built(engine, engine_site):
    assert _pages(engine_site("mkdocs")) - _pages(engine_site(engine)) == set()


@pytest.mark.parametrize("engine", ENGINES)
def test_every_page_loads_the_kb_styles_and_scripts(engine, engine_site):
    site = engine_site(engine)
    for page in sorted(site.rglob("*.html")):
        html = page.read_text("utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # a redirect from a former id: no theme, no scripts
        assert re.search(r'<link rel="stylesheet" href="[^"]*assets/kb\.css">', html), page
        assert re.search(r'<script src="[^"]*assets/kb\.js" defer>', html), page
    assess = (site / "assess" / "index.html").read_text("utf-8")
    assert re.search(r'<script src="[./]*assets/kb-assess\.js">', assess)
    for asset in ("kb.css", "kb.js", "kb-assess.js", "javascripts/js-yaml.min.js", "site.css"):
        assert (site / "assets" / asset).is_file(), asset


@pytest.mark.parametrize("engine", OTHERS)
def test_edit_links_go_to_the_yaml_files_as_on_mkdocs(engine, engine_site):
    mkdocs, other = engine_site("mkdocs"), engine_site(engine)
    entries = _entry_pages(mkdocs)
    assert len(entries) >= 13
    wanted = _edit_links(mkdocs, entries)
    assert all(len(want) == 1 and want[0].endswith(".yaml") for want in wanted)
    assert _edit_links(other, entries) == wanted
    hand_written = EDIT.findall((other / "about" / "index.html").read_text("utf-8"))
    assert hand_written and hand_written[0].endswith("/docs/about.md")


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_and_offline_zip_are_built_and_every_link_resolves(engine, engine_site):
    site = engine_site(engine)
    assert (site / "downloads" / "fixture-map.pdf").read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(site / "downloads" / "fixture-map-offline.zip") as archive:
        names = set(archive.namelist())
    assert "fixture-map/index.html" in names and "fixture-map/sectors/ports/index.html" in names
    assert check_site(site, "/compute-exposure-map/", False, "", frozenset()) == []


@pytest.mark.parametrize("engine", OTHERS)
def test_entries_link_each_other_as_on_mkdocs(engine, engine_site):
    """Body links (`[[id]]`) are written for Zensical as links to the Markdown files, which it
    rewrites; either way the reader lands on the same page."""
    def links(site: Path) -> list[str]:
        html = (site / "use-cases" / "cross-border-relay" / "index.html").read_text("utf-8")
        return re.findall(r'<a href="([^"]*)" rel="noopener noreferrer nofollow">', html)
    assert links(engine_site(engine)) == links(engine_site("mkdocs")) != []


def test_zensical_differences_are_pinned(engine_site):
    """What Zensical 0.0.73 does otherwise, without the plugin: its search index is one file
    of its own shape, the nav marks no index while an entry is read, the sitemap carries no
    revision dates, and there is no sitemap.xml.gz or tags.json."""
    mkdocs, zensical = engine_site("mkdocs"), engine_site("zensical")
    assert (zensical / "search.json").is_file() and not (zensical / "search").exists()
    assert (mkdocs / "search" / "search_index.json").is_file()
    entry = "sectors/ports/index.html"
    assert "md-nav__item--active" in (mkdocs / entry).read_text("utf-8")
    assert "md-nav__item--active" not in (zensical / entry).read_text("utf-8")
    assert "<lastmod>" in (mkdocs / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>" not in (zensical / "sitemap.xml").read_text("utf-8")
    assert not (zensical / "sitemap.xml.gz").exists() and not (zensical / "tags.json").exists()


def test_properdocs_builds_what_mkdocs_builds(engine_site):
    """The same plugin on the fork: the same files, the same search index entries."""
    mkdocs, properdocs = engine_site("mkdocs"), engine_site("properdocs")
    files = {p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*") if p.is_file()}
    assert files == {p.relative_to(properdocs).as_posix() for p in properdocs.rglob("*") if p.is_file()}


def test_mkdocs_build_names_the_maintained_engine(tmp_path):
    result = kb("build", "--data", str(FIXTURE), "--site-dir", str(tmp_path / "site"), "--no-pdf", "--no-zip")
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stderr.splitlines() if "--engine" in line]
    assert "--engine properdocs" in line and "2027-05-05" in line
    assert "Material for MkDocs reaches end of life" not in result.stderr + result.stdout


@pytest.mark.parametrize("engine", OTHERS)
def test_a_missing_engine_is_one_line_saying_how_to_install_it(engine, tmp_path, monkeypatch):
    import importlib.util

    from generator.publish import engines
    real = importlib.util.find_spec
    monkeypatch.setattr(engines.importlib.util, "find_spec", lambda name: None if name == engine else real(name))
    result = kb("build", "--engine", engine, "--data", str(FIXTURE), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1 and not (tmp_path / "site").exists()
    assert result.stderr.strip() == f"error: --engine {engine} needs the {engine} package: pip install " \
                                     f"'{engines.PACKAGES[engine]}'"


@pytest.mark.parametrize("engine", OTHERS)
def test_a_failed_engine_build_leaves_the_previous_site(engine, tmp_path):
    """A hand-written page with a broken link fails the strict build on every engine, in one
    message and no traceback; the site built before stays as it was."""
    site = write_tree(tmp_path, {"site/index.html": "before\n"}) / "site"
    for folder in ("docs", "site_overrides"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    write_tree(tmp_path, {"docs/about.md": "# About\n\n[gone](nowhere.md)\n"})
    result = kb("build", "--engine", engine, "--data", str(FIXTURE), "--site-dir", str(site), "--no-pdf",
                "--no-zip", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: ")
    assert (site / "index.html").read_text("utf-8") == "before\n"


@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Callable[[str], Path]:
    """A new team's repository as `kb init` writes it, built by one engine, once per engine,
    with a repository address set as its Pages workflow sets it (so it has edit links)."""
    repo = tmp_path_factory.mktemp("starter") / "team-map"
    assert kb("init", str(repo), "--title", "Team Map").returncode == 0
    built: dict[str, Path] = {}

    def site(engine: str) -> Path:
        if engine not in built:
            out = tmp_path_factory.mktemp(f"starter-{engine}") / "site"
            built[engine] = build_with(engine, repo / "data", out, cwd=repo,
                                       env={"KB_REPO_URL": "https://example.org/team/team-map"})
        return built[engine]
    return site


@pytest.mark.parametrize("engine", OTHERS)
def test_the_kb_init_starter_builds_every_page_pdf_and_zip_on_every_engine(engine, starter):
    """What CI asks of the starter on each engine: every page of its MkDocs build, the same
    edit links to the YAML files, the PDF and the offline zip (`kb build` has checked every
    link and anchor, or it would have failed)."""
    mkdocs, other = starter("mkdocs"), starter(engine)
    assert len(_pages(mkdocs)) >= 20 and _pages(mkdocs) - _pages(other) == set()
    entries = _entry_pages(mkdocs)
    assert len(entries) == len(BY_FOLDER)  # the starter's one example entry per type
    assert _edit_links(other, entries) == _edit_links(mkdocs, entries) != []
    assert (other / "downloads" / "team-map.pdf").read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(other / "downloads" / "team-map-offline.zip") as archive:
        names = set(archive.namelist())
    assert {f"team-map/{page}" for page in _pages(mkdocs)} <= names  # every page, from disk too


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_make_serve_answers_a_save_on_the_engine(engine, tmp_path):
    """`make serve ENGINE=E` as a contributor runs it: the served page and its search entry
    show a saved name. Zensical has no preview yet: `make serve` says so and stops."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    port = _free_port()
    serve = subprocess.Popen([*MAKE_SERVE, f"ENGINE={engine}", f"DATA={data}", f"SERVE_ADDRESS=127.0.0.1:{port}"],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        base = _serving_at(serve)
        page = f"{base}vendors/cloud-co/"
        assert "Cloud Co" in _get(page)
        source = data / "vendors" / "cloud-co.yaml"
        source.write_text(source.read_text("utf-8").replace("name: Cloud Co", "name: Cloud Co Renamed"), "utf-8")
        assert _eventually(lambda: "Cloud Co Renamed" in _get(page)), "the page never showed the save"
        # The index is rewritten after the pages (the plugin's post-build step): wait for it too.
        assert _eventually(lambda: "Cloud Co Renamed" in _get(f"{base}search/search_index.json"))
    finally:
        with contextlib.suppress(ProcessLookupError):  # it stopped by itself: the assertion says why
            os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)


def test_make_serve_on_zensical_says_it_has_no_preview_yet():
    result = subprocess.run([*MAKE_SERVE, "ENGINE=zensical"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "no preview on ENGINE=zensical yet; use ENGINE=mkdocs or ENGINE=properdocs" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serving_at(serve: subprocess.Popen) -> str:
    """The address the preview prints once its first build is done (it fails the test if the
    preview stops first)."""
    for line in serve.stderr:
        if found := re.search(r"Serving on (http://\S+)", line):
            threading.Thread(target=serve.stderr.read, daemon=True).start()  # keep its pipe drained
            return found.group(1).rstrip("/") + "/"
    raise AssertionError(f"the preview stopped before serving (exit {serve.wait()})")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _eventually(ok: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ok():
            return True
        time.sleep(0.5)
    return False

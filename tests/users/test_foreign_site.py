"""The plugin inside someone else's MkDocs site: its own home page and nav, the knowledge base
mounted under `prefix: kb`, and the plugins such a site already uses beside it.

Each site is built once per module by `kb build` in this process (tens of seconds each)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from conftest import FIXTURE
from generator.cli import main
from generator.errors import CheckFailed, KbError
from generator.publish.site import kb_url
from generator.render.site import SiteFile, assemble

HOME = "# Our handbook\n\nOur own home page. See [the knowledge base](kb/index.md) and [notes](notes.md).\n"
NAV = [{"Home": "index.md"}, {"Notes": "notes.md"}, {"Knowledge base": "kb/index.md"}]
PLUGINS = ["search", "tags", {"kb": {"data": "data", "prefix": "kb", "pdf": False, "offline": False}}]
COMMIT_DATE = "2020-01-02T12:00:00+00:00"


def make_site(root: Path, plugins: list | None = None, nav: list | None = NAV, home: str | None = HOME,
              docs: dict[str, str] | None = None) -> Path:
    """A small site of its own in `root`, the fixture knowledge base as its data; its mkdocs.yml.
    `home`: the site's own index.md, if it has one."""
    own = {**({"index.md": home} if home is not None else {}), "notes.md": "# Notes\n\nOur own notes.\n"}
    for name, text in {**own, **(docs or {})}.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, "utf-8")
    shutil.copytree(FIXTURE, root / "data")
    config = {"site_name": "Our handbook", "site_url": "https://example.org/handbook/",
              "theme": {"name": "material"}, "plugins": PLUGINS if plugins is None else plugins,
              **({"nav": nav} if nav is not None else {})}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return root / "mkdocs.yml"


def kb_build(config: Path) -> Result:
    """`kb build` of the site, in this process."""
    root = config.parent
    return CliRunner().invoke(main, ["build", "--data", str(root / "data"), "--site-dir", str(root / "site"),
                                     "--config", str(config)])


def with_kb(**options) -> list:
    """The default plugins, with the kb plugin's options changed."""
    kb = {"kb": {**PLUGINS[2]["kb"], **options}}
    return [*PLUGINS[:2], kb]


def read(site: Path, name: str) -> str:
    return (site / name).read_text("utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Result, Path]:
    config = make_site(tmp_path_factory.mktemp("own"), with_kb(offline=True))
    return kb_build(config), config.parent / "site"


def test_the_knowledge_base_lives_under_its_prefix_and_the_sites_home_stays_its_own(built):
    result, site = built
    assert result.exit_code == 0, result.output
    assert "Our own home page." in read(site, "index.html")
    assert "Our own notes." in read(site, "notes/index.html")
    for name in ("kb/index.html", "kb/sectors/ports/index.html", "kb/tags/index.html", "kb/downloads/changes.xml",
                 "kb/downloads/fixture-map-offline.zip"):
        assert (site / name).is_file(), name
    assert not (site / "sectors").exists() and not (site / "downloads").exists()
    ports = read(site, "kb/sectors/ports/index.html")  # the site lists no Markdown extensions: kb adds its own
    assert '<div class="kb-facts">' in ports and 'markdown="1"' not in ports and "**" not in ports
    assert 'href="changes/"' in read(site, "kb/index.html")  # What changed, linked from the home page


def test_links_out_of_the_prefix_reach_the_sites_root(built):
    """The theme's assets and the feed stay where the theme puts them; the feed names pages under kb/."""
    _, site = built
    assess = read(site, "kb/assess/index.html")
    assert 'src="../../assets/kb-assess.js"' in assess and (site / "assets" / "kb-assess.js").is_file()
    assert 'href="../../downloads/changes.xml"' in read(site, "kb/sectors/ports/index.html")  # kb/downloads/
    assert "https://example.org/handbook/kb/signals/prices-fall/" in read(site, "kb/downloads/changes.xml")


@pytest.fixture(scope="module")
def unreachable(tmp_path_factory) -> Result:
    nav = [{"Home": "index.md"}, {"Notes": "notes.md"}]
    return kb_build(make_site(tmp_path_factory.mktemp("unreachable"), nav=nav, home="# Our handbook\n"))


def test_an_unreachable_knowledge_base_names_the_nav_entry_to_add(unreachable):
    assert isinstance(unreachable.exception, KbError)  # the console script prints it as one message
    assert str(unreachable.exception).splitlines()[1:] == [
        "  kb/index.html: not reachable from index.html; add `- Knowledge base: kb/index.md` to nav: in "
        "mkdocs.yml, or link to kb/ from a page that is reachable"]


@pytest.fixture(scope="module")
def no_tags(tmp_path_factory) -> tuple[Result, Path]:
    config = make_site(tmp_path_factory.mktemp("no-tags"), [PLUGINS[0], PLUGINS[2]])
    return kb_build(config), config.parent / "site"


def test_without_the_tags_plugin_there_is_no_tags_page_and_a_warning_says_how_to_add_it(no_tags):
    result, site = no_tags
    assert result.exit_code == 0, result.output
    assert "no Tags page, as this site has no tags plugin; add `- tags` under plugins:" in result.output
    assert not (site / "kb" / "tags").exists()
    assert "tags/" not in read(site, "kb/index.html")


@pytest.fixture(scope="module")
def minified(tmp_path_factory) -> tuple[Result, Path]:
    config = make_site(tmp_path_factory.mktemp("minify"), [*with_kb(offline=True), "minify"])
    return kb_build(config), config.parent / "site"


def test_composes_with_mkdocs_minify_plugin_and_its_defaults(minified):
    result, site = minified
    assert result.exit_code == 0, result.output
    assert (site / "kb" / "downloads" / "fixture-map-offline.zip").is_file()


def test_composes_with_mkdocs_redirects(tmp_path_factory):
    plugins = [*PLUGINS, {"redirects": {"redirect_maps": {"old-map.md": "kb/index.md"}}}]
    config = make_site(tmp_path_factory.mktemp("redirects"), plugins)
    result = kb_build(config)
    assert result.exit_code == 0, result.output
    assert "kb/" in read(config.parent / "site", "old-map/index.html")


def test_composes_with_awesome_nav(tmp_path_factory):
    nav_file = yaml.safe_dump({"nav": ["index.md", "notes.md", {"Knowledge base": "kb/index.md"}]})
    config = make_site(tmp_path_factory.mktemp("awesome"), [*PLUGINS, "awesome-nav"], nav=None,
                       docs={".nav.yml": nav_file})
    result = kb_build(config)
    assert result.exit_code == 0, result.output
    assert "Knowledge base" in read(config.parent / "site", "notes/index.html")  # the title .nav.yml gives


def test_composes_with_literate_nav_whose_summary_is_no_page_to_reach(tmp_path_factory):
    summary = "* [Home](index.md)\n* [Notes](notes.md)\n* [Knowledge base](kb/index.md)\n"
    config = make_site(tmp_path_factory.mktemp("literate"), [*PLUGINS, "literate-nav"], nav=None,
                       docs={"SUMMARY.md": summary})
    result = kb_build(config)
    assert result.exit_code == 0, result.output
    assert "Knowledge base" in read(config.parent / "site", "notes/index.html")
    assert (config.parent / "site" / "SUMMARY" / "index.html").is_file()  # built, linked from nowhere


def test_at_the_root_too_the_literate_nav_file_is_no_page_to_reach(tmp_path_factory):
    """Without a prefix the whole site is the knowledge base's, and every page must be reachable."""
    summary = "".join(f"* [{t}]({p})\n" for t, p in (("Home", "index.md"), ("Notes", "notes.md"), (
        "Downloads", "downloads/index.md"), ("Review", "review.md"), ("Reference", "reference.md")))
    plugins = [*PLUGINS[:2], with_kb(prefix="")[2], "literate-nav"]
    config = make_site(tmp_path_factory.mktemp("literate-root"), plugins,
                       nav=None, home=None, docs={"SUMMARY.md": summary})
    result = kb_build(config)
    assert result.exit_code == 0, result.output
    assert "Fixture" in read(config.parent / "site", "index.html")


def _git(root: Path, *args: str) -> None:
    dated = {"GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE, "GIT_AUTHOR_NAME": "t",
             "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env={**os.environ, **dated})


def test_composes_with_git_revision_date_localized_showing_the_yamls_last_commit(tmp_path_factory):
    plugins = [*PLUGINS, {"git-revision-date-localized": {"type": "iso_date"}}]
    root = tmp_path_factory.mktemp("revision")
    config = make_site(root, plugins)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first")
    result = kb_build(config)
    assert result.exit_code == 0, result.output
    page = read(root / "site", "kb/sectors/ports/index.html")
    assert re.search(r"2020-01-02", page), "the revision date shown is not the YAML's commit"
    sitemap = read(root / "site", "sitemap.xml")
    assert re.search(r"kb/sectors/ports/</loc>\s*<lastmod>2020-01-02</lastmod>", sitemap)


def test_without_a_prefix_a_sites_own_home_page_is_told_to_set_one():
    """The knowledge base's home page (no YAML behind it) meets the site's own index.md."""
    with pytest.raises(CheckFailed) as failed:
        assemble([SiteFile("index.md", "# Map\n")], {"index.md": "docs/index.md"})
    assert [p.as_text() for p in failed.value.problems] == [
        "docs/index.md:1:1: error: the knowledge base writes index.md too; mount it in a folder of its own with "
        "the kb plugin's prefix option (such as `prefix: kb`)"]


def test_kb_assess_links_to_entries_under_the_prefix(tmp_path):
    assert kb_url(make_site(tmp_path, with_kb())) == "https://example.org/handbook/kb/"

"""Link integrity over built HTML: the checker itself, then the built sites."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config

from conftest import ROOT, write_tree
from generator.publish.linkcheck import check_site


def page(*links: str, ids: tuple[str, ...] = ()) -> str:
    anchors = "".join(f'<a href="{href}">x</a>' for href in links)
    targets = "".join(f'<h2 id="{i}">t</h2>' for i in ids)
    return f"<html><body>{targets}{anchors}</body></html>"


def test_clean_site_has_no_problems(tmp_path: Path):
    write_tree(tmp_path, {"index.html": page("a/", "b.html#top", "#here", ids=("here",)),
                          "a/index.html": page("../b.html", "../style.css"),
                          "b.html": page("a/", "https://example.org/", ids=("top",)),
                          "style.css": ""})
    assert check_site(tmp_path) == []


def test_broken_links_anchors_and_orphans_are_reported(tmp_path: Path):
    write_tree(tmp_path, {"index.html": page("missing/", "b.html#nope", "../../etc/passwd"),
                          "b.html": page(), "lonely.html": page("index.html"),
                          "old.html": '<meta http-equiv="refresh" content="0; url=b.html">'})
    assert check_site(tmp_path) == [
        "index.html: broken link 'missing/' (no file missing/index.html)",
        "index.html: broken anchor 'b.html#nope' (no id 'nope' in b.html)",
        "index.html: link to '../../etc/passwd' leaves the site",
        "lonely.html: not reachable from index.html; list it under nav: in mkdocs.yml, or link to it from a page"
        " that is reachable",
    ]


def test_inside_a_site_of_its_own_only_the_knowledge_base_must_be_reachable_from_its_home(tmp_path: Path):
    """The site's own pages are its business; the knowledge base's must be reachable from kb/."""
    write_tree(tmp_path, {"index.html": page(), "notes.html": page(), "kb/index.html": page("a.html"),
                          "kb/a.html": page(), "kb/lonely.html": page()})
    assert check_site(tmp_path, home="kb/") == [
        "kb/index.html: not reachable from index.html; add `- Knowledge base: kb/index.md` to nav: in mkdocs.yml,"
        " or link to kb/ from a page that is reachable"]
    (tmp_path / "index.html").write_text(page("kb/"), "utf-8")
    assert check_site(tmp_path, home="kb/") == [
        "kb/lonely.html: not reachable from kb/index.html; list it under nav: in mkdocs.yml, or link to it from a"
        " page that is reachable"]


def test_a_nav_plugins_nav_file_is_not_a_page_to_reach(tmp_path: Path):
    write_tree(tmp_path, {"index.html": page(), "SUMMARY/index.html": page()})
    assert check_site(tmp_path) != []
    assert check_site(tmp_path, not_pages=frozenset({"SUMMARY/index.html"})) == []


def test_the_scan_reads_tags_as_a_browser_would(tmp_path: Path):
    """Attributes in any quoting, entities decoded; comments and script text hold no tags."""
    write_tree(tmp_path, {
        "index.html": ("<html><head><script src='b.html'></script>"
                       '<script>if (a<b && c>d) { x = "<a href=\'gone.html\'>"; }</script>'
                       "<style>a[href='gone.html'] { color: red }</style></head><body>"
                       "<!-- <a href=\"gone.html\"> -->"
                       '<A HREF=b.html#t%C3%A9 class="x">x</A>'
                       '<a data-id="nope" href="b.html?x=1&amp;y=2#top">y</a>'
                       '<a name="named"></a><a href="#named">here</a></body></html>'),
        "b.html": page(ids=("top", "té"))})
    assert check_site(tmp_path) == []
    (tmp_path / "b.html").write_text(page(), "utf-8")
    assert check_site(tmp_path) == ["index.html: broken anchor 'b.html#t%C3%A9' (no id 'té' in b.html)",
                                    "index.html: broken anchor 'b.html?x=1&y=2#top' (no id 'top' in b.html)"]


def test_absolute_links_under_the_site_path_resolve(tmp_path: Path):
    write_tree(tmp_path, {"index.html": page("/kb/b/"), "b/index.html": page(),
                          "404.html": page("/kb/", "/kb/b/")})
    assert check_site(tmp_path, "/kb/") == []
    assert check_site(tmp_path, "/other/") != []


def test_fixture_site_and_its_offline_edition_have_no_broken_links(fixture_site: Path, tmp_path: Path):
    import zipfile
    base = urlsplit(load_config(str(ROOT / "mkdocs.yml")).site_url).path
    assert check_site(fixture_site, base) == []
    with zipfile.ZipFile(fixture_site / "downloads" / "fixture-map-offline.zip") as archive:
        archive.extractall(tmp_path)
    assert check_site(tmp_path / "fixture-map", base, file_urls=True) == []

"""The offline edition derived from the built site (publish.offline): folder links become
index.html links, pages load the worker shim, and search works from the inlined index."""

from __future__ import annotations

import json

import pytest

from generator.publish.linkcheck import check_site
from generator.publish.offline import SHIM, derive_offline, file_url, offline_page, offline_search_index


@pytest.mark.parametrize(("url", "expected"), [
    ("../sectors/ports/", "../sectors/ports/index.html"),
    ("../sectors/ports/#facts", "../sectors/ports/index.html#facts"),
    ("../assess/?tree=which-way", "../assess/index.html?tree=which-way"),
    ("..", "../index.html"),
    ("../..", "../../index.html"),
    (".", "./index.html"),
    ("./", "./index.html"),
    ("", ""),
    ("#top", "#top"),
    ("../assets/kb.css", "../assets/kb.css"),
    ("../downloads/map.pdf", "../downloads/map.pdf"),
    ("https://example.org/docs/", "https://example.org/docs/"),
    ("/kb/sectors/", "/kb/sectors/"),
    ("mailto:a@example.org", "mailto:a@example.org"),
])
def test_file_url_names_a_folders_index_and_keeps_everything_else(url, expected):
    assert file_url(url) == expected


def test_a_page_gets_file_links_in_every_tag_and_the_shim_at_its_depth():
    html = ('<html><head><link rel="stylesheet" href="../../assets/kb.css"></head><body>'
            '<a class="md-logo" href="../.." title="Home">Home</a>'
            '<svg><a xlink:href="../ports/#o-end"><text>end</text></a></svg>'
            '<template><a href="../../use-cases/cranes/">Cranes</a></template>'
            "<A HREF='../../vendors/' class=x>Vendors</A><a href=../../signals/>Signals</a>"
            '<code>&lt;a href="x/"&gt;</code> written href="y/" in text</body></html>')
    page = offline_page(html, depth=2)
    assert 'href="../../index.html" title="Home"' in page
    assert 'xlink:href="../ports/index.html#o-end"' in page
    assert 'href="../../use-cases/cranes/index.html"' in page
    assert 'href="../../assets/kb.css"' in page
    assert "<A HREF='../../vendors/index.html' class=x>" in page and "<a href=../../signals/index.html>" in page
    # Text is not a tag: what a page shows as written stays as written.
    assert '<code>&lt;a href="x/"&gt;</code> written href="y/" in text' in page
    assert page.count(f'<script src="../../{SHIM}"></script></head>') == 1


def test_a_redirect_page_moves_to_a_file():
    html = '<head><meta http-equiv="refresh" content="0; url=../new-id/"></head>'
    assert 'content="0; url=../new-id/index.html"' in offline_page(html, depth=1)


@pytest.mark.parametrize("entries", ["docs", "items"])  # Material's index, Zensical's
def test_the_search_index_addresses_files(entries):
    index = {"config": {"lang": ["en"]}, entries: [{"location": "", "title": "Home", "text": ""},
                                                   {"location": "#browse", "title": "Browse", "text": ""},
                                                   {"location": "sectors/ports/#facts", "title": "Ports", "text": ""}]}
    docs = json.loads(offline_search_index(json.dumps(index), entries))[entries]
    assert [d["location"] for d in docs] == ["./index.html", "./index.html#browse", "sectors/ports/index.html#facts"]


def test_zensicals_search_index_becomes_the_script_its_bundle_loads_from_disk(tmp_path):
    site, out = tmp_path / "site", tmp_path / "offline"
    _site(site)
    (site / "search" / "search_index.json").unlink()
    (site / "search").rmdir()
    (site / "search.json").write_text('{"config":{},"items":[{"location":"sectors/ports/","title":"P"}]}', "utf-8")
    derive_offline(site, out, "https://example.org/kb/", "map-offline.zip")
    script = (out / "search.js").read_text("utf-8")
    assert script.startswith("var __index = ") and '"location":"sectors/ports/index.html"' in script
    assert json.loads((out / "search.json").read_text("utf-8"))["items"][0]["location"] == "sectors/ports/index.html"
    assert not (out / "search").exists()


def _site(root, zip_link='<a href="map-offline.zip">This site for offline use</a>'):
    pages = {"index.html": '<head></head><a href="sectors/ports/">Ports</a> <a href="downloads/">Downloads</a>',
             "sectors/ports/index.html": '<head></head><a href="../..">Home</a>',
             "downloads/index.html": f'<head></head>{zip_link} <a href="..">Home</a>',
             "search/search_index.json": '{"config":{},"docs":[{"location":"sectors/ports/","title":"P","text":""}]}',
             f"{SHIM}": "// shim"}
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")


def test_the_derived_edition_opens_from_disk_and_links_its_zip_to_the_published_copy(tmp_path):
    site, out = tmp_path / "site", tmp_path / "offline"
    _site(site)
    (site / "downloads" / "map-offline.zip").write_bytes(b"an older zip")
    assert check_site(site) == []  # served, the site is whole; from disk, its folder links show nothing
    assert "index.html: link to 'sectors/ports/' names a folder, which shows no page from disk" in check_site(
        site, file_urls=True)
    derive_offline(site, out, "https://example.org/kb/", "map-offline.zip")
    assert check_site(out, file_urls=True) == []
    assert not (out / "downloads" / "map-offline.zip").exists()
    downloads = (out / "downloads" / "index.html").read_text("utf-8")
    assert '<a href="https://example.org/kb/downloads/map-offline.zip">' in downloads
    script = (out / "search" / "search_index.js").read_text("utf-8")
    assert script.startswith("var __index = ") and '"location":"sectors/ports/index.html"' in script
    assert (site / "sectors" / "ports" / "index.html").read_text("utf-8") == '<head></head><a href="../..">Home</a>'


@pytest.mark.parametrize("zip_link", ["<a href=map-offline.zip class=x>", "<a class='x' href='map-offline.zip'>"])
def test_the_zip_link_is_found_however_a_minifier_quoted_it(tmp_path, zip_link):
    site, out = tmp_path / "site", tmp_path / "offline"
    _site(site, zip_link + "This site for offline use</a>")
    derive_offline(site, out, "https://example.org/kb/", "map-offline.zip")
    downloads = (out / "downloads" / "index.html").read_text("utf-8")
    assert "https://example.org/kb/downloads/map-offline.zip" in downloads and "x" in downloads
    assert check_site(out, file_urls=True) == []


def test_mounted_under_a_prefix_the_zip_links_to_its_published_copy_there(tmp_path):
    site, out = tmp_path / "site", tmp_path / "offline"
    _site(site / "kb")
    (site / "index.html").write_text('<head></head><a href="kb/">Knowledge base</a>', "utf-8")
    derive_offline(site, out, "https://example.org/", "map-offline.zip", "kb/")
    downloads = (out / "kb" / "downloads" / "index.html").read_text("utf-8")
    assert '<a href="https://example.org/kb/downloads/map-offline.zip">' in downloads


def test_without_a_site_url_the_zip_is_named_not_linked(tmp_path):
    site, out = tmp_path / "site", tmp_path / "offline"
    _site(site)
    derive_offline(site, out, "", "map-offline.zip")
    assert "<a>This site for offline use</a>" in (out / "downloads" / "index.html").read_text("utf-8")
    assert check_site(out, file_urls=True) == []

"""Where am I? An entry's page is in no nav, so the plugin marks its type's index active while
the page renders, and only then."""

from __future__ import annotations

import re
from types import SimpleNamespace

from conftest import FIXTURE
from generator.mkdocs_files import index_in_nav as _index_in_nav
from generator.registry import TYPES

ACTIVE = re.compile(r'<li class="md-nav__item md-nav__item--active">\s*<a href="([^"]*)" class="md-nav__link">')
"""A page of the nav marked active while another page renders: a leaf (not a section), its
link without Material's own mark for the page being read (`md-nav__link--active`)."""


def _active(html: str) -> list[str]:
    return ACTIVE.findall(html[:html.index("<article")])


def test_every_entry_marks_its_types_index_and_nothing_else_stays_marked(fixture_site):
    for kind in TYPES:
        for file in sorted((FIXTURE / kind.folder).glob("*.yaml")):
            html = (fixture_site / kind.folder / file.stem / "index.html").read_text("utf-8")
            assert _active(html) == ["../"], file.stem  # its own folder's index
    # Pages rendered after the entries mark only themselves (Material's own mark, another class).
    for page in ("index.html", "boards/watch/index.html", "about/index.html"):
        assert _active((fixture_site / page).read_text("utf-8")) == [], page


def _nav(*uris: str) -> list:
    return [SimpleNamespace(file=SimpleNamespace(src_uri=uri)) for uri in uris]


def test_the_index_is_named_relative_to_the_page_so_a_prefix_changes_nothing():
    pages = _nav("index.md", "kb/index.md", "kb/vendors/index.md")
    assert _index_in_nav("kb/vendors/cloud-co.md", {"kb_index": "index.md"}, pages) is pages[2]
    assert _index_in_nav("vendors/cloud-co.md", {"kb_index": "index.md"}, pages) is None  # not in this nav
    assert _index_in_nav("kb/vendors/cloud-co.md", {}, pages) is None  # a page that names no index
    assert _index_in_nav("kb/vendors/cloud-co.md", {"kb_index": ["index.md"]}, pages) is None

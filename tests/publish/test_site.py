"""The fixture knowledge base built end to end with strict MkDocs, through `kb build`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURE, ROOT, kb
from generator.registry import BY_FOLDER


@pytest.fixture
def site(fixture_site) -> Path:
    return fixture_site


def test_every_entity_has_a_page(site):
    for file in FIXTURE.glob("*/*.yaml"):
        assert (site / file.parent.name / file.stem / "index.html").is_file(), file


def test_navigation_lists_indexes_not_entities(site):
    # The About page's content names no entity, so every link on it comes from the navigation.
    html = (site / "about" / "index.html").read_text("utf-8")
    assert 'href="../sectors/"' in html and 'href="../boards/watch/"' in html
    assert "sectors/ports/" not in html and "use-cases/crane-maintenance/" not in html


def test_backlinks_and_each_related_entry_once_on_an_entity_page(site):
    html = (site / "vendors" / "crane-co" / "index.html").read_text("utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert 'href="../../use-cases/crane-maintenance/"' in article  # written only on the use case
    assert article.count('href="../../reading/field-report/"') == 1  # its source, not again as reading
    entity_pages = [p for p in sorted(site.glob("*/*/index.html")) if p.parent.parent.name in BY_FOLDER]
    for page in entity_pages:  # every entity page: each entry linked once
        body = page.read_text("utf-8")
        if "<article" not in body:
            continue  # a redirect for a former id
        body = body[body.index("<article"):body.index("</article>")]
        if 'class="kb-tree"' in body:  # a tree names an entry in each outcome that rests on it
            tree = body[body.index('class="kb-tree"'):]
            after = tree[tree.index('id="related"'):] if 'id="related"' in tree else ""
            body = body[:body.index('class="kb-tree"')] + after
        body = re.sub(r'<div class="kb-body">.*?</div>', "", body, flags=re.S)  # prose may name an entry again
        links = re.findall(r'href="(\.\./\.\./[a-z-]+/[a-z0-9-]+/)"', body)
        assert len(links) == len(set(links)), (page, sorted(ln for ln in links if links.count(ln) > 1))


def test_tags_page_lists_tagged_entries(site):
    html = (site / "tags" / "index.html").read_text("utf-8")
    assert "logistics" in html and "Crane maintenance" in html


def test_edit_link_of_an_entity_page_points_at_nothing_outside_the_repo(site):
    # The fixture lives inside the repository, so its pages edit their YAML file.
    html = (site / "sectors" / "ports" / "index.html").read_text("utf-8")
    edit = re.search(r'href="([^"]+)"[^>]*title="Edit this page"', html)
    assert edit and edit.group(1).endswith("/edit/main/tests/fixture_kb/sectors/ports.yaml")


def test_search_index_holds_entities(site):
    index = (site / "search" / "search_index.json").read_text("utf-8")
    assert "Crane maintenance" in index


def test_shipped_knowledge_base_builds_strict(tmp_path):
    result = kb("build", "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    pages = list((tmp_path / "site").glob("*/*/index.html"))
    entities = list((ROOT / "data").glob("*/*.yaml"))
    assert len(pages) >= len(entities)

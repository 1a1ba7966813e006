"""Golden files for rendered pages: the fixture knowledge base → tests/golden/pages/**.

Run `pytest --update-goldens` to rewrite them, then review the diff like any change.
"""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURE, TESTS
from generator.pipeline import generate
from generator.registry import TYPES

GOLDEN = TESTS / "golden" / "pages"


@pytest.fixture(scope="module")
def pages():
    return {page.path: page for page in generate(FIXTURE).pages}


def test_pages_match_golden_files(pages, update_goldens):
    if update_goldens:
        for path, page in pages.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")}
    assert set(pages) == expected, "pages added or removed; refresh with --update-goldens"
    for path, page in pages.items():
        assert page.text == (GOLDEN / path).read_text("utf-8"), path


def test_one_page_per_entity_plus_indexes_and_boards(pages):
    entity_files = sorted(p for p in FIXTURE.glob("*/*.yaml"))
    for file in entity_files:
        assert f"{file.parent.name}/{file.stem}.md" in pages
    extras = ("index.md", "tags.md", "review.md", "changes.md", "reference.md", "glossary.md", "downloads/index.md",
              "boards/verdicts.md", "boards/watch.md", "boards/matrix.md", "assess/index.md")
    for extra in extras:
        assert extra in pages
    assert len(pages) == len(entity_files) + len(extras) + len(TYPES)


def test_entity_pages_stay_out_of_the_navigation(pages):
    hidden = {path for path, page in pages.items() if not page.in_nav}
    assert hidden == {path for path in pages if "/" in path and not path.endswith("index.md")
                      and not path.startswith("boards/")}


def test_entity_pages_know_their_yaml_file(pages):
    assert pages["sectors/ports.md"].source.endswith("fixture_kb/sectors/ports.yaml")
    assert pages["index.md"].source is None


def test_every_page_has_its_own_meta_description(pages):
    descriptions = {}
    for path, page in pages.items():
        if path.endswith(".md"):
            match = re.match(r'---\n(?:.*\n)*?description: "([^"\n]+)"\n(?:.*\n)*?---\n', page.text)
            assert match, f"{path} has no description in its front matter"
            descriptions[path] = match.group(1)
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"

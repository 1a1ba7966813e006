"""Text is data: nothing in a YAML field reaches a page as markup."""

from __future__ import annotations

import re

import markdown
import pytest
from mkdocs.utils.meta import get_data

from conftest import FIXTURE
from generator.body import body_html
from generator.pipeline import generate
from generator.render.markup import escape_text

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "**bold** _em_ `code` ~~strike~~",
    "# heading",
    "- list item",
    "1. numbered",
    "> quote",
    "| a | b |",
    "{: onclick=\"alert(1)\" }",
    "&lt;script&gt; &amp;",
    "line one\n\n<div onmouseover=alert(1)>two</div>",
    "<!-- comment --> ]]> -->",
]


def event_attribute(html: str) -> bool:
    """True if any tag carries an on...= attribute (text that merely mentions one is fine)."""
    return re.search(r"<[^>]*\son[a-z]+\s*=", html) is not None


def to_html(text: str) -> str:
    """Render like MkDocs does for our pages: metadata split off, the site's Markdown extensions.
    (The metadata is the theme's to print; tests/test_sinks.py follows it there.)"""
    body, _ = get_data(text)
    return markdown.markdown(body, extensions=["tables", "toc", "attr_list"])


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_shows_as_text(text):
    html = to_html(f"Before {escape_text(text)} after")
    assert re.fullmatch(r"<p>Before [^<>]* after</p>", html), html  # no element at all: text only


@pytest.mark.parametrize("text", HOSTILE)
def test_body_keeps_markdown_but_drops_html(text):
    html = str(body_html(text))
    assert "<script" not in html and not event_attribute(html)
    assert 'href="javascript' not in html
    assert "<img" not in html and "<div" not in html


def test_body_markdown_still_renders():
    html = str(body_html("Some **bold** text.\n\n- one\n- two\n\n### Heading\n\n#### Sub\n"))
    assert "<strong>bold</strong>" in html and "<li>one</li>" in html
    assert "<h2>Heading</h2>" in html and "<h3>Sub</h3>" in html  # top level below the page's h1


def test_links_in_body_get_safe_rel():
    html = str(body_html("[site](https://example.org)"))
    assert 'href="https://example.org"' in html and "noopener" in html


FIELDS = ["name", "summary", "exposure_why"]
OWN_DATA = re.compile(r'<script (?:type="application/json" class="kb-filters"|class="kb-filters" '
                      r'type="application/json")>[^<]*</script>')


def test_hostile_values_in_every_field_of_a_page(tmp_path):
    """Every text field of a sector carries a payload; the page renders all of it as text."""
    import shutil
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    payload = "<script>alert(1)</script> **x** [y](javascript:alert(1)) <b onclick=z>"
    quoted = payload.replace('"', '\\"')
    (data / "sectors" / "evil.yaml").write_text(
        f'name: "{quoted}"\nsummary: "{quoted}"\nexposure: low\nexposure_why: "{quoted}"\n'
        f'stack: ["{quoted}"]\nbody: "{quoted}"\nsources:\n  - title: "{quoted}"\n    publisher: "{quoted}"\n'
        f"reviewed: 2026-01-01\n", encoding="utf-8")
    pages = {p.path: p.text for p in generate(data).pages}
    for path in ("sectors/evil.md", "sectors/index.md"):
        html = OWN_DATA.sub("", to_html(pages[path]))  # the index's filter data, whole (no `<` inside)
        assert "<script" not in html and not event_attribute(html)
        assert 'href="javascript' not in html
        assert "<b " not in html and "<strong>x</strong>" not in html.split('<div class="kb-body">')[0]

"""What a reader sees on the built fixture site, in headless Chromium: pages, search,
tags, backlinks and the palette toggle (axe-core: test_axe_browser.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_home_page_loads_without_errors(page, base_url):
    page.goto(base_url + "/")
    expect(page.locator("h1").first).to_contain_text("Fixture Map")
    expect(page.locator(".kb-question")).to_have_text("Where does the data stay?")
    page.wait_for_load_state("networkidle")
    assert page.problems == []


def test_search_finds_an_entity_by_name(page, base_url):
    page.goto(base_url + "/")
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("Crane Co")
    first = page.locator(".md-search-result__item").first  # the list follows the typing
    expect(first).to_contain_text("Crane Co", timeout=10_000)


def test_tags_page_lists_entries(page, base_url):
    page.goto(base_url + "/tags/")
    content = page.locator("article")
    expect(content).to_contain_text("logistics")
    expect(content.get_by_role("link", name="Crane maintenance").first).to_be_visible()


def test_entity_page_shows_backlinks_and_its_source_once(page, base_url):
    page.goto(base_url + "/vendors/crane-co/")
    facts = page.locator(".kb-facts")  # written only on the use case, shown with its verdict
    expect(facts.get_by_role("link", name="Crane maintenance")).to_be_visible()
    expect(facts).to_contain_text("Use cases on its systems")
    expect(page.locator("h2#sources + ul").get_by_role("link", name="Field report")).to_be_visible()
    expect(page.locator("#related-reading")).to_have_count(0)  # its only reading is its source, listed once


def _svg_colours(page) -> dict:
    return page.evaluate("""() => {
        const text = document.querySelector('svg.kb-diagram .kb-node text');
        const rect = document.querySelector('svg.kb-diagram .kb-node rect');
        return {text: getComputedStyle(text).fill, box: getComputedStyle(rect).fill,
                scheme: document.body.getAttribute('data-md-color-scheme')};
    }""")


def test_palette_toggle_keeps_the_tree_overview_legible(page, base_url):
    page.goto(base_url + "/decisions/which-way/")
    light = _svg_colours(page)
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = _svg_colours(page)
    assert light["scheme"] == "default" and dark["scheme"] == "slate"
    for colours in (light, dark):
        assert colours["text"] != colours["box"], colours  # text never vanishes into its box
    assert dark["box"] != light["box"]  # the boxes follow the theme instead of staying white
    expect(page.locator("svg.kb-diagram")).to_be_visible()



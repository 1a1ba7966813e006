"""Search in readers' words, in Material's own search on the built fixture site (headless
Chromium): an alias finds its entry first, a glossary term and a topic not covered are found,
and an entry's hit is one compact card with its badge, on a phone too. On Zensical's build the
words find the same pages, and the hit is the theme's own (pinned here)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import PHONE

pytestmark = pytest.mark.browser


def search(page, base_url: str, words: str):
    """The result items for `words`, typed into the search box at once (one query)."""
    page.goto(base_url + "/")
    box = page.locator("input[data-md-component=search-query]")
    if not box.is_visible():  # a phone opens search from the header's button
        page.locator("label.md-header__button[for=__search]").first.click()
    box.fill(words)
    box.press("End")  # Material searches on a key going up: this sends the whole query, once
    items = page.locator(".md-search-result__item")
    items.first.wait_for(timeout=10_000)
    return items


@pytest.mark.parametrize(("words", "entry"), [
    ("data residency", "Which way?"),  # "data" alone also names the Data rules policy
    ("Hoist upkeep", "Crane maintenance"),
])
def test_an_alias_finds_its_entry_first(page, base_url, words, entry):
    first = search(page, base_url, words).first
    expect(first.locator("h1")).to_have_text(entry)
    expect(first.locator(".kb-hit-aliases")).to_contain_text(words, ignore_case=True)
    assert page.problems == []


def test_a_glossary_term_is_found_with_what_it_means(page, base_url):
    first = search(page, base_url, "inference").first
    expect(first.locator("h1")).to_have_text("Glossary and scope")
    expect(first.locator("h2").first).to_have_text("Inference")
    expect(first).to_contain_text("Running a trained model")


def test_a_topic_not_covered_is_found_and_says_so(page, base_url):
    """A reader who looks for something the knowledge base leaves out learns that it does,
    before the pages that only share a word with it (the Data rules apply to exports)."""
    first = search(page, base_url, "export controls").first
    expect(first.locator("h1")).to_have_text("Glossary and scope")
    expect(first.locator("h2").first).to_have_text("Export controls")
    expect(first).to_contain_text("Not covered by Fixture Map")


def test_an_entry_hit_is_one_compact_card_with_its_badge(phone, base_url):
    first = search(phone, base_url, "Crane maintenance").first
    expect(first.locator("h1")).to_have_text("Crane maintenance")
    card = first.locator(".kb-hit")
    expect(card.locator(".kb-badge.kb-tone-good")).to_have_text("Safe bet")
    expect(card).to_contain_text("Predict crane failures on site.")
    assert first.locator("li").count() == 0  # no fact box: its list is what filled a phone's screen
    assert first.locator("article").first.bounding_box()["height"] < PHONE["height"] / 4


def test_words_of_the_fact_box_still_find_the_entry_without_showing_it(page, base_url):
    """The verdict's reason is searched (the card replaced it in the hit, not in the index)."""
    first = search(page, base_url, "records are kept").first
    expect(first.locator("h1")).to_have_text("Clinic triage")
    expect(first.locator(".kb-hit .kb-badge")).to_have_text("Conditional")
    expect(first).not_to_contain_text("Depends on where records are kept")


def test_pages_that_only_list_an_entry_do_not_show_as_hits_for_it(page, base_url):
    """The lists after an entry's body (sources, related entries) are not indexed: the Field
    report's page is cited by Crane maintenance, and no section of it answers a search for it."""
    items = search(page, base_url, "Field report")
    expect(items.first.locator("h1")).to_have_text("Field report")
    sections = page.locator(".md-search-result__item h2")
    assert all(text not in ("Sources", "Cited by", "Related", "Related reading")
               for text in sections.all_inner_texts())


@pytest.mark.parametrize("base_url", ["zensical"], indirect=True)
def test_on_zensical_readers_words_find_their_pages_but_a_hit_is_not_the_entrys_card(page, base_url):
    """Pinned (README: Engines): Zensical's search, a dialog of its own over its own index
    (`search.json`), finds an entry by its alias and a glossary term or a topic not covered on
    the Glossary page first, as Material's does; its hit is its own reading of the page (the
    fact box's text), not the kb card with its badge, which kb puts into Material's index only."""
    def first(words: str):
        page.goto(base_url + "/")
        page.locator(".md-search__button").click()
        page.get_by_role("combobox", name="Search").fill(words)
        hit = page.get_by_role("listbox", name="Search results").get_by_role("option").first
        hit.wait_for(timeout=10_000)
        return hit
    for words, title, address in [("Hoist upkeep", "Crane maintenance", "/use-cases/crane-maintenance/"),
                                  ("inference", "Inference", "/glossary/"),
                                  ("export controls", "Export controls", "/glossary/")]:
        hit = first(words)
        expect(hit.locator("h2")).to_have_text(title)
        assert hit.get_attribute("href").startswith(base_url + address), words
    hit = first("Crane maintenance")
    expect(hit.locator("h2")).to_have_text("Crane maintenance")
    expect(hit).to_contain_text("Verdict: Safe bet")  # the fact box, as text
    assert hit.locator(".kb-hit, .kb-badge").count() == 0
    assert page.problems == []

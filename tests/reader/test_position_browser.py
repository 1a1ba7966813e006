"""Where am I? On an entry's page the reader sees its type's index active in the nav, a kicker
that links to that index, and the entry's id; the exposure facts fit a phone. Headless Chromium
on the built fixture site."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import DESKTOP, PHONE, close_page, watched_page
from conftest import FIXTURE
from generator.registry import TYPES

pytestmark = pytest.mark.browser
ENTRIES = [(t, min(p.stem for p in (FIXTURE / t.folder).glob("*.yaml"))) for t in TYPES]
"""One entry of each type: the first of its folder."""


@pytest.fixture
def desktop(browser, request):
    context, page = watched_page(browser, viewport=DESKTOP)
    yield page
    close_page(context, page, request)


@pytest.mark.parametrize(("kind", "entry"), ENTRIES, ids=[e for _, e in ENTRIES])
def test_an_entry_shows_its_index_active_in_the_nav_and_links_to_it(desktop, base_url, kind, entry):
    desktop.goto(f"{base_url}/{kind.folder}/{entry}/")
    index = f"{base_url}/{kind.folder}/"
    # The one active page of the nav (a leaf; the sections holding it are active too) is the index.
    active = desktop.locator(".md-sidebar--primary .md-nav__item--active:not(.md-nav__item--nested) > a")
    expect(active).to_have_count(1)
    expect(active).to_be_visible()
    expect(active).to_have_text(kind.plural)
    assert active.evaluate("a => a.href") == index
    others = desktop.locator(".md-sidebar--primary .md-nav__item:not(.md-nav__item--active) > a.md-nav__link")
    assert active.evaluate("a => getComputedStyle(a).color") != others.first.evaluate("a => getComputedStyle(a).color")
    # The kicker under the title links to the same index, and the id is there to cite.
    kicker = desktop.locator("article .kb-kind")
    expect(kicker.get_by_role("link", name=kind.plural)).to_have_attribute("href", "../")
    ident = kicker.locator(".kb-id code")
    expect(ident).to_have_text(entry)
    expect(ident).to_be_visible()
    assert ident.bounding_box()["y"] < DESKTOP["height"]  # in the first screen
    kicker.get_by_role("link", name=kind.plural).click()
    expect(desktop).to_have_url(index)
    assert desktop.problems == []


def test_the_index_itself_is_the_only_active_page_on_a_page_without_an_index(desktop, base_url):
    """A page that names no index (a board) marks only itself: nothing stays active from the
    entry pages rendered before it."""
    desktop.goto(f"{base_url}/boards/watch/")
    active = desktop.locator(".md-sidebar--primary .md-nav__item--active:not(.md-nav__item--nested) > a")
    expect(active).to_have_count(1)
    assert active.evaluate("a => a.href") == f"{base_url}/boards/watch/"


@pytest.mark.parametrize("path", ["vendors/cloud-co/", "vendors/quiet-co/", "sectors/ports/", "sectors/clinics/"])
def test_exposure_and_position_fit_a_phone(phone, base_url, path):
    """At 390 px the kicker, the id and the exposure facts never push the page sideways."""
    phone.goto(f"{base_url}/{path}")
    expect(phone.locator(".kb-facts")).to_contain_text("Use cases")
    expect(phone.locator(".kb-kind .kb-id")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wide = phone.evaluate("""() => [...document.querySelectorAll('.md-content *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
        .map(e => e.tagName + '.' + e.className)""")
    assert wide == []


def test_an_entry_says_what_is_at_stake_on_it(desktop, base_url):
    desktop.goto(f"{base_url}/sectors/ports/")
    facts = desktop.locator(".kb-facts")
    cases = facts.locator("li", has_text="Use cases here")
    expect(cases.locator(".kb-badge")).to_have_text(["Safe bet", "Risky"])
    trees = facts.locator("li", has_text="Decision trees")
    trees.get_by_role("link", name="Risky bet").click()
    expect(desktop).to_have_url(f"{base_url}/decisions/which-way/#o-risky-end")
    desktop.goto(f"{base_url}/vendors/quiet-co/")
    expect(desktop.locator(".kb-facts")).to_contain_text("Use cases on its systems: None recorded")

"""The offline zip opened from file:// in headless Chromium with the network off, as MkDocs
and as Zensical built it: each theme's search loads its index from a script the offline
edition writes beside the JSON (Material's `search/search_index.js`, Zensical's `search.js`)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser import close_page, watched_page
from conftest import THEMES, unzip_offline

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("unzipped", THEMES, indirect=True)]


@pytest.fixture(scope="module")
def unzipped(request, engine_site, tmp_path_factory):
    return unzip_offline(engine_site(request.param), tmp_path_factory.mktemp(f"offline-{request.param}"))


@pytest.fixture
def page(browser, request):
    context, page = watched_page(browser, offline=True)
    yield page
    close_page(context, page, request)


def first_hit(page, engine: str, words: str):
    """The first search result's link for `words`, typed into the theme's search box."""
    if engine == "zensical":  # a dialog of its own (in a shadow root), opened by a button
        page.locator(".md-search__button").click()
        page.get_by_role("combobox", name="Search").type(words)
        return page.get_by_role("listbox", name="Search results").get_by_role("option").first
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type(words)
    return page.locator(".md-search-result__item .md-search-result__link").first


def test_search_works_from_disk_with_the_network_off(page, unzipped, request):
    page.goto((unzipped / "index.html").as_uri())
    result = first_hit(page, request.node.callspec.params["unzipped"], "Crane")
    # Results follow the typing: the first list may answer "C" or "Cr" before the whole word
    expect(result).to_contain_text("Crane", timeout=10_000)
    result.click()  # to the page it found, a file: a folder shows no page from disk
    expect(page).to_have_url(re.compile(r"/crane-[a-z-]+/index\.html"))  # left the home page for the hit
    assert "Crane" in page.locator("h1").first.inner_text()
    assert page.problems == []


def test_tree_and_links_work_from_disk(page, unzipped):
    page.goto((unzipped / "decisions" / "which-way" / "index.html").as_uri())
    page.get_by_role("link", name="In one market").click()
    page.get_by_role("link", name="The vendor's").click()
    page.locator("#o-safe-end").get_by_role("link", name="Crane maintenance").click()
    assert page.url.endswith("/use-cases/crane-maintenance/index.html")
    assert page.locator("h1").first.inner_text().startswith("Crane maintenance")
    assert page.problems == []

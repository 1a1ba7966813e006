"""The offline zip opened from file:// in headless Chromium with the network off."""

from __future__ import annotations

import zipfile

import pytest

from browser import close_page, watched_page

pytestmark = pytest.mark.browser
STEM = "fixture-map"


@pytest.fixture(scope="module")
def unzipped(fixture_site, tmp_path_factory):
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(fixture_site / "downloads" / f"{STEM}-offline.zip") as archive:
        archive.extractall(target)
    return target / STEM


@pytest.fixture
def page(browser, request):
    context, page = watched_page(browser, offline=True)
    yield page
    close_page(context, page, request)


def test_search_works_from_disk_with_the_network_off(page, unzipped):
    page.goto((unzipped / "index.html").as_uri())
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("Crane")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=10000)
    assert "Crane" in result.inner_text()
    assert page.problems == []


def test_tree_and_links_work_from_disk(page, unzipped):
    page.goto((unzipped / "decisions" / "which-way" / "index.html").as_uri())
    page.get_by_role("link", name="In one market").click()
    page.get_by_role("link", name="The vendor's").click()
    page.locator("#o-safe-end").get_by_role("link", name="Crane maintenance").click()
    assert page.url.endswith("/use-cases/crane-maintenance/index.html")
    assert page.locator("h1").first.inner_text().startswith("Crane maintenance")
    assert page.problems == []

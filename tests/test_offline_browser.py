"""The offline zip opened from file:// in headless Chromium with the network off."""

from __future__ import annotations

import zipfile

import pytest
from playwright.sync_api import sync_playwright

from browser import FLAGS, chromium_path, save_screenshot

pytestmark = pytest.mark.browser
STEM = "fixture-map"


@pytest.fixture(scope="module")
def unzipped(fixture_site, tmp_path_factory):
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(fixture_site / "downloads" / f"{STEM}-offline.zip") as archive:
        archive.extractall(target)
    return target / STEM


@pytest.fixture
def page(request):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        context = browser.new_context(offline=True)
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: page.problems.append(f"request off disk: {r.url}")
                if not r.url.startswith(("file:", "data:", "blob:", "about:")) else None)
        yield page
        if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
            save_screenshot(page, request.node.name)
        browser.close()


def test_search_works_from_disk_with_the_network_off(page, unzipped):
    page.goto((unzipped / "index.html").as_uri())
    page.locator("input[data-md-component=search-query]").click()
    page.keyboard.type("Crane")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=10000)
    assert "Crane" in result.inner_text()
    assert page.problems == []


def test_tree_and_links_work_from_disk(page, unzipped):
    page.goto((unzipped / "decisions" / "which-way.html").as_uri())
    page.get_by_role("link", name="In one market").click()
    page.get_by_role("link", name="The vendor's").click()
    page.locator("#o-safe-end").get_by_role("link", name="Crane maintenance").click()
    assert page.url.endswith("/use-cases/crane-maintenance.html")
    assert page.locator("h1").first.inner_text().startswith("Crane maintenance")
    assert page.problems == []

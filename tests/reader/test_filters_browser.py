"""An index can be narrowed by its fields (verdict, each axis, sector, tag), and the view is
an address: it survives a reload, a shared link and the offline edition opened from disk."""

from __future__ import annotations

import zipfile

import pytest

from browser import close_page, watched_page

pytestmark = pytest.mark.browser
STEM = "fixture-map"


def _visible_names(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('.kb-sortable tbody tr')]
        .filter(row => !row.hidden).map(row => row.querySelector('a').textContent)""")


def test_a_filter_narrows_the_rows_and_lives_in_the_address(page, base_url):
    page.goto(f"{base_url}/use-cases/")
    assert len(_visible_names(page)) == 3
    page.get_by_label("Verdict").select_option("risky")
    assert _visible_names(page) == ["Cross-border relay"]
    assert "verdict=risky" in page.url
    page.get_by_label("Where the data stays").select_option("in-market")
    assert _visible_names(page) == [] and "Showing 0 of 3." in page.locator(".kb-filter-count").inner_text()
    page.get_by_label("Verdict").select_option("")
    assert _visible_names(page) == ["Clinic triage", "Crane maintenance"] and "verdict" not in page.url
    page.reload()
    assert _visible_names(page) == ["Clinic triage", "Crane maintenance"]
    assert page.get_by_label("Where the data stays").input_value() == "in-market"


def test_a_shared_address_opens_the_same_view(page, base_url):
    page.goto(f"{base_url}/use-cases/?sectors=ports&stack=chinese")
    assert _visible_names(page) == ["Crane maintenance"]
    page.goto(f"{base_url}/use-cases/?verdict=no-such-value")
    assert len(_visible_names(page)) == 3  # a value the table lacks narrows nothing


def test_filters_work_from_the_offline_edition(browser, fixture_site, tmp_path, request):
    with zipfile.ZipFile(fixture_site / "downloads" / f"{STEM}-offline.zip") as archive:
        archive.extractall(tmp_path)
    context, page = watched_page(browser, offline=True)
    try:
        page.goto((tmp_path / STEM / "use-cases" / "index.html").as_uri() + "?verdict=safe")
        assert _visible_names(page) == ["Crane maintenance"]
        page.get_by_label("Verdict").select_option("conditional")
        assert _visible_names(page) == ["Clinic triage"] and "verdict=conditional" in page.url
        assert page.problems == []
    finally:
        close_page(context, page, request)

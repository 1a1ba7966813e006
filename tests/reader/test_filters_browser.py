"""An index, and the verdict board with its map, can be narrowed by their fields (verdict,
each axis, sector, tag), and the view is an address: it survives a reload, a shared link and
the offline edition opened from disk."""

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


def _board(page) -> dict[str, list[str]]:
    """What the verdict board shows: the cases on the map, the groups and their cases."""
    return page.evaluate("""() => {
        const shown = el => el.getClientRects().length > 0;
        const names = within => [...document.querySelectorAll(within)].filter(shown).map(a => a.textContent);
        const groups = [...document.querySelectorAll('.kb-group')].filter(shown).map(g => g.id);
        return {map: names('.kb-map a'), groups: groups, cases: names('.kb-group li > strong > a')};
    }""")


def test_the_verdict_board_and_its_map_narrow_together(page, base_url):
    page.goto(f"{base_url}/boards/verdicts/")
    everything = _board(page)
    assert len(everything["cases"]) == 3 and sorted(everything["map"]) == sorted(everything["cases"])
    page.get_by_label("Sectors").select_option("ports")
    assert _board(page) == {"map": ["Crane maintenance", "Cross-border relay"], "groups": ["safe", "risky"],
                            "cases": ["Crane maintenance", "Cross-border relay"]}  # the empty group goes too
    assert "Showing 2 of 3." in page.locator(".kb-filter-count").inner_text()  # a case on the map and below is one
    page.get_by_label("Verdict").select_option("risky")
    narrowed = {"map": ["Cross-border relay"], "groups": ["risky"], "cases": ["Cross-border relay"]}
    assert _board(page) == narrowed
    page.reload()
    assert _board(page) == narrowed and "sectors=ports" in page.url and "verdict=risky" in page.url
    assert page.problems == []

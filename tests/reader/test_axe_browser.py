"""axe-core on every page kind of the fixture site, light and dark, at 1280 and at 390 px, and
on the assessment page and search in each of their states: no violation of any impact."""

from __future__ import annotations

import pytest

from browser import close_page, watched_page
from conftest import ROOT

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}

# One page of each kind the generator makes, and the site's own pages around them.
PAGES = ["/", "/decisions/", "/decisions/which-way/", "/assess/",
         "/boards/verdicts/", "/boards/watch/", "/boards/matrix/",
         "/use-cases/", "/use-cases/cross-border-relay/", "/signals/", "/signals/prices-fall/",
         "/sectors/", "/sectors/ports/", "/vendors/", "/vendors/crane-co/", "/policies/", "/policies/data-rules/",
         "/reading/", "/reading/field-report/", "/tags/", "/downloads/", "/review/", "/reference/",
         "/about/", "/contributing/", "/glossary/", "/changes/"]
# Not 404.html: its links are absolute from site_url's path, which a test server at the root
# does not have; it is the theme's own template around the same header.


@pytest.fixture(params=[(screen, scheme) for screen in SCREENS for scheme in ("light", "dark")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def reader(browser, request):
    """A page at one width in one palette (the site's palette follows the reader's system)."""
    screen, scheme = request.param
    context, page = watched_page(browser, viewport=SCREENS[screen], color_scheme=scheme)
    yield page
    close_page(context, page, request)


def violations(page) -> list[tuple]:
    """Every axe-core violation on the page as it is now, with the first few places it is."""
    assert AXE.is_file(), "axe-core missing: run `npm ci` (make setup does)"
    if not page.evaluate("'axe' in window"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("path", PAGES)
def test_no_violations(reader, base_url, path):
    reader.goto(base_url + path)
    assert violations(reader) == []


def test_no_violations_in_any_state_of_the_assessment_page(reader, base_url):
    reader.goto(base_url + "/assess/")
    reader.get_by_label("Name").fill("Crane telemetry")
    reader.get_by_role("button", name="Add and answer").click()
    assert violations(reader) == [], "the stepper open"
    reader.locator(".kb-assess-answers button").first.click()
    assert violations(reader) == [], "a question answered, with the path so far"
    reader.get_by_role("button", name="Finish later").click()
    reader.get_by_label("Name").fill("Clinic notes")
    reader.get_by_role("button", name="Add and answer").click()
    while reader.locator("#kb-assess-stepper").is_visible():
        reader.locator(".kb-assess-answers button").last.click()
    assert reader.locator(".kb-assess-card").count() == 2
    assert violations(reader) == [], "the report: its overview, map and cards"


def test_no_violations_with_search_open(reader, base_url):
    reader.goto(base_url + "/")
    reader.keyboard.press("/")  # Material's key for search, at any width
    reader.keyboard.type("border")  # typed, as Material's search reads key presses
    reader.locator(".md-search-result__item").first.wait_for()
    assert violations(reader) == []

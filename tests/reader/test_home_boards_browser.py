"""The answer in the first screen and boards a reader can move through, on a phone and a
desktop, measured in headless Chromium on the built fixture site."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import DESKTOP, PHONE, close_page, watched_page

pytestmark = pytest.mark.browser
BOARDS = ["", "boards/verdicts/", "boards/matrix/", "boards/watch/", "review/"]


@pytest.fixture(params=[PHONE, DESKTOP], ids=["390", "1280"])
def screen(browser, request):
    context, page = watched_page(browser, viewport=request.param)
    page.size = request.param
    yield page
    close_page(context, page, request)


def test_home_opens_with_the_verdicts_and_names_the_bad_ones(screen, base_url):
    """Before any scrolling: each verdict's count with its badge, and the risky case by name,
    above the description."""
    screen.goto(base_url + "/")
    box = screen.locator(".kb-verdicts")
    expect(box).to_contain_text("3 use cases:")
    badges = box.locator(".kb-jump .kb-badge")
    expect(badges).to_have_text(["Safe bet", "Conditional", "Risky"])
    named = box.get_by_role("link", name="Cross-border relay")
    bottom = named.bounding_box()["y"] + named.bounding_box()["height"]
    assert bottom <= screen.size["height"], f"the risky case ends at y = {bottom}"
    for i in range(3):
        assert badges.nth(i).bounding_box()["y"] < screen.size["height"]
    description = screen.locator("article p", has_text="A small knowledge base used by the tests")
    assert bottom < description.bounding_box()["y"]
    assert screen.problems == []


def test_the_home_counts_lead_to_their_groups_on_the_board(page, base_url):
    page.goto(base_url + "/")
    page.locator(".kb-verdicts .kb-jump a", has_text="Risky").click()
    expect(page).to_have_url(f"{base_url}/boards/verdicts/#risky")
    expect(page.locator("section#risky")).to_contain_text("Cross-border relay")


def test_map_text_is_at_least_14px_on_a_phone(phone, base_url):
    phone.goto(base_url + "/")
    sizes = phone.evaluate("""() => [...document.querySelectorAll('.kb-map *')]
        .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
        .map(e => [e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])""")
    assert sizes, "the map has no text"
    small = [(text, size) for text, size in sizes if size < 14]
    assert small == []
    names = sorted(phone.locator(".kb-map a").all_inner_texts())
    assert names == ["Clinic triage", "Crane maintenance", "Cross-border relay"]  # every use case, once


def test_each_verdict_group_is_one_tap_from_the_top_of_the_board(phone, base_url):
    phone.goto(base_url + "/boards/verdicts/")
    jumps = phone.locator(".kb-jump a")
    groups = phone.locator("section.kb-group")
    assert jumps.count() == groups.count() == 3
    for i in range(groups.count()):
        phone.evaluate("window.scrollTo(0, 0)")
        target = groups.nth(i).get_attribute("id")
        link = phone.locator(f'.kb-jump a[href="#{target}"]')
        assert link.bounding_box()["y"] + link.bounding_box()["height"] <= PHONE["height"]  # in the first screen
        link.click()
        expect(phone).to_have_url(f"{base_url}/boards/verdicts/#{target}")
        heading = groups.nth(i).locator("h2")
        expect(heading.locator(".kb-badge")).to_be_visible()  # the heading carries the badge
        top, bottom = heading.evaluate("h => [h.getBoundingClientRect().top, h.getBoundingClientRect().bottom]")
        assert top >= 0 and bottom <= PHONE["height"], f"group {target}'s heading lands at y = {top}"


def test_each_case_on_the_board_is_one_card_with_its_badge_and_reason(phone, base_url):
    phone.goto(base_url + "/boards/verdicts/")
    card = phone.locator("section#risky li").first
    expect(card.locator(".kb-badge").first).to_have_text("Risky")
    expect(card).to_contain_text("Data rules and reviews stand in the way.")


@pytest.mark.parametrize("path", BOARDS)
def test_no_sideways_scroll(screen, base_url, path):
    screen.goto(f"{base_url}/{path}")
    assert screen.evaluate("document.documentElement.scrollWidth") <= screen.size["width"]


def test_matrix_cells_carry_their_verdict_badges(phone, base_url):
    phone.goto(base_url + "/boards/matrix/")
    cell = phone.locator(".kb-matrix td", has_text="Cross-border relay")
    expect(cell.locator(".kb-badge")).to_have_text("Risky")
    expect(cell).to_be_visible()



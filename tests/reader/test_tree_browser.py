"""What a reader sees: the decision tree stepped through in real headless Chromium."""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from browser import watched_page
from conftest import on_every_theme

pytestmark = [pytest.mark.browser, on_every_theme]  # the step-through is kb.js's, on either theme
TREE = "/decisions/which-way/"
PLACE = ("() => ({top: document.querySelector('.kb-stepper').getBoundingClientRect().top,"
         " header: document.querySelector('.md-header').getBoundingClientRect().bottom})")
SETTLED = f"""() => new Promise(done => {{
    let good = 0, frames = 0;
    const look = () => {{
        const p = ({PLACE})();
        good = p.header <= p.top && p.top <= 120 ? good + 1 : 0;
        if (good >= 20) return done(true);  // in place for 20 frames running: past the theme's late scroll
        if (++frames > 300) return done(false);
        requestAnimationFrame(look);
    }};
    requestAnimationFrame(look);
}})"""
"""The stepper comes to rest below the header, within 120 px of the top, and stays there for
20 frames running (false after 300 frames): whatever the machine's speed."""


SHOWN = "() => [...document.querySelectorAll('.kb-step')].filter(s => !s.hidden).map(s => s.id)"


def assert_steps(page, ids: list[str]) -> None:
    """The steps shown are `ids`, once the stepper has answered the last hashchange (a task
    that runs after the URL changes): waited for up to 5 s, then compared, so a failure shows
    the steps instead of a timeout."""
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"ids => JSON.stringify(({SHOWN})()) === JSON.stringify(ids)", arg=ids, timeout=5000)
    assert page.evaluate(SHOWN) == ids


def test_walk_by_clicking_reaches_the_outcome(page, base_url):
    page.goto(base_url + TREE)
    assert_steps(page, ["q-where"])
    page.get_by_role("link", name="In one market").click()
    expect(page).to_have_url(re.compile(r"#q-whose$"))
    assert_steps(page, ["q-whose"])
    expect(page.locator(".kb-path li")).to_have_text(["Question 1: Where does the data stay? → In one market"])
    page.get_by_role("link", name="The vendor's").click()
    expect(page).to_have_url(re.compile(r"#o-safe-end$"))
    assert_steps(page, ["o-safe-end"])
    outcome = page.locator("#o-safe-end")
    expect(outcome).to_contain_text("Safe for now")
    expect(outcome.get_by_role("link", name="Crane maintenance")).to_be_visible()
    assert page.problems == []


def test_back_and_start_again(page, base_url):
    page.goto(base_url + TREE)
    page.get_by_role("link", name="In one market").click()
    page.get_by_role("link", name="Someone else's").click()
    assert_steps(page, ["o-risky-end"])
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page).to_have_url(re.compile(r"#q-whose$"))
    assert_steps(page, ["q-whose"])
    expect(page.locator(".kb-path li")).to_have_count(1)
    page.get_by_role("button", name="Start again").click()
    expect(page).to_have_url(re.compile(r"#q-where$"))
    assert_steps(page, ["q-where"])
    expect(page.locator(".kb-path li")).to_have_count(0)
    expect(page.get_by_role("button", name="Back", exact=True)).to_be_disabled()


def test_on_page_back_is_the_browsers_back(page, base_url):
    """Back on the page and Back in the browser go to the same place, and agree afterwards."""
    page.goto(base_url + TREE)
    page.get_by_role("link", name="In one market").click()
    page.get_by_role("link", name="Someone else's").click()
    page.get_by_role("button", name="Back", exact=True).click()
    expect(page).to_have_url(re.compile(r"#q-whose$"))
    page.go_back()  # the browser's Back from there leads to the first question, not forward again
    expect(page).to_have_url(re.compile(r"/which-way/$"))
    assert_steps(page, ["q-where"])
    expect(page.locator(".kb-path li")).to_have_count(0)


def test_each_step_comes_to_the_top_on_a_phone(browser, base_url, request):
    from browser import close_page
    context, phone = watched_page(browser, viewport={"width": 390, "height": 844})
    try:
        phone.goto(base_url + TREE)
        phone.get_by_role("link", name="In one market").click()
        expect(phone).to_have_url(re.compile(r"#q-whose$"))
        expect(phone.locator("#q-whose")).to_be_visible()  # the stepper has answered the hashchange
        # Below the header, not past it, and staying there: Zensical's theme scrolls the step
        # into view up to eleven frames after kb.js does, and must come to the same place.
        assert phone.evaluate(SETTLED), phone.evaluate(f"({PLACE})()")
        answer = phone.locator("#q-whose").get_by_role("link").first
        box = answer.bounding_box()
        assert box and box["y"] + box["height"] <= 844  # the answers are on screen, not below the fold
    finally:
        close_page(context, phone, request)


def test_walk_by_keyboard(page, base_url):
    page.goto(base_url + TREE)
    page.wait_for_selector(".kb-stepping")  # kb.js has set the stepper up
    page.get_by_role("link", name="In one market").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#q-whose$"))
    # Focus moves to the new step's heading (on the hashchange, a task after the URL changes),
    # so the next Tab reaches its first answer.
    page.wait_for_function("document.activeElement.closest('.kb-step')?.id === 'q-whose'", timeout=5000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "The vendor's"
    page.keyboard.press("Enter")
    assert_steps(page, ["o-safe-end"])


def test_shared_link_opens_at_that_step(page, base_url):
    page.goto(base_url + TREE + "#q-whose")
    assert_steps(page, ["q-whose"])


def test_without_javascript_every_step_and_outcome_is_reachable(browser, request, base_url):
    context, page = watched_page(browser, java_script_enabled=False)
    page.goto(base_url + TREE)
    assert page.locator(".kb-step:visible").count() == 4
    page.get_by_role("link", name="Across borders").click()
    expect(page).to_have_url(re.compile(r"#o-risky-end$"))
    expect(page.locator("#o-risky-end")).to_be_in_viewport()
    context.close()


def test_overview_svg_has_text_alternatives_and_links(page, base_url):
    page.goto(base_url + TREE)
    svg = page.locator("svg.kb-diagram")
    expect(svg).to_have_attribute("role", "group")
    expect(svg).to_have_attribute("aria-labelledby", "which-way-title which-way-desc")
    assert svg.locator("title").first.text_content() == "Which way?"
    labels = svg.locator("a.kb-node text").all_text_contents()
    assert "SAFE BET:" in labels and "RISKY:" in labels  # verdicts in words (their labels), not colour alone
    svg.locator("a[href='#o-risky-end']").click()
    assert_steps(page, ["o-risky-end"])

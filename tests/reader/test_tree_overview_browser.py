"""A tree's overview reads at both widths: labels never scaled below 11 px, and on a phone
it opens on its first question, saying that it scrolls (headless Chromium)."""

from __future__ import annotations

import pytest

from browser import close_page, watched_page
from conftest import on_every_theme

pytestmark = [pytest.mark.browser, on_every_theme]
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SCALED = """() => {
    const svg = document.querySelector('.kb-overview svg');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
}"""


@pytest.mark.parametrize("size", SIZES)
def test_labels_are_never_smaller_than_11_px(browser, base_url, request, size):
    context, page = watched_page(browser, viewport=SIZES[size])
    try:
        page.goto(f"{base_url}/decisions/which-way/")
        sizes = page.evaluate(SCALED)
        assert sizes and min(sizes) >= 10.99, sizes  # 11 px, give or take the viewBox's rounding
    finally:
        close_page(context, page, request)


def test_on_a_phone_the_overview_opens_on_its_first_question(browser, base_url, request):
    context, page = watched_page(browser, viewport=SIZES["phone"])
    try:
        page.goto(f"{base_url}/decisions/which-way/")
        page.wait_for_function("document.querySelector('.kb-overview').hasAttribute('data-scrolls')")
        first = page.evaluate("""() => {
            const r = document.querySelector('.kb-overview .kb-node-question rect').getBoundingClientRect();
            return {left: r.left, right: r.right};
        }""")
        assert first["left"] >= 0 and first["right"] <= SIZES["phone"]["width"], first
        caption = page.evaluate("getComputedStyle(document.querySelector('.kb-overview figcaption'), '::before')"
                                ".content")
        assert "Scroll sideways" in caption
    finally:
        close_page(context, page, request)


def _presses_to_first_answer(page, base_url: str, stepper: bool) -> int:
    """Tab presses from the top of a tree's page to its first answer: Material's "Skip to
    content", then on; a skip link (`Skip the overview`) is followed when it has focus."""
    page.goto(f"{base_url}/decisions/which-way/")
    first_answer = page.evaluate("document.querySelector('.kb-step li a').getAttribute('href')")
    if stepper:
        page.wait_for_selector(".kb-stepping")  # kb.js has set the stepper up: no race on a slow machine
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Material's "Skip to content"
    if stepper:  # the hashchange that follows puts focus on question 1: wait for it, as a person would
        page.wait_for_function("document.activeElement.matches('.kb-step h2')")
    presses = 2
    while presses < 30:
        page.keyboard.press("Tab")
        presses += 1
        focused = page.evaluate("[document.activeElement.textContent, document.activeElement.getAttribute('href')]")
        if focused[0].startswith("Skip the overview"):
            page.keyboard.press("Enter")
            presses += 1
        elif focused[1] == first_answer:
            return presses
    return presses


def test_the_keyboard_reaches_the_first_answer_in_a_few_presses(page, base_url):
    """With the stepper (which opens on question 1), and without JavaScript (past the
    overview's boxes by the skip link): never the ~47 presses through every link."""
    assert _presses_to_first_answer(page, base_url, stepper=True) <= 5


def test_without_javascript_the_skip_link_passes_the_overview(browser, base_url, request):
    context, page = watched_page(browser, java_script_enabled=False)
    try:
        assert _presses_to_first_answer(page, base_url, stepper=False) <= 12
    finally:
        close_page(context, page, request)

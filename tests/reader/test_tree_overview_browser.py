"""A tree's overview reads at both widths: labels never scaled below 11 px, and on a phone
it opens on its first question, saying that it scrolls (headless Chromium)."""

from __future__ import annotations

import pytest

from browser import close_page, watched_page

pytestmark = pytest.mark.browser
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

"""A reader gets the answer at a glance, on a desktop and on a phone (headless Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browser import PHONE
from generator.registry import TYPES

pytestmark = pytest.mark.browser
PAGES = ["", *(f"{t.folder}/" for t in TYPES), "boards/verdicts/", "boards/watch/", "boards/matrix/",
         "decisions/which-way/", "use-cases/cross-border-relay/", "signals/rules-tighten/", "assess/"]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_is_wider_than_a_phone(phone, base_url, path):
    """At 390 px the page never scrolls sideways; only the tree overview may, in its own box."""
    phone.goto(f"{base_url}/{path}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wide = phone.evaluate("""() => [...document.querySelectorAll('.md-content *')]
        .filter(e => !e.closest('.kb-overview'))
        .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
        .map(e => e.tagName + '.' + e.className)""")
    assert wide == []


def test_index_rows_are_cards_with_labelled_cells_on_a_phone(phone, base_url):
    phone.goto(f"{base_url}/use-cases/")
    expect(phone.locator(".kb-sortable thead")).to_be_hidden()
    first = phone.locator(".kb-sortable tbody tr").first
    expect(first.locator(".kb-cell-label").first).to_be_visible()
    expect(first.locator(".kb-badge")).to_be_visible()


def test_tree_overview_text_stays_legible_on_a_phone(phone, base_url):
    phone.goto(f"{base_url}/decisions/which-way/")
    height = phone.evaluate("document.querySelector('.kb-overview svg text').getBoundingClientRect().height")
    assert height >= 11


def test_home_shows_the_action_and_the_map_in_the_first_screen(page, base_url):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(base_url + "/")
    action = page.locator(".kb-actions a")
    expect(action).to_have_text("Try the tree")
    assert action.bounding_box()["y"] + action.bounding_box()["height"] <= 768
    expect(page.locator(".kb-edition")).to_contain_text("Edition of 2026-01-15")
    cells = page.locator(".kb-map a")
    names = sorted(cells.all_inner_texts())
    assert names == ["Clinic triage", "Crane maintenance", "Cross-border relay"]  # every use case, once
    action.click()  # to the assessment page, the action's tree chosen
    expect(page).to_have_url(f"{base_url}/assess/?tree=which-way")
    expect(page.get_by_label("Decision tree")).to_have_value("which-way")


def test_entity_page_opens_with_its_fact_box(page, base_url):
    page.goto(base_url + "/use-cases/cross-border-relay/")
    box = page.locator(".kb-facts")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Where the data stays: Crosses borders")
    expect(box).to_contain_text("Would change if:")
    order = page.evaluate("""() => {
        const box = document.querySelector('.kb-facts'), body = document.querySelector('.kb-body');
        return box.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING;
    }""")
    assert order  # the facts come before the prose
    # Labels, not slugs: the one slug shown is the entry's own id, beside the kicker, for citing.
    expect(page.locator(".kb-kind .kb-id code")).to_have_text("cross-border-relay")
    text = page.locator("article").inner_text().replace(page.locator(".kb-kind .kb-id").inner_text(), "")
    assert "cross-border" not in text and "mixed" not in text and "risky" not in text


def test_tree_overview_labels_overlap_nothing_and_boxes_hold_their_text(page, base_url):
    page.goto(base_url + "/decisions/which-way/")
    found = page.evaluate("""() => {
        const svg = document.querySelector('.kb-overview svg');
        const box = e => e.getBoundingClientRect();
        const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const labels = [...svg.querySelectorAll('.kb-edge-label')].map(box);
        const rects = [...svg.querySelectorAll('.kb-node rect')].map(box);
        const problems = [];
        labels.forEach((a, i) => labels.forEach((b, j) => {
            if (i < j && hit(a, b)) problems.push('labels ' + i + ' ' + j);
        }));
        labels.forEach((a, i) => rects.forEach((r, j) => {
            if (hit(a, r)) problems.push('label ' + i + ' on box ' + j);
        }));
        svg.querySelectorAll('.kb-node').forEach((node, j) => {
            const r = box(node.querySelector('rect'));
            node.querySelectorAll('text').forEach(t => {
                const b = box(t);
                if (b.left < r.left || b.right > r.right || b.bottom > r.bottom) problems.push('text cut in ' + j);
            });
        });
        const words = [...svg.querySelectorAll('text')].map(t => t.textContent).join(' ');
        return {problems, labels: labels.length, words};
    }""")
    assert found["labels"] > 0 and found["problems"] == []
    assert "…" not in found["words"] and "for the whole region?" in found["words"]  # nothing shortened


def test_verdicts_sort_in_their_meaning_order(page, base_url):
    page.goto(base_url + "/use-cases/")
    page.get_by_role("button", name="Verdict").click()
    expect(page.locator(".kb-sortable tbody .kb-badge")).to_have_text(["Safe bet", "Conditional", "Risky"])


@pytest.mark.parametrize("path", [f"{t.folder}/" for t in TYPES])
def test_every_entity_page_opens_with_its_fact_box(page, base_url, path):
    page.goto(f"{base_url}/{path}")
    first = page.locator(".kb-sortable tbody tr a").first
    first.click()
    box = page.locator(".kb-facts")
    expect(box).to_be_visible()
    # Nothing but the name, the type and the summary comes before it.
    before = page.evaluate("""() => {
        const box = document.querySelector('.kb-facts');
        return [...box.parentElement.children].slice(0, [...box.parentElement.children].indexOf(box))
            .map(e => e.tagName).filter(t => !['A', 'H1', 'P', 'NAV'].includes(t));
    }""")
    assert before == []

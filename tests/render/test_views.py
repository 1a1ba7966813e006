"""The one view of an entry: what is at stake on it, read from the use cases that name it."""

from __future__ import annotations

import pytest

from conftest import FIXTURE, ROOT
from generator.model import Entity
from generator.pipeline import generate
from generator.registry import NONE_RECORDED
from generator.render.views import EntityView, FactView, Part, build_views


@pytest.fixture(scope="module")
def views() -> dict[str, EntityView]:
    return build_views(generate(FIXTURE).kb)


def _fact(view: EntityView, label: str) -> FactView | None:
    return next((f for f in view.facts if f.label == label), None)


def _said(fact: FactView) -> list[str]:
    """Each item of a fact as a reader reads it: names, badges' labels and text."""
    def word(p: Part) -> str:
        return p.badge.label if p.badge else p.text or (p.entity.name if p.entity else "")
    return ["".join(word(p) for p in item) for item in fact.items]


def test_use_cases_that_name_an_entry_are_counted_by_verdict_in_the_scale_order(views):
    fact = _fact(views["ports"], "Use cases here")
    assert fact is not None and fact.show == "grouped" and fact.block
    assert _said(fact) == ["1 Safe bet: Crane maintenance", "1 Risky: Cross-border relay"]
    badge, link = fact.items[1][1], fact.items[1][3]
    assert badge.badge is not None and badge.badge.tone == "bad"
    assert isinstance(link.entity, Entity) and link.entity.id == "cross-border-relay"


def test_the_trees_that_lead_to_them_link_each_outcome_with_its_verdict(views):
    fact = _fact(views["ports"], "Decision trees")
    assert fact is not None
    assert _said(fact) == ["Which way?: Safe for now Safe bet, Risky bet Risky"]
    tree, *_ = fact.items[0]
    outcomes = [p for p in fact.items[0] if p.anchor]
    assert tree.entity is not None and tree.entity.id == "which-way" and not tree.anchor
    assert [(p.entity.id, p.anchor) for p in outcomes if p.entity] == [("which-way", "o-safe-end"),
                                                                        ("which-way", "o-risky-end")]
    crane = _fact(views["crane-co"], "Decision trees")
    assert crane is not None and _said(crane) == ["Which way?: Safe for now Safe bet"]  # only what reaches it


def test_an_entry_no_use_case_names_says_so_once(views):
    facts = {f.label: f for f in views["quiet-co"].facts}
    assert facts["Use cases on its systems"].value == NONE_RECORDED
    assert "Decision trees" not in facts  # the line before has said it


def test_use_cases_with_no_tree_say_that_no_tree_leads_to_them(views):
    fact = _fact(views["clinics"], "Decision trees")
    assert fact is not None and fact.show == "text" and fact.value == "No decision tree leads to them."


def test_entries_in_the_exposure_facts_are_not_listed_again_as_related(views):
    for view in views.values():
        shown = {p.entity.id for f in view.facts for item in f.items for p in item if p.entity}
        again = {e.id for _, members in view.related for e in members} | {e.id for e in view.reading}
        assert not shown & again, view.entity.id
    ports = views["ports"]
    assert {t.name for t, _ in ports.related} == {"vendor"}  # the use cases and the tree are in its facts


def test_reading_an_entry_links_to_leads_its_related_reading_under_one_heading():
    """The shipped data, where entries link reading directly: that reading opens "Related
    reading", ahead of the ranked suggestions, and no "Related → Reading" group is left."""
    kb = generate(ROOT / "data").kb
    linked = 0
    for id_, view in build_views(kb).items():
        assert all(t.name != "reading" for t, _ in view.related), id_
        direct = {e.id for e in view.reading} & kb.neighbours(id_)
        assert {e.id for e in view.reading[:len(direct)]} == direct, id_  # first, before suggestions
        linked += bool(direct)
    assert linked >= 2  # the two use cases that showed both headings

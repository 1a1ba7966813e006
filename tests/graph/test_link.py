"""Linking: backlinks are computed, never written twice; related reading is ranked."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURE, KB_YAML, write_tree
from generator.graph.link import link
from generator.graph.related import rank_reading
from generator.pipeline import load_and_check


def build(root: Path):
    records, problems = load_and_check(root)
    assert [p for p in problems if p.severity == "error"] == []
    return link(records)


@pytest.fixture(scope="module")
def kb():
    return build(FIXTURE)


def test_backlinks_are_computed_from_the_written_side(kb):
    # Only the use case names the vendor; the vendor still sees it.
    incoming = {(ln.source, ln.field) for ln in kb.incoming["crane-co"]}
    assert incoming == {("crane-maintenance", "vendors")}
    assert "vendors" not in {ln.field for ln in kb.outgoing.get("ports", [])}


def test_neighbours_cover_both_directions(kb):
    expected = {"crane-co", "crane-maintenance", "cross-border-relay", "data-rules", "field-report"}
    assert kb.neighbours("ports") >= expected


def test_direct_mentions_rank_first_then_ties_break_by_id(kb):
    # field-report is about ports; policy-brief only shares a neighbour (data-rules) with it.
    assert kb.reading["ports"] == ["field-report", "policy-brief"]
    assert kb.reading["data-rules"][0] == "policy-brief"


def test_reading_is_not_related_to_itself(kb):
    assert "field-report" not in kb.reading["field-report"]


def reading(id_: str, about: list[str], tags: list[str] = ()) -> str:
    return (f"name: {id_}\nsummary: S.\npublisher: P\nabout: {about}\ntags: {list(tags)}\n"
            f"sources: [{id_}]\nreviewed: 2026-01-01\n")


def sector(tags: list[str] = ()) -> str:
    return (f"name: X\nsummary: S.\nexposure: low\nexposure_why: W.\ntags: {list(tags)}\n"
            f"sources: [r-common]\nreviewed: 2026-01-01\n")


def test_rare_shared_tags_outrank_common_ones(tmp_path):
    files = {"kb.yaml": KB_YAML, "sectors/a.yaml": sector(["rare", "common"]), "sectors/b.yaml": sector(),
             "reading/r-common.yaml": reading("r-common", ["b"], ["common"]),
             "reading/r-common2.yaml": reading("r-common2", ["b"], ["common"]),
             "reading/r-rare.yaml": reading("r-rare", ["b"], ["rare"])}
    kb = build(write_tree(tmp_path, files))
    # r-common is cited by `a` (direct); of the others the rare tag wins.
    assert kb.reading["a"] == ["r-common", "r-rare", "r-common2"]


def test_limit_caps_the_list(kb):
    assert all(len(v) <= 1 for v in rank_reading(kb.entities, kb.neighbours, limit=1).values())


def test_tags_on_most_reading_items_are_ignored_like_stop_words(tmp_path):
    files = {"kb.yaml": KB_YAML, "sectors/a.yaml": sector(["everywhere"]), "sectors/b.yaml": sector()}
    files["reading/r-common.yaml"] = reading("r-common", ["b"])  # cited by a and b: direct for a
    for i in range(40):
        files[f"reading/r{i:02d}.yaml"] = reading(f"r{i:02d}", ["b"], ["everywhere"] if i < 12 else [])
    kb = build(write_tree(tmp_path, files))
    # 12 of 41 reading items carry the tag (> 25%): it no longer relates them to `a`.
    assert kb.reading["a"] == ["r-common"]

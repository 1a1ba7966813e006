"""The history of the data (generator/history.py) by edition, for the What changed page and
the home page's line. Each change is read as views.ChangeView: the same words on the entry
pages, the changes page, the feeds and the PDF."""

from __future__ import annotations

from generator.graph import KnowledgeBase
from generator.render.views import ChangeView, view_of_change

SHOWN = 5
"""How many of an entry's changes its page shows before the full list."""


def all_changes(kb: KnowledgeBase) -> list[tuple[str, list[ChangeView]]]:
    """Every change by edition, newest first."""
    return [(edition, [view_of_change(kb, c) for c in changes]) for edition, changes in kb.history.editions()]


def latest_summary(editions: list[tuple[str, list[ChangeView]]]) -> tuple[str, int, list[tuple[str, int]]] | None:
    """The newest of `all_changes`' editions, its number of changes and their count by kind
    ("Verdict", "New observation"...), for the home page's one line; None without history."""
    if not editions:
        return None
    edition, changes = editions[0]
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.kind_label] = counts.get(c.kind_label, 0) + 1
    return edition, len(changes), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


"""The history of the data (generator/history.py) as readers read it: each change in words,
with the entry it concerns today (none once removed) and, for a grouping field, the badges
before and after. One view feeds the entry pages, the changes page, the feeds and the PDF."""

from __future__ import annotations

from dataclasses import dataclass

from generator.check.fields import Choice, choice, label
from generator.graph import KnowledgeBase
from generator.history import Change
from generator.model import Entity

SHOWN = 5
"""How many of an entry's changes its page shows before the full list."""


@dataclass(frozen=True)
class ChangeView:
    change: Change
    entity: Entity | None
    """The entry today; None once it is removed."""
    what: str
    """The change in words: "Added", "Edited: Summary", "Verdict: Conditional → Risky"..."""
    before: Choice | None = None
    after: Choice | None = None

    @property
    def id(self) -> str:
        """Unique on the changes page (its filters mark each change by it)."""
        c = self.change
        return f"{c.commit}-{c.entry}-{c.kind}-{c.after or ''}"

    @property
    def kind_label(self) -> str:
        return KINDS[self.change.kind] if self.change.kind != "grouped" else self.what.split(":")[0]


KINDS = {"created": "Added", "renamed": "Renamed", "removed": "Removed", "observed": "New observation",
         "edited": "Edited", "grouped": ""}


def view_of_change(kb: KnowledgeBase, c: Change) -> ChangeView:
    entity = kb.entities.get(c.entry)
    if c.kind == "grouped":
        name = c.fields[0]
        before = choice(kb.domain, c.type, name, c.before) if c.before else None
        after = choice(kb.domain, c.type, name, c.after) if c.after else None
        was, now = (before.label if before else "none"), (after.label if after else "none")
        words = f"{label(kb.domain, c.type, name)}: {was} → {now}"
        return ChangeView(c, entity, words, before, after)
    if c.kind == "renamed":
        return ChangeView(c, entity, f"Renamed from {c.before}")
    if c.kind == "observed":
        return ChangeView(c, entity, f"New observation ({c.after})")
    if c.kind == "edited":
        return ChangeView(c, entity, "Edited: " + ", ".join(label(kb.domain, c.type, f) for f in c.fields))
    return ChangeView(c, entity, KINDS[c.kind])


def entry_changes(kb: KnowledgeBase, entity: Entity) -> tuple[ChangeView, ...]:
    """An entry's changes, newest first."""
    return tuple(view_of_change(kb, c) for c in kb.history.of(entity.id))


def all_changes(kb: KnowledgeBase) -> list[tuple[str, list[ChangeView]]]:
    """Every change by edition, newest first."""
    return [(edition, [view_of_change(kb, c) for c in changes]) for edition, changes in kb.history.editions()]


def latest_summary(kb: KnowledgeBase) -> tuple[str, int, list[tuple[str, int]]] | None:
    """The newest edition, its number of changes and their count by kind ("Verdict", "New
    observation"...), for the home page's one line; None without history."""
    editions = all_changes(kb)
    if not editions:
        return None
    edition, changes = editions[0]
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.kind_label] = counts.get(c.kind_label, 0) + 1
    return edition, len(changes), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


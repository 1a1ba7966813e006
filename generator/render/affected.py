"""Which entry pages a change to the data can alter: the preview re-renders those and keeps
the rest as they were.

Conservative by design (the preview's random-edits test holds it to a clean build): an entry
page shows the entry, the entries it links or is linked from (names, verdicts, statuses), the
decision trees that lead to the use cases naming it (its exposure), the entries its body names
with `[[id]]`, its ranked reading, and a tree page the edition date.
"""

from __future__ import annotations

from dataclasses import replace

from generator.graph import KnowledgeBase
from generator.registry import page_path
from generator.render.site import SiteFile


def changed_entries(old: KnowledgeBase, new: KnowledgeBase) -> set[str]:
    """Ids added, removed, or whose entry differs in any field."""
    return {i for i in old.entities.keys() | new.entities.keys() if old.entities.get(i) != new.entities.get(i)}


def affected_pages(old: KnowledgeBase, new: KnowledgeBase) -> set[str] | None:
    """Ids of the entries whose page may differ between the two, or None for every page
    (kb.yaml changed: its words are on every page)."""
    if old.info != new.info or old.domain != new.domain:
        return None
    changed = changed_entries(old, new)
    if not changed:
        return set()
    pages = set(changed)
    for kb in (old, new):
        pages |= _near(kb, changed)
        pages |= {i for i, reading in kb.reading.items() if changed.intersection(reading)}
    pages |= {i for i in old.reading.keys() | new.reading.keys() if old.reading.get(i) != new.reading.get(i)}
    pages |= _named_in_bodies(new, changed)
    if old.edition() != new.edition():
        pages |= {i for i, e in new.entities.items() if e.type == "decision"}
    return pages & new.entities.keys()


def _near(kb: KnowledgeBase, changed: set[str]) -> set[str]:
    """The changed entries' neighbours, and the neighbours of those that are use cases: a
    vendor's, sector's or policy's exposure reads the use cases naming it and their trees."""
    ring = {n for i in changed for n in kb.neighbours(i)}
    cases = {i for i in ring | changed if i in kb.entities and kb.entities[i].type == "use-case"}
    return ring | {n for i in cases for n in kb.neighbours(i)}


def _named_in_bodies(kb: KnowledgeBase, changed: set[str]) -> set[str]:
    """Entries whose body may name a changed one (`[[id]]` shows its name): any body holding
    the id as text, a superset of the links it holds."""
    marks = tuple(f"[[{i}" for i in changed)
    return {i for i, e in kb.entities.items()
            if isinstance(body := getattr(e, "body", None), str) and any(m in body for m in marks)}


def kept_pages(last: KnowledgeBase, files: dict[str, SiteFile], kb: KnowledgeBase, prefix: str) -> dict[str, SiteFile]:
    """The entry pages among `files` (rendered from `last`, under `prefix`) that the change to
    `kb` cannot alter, by id and unmounted, as `render_pages` takes them."""
    affected = affected_pages(last, kb)
    if affected is None:
        return {}
    kept = {}
    for id_, entity in kb.entities.items():
        if id_ not in affected and (page := files.get(prefix + (path := page_path(entity)))):
            kept[id_] = replace(page, path=path)
    return kept

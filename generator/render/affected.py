"""Which pages and downloads a change to the data can alter: the preview re-renders those and
keeps the rest as they were.

Conservative by design (the preview's random-edits test holds it to a clean build): an entry
page shows the entry, the entries it links or is linked from (names, verdicts, statuses), the
decision trees that lead to the use cases naming it (its exposure), the entries its body names
with `[[id]]`, its ranked reading, and a tree page the edition date.
"""

from __future__ import annotations

from dataclasses import replace

from generator.domain import BOARD
from generator.graph import KnowledgeBase
from generator.registry import TYPES, page_path
from generator.render.site import ASSESS, GLOSSARY, JsonParts, Kept, SiteFile, csv_path, index_path


def changed_entries(old: KnowledgeBase, new: KnowledgeBase) -> set[str]:
    """Ids added, removed, or whose entry differs in any field, by value or by how it is
    written (`2020` and `2020.0` are equal numbers, but a page or download shows either).
    An entry the preview kept is the same object, and is not compared at all."""
    return {i for i in old.entities.keys() | new.entities.keys()
            if (e := old.entities.get(i)) is not (n := new.entities.get(i)) and (e != n or repr(e) != repr(n))}


def affected_pages(old: KnowledgeBase, new: KnowledgeBase, changed: set[str]) -> set[str] | None:
    """Ids of the entries whose page may differ between the two (`changed`: their
    `changed_entries`), or None for every page (kb.yaml changed: its words are on every page)."""
    if old.info != new.info or old.domain != new.domain:
        return None
    if not changed:
        return set()
    pages = set(changed)
    for kb in (old, new):
        pages |= _near(kb, changed)
        pages |= {i for i, reading in kb.reading.items() if changed.intersection(reading)}
    if old.reading is not new.reading:  # the ranking is reused while what ranks it holds (graph.link)
        pages |= {i for i in old.reading.keys() | new.reading.keys() if old.reading.get(i) != new.reading.get(i)}
    pages |= _named_in_bodies(new, changed)
    if old.edition() != new.edition():
        pages |= {i for i, e in new.entities.items() if e.type == "decision"}
    return pages & new.entities.keys()


def _near(kb: KnowledgeBase, changed: set[str]) -> set[str]:
    """The changed entries' neighbours, and the neighbours of the use cases among them or
    among a changed tree's neighbours: a vendor's, sector's or policy's exposure reads the
    use cases naming it (their names and verdicts) and the trees that lead to them, and
    nothing of the use cases' other neighbours."""
    ring = {n for i in changed for n in kb.neighbours(i)}
    trees = {n for i in changed if i in kb.entities and kb.entities[i].type == "decision" for n in kb.neighbours(i)}
    cases = {i for i in trees | changed if i in kb.entities and kb.entities[i].type == "use-case"}
    return ring | {n for i in cases for n in kb.neighbours(i)}


def _named_in_bodies(kb: KnowledgeBase, changed: set[str]) -> set[str]:
    """Entries whose body may name a changed one (`[[id]]` shows its name): any body holding
    the id as text, a superset of the links it holds."""
    marks = tuple(f"[[{i}" for i in changed)
    return {i for i, e in kb.entities.items()
            if isinstance(body := getattr(e, "body", None), str) and any(m in body for m in marks)}


EVERY = None
"""Of an entry, every field and the names of the entries linked to it."""
SHOWS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "index.md": {"use-case": EVERY, "decision": EVERY, "signal": EVERY, "reading": EVERY},  # and each type's count
    BOARD: {"use-case": EVERY},
    "boards/watch.md": {"signal": EVERY, "use-case": EVERY},
    "boards/matrix.md": {"sector": ("name",), "use-case": ("name", "verdict", "sectors")},
    ASSESS: {"decision": EVERY, "use-case": EVERY, "signal": EVERY, "vendor": EVERY,  # the trees, resolved
             "sector": ("name",)},  # by the signals' status; the choice of sector
    "tags.md": {},
    "reference.md": {},
}
"""What each page beyond the entry pages shows, by type: of each entry of the type, either
`EVERY` field and the names of the entries linked to it, or the fields named (and the entry's
place in its type, by name). Such a page can change only when one of those changes, or when an
entry is added to or removed from a type it shows; a type's index shows every field of its
type's entries. The pages not listed are decided below or rendered again on every change (the
Downloads page, which gives the downloads' sizes)."""


def kept_files(last: KnowledgeBase, files: dict[str, SiteFile], kb: KnowledgeBase, prefix: str,
               parts: JsonParts | None = None) -> Kept:
    """The files among `files` (rendered from `last`, under `prefix`) that the change to `kb`
    cannot alter, unmounted, as `render_site` takes them: entry pages by id, the others by path;
    and of the JSON download's `parts`, the records of unchanged entries and the links if unchanged."""
    changed = changed_entries(last, kb)
    parts = parts or JsonParts()
    json = JsonParts({i: text for i, text in parts.entities.items() if i not in changed},
                     parts.links if last.outgoing == kb.outgoing else "")
    affected = affected_pages(last, kb, changed)
    if affected is None:
        return Kept(json=json)
    entries = {}
    for id_, entity in kb.entities.items():
        if id_ not in affected and (page := files.get(prefix + (path := page_path(entity)))):
            entries[id_] = replace(page, path=path) if prefix else page
    paths = _kept_paths(last, kb, changed, affected | changed)
    return Kept(entries, {path: replace(files[prefix + path], path=path) for path in paths if prefix + path in files},
                json)


def _kept_paths(last: KnowledgeBase, kb: KnowledgeBase, changed: set[str], touched: set[str]) -> set[str]:
    """The paths of the pages that are not one entry's, and of the downloads, that the change
    cannot alter (`changed`: the entries that differ; `touched`: every entry whose page may
    change, and those added or removed)."""
    if not touched:
        return {*SHOWS, *(index_path(k.folder) for k in TYPES), *(csv_path(k.folder) for k in TYPES),
                "review.md", "changes.md", GLOSSARY, "downloads/index.md", ASSESS}
    edited = _types(last, kb, changed)
    renamed = _renamed(last, kb, changed)
    shown = edited | _types(last, kb, {n for k in (last, kb) for i in renamed for n in k.neighbours(i)})
    kept = {path for path, types in SHOWS.items() if _unchanged(types, last, kb, changed, shown)}
    if any(_shown(last, i, "type") != _shown(kb, i, "type") for i in changed):
        kept.discard("index.md")  # it counts every type's entries: one added, removed or moved to another type
    if last.edition() != kb.edition():
        kept -= {"index.md", ASSESS}  # they give the edition
    kept |= {index_path(k.folder) for k in TYPES if k.name not in shown}
    kept |= {csv_path(k.folder) for k in TYPES if k.name not in edited}  # a CSV holds its type's fields as written
    if all(_shown(last, i, *REVIEWED) == _shown(kb, i, *REVIEWED) for i in changed):
        kept.add("review.md")
    if last.history == kb.history and not kb.history.changes:
        kept.add("changes.md")
    if not touched.intersection(i for t in kb.info.glossary for i in t.see):
        kept.add(GLOSSARY)
    return kept


def _unchanged(types: dict[str, tuple[str, ...] | None], last: KnowledgeBase, kb: KnowledgeBase,
               changed: set[str], shown: set[str]) -> bool:
    """Whether a page showing `types` (as `SHOWS` has them) shows nothing that changed
    (`shown`: the types of the changed entries and of the renamed ones' neighbours)."""
    for type_, fields in types.items():
        if fields is EVERY and type_ in shown:
            return False
        if fields is not EVERY and any(_shown(last, i, "type", *fields) != _shown(kb, i, "type", *fields)
                                       for i in changed if type_ in _types(last, kb, {i})):
            return False
    return True


def _types(last: KnowledgeBase, kb: KnowledgeBase, ids: set[str]) -> set[str]:
    return {e.type for k in (last, kb) for i in ids if (e := k.entities.get(i))}


def _renamed(last: KnowledgeBase, kb: KnowledgeBase, changed: set[str]) -> set[str]:
    """The changed entries whose name others show differs: renamed, added or removed."""
    return {i for i in changed if _shown(last, i, "name") != _shown(kb, i, "name")}


REVIEWED = ("type", "name", "reviewed")
"""What the review page shows of each entry."""


def _shown(kb: KnowledgeBase, id_: str, *fields: str) -> tuple | None:
    """The entry's `fields` in `kb` (None where it is absent): a change elsewhere leaves an
    entry as it was, so comparing the changed entries' compares the whole knowledge base's."""
    return tuple(getattr(e, f) for f in fields) if (e := kb.entities.get(id_)) else None

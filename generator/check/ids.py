"""Ids and the paths they claim: well-formed, unique, renames that keep their old address,
and no two things (or a hand-written page) written to one path of the site."""

from __future__ import annotations

import re

from generator.load import Record
from generator.model import slug
from generator.problems import Problem
from generator.registry import BY_NAME

ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10))})
"""Names Windows reserves for devices: no file or folder may be called so there (with any
extension), so a site with a page at `vendors/con/` cannot be checked out or built on Windows."""


def check_ids(records: list[Record]) -> list[Problem]:
    """File names must be well-formed ids, unique across types, and agree with any `id:` field."""
    problems: list[Problem] = []
    first: dict[str, Record] = {}
    taken = {r.id for r in records}
    for record in records:
        if not ID_FORM.match(record.id):
            suggestion = free(slug(record.id) or "my-entry", taken)
            problems.append(Problem(record.file, 1, 1, "error",
                                    f"file name '{record.id}' is not a valid id; "
                                    f"rename the file to '{suggestion}.yaml'"))
        written = record.data.get("id") if record.ok else None
        if isinstance(written, str) and written != record.id:
            line, col = record.marks.value(("id",))
            problems.append(Problem(record.file, line, col, "error",
                                    f"'id': '{written}' does not match the file name '{record.id}'; "
                                    f"remove the field or rename the file"))
        if record.id in first:
            other = first[record.id]
            problems.append(Problem(record.file, 1, 1, "error",
                                    f"id '{record.id}' is already used by {other.file}; "
                                    "ids are unique across all types"))
        else:
            first[record.id] = record
    return problems


def free(id_: str, taken: set[str]) -> str:
    """`id_`, or the first of `id_-2`, `id_-3`... that no entry has: a hint never names a taken id."""
    return next(c for c in (id_, *(f"{id_}-{n}" for n in range(2, len(taken) + 3))) if c not in taken)


def former_ids(records: list[Record]) -> dict[str, tuple[str, Record, int]]:
    """Former id → (current id, record, index in its former_ids list)."""
    found: dict[str, tuple[str, Record, int]] = {}
    for record in records:
        olds = record.data.get("former_ids")
        for i, old in enumerate(olds if isinstance(olds, list) else ()):
            if isinstance(old, str):
                found.setdefault(old, (record.id, record, i))
    return found


def check_renames(renamed: dict[str, tuple[str, Record, int]], current: dict[str, Record]) -> list[Problem]:
    """A former id may not be taken again: its old address must keep pointing to the new one."""
    problems = []
    for old, (_new, record, i) in renamed.items():
        if old in current:
            line, col = record.marks.value(("former_ids", i))
            problems.append(Problem(record.file, line, col, "error",
                                    f"'former_ids[{i}]': '{old}' is the id of {current[old].file}; "
                                    "an id that was renamed away cannot be used again"))
    return problems


def check_paths(records: list[Record], hand_written: set[str]) -> list[Problem]:
    """Each entry's page and each former id's redirect claim a path of the site; the index page
    of each type and the hand-written pages (docs-relative, e.g. `about.md`) are taken."""
    problems = []
    claimed: dict[str, Record] = {}
    for record in records:
        folder = BY_NAME[record.type].folder
        olds = record.data.get("former_ids") if record.ok else None
        named = [(record.id, ("name",), "id"), *((old, ("former_ids", i), f"'former_ids[{i}]':")
                 for i, old in enumerate(olds if isinstance(olds, list) else ()) if isinstance(old, str))]
        for id_, path, what in named:
            page = f"{folder}/{id_}.md"
            line, col = record.marks.key(path) if path[0] != "name" else (1, 1)
            if id_ in RESERVED:
                spare = next(f"{id_}-{n}" for n in range(1, 1000) if f"{folder}/{id_}-{n}.md" not in claimed)
                problems.append(Problem(record.file, line, col, "error",
                                        f"{what} '{id_}' is a name Windows reserves for a device, so its page "
                                        f"could not be checked out or built there; choose another, such as '{spare}'"))
            elif id_ == "index":
                problems.append(Problem(record.file, line, col, "error",
                                        f"{what} 'index' would replace the list of all "
                                        f"{BY_NAME[record.type].plural.lower()} "
                                        f"({folder}/index.md); choose another id"))
            elif page in hand_written or f"{folder}/{id_}/index.md" in hand_written:
                problems.append(Problem(record.file, line, col, "error",
                                        f"{what} '{id_}' would replace the hand-written page docs/{page}; "
                                        "rename one of them"))
            elif path[0] != "name" and page in claimed and claimed[page] is not record:
                problems.append(Problem(record.file, line, col, "error",
                                        f"{what} '{id_}' is also a former id of {claimed[page].file}; "
                                        "an old address can redirect to one entry only"))
            claimed.setdefault(page, record)
    return problems

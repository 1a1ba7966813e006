"""Check: every problem in the data, collected in one pass over all records."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

from generator.render.body import BodyLink, body_links
from generator.check.trees import check_tree
from generator.load import Record
from generator.model import TYPE_LABELS, slug
from generator.problems import Problem, did_you_mean
from generator.check.rules import DEFAULT_REVIEW_DAYS, check_rules
from generator.check.schema import field_name, references, validate

ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check(records: list[Record], today: dt.date | None = None) -> list[Problem]:
    """Return every problem: schema, ids, references, trees, rules. Never raises on bad data."""
    problems: list[Problem] = []
    parsed = [r for r in records if r.ok]  # files that failed to load are already reported
    for record in parsed:
        problems += validate(record)
        if record.type == "decision":
            problems += check_tree(record)
    entities = [r for r in records if r.type != "kb"]
    problems += check_ids(entities)
    renamed = former_ids(parsed)
    problems += check_renames(renamed, {r.id: r for r in entities})
    problems += check_references(parsed, {r.id: r.type for r in entities}, renamed)
    problems += check_bodies(parsed, {r.id for r in entities}, renamed)
    problems += check_rules(records, today or dt.date.today(), _review_days(parsed),
                            {old: new for old, (new, _, _) in renamed.items()})
    return problems


def check_ids(records: list[Record]) -> list[Problem]:
    """File names must be well-formed ids, unique across types, and agree with any `id:` field."""
    problems: list[Problem] = []
    first: dict[str, Record] = {}
    for record in records:
        if not ID_FORM.match(record.id):
            suggestion = slug(record.id) or "my-entry"
            problems.append(Problem(record.file, 1, 1, "error",
                                    f"file name '{record.id}' is not a valid id; rename the file to '{suggestion}.yaml'"))
        written = record.data.get("id") if record.ok else None
        if isinstance(written, str) and written != record.id:
            line, col = record.marks.value(("id",))
            problems.append(Problem(record.file, line, col, "error",
                                    f"'id': '{written}' does not match the file name '{record.id}'; "
                                    f"remove the field or rename the file"))
        if record.id in first:
            other = first[record.id]
            problems.append(Problem(record.file, 1, 1, "error",
                                    f"id '{record.id}' is already used by {other.file}; ids are unique across all types"))
        else:
            first[record.id] = record
    return problems


def _review_days(records: list[Record]) -> int:
    kb = next((r for r in records if r.type == "kb"), None)
    days = kb.data.get("review_interval_days") if kb else None
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else DEFAULT_REVIEW_DAYS


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
    for old, (new, record, i) in renamed.items():
        if old in current:
            line, col = record.marks.value(("former_ids", i))
            problems.append(Problem(record.file, line, col, "error",
                                    f"'former_ids[{i}]': '{old}' is the id of {current[old].file}; "
                                    "an id that was renamed away cannot be used again"))
    return problems


def check_references(records: list[Record], types: dict[str, str],
                     renamed: dict[str, tuple[str, Record, int]] | None = None) -> list[Problem]:
    """Every written id must exist and be of a type the field allows."""
    problems: list[Problem] = []
    by_type: dict[str, list[str]] = defaultdict(list)
    for id_, kind in types.items():
        by_type[kind].append(id_)
    for record in records:
        for path, target, allowed in references(record):
            line, col = record.marks.value(path)
            where = field_name(path)
            kind = types.get(target)
            if kind is None and target in (renamed or {}):
                new = renamed[target][0]
                problems.append(Problem(record.file, line, col, "error",
                                        f"'{where}': '{target}' was renamed to '{new}'; write '{new}'"))
            elif kind is None:
                pool = types if "*" in allowed else [i for k in allowed for i in by_type[k]]
                problems.append(Problem(record.file, line, col, "error",
                                        f"'{where}': unknown {_label(allowed)} '{target}'{did_you_mean(target, pool)}"))
            elif "*" not in allowed and kind not in allowed:
                problems.append(Problem(record.file, line, col, "error",
                                        f"'{where}': '{target}' is a {TYPE_LABELS[kind][0].lower()}, "
                                        f"expected {_label(allowed)}"))
    return problems


def _label(allowed: tuple[str, ...]) -> str:
    if "*" in allowed:
        return "entity"
    return " or ".join(TYPE_LABELS[k][0].lower() for k in allowed)


_LINK_SCHEMES = ("https://", "http://", "mailto:")


def check_bodies(records: list[Record], ids: set[str], renamed: dict[str, tuple[str, Record, int]]) -> list[Problem]:
    """Every `[[id]]`, link and image in a `body` resolves on the built site (or is refused here)."""
    problems = []
    for record in records:
        body = record.data.get("body")
        if not isinstance(body, str):
            continue
        for link in body_links(body):
            message = _body_link_problem(link, ids, renamed)
            if message:
                line, col = _locate(record, link)
                problems.append(Problem(record.file, line, col, "error", f"'body': {message}"))
    return problems


def _body_link_problem(link: BodyLink, ids: set[str], renamed: dict[str, tuple[str, Record, int]]) -> str | None:
    target = link.target
    if link.kind == "ref":
        if target in ids:
            return None
        if target in renamed:
            return f"'[[{target}]]' was renamed to '{renamed[target][0]}'; write '[[{renamed[target][0]}]]'"
        return f"unknown entry '[[{target}]]'{did_you_mean(target, ids)}"
    if link.kind == "image":
        return f"image '{target}' is not shown: bodies hold text only; link to it instead ([title](https://...))"
    if target.lower().startswith(_LINK_SCHEMES):
        return None
    stem = re.sub(r"(/index)?(\.md|\.html)?/?$", "", target.split("#")[0].split("?")[0]).rsplit("/", 1)[-1]
    if stem in ids:
        return f"link '{target}' points at an entry's page; write '[[{stem}]]' instead (it follows renames and URL styles)"
    if target.startswith("#"):
        return f"link '{target}' points at a place on the page; a body cannot rely on the page's anchors"
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return f"link '{target}' is not allowed; use https://, http:// or mailto: addresses"
    return (f"relative link '{target}' would not resolve on the site; use a full address "
            "(https://...) or '[[id]]' for another entry")


def _locate(record: Record, link: BodyLink) -> tuple[int, int]:
    """Line and column of a body link in its file: searched from where its paragraph starts."""
    start, col = record.marks.value(("body",))
    lines = record.text.splitlines()
    for number in range(start + link.line - 1, len(lines)):
        found = lines[number].find(link.written) if 0 <= number else -1
        if found >= 0:
            return number + 1, found + 1
    return start, col

"""Check: every problem in the data, collected in one pass over all records."""

from __future__ import annotations

import re
from collections import defaultdict

from generator.decisions import check_tree
from generator.load import Record
from generator.model import TYPE_LABELS
from generator.problems import Problem, did_you_mean
from generator.schema import field_name, references, validate

ID_FORM = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check(records: list[Record]) -> list[Problem]:
    """Return every problem: schema, ids, references. Never raises on bad data."""
    problems: list[Problem] = []
    parsed = [r for r in records if r.ok]  # files that failed to load are already reported
    for record in parsed:
        problems += validate(record)
        if record.type == "decision":
            problems += check_tree(record)
    entities = [r for r in records if r.type != "kb"]
    problems += check_ids(entities)
    problems += check_references(parsed, {r.id: r.type for r in entities})
    return problems


def check_ids(records: list[Record]) -> list[Problem]:
    """File names must be well-formed ids, unique across types, and agree with any `id:` field."""
    problems: list[Problem] = []
    first: dict[str, Record] = {}
    for record in records:
        if not ID_FORM.match(record.id):
            suggestion = re.sub(r"[^a-z0-9]+", "-", record.id.lower()).strip("-") or "my-entry"
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


def check_references(records: list[Record], types: dict[str, str]) -> list[Problem]:
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
            if kind is None:
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

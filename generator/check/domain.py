"""What kb.yaml declares about its own words, beyond what its schema can say: an axis may not
take the name of a field use cases already have, and own values must name a field that
takes one of a list."""

from __future__ import annotations

from collections.abc import Iterator

from generator.domain import placed_fields, renamable
from generator.load import Record
from generator.problems import Problem, did_you_mean


def check_domain(kb: Record | None) -> list[Problem]:
    return sorted(_problems(kb)) if kb is not None and isinstance(kb.data, dict) else []


def _problems(kb: Record) -> Iterator[Problem]:
    taken = placed_fields()
    axes = kb.data.get("axes")
    seen: set[str] = set()
    for i, axis in enumerate(axes if isinstance(axes, list) else []):
        name = axis.get("field") if isinstance(axis, dict) else None
        if not isinstance(name, str):
            continue
        line, col = kb.marks.value(("axes", i, "field"))
        if name in taken:
            yield Problem(kb.file, line, col, "error", f"'axes[{i}].field': use cases already have a field "
                          f"'{name}'; name the axis something else, e.g. '{name}_axis'")
        elif name in seen:
            yield Problem(kb.file, line, col, "error", f"'axes[{i}].field': both axes are named '{name}'; "
                          "give each its own field")
        seen.add(name)
    enums = kb.data.get("enums")
    allowed = renamable()
    for key in enums if isinstance(enums, dict) else {}:
        if isinstance(key, str) and key not in allowed:
            line, col = kb.marks.key(("enums", key))
            hint = did_you_mean(key, allowed)
            yield Problem(kb.file, line, col, "error", f"'enums': '{key}' is not a field that takes one of a "
                          f"list{hint}; such fields: {', '.join(allowed)}")

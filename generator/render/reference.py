"""Contributor documentation generated from the schemas and the rules, never hand-copied."""

from __future__ import annotations

from generator.check.fields import type_fields
from generator.model import TYPE_FOLDERS, TYPE_LABELS
from generator.render.templating import environment
from generator.check.rules import RULES


def render_reference(kinds: list[str] | None = None, page_path: str = "reference.md") -> str:
    """The field reference (and the rules) as Markdown, for the site and for `kb fields`."""
    kinds = kinds or list(TYPE_FOLDERS)
    types = [(kind, TYPE_LABELS[kind][0], TYPE_FOLDERS[kind], type_fields(kind)) for kind in kinds]
    return environment().get_template("reference.md.j2").render(page_path=page_path, types=types, rules=RULES)

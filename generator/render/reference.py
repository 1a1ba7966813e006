"""Contributor documentation generated from the schemas and the rules, never hand-copied."""

from __future__ import annotations

from generator.check.fields import type_fields
from generator.check.rules import RULES
from generator.domain import Domain
from generator.registry import BY_NAME, TYPES
from generator.render.templating import environment


def render_reference(domain: Domain, kinds: list[str] | None = None, page_path: str = "reference.md",
                     description: str | None = None) -> str:
    """The field reference (and the rules) as Markdown, for the site (with its page
    `description`) and for `kb fields` (without)."""
    chosen = [BY_NAME[k] for k in kinds] if kinds else list(TYPES)
    types = [(t.name, t.singular, t.folder, type_fields(domain, t.name)) for t in chosen]
    return environment().get_template("reference.md.j2").render(page_path=page_path, types=types, rules=RULES,
                                                                  domain=domain, description=description)

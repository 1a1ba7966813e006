"""Contributor documentation generated from the schemas and the rules, never hand-copied."""

from __future__ import annotations

from generator.check.fields import type_fields
from generator.check.rules import RULES
from generator.domain import Domain
from generator.registry import BY_NAME, TYPES
from generator.render.templating import environment

KB = "kb"
"""`kb fields kb`: kb.yaml's own fields, the knowledge base's settings and words."""


def render_reference(domain: Domain, kinds: list[str] | None = None, page_path: str = "reference.md",
                     description: str | None = None) -> str:
    """The field reference (and the rules) as Markdown, for the site (with its page
    `description`) and for `kb fields` (without): kb.yaml first, then each type."""
    chosen = kinds or [KB, *(t.name for t in TYPES)]
    types = [(k, "kb.yaml", "", type_fields(domain, k)) if k == KB else
             (k, BY_NAME[k].singular, BY_NAME[k].folder, type_fields(domain, k)) for k in chosen]
    return environment().get_template("reference.md.j2").render(page_path=page_path, types=types, rules=RULES,
                                                                  domain=domain, description=description)

"""Contributor documentation generated from the schemas and the rules, never hand-copied."""

from __future__ import annotations

from generator.check.fields import shared_fields, type_fields
from generator.check.rules import RULES
from generator.domain import Domain
from generator.registry import BY_NAME, TYPES
from generator.render.templating import environment

KB = "kb"
"""`kb fields kb`: kb.yaml's own fields, the knowledge base's settings and words."""


def render_reference(domain: Domain, kinds: list[str] | None = None, page_path: str = "reference.md",
                     description: str | None = None) -> str:
    """The field reference (and the rules) as Markdown, for the site (with its page
    `description`) and for `kb fields` (without): kb.yaml first, then the fields every
    entry has, once, then each type with only its own fields."""
    chosen = kinds or [KB, *(t.name for t in TYPES)]
    shared = shared_fields(domain)
    common = {f.name for f in shared}
    types = [(BY_NAME[k], tuple(f for f in type_fields(domain, k) if f.name not in common)) for k in chosen if k != KB]
    return environment().get_template("reference.md.j2").render(
        page_path=page_path, settings=type_fields(domain, KB) if KB in chosen else (), shared=shared, types=types,
        rules=RULES, domain=domain, description=description)

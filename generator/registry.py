"""The entity types, each declared once: every stage and every output format reads this table.

A type is its folder under data/, its labels, its dataclass (model.py), its JSON Schema
(schemas/<name>.json, which also holds each field's label and each enum value's label,
meaning and tone), the facts its pages show, its index columns and what it is grouped by.
Adding a type: its schema, its dataclass, one entry here, a fixture file and a nav line
(docs/design.md, "Adding an entity type").
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Decision, Entity, Policy, Reading, Sector, Signal, UseCase, Vendor

SHOWS = ("text", "badge", "choice", "links", "list", "date", "url", "number", "effects", "observations")
"""How a fact is shown: `badge` is an enum value's label in its tone, `choice` the label alone,
`links` entries by name, `effects` and `observations` a signal's structured lists."""


@dataclass(frozen=True)
class Fact:
    """One fact an entity's pages show, in the fact box of the site and of the PDF."""

    attr: str
    """The dataclass attribute (and schema field) it shows; its label is the field's schema title."""
    show: str = "text"
    """One of SHOWS."""
    note: str | None = None
    """Attribute of a text shown beside the value (the reason for a verdict)."""


@dataclass(frozen=True)
class EntityType:
    cls: type[Entity]
    """The dataclass; its TYPE (`use-case`) names the schema, and the type in messages and JSON."""
    folder: str
    """Folder under data/, and the URL prefix of the type's pages."""
    singular: str
    plural: str
    facts: tuple[Fact, ...] = ()
    """What a page shows first, in order."""
    columns: tuple[str, ...] = ()
    """Attributes shown as index table columns (between name and summary)."""
    group_by: str | None = None
    """An enum attribute: boards, counts and PDF chapters group by it, in the schema's order."""
    synth_share: float = 0.0
    """Share of a synthetic knowledge base (`kb synth`) made of this type."""

    @property
    def name(self) -> str:
        return self.cls.TYPE


TYPES: tuple[EntityType, ...] = (
    EntityType(Decision, "decisions", "Decision tree", "Decision trees",
               facts=(Fact("question"),), columns=("question",)),
    EntityType(UseCase, "use-cases", "Use case", "Use cases",
               facts=(Fact("verdict", "badge", note="why"), Fact("data_location", "choice"), Fact("stack", "choice"),
                      Fact("sectors", "links"), Fact("vendors", "links"), Fact("signals", "links"),
                      Fact("policies", "links")),
               columns=("verdict", "data_location", "stack"), group_by="verdict", synth_share=0.25),
    EntityType(Signal, "signals", "Signal", "Signals",
               facts=(Fact("status", "badge"), Fact("fires_when"), Fact("if_fires"), Fact("affects", "effects"),
                      Fact("observations", "observations")),
               columns=("status",), group_by="status", synth_share=0.15),
    EntityType(Sector, "sectors", "Sector", "Sectors",
               facts=(Fact("exposure", "badge", note="exposure_why"), Fact("stack", "list"), Fact("vendors", "links")),
               columns=("exposure",), group_by="exposure", synth_share=0.08),
    EntityType(Vendor, "vendors", "Vendor", "Vendors",
               facts=(Fact("kind", "choice"), Fact("home_market"), Fact("sectors", "links")),
               columns=("kind", "home_market"), group_by="kind", synth_share=0.12),
    EntityType(Policy, "policies", "Policy", "Policies",
               facts=(Fact("kind", "choice"), Fact("issuer"), Fact("year", "number"), Fact("sectors", "links")),
               columns=("kind", "issuer"), group_by="kind", synth_share=0.10),
    EntityType(Reading, "reading", "Reading", "Reading",
               facts=(Fact("publisher"), Fact("date", "date"), Fact("url", "url"), Fact("about", "links")),
               columns=("publisher", "date"), synth_share=0.30),
)
"""In reading order: the questions first, the background last."""

BY_NAME = {t.name: t for t in TYPES}
BY_FOLDER = {t.folder: t for t in TYPES}


def entity_type(entity: Entity) -> EntityType:
    return BY_NAME[entity.type]


def page_path(entity: Entity) -> str:
    """Docs-relative path of an entity's page."""
    return f"{BY_NAME[entity.type].folder}/{entity.id}.md"

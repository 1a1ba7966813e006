"""The entity types, each declared once: every stage and every output format reads this table.

A type is its folder under data/, its labels, its dataclass (model.py), its JSON Schema
(schemas/<name>.json, which also holds each field's label and each enum value's label,
meaning and tone), the facts its pages show, its index columns and what it is grouped by.
Adding a type: DESIGN.md, "Adding an entity type"; tests/test_registry.py names whatever
a type in generator/schemas/ still lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.model import Decision, Entity, Policy, Reading, Sector, Signal, UseCase, Vendor

SHOWS = ("text", "badge", "choice", "links", "list", "date", "url", "number", "effects", "observations",
         "linked", "shifts", "grouped", "outcomes")
"""How a fact is shown: `badge` is an enum value's label in its tone, `choice` the label alone,
`links` entries by name, `effects` and `observations` a signal's structured lists; for facts
read from other entries (`via`), `linked` lists them with their verdict or status, `shifts`
lists the signals that would shift this entry, with what they would change, `grouped` counts
and lists them by their grouping value (a verdict) in the scale's order, and `outcomes` lists
the decision trees whose outcomes lead to them, each outcome with its verdict."""

NONE_RECORDED = "None recorded in this knowledge base, so no verdict or decision tree involves it."
"""What a `grouped` fact of use cases says when none names the entry: its exposure, plainly."""

if TYPE_CHECKING:  # the domain reads this table; this table only names the domain's type
    from generator.domain import Domain


@dataclass(frozen=True)
class Fact:
    """One fact an entity's pages show, in the fact box of the site and of the PDF."""

    attr: str
    """The dataclass attribute (and schema field) it shows; its label is the field's schema title."""
    show: str = "text"
    """One of SHOWS."""
    note: str | None = None
    """Attribute of a text shown beside the value (the reason for a verdict)."""
    via: tuple[str, str] | None = None
    """(type, field): the fact lists the entries of that type whose field names this one."""
    label: str | None = None
    """The label of a fact read from other entries (a field's label is its schema title)."""
    missing: str | None = None
    """Said when the entry has no value for the fact (otherwise the fact is left out). An
    `outcomes` fact says it only when there are entries to read through (`via`) and no tree
    leads to them; without those entries the fact before it has said so already."""


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
    placed: bool = False
    """Its entries sit on the key question's axes (kb.yaml `axes`): each axis is a required
    field, a fact after the first and a column after the first, and the home page and the
    boards draw the entries on the two axes as a map."""
    synth_share: float = 0.0
    """Share of a synthetic knowledge base (`kb synth`) made of this type."""
    filters: tuple[str, ...] = ()
    """Fields of links its index can be narrowed by, besides its enum columns and tags."""

    @property
    def name(self) -> str:
        return self.cls.TYPE


def _exposure(field: str, label: str) -> tuple[Fact, Fact]:
    """What is at stake on an entry that use cases name in `field`: those use cases by verdict,
    and the decision trees that lead to them, each said plainly when there is none."""
    via = ("use-case", field)
    return (Fact("use_cases", "grouped", via=via, label=label, missing=NONE_RECORDED),
            Fact("trees", "outcomes", via=via, label="Decision trees", missing="No decision tree leads to them."))


TYPES: tuple[EntityType, ...] = (
    EntityType(Decision, "decisions", "Decision tree", "Decision trees",
               facts=(Fact("question"),), columns=("question",), synth_share=0.002),
    EntityType(UseCase, "use-cases", "Use case", "Use cases",
               facts=(Fact("verdict", "badge", note="why"),
                      Fact("shifted_by", "shifts", via=("signal", "affects"), label="Would change if"),
                      Fact("sectors", "links"), Fact("vendors", "links"), Fact("signals", "links"),
                      Fact("policies", "links")),
               columns=("verdict",), group_by="verdict", placed=True,
               synth_share=0.25, filters=("sectors",)),
    EntityType(Signal, "signals", "Signal", "Signals",
               facts=(Fact("status", "badge"), Fact("observations", "observations"), Fact("fires_when"),
                      Fact("if_fires"), Fact("affects", "effects"), Fact("vendors", "links")),
               columns=("status",), group_by="status", synth_share=0.15),
    EntityType(Sector, "sectors", "Sector", "Sectors",
               facts=(Fact("exposure", "badge", note="exposure_why"), *_exposure("sectors", "Use cases here"),
                      Fact("stack", "list"), Fact("vendors", "links"),
                      Fact("policies", "linked", via=("policy", "sectors"), label="Policies that apply")),
               columns=("exposure",), group_by="exposure", synth_share=0.08),
    EntityType(Vendor, "vendors", "Vendor", "Vendors",
               facts=(Fact("kind", "choice"), Fact("home_market"),
                      *_exposure("vendors", "Use cases on its systems"),
                      Fact("signals", "linked", via=("signal", "vendors"), label="Signals that concern it"),
                      Fact("sectors", "links")),
               columns=("kind", "home_market"), group_by="kind", synth_share=0.12),
    EntityType(Policy, "policies", "Policy", "Policies",
               facts=(Fact("kind", "choice"), Fact("issuer"), Fact("year", "number"), Fact("sectors", "links"),
                      *_exposure("policies", "Use cases it bears on")),
               columns=("kind", "issuer"), group_by="kind", synth_share=0.10),
    EntityType(Reading, "reading", "Reading", "Reading",
               facts=(Fact("publisher"), Fact("date", "date"),
                      Fact("url", "url", missing="No public link is recorded."), Fact("about", "links")),
               columns=("publisher", "date"), synth_share=0.30),
)
"""In reading order: the questions first, the background last."""

BY_NAME = {t.name: t for t in TYPES}
BY_FOLDER = {t.folder: t for t in TYPES}


def facts(kind: EntityType, domain: Domain) -> tuple[Fact, ...]:
    """What a type's pages show first; a placed type shows the axes after its first fact."""
    if not kind.placed:
        return kind.facts
    return (*kind.facts[:1], *(Fact(axis.field, "choice") for axis in domain.axes), *kind.facts[1:])


def columns(kind: EntityType, domain: Domain) -> tuple[str, ...]:
    """A type's index columns; a placed type has a column per axis after its first."""
    if not kind.placed:
        return kind.columns
    return (*kind.columns[:1], *(axis.field for axis in domain.axes), *kind.columns[1:])


def grid(domain: Domain) -> tuple[EntityType, str, str] | None:
    """The key question's map: the placed type and its two axes (rows, columns), if declared."""
    kind = next((t for t in TYPES if t.placed), None)
    axes = domain.axes
    return (kind, axes[0].field, axes[1].field) if kind and len(axes) == 2 else None


def entity_type(entity: Entity) -> EntityType:
    return BY_NAME[entity.type]


def page_path(entity: Entity) -> str:
    """Docs-relative path of an entity's page."""
    return f"{BY_NAME[entity.type].folder}/{entity.id}.md"

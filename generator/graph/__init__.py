"""The knowledge base as one value: every entity, its links both ways and its domain.

`graph.link` builds it from checked records; every later stage takes it as an argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import overload

from generator.domain import Domain
from generator.history import History
from generator.model import E, Entity
from generator.registry import TYPES


@dataclass(frozen=True)
class Link:
    """One reference written in a file: `source` names `target` in `field`."""

    source: str
    target: str
    field: str
    """Top-level field that holds the reference, e.g. `vendors`, `affects`, `sources`."""


@dataclass(frozen=True)
class KbInfo:
    """What kb.yaml says about the knowledge base as a whole."""

    title: str
    question: str
    description: str
    review_interval_days: int = 365
    action: Action | None = None
    based_on: tuple[str, ...] = ()
    glossary: tuple[Term, ...] = ()
    """In the order written; the Glossary and scope page sorts them by term."""
    not_covered: tuple[Topic, ...] = ()


@dataclass(frozen=True)
class Term:
    """A word readers use, with what it means here and the entries about it."""

    term: str
    means: str
    see: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    """Something readers may look for that the knowledge base does not cover."""

    topic: str
    note: str | None = None


@dataclass(frozen=True)
class Action:
    """The home page's main button: a label and the decision tree it opens."""

    label: str
    tree: str


@dataclass
class KnowledgeBase:
    """Every entity, indexed by id, with links in both directions, and the domain (kb.yaml's
    words) its records were checked against: every stage reads labels and axes from here."""

    info: KbInfo
    entities: dict[str, Entity]
    """By id, in id order."""
    domain: Domain
    outgoing: dict[str, list[Link]] = field(default_factory=dict)
    incoming: dict[str, list[Link]] = field(default_factory=dict)
    reading: dict[str, list[str]] = field(default_factory=dict)
    """Entity id → related reading ids, best first."""
    led_to_by: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Use case id → (decision id, outcome id) of every tree outcome that names it."""
    history: History = field(default_factory=History)
    """What changed in the data and when, from git (empty unless the build asked for it)."""

    @overload
    def of_type(self, kind: str) -> list[Entity]: ...
    @overload
    def of_type(self, kind: type[E]) -> list[E]: ...

    def of_type(self, kind):
        """Entities of one type (its name, or its class for a typed list), by name then id."""
        name = kind if isinstance(kind, str) else kind.TYPE
        return sorted((e for e in self.entities.values() if e.type == name), key=lambda e: (e.name.lower(), e.id))

    def edition(self) -> str:
        """The latest review date in the data: the edition changes only when the data does."""
        return max((e.reviewed for e in self.entities.values() if e.reviewed), default="undated")

    def types(self) -> list[str]:
        present = {e.type for e in self.entities.values()}
        return [t.name for t in TYPES if t.name in present]

    def neighbours(self, id_: str) -> set[str]:
        """Ids linked to or from an entity, in either direction."""
        return {ln.target for ln in self.outgoing.get(id_, ())} | {ln.source for ln in self.incoming.get(id_, ())}

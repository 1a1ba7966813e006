"""Typed entities of the knowledge base. Entities hold ids; the KnowledgeBase resolves them."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar

FOLDER_TYPES = {
    "sectors": "sector",
    "vendors": "vendor",
    "signals": "signal",
    "use-cases": "use-case",
    "policies": "policy",
    "reading": "reading",
    "decisions": "decision",
}
"""Folder under data/ → entity type. The folder is also the URL prefix of its pages."""

TYPE_FOLDERS = {kind: folder for folder, kind in FOLDER_TYPES.items()}


def slug(name: str) -> str:
    """`Tencent Cloud` → `tencent-cloud`: the id a name would get (empty if it has no letters)."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:80].rstrip("-")


def page_url(folder: str, id_: str, use_directory_urls: bool) -> str:
    """Site-relative URL of an entry's page in the build's URL style."""
    return f"{folder}/{id_}/" if use_directory_urls else f"{folder}/{id_}.html"

TYPE_LABELS = {
    "sector": ("Sector", "Sectors"),
    "vendor": ("Vendor", "Vendors"),
    "signal": ("Signal", "Signals"),
    "use-case": ("Use case", "Use cases"),
    "policy": ("Policy", "Policies"),
    "reading": ("Reading", "Reading"),
    "decision": ("Decision tree", "Decision trees"),
}
"""Entity type → (singular, plural) label for headings."""

TYPE_ORDER = ("decision", "use-case", "signal", "sector", "vendor", "policy", "reading")
"""The order types appear in: the questions first, the background last."""


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A source that is not (yet) a reading entry of its own."""

    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Entity:
    """Fields every entity has."""

    TYPE: ClassVar[str] = ""
    id: str
    """File name without `.yaml`; unique across the knowledge base."""
    file: str
    """Path of the YAML file it came from, for messages and edit links."""
    name: str
    summary: str
    """One plain sentence."""
    body: str = ""
    """Markdown; rendered, then sanitised."""
    tags: tuple[str, ...] = ()
    sources: tuple[str | Citation, ...] = ()
    """Reading ids or inline citations."""
    reviewed: str | None = None
    """ISO date of the last review."""
    former_ids: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        return self.TYPE


@dataclass(frozen=True, kw_only=True)
class Sector(Entity):
    TYPE: ClassVar[str] = "sector"
    exposure: str
    """high, medium or low."""
    exposure_why: str
    stack: tuple[str, ...] = ()
    """Typical technology stack, as plain phrases."""
    vendors: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Vendor(Entity):
    TYPE: ClassVar[str] = "vendor"
    kind: str
    home_market: str
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Observation:
    """Something seen on a date that bears on a signal."""

    date: str
    note: str
    source: str | None = None


@dataclass(frozen=True, kw_only=True)
class Effect:
    """How a signal firing would shift one use case."""

    use_case: str
    shift: str


@dataclass(frozen=True, kw_only=True)
class Signal(Entity):
    TYPE: ClassVar[str] = "signal"
    status: str
    """watching, emerging or triggered."""
    fires_when: str
    if_fires: str
    observations: tuple[Observation, ...] = ()
    affects: tuple[Effect, ...] = ()


@dataclass(frozen=True, kw_only=True)
class UseCase(Entity):
    TYPE: ClassVar[str] = "use-case"
    verdict: str
    """safe, risky or conditional."""
    why: str
    data_location: str
    """in-market or cross-border."""
    stack: str
    """chinese, non-chinese or mixed."""
    sectors: tuple[str, ...] = ()
    vendors: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Policy(Entity):
    TYPE: ClassVar[str] = "policy"
    kind: str
    issuer: str
    year: int | None = None
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Reading(Entity):
    TYPE: ClassVar[str] = "reading"
    publisher: str
    date: str | None = None
    url: str | None = None
    about: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Answer:
    """One way to answer a question: on to another node, or to an outcome."""

    label: str
    next: str | None = None
    outcome: str | None = None

    @property
    def target(self) -> str:
        return self.next or self.outcome or ""


@dataclass(frozen=True, kw_only=True)
class Node:
    """A question in a decision tree."""

    id: str
    question: str
    help: str | None = None
    answers: tuple[Answer, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """Where a decision tree ends: a verdict with its reasoning and evidence."""

    id: str
    verdict: str
    title: str
    reasoning: str
    use_cases: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    reading: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Decision(Entity):
    TYPE: ClassVar[str] = "decision"
    question: str
    start: str
    nodes: tuple[Node, ...] = ()
    """In file order."""
    outcomes: tuple[Outcome, ...] = ()

    def step(self, id_: str) -> Node | Outcome:
        """The node or outcome with this id."""
        return next(x for x in (*self.nodes, *self.outcomes) if x.id == id_)


ENTITY_CLASSES: dict[str, type[Entity]] = {
    cls.TYPE: cls for cls in (Sector, Vendor, Signal, UseCase, Policy, Reading, Decision)
}


def make_entity(kind: str, id: str, file: str, data: dict[str, Any]) -> Entity:
    """Build a typed entity from checked data (unknown fields were already refused)."""
    cls = ENTITY_CLASSES[kind]
    names = {f.name for f in fields(cls)} - {"id", "file"}
    values = {name: _convert(name, data[name]) for name in names if name in data}
    return cls(id=id, file=file, **values)


def _convert(name: str, value: Any) -> Any:
    if name == "sources":
        return tuple(s if isinstance(s, str) else Citation(**s) for s in value)
    if name == "observations":
        return tuple(Observation(**o) for o in value)
    if name == "affects":
        return tuple(Effect(**e) for e in value)
    if name == "nodes":
        return tuple(Node(id=k, question=v["question"], help=v.get("help"),
                          answers=tuple(Answer(**a) for a in v["answers"])) for k, v in value.items())
    if name == "outcomes":
        return tuple(Outcome(id=k, **{f: _convert(f, x) for f, x in v.items()}) for k, v in value.items())
    if isinstance(value, list):
        return tuple(value)
    return value

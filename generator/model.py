"""Typed entities of the knowledge base. Entities hold ids; the KnowledgeBase resolves them.

Each class's TYPE names its schema; registry.py says how each type is shown."""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass, fields, is_dataclass
from functools import cache
from types import UnionType
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin, get_type_hints

from anyascii import anyascii

E = TypeVar("E", bound="Entity")
D = TypeVar("D")


def slug(name: str) -> str:
    """`Tencent Cloud` → `tencent-cloud`: the id a name would get (empty if it has no letters).
    Any script is folded to ASCII first: `Gοogle` with a Greek omicron → `google`, `阿里云` →
    `aliyun`, so an id never loses letters a reader sees."""
    words = "".join(c if unicodedata.category(c)[0] in "LNZ" else " " for c in name)  # no emoji or symbols
    text = re.sub(r"[^a-z0-9]+", "-", anyascii(words).lower()).strip("-")
    return text[:80].rstrip("-")


def page_url(folder: str, id_: str, use_directory_urls: bool) -> str:
    """Site-relative URL of an entry's page in the build's URL style."""
    return f"{folder}/{id_}/" if use_directory_urls else f"{folder}/{id_}.html"


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
    aliases: tuple[str, ...] = ()
    """Other words readers use for it: search, the page's lead and its description carry them."""
    body: str = ""
    """Markdown; rendered, then sanitised."""
    tags: tuple[str, ...] = ()
    sources: tuple[str | Citation, ...] = ()
    """Reading ids or inline citations."""
    reviewed: str | None = None
    """ISO date of the last review."""
    former_ids: tuple[str, ...] = ()
    more: tuple[tuple[str, Any], ...] = ()
    """Fields the knowledge base declares itself (its key question's axes), read as attributes."""

    @property
    def type(self) -> str:
        return self.TYPE

    def __getattr__(self, name: str) -> Any:
        """A field declared in kb.yaml: `use_case.data_location` reads it from `more`."""
        for key, value in self.__dict__.get("more", ()):
            if key == name:
                return value
        raise AttributeError(f"{type(self).__name__} has no field {name!r}")


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
    """A value of the status scale (default watching, emerging, triggered)."""
    fires_when: str
    if_fires: str
    observations: tuple[Observation, ...] = ()
    affects: tuple[Effect, ...] = ()
    vendors: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class UseCase(Entity):
    TYPE: ClassVar[str] = "use-case"
    verdict: str
    """A value of the verdict scale (kb.yaml `verdicts`, default safe, conditional, risky)."""
    why: str
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
    when: tuple[str, ...] = ()
    """Signal statuses this answer stands for, when its question has a signal."""

    @property
    def target(self) -> str:
        return self.next or self.outcome or ""


@dataclass(frozen=True, kw_only=True)
class Node:
    """A question in a decision tree."""

    id: str
    question: str
    help: str | None = None
    signal: str | None = None
    """The signal that answers this question about the world (its status picks the answer)."""
    answers: tuple[Answer, ...] = ()

    def answer_for(self, status: str) -> Answer | None:
        """The answer that stands for a signal status."""
        return next((a for a in self.answers if status in a.when), None)


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
        steps: tuple[Node | Outcome, ...] = (*self.nodes, *self.outcomes)
        return next(x for x in steps if x.id == id_)

    def anchor(self, id_: str) -> str:
        """Section anchor of a question (`q-…`) or outcome (`o-…`) on the tree's page."""
        return ("o-" if isinstance(self.step(id_), Outcome) else "q-") + id_

    def reading_order(self) -> list[str]:
        """The order a tree's page reads in: questions breadth-first from `start`, then outcomes."""
        order, queue, seen = [], deque([self.start]), {self.start}
        while queue:
            current = queue.popleft()
            order.append(current)
            for answer in getattr(self.step(current), "answers", ()):
                if answer.target not in seen:
                    seen.add(answer.target)
                    queue.append(answer.target)
        outcomes = {o.id for o in self.outcomes}
        return [i for i in order if i not in outcomes] + [i for i in order if i in outcomes]


def make_entity(cls: type[E], id: str, file: str, data: dict[str, Any]) -> E:
    """Build a typed entity from checked data, led by the class's annotations: lists become
    tuples, mappings the dataclasses their fields name, mappings by id (tree nodes and
    outcomes) tuples that keep the id. Checked keys the class does not have are fields the
    knowledge base declared (its axes): they go to `more`."""
    hints = _hints(cls)  # type: ignore[arg-type]  # mypy: a class with __getattr__ is not Hashable
    more = tuple((key, value) for key, value in data.items() if key not in hints)
    return from_data(cls, {**data, "id": id, "file": file, "more": more})


def from_data(cls: Any, data: dict[str, Any]) -> Any:
    """Any dataclass from checked data, by its annotations (what make_entity does for entities)."""
    hints = _hints(cls)
    return cls(**{name: _convert(value, hints[name]) for name, value in data.items() if name in hints})


@cache
def _hints(cls: Any) -> dict[str, Any]:
    """Field name → annotation (class variables such as TYPE are not fields)."""
    names = {f.name for f in fields(cls)}
    return {name: hint for name, hint in get_type_hints(cls).items() if name in names}


def _convert(value: Any, hint: Any) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        if isinstance(value, dict):  # by id: {id: {fields}} → (Item(id=..., ...), ...)
            return tuple(_convert({"id": key, **item}, args[0]) for key, item in value.items())
        return tuple(_convert(item, args[0]) for item in value)
    if origin in (Union, UnionType):
        kinds = [a for a in args if isinstance(a, type)]
        target = next((a for a in kinds if is_dataclass(a) and isinstance(value, dict)), None)
        return _convert(value, target) if target else value
    if isinstance(hint, type) and is_dataclass(hint) and isinstance(value, dict):
        return from_data(hint, value)
    return value

"""Tables: the index table of each type and the sector matrix, shaped in Python.

A cell is an Entity (shown as a link), a list of entities, a Choice (a badge) or plain
text or a number (escaped by the template layer). Columns and groups come from the registry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from generator import registry
from generator.check.fields import Choice, choice, field, label
from generator.domain import Domain
from generator.graph import KnowledgeBase
from generator.model import Entity, UseCase
from generator.registry import EntityType
from generator.render.views import ChangeView, groups, verdict_of


@dataclass(frozen=True)
class Filter:
    """A way to narrow an index: a field (the URL parameter), its label, its values."""

    key: str
    label: str
    options: list[tuple[str, str]]
    """(value, label) in the schema's order, or by name for links and tags."""


@dataclass(frozen=True)
class Narrowing:
    """The filters a list of entries offers, and each entry's values for them, by id: kb.js
    hides the entries (a table's rows, a board's cases, the map's) a choice leaves out."""

    filters: list[Filter] = dataclass_field(default_factory=list)
    marks: dict[str, dict[str, list[str]]] = dataclass_field(default_factory=dict)

    @property
    def data(self) -> list[dict[str, Any]]:
        """The filters as plain data, for the page's script."""
        return [{"key": f.key, "label": f.label, "options": f.options} for f in self.filters]


@dataclass(frozen=True)
class Table:
    """A table ready for a template: headings, rows of cells (the first an entry), counts to
    show above it, and the filters over its rows."""

    headings: list[str]
    rows: list[list[Any]]
    counts: list[tuple[Choice, int]]
    narrowing: Narrowing = dataclass_field(default_factory=Narrowing)


def index_table(kb: KnowledgeBase, kind: EntityType) -> Table:
    """One row per entity of a type, by name: name, the type's columns, summary. A column
    whose value is the same on every row says nothing and is left out."""
    entities = kb.of_type(kind.name)
    columns = [c for c in registry.columns(kind, kb.domain)
               if len(entities) < 2 or len({_key(getattr(e, c)) for e in entities}) > 1]
    headings = ["Name", *(label(kb.domain, kind.name, c) for c in columns), "Summary"]
    rows = [[e, *(_cell(kb.domain, e, kind, c) for c in columns), e.summary] for e in entities]
    counts = [(c, len(members)) for c, members in groups(kb, kind) if c and members]
    return Table(headings, rows, counts, narrowing(kb, kind, entities))


def narrowing(kb: KnowledgeBase, kind: EntityType, entities: list[Entity]) -> Narrowing:
    """Filters by each choice column of the type (its verdict, each axis), the links the type
    declares (`filters`) and tags, each where the entries hold two values or more."""
    keys = [c for c in registry.columns(kind, kb.domain) if field(kb.domain, kind.name, c).choices]
    filters = [f for f in (_filter(kb, kind, key, entities) for key in (*keys, *kind.filters, "tags")) if f]
    return Narrowing(filters, {e.id: {f.key: _values(e, f.key) for f in filters} for e in entities})


def _values(entity: Entity, key: str) -> list[str]:
    value = getattr(entity, key)
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else [] if value is None else [str(value)]


def _filter(kb: KnowledgeBase, kind: EntityType, key: str, entities: list[Entity]) -> Filter | None:
    """A filter worth offering: at least two values among the entries (a choice that
    changes nothing is noise)."""
    present = {v for e in entities for v in _values(e, key)}
    if len(present) < 2:
        return None
    choices = field(kb.domain, kind.name, key).choices
    if choices:
        options = [(c.value, c.label) for c in choices if c.value in present]
    else:  # links by the linked entries' names, tags as written
        options = sorted(((v, kb.entities[v].name if v in kb.entities else v) for v in present),
                         key=lambda o: (o[1].lower(), o[0]))
    return Filter(key, label(kb.domain, kind.name, key), options)


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _cell(domain: Domain, entity: Entity, kind: EntityType, attr: str) -> Any:
    value = getattr(entity, attr)
    if value is None:
        return ""
    if field(domain, kind.name, attr).choices:
        found = choice(domain, kind.name, attr, value)
        return found if attr == kind.group_by else found.label
    return value


NO_SECTOR = "No sector named"


def sector_matrix(kb: KnowledgeBase) -> Table:
    """Sectors × verdicts; each cell lists the use cases of that verdict naming the sector.
    Use cases that name no sector get a row of their own, so every use case is accounted for.

    Cells hold links rather than one column per use case, so the table grows with the
    number of links, not with sectors × use cases.
    """
    verdicts = field(kb.domain, "use-case", "verdict").choices
    uses = kb.of_type(UseCase)
    by_sector: dict[str | None, list[UseCase]] = defaultdict(list)  # in the uses' name order
    for use in uses:
        for sector_id in use.sectors or (None,):
            by_sector[sector_id].append(use)
    rows: list[list[Any]] = []
    for sector in [*kb.of_type("sector"), None]:
        named = by_sector.get(sector.id if sector else None, [])
        if sector or named:
            rows.append([sector or NO_SECTOR, *([u for u in named if u.verdict == v.value] for v in verdicts)])
    counts = [(v, sum(u.verdict == v.value for u in uses)) for v in verdicts]
    return Table(["Sector", *(v.label for v in verdicts)], rows, counts)


@dataclass(frozen=True)
class Grid:
    """Entries placed by two enum fields: the key question as a map. Rows and columns are the
    fields' values that hold at least one entry, in the schema's order."""

    row_label: str
    column_label: str
    rows: list[Choice]
    columns: list[Choice]
    cells: dict[tuple[str, str], list[tuple[Entity, Choice | None]]]
    """(row value, column value) → entries there, by name, with their verdict."""

    @property
    def sparse(self) -> bool:
        """Half the cells or more are empty. As a table such a map is mostly dashes, one
        column tall and the others bare; pages list each row's entries instead, under the
        column values that hold any (the declared order either way)."""
        return 2 * len(self.cells) <= len(self.rows) * len(self.columns)


def key_question_map(kb: KnowledgeBase) -> Grid | None:
    """The placed type's entries on the key question's two axes; None if kb.yaml declares none."""
    domain = kb.domain
    found = registry.grid(domain)
    if found is None:
        return None
    kind, row, column = found
    cells: dict[tuple[str, str], list[tuple[Entity, Choice | None]]] = defaultdict(list)
    for entity in kb.of_type(kind.name):
        cells[(getattr(entity, row), getattr(entity, column))].append((entity, verdict_of(domain, entity)))
    rows = [c for c in field(domain, kind.name, row).choices if any(r == c.value for r, _ in cells)]
    columns = [c for c in field(domain, kind.name, column).choices if any(k == c.value for _, k in cells)]
    return Grid(label(domain, kind.name, row), label(domain, kind.name, column), rows, columns, dict(cells))


def places(domain: Domain, entries: list[Entity]) -> list[tuple[Choice, Choice]]:
    """Where entries sit on the key question's map (row answer, column answer), each place once;
    none when kb.yaml declares no map."""
    found = registry.grid(domain)
    if found is None:
        return []
    kind, row, column = found
    cells = dict.fromkeys((getattr(e, row), getattr(e, column)) for e in entries if e.type == kind.name)
    return [(choice(domain, kind.name, row, r), choice(domain, kind.name, column, c)) for r, c in cells]


def map_titles(domain: Domain) -> tuple[str, str] | None:
    """The map's two axis titles (rows, columns), if kb.yaml declares a map."""
    found = registry.grid(domain)
    return (label(domain, found[0].name, found[1]), label(domain, found[0].name, found[2])) if found else None


def changes_narrowing(editions: list[tuple[str, list[ChangeView]]]) -> Narrowing:
    """The changes page's one filter: the kind of change (a verdict's, a status's, added...)."""
    kinds = sorted({c.kind_label for _, changes in editions for c in changes})
    if len(kinds) < 2:
        return Narrowing()
    marks = {c.id: {"change": [c.kind_label]} for _, changes in editions for c in changes}
    return Narrowing([Filter("change", "Change", [(k, k) for k in kinds])], marks)

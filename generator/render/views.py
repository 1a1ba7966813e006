"""One view of each entity, built once in Python and laid out by every format: site pages,
the PDF and the downloads. Facts carry their labels; each related entry is listed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from generator import registry
from generator.check.fields import Choice, choice, field, label, verdict
from generator.domain import Domain
from generator.graph import KnowledgeBase
from generator.history import Change
from generator.model import Citation, Decision, Entity, Node, Outcome, Reading
from generator.registry import BY_NAME, TYPES, EntityType, Fact


@dataclass(frozen=True)
class Part:
    """A piece of a fact as every format lays it out: text, a link to an entry, a badge or
    a web link. The fact styles are read once, here; the site's fact box and the PDF only
    lay out parts."""

    text: str = ""
    entity: Entity | None = None
    """Shown by its name, linked to its page (or its section of the PDF)."""
    badge: Choice | None = None
    """An enum value in its tone, its label in words."""
    url: str | None = None
    """The text links to this address."""
    strong: bool = False
    anchor: str = ""
    """With `entity`: the link goes to this section of its page (a tree's outcome), and `text`
    is shown instead of the entry's name."""


@dataclass(frozen=True)
class FactView:
    """One fact, ready to show: its label, how to show it and its value."""

    label: str
    show: str
    """As in registry.SHOWS."""
    value: Any
    """text/date/url: str; number: int; badge/choice: Choice; links: entities; list: strings;
    effects: (use case, its verdict as a Choice, the shift); observations: (Observation, its
    source entity or None, whether to link the source); grouped: (Choice or None, entities) by
    the scale's order; outcomes: (tree, ((Outcome, its verdict as a Choice), ...)) by tree."""
    note: str = ""
    items: tuple[tuple[Part, ...], ...] = ()
    """The value as items of parts, in order (`lay_out`): what every format shows."""
    block: bool = False
    """The items are a list of their own (one per line), not a run of text."""
    sep: str = ", "
    """Between items shown in a run (and, in formats without lists, between block items: "; ")."""


@dataclass(frozen=True)
class EntityView:
    entity: Entity
    type: EntityType
    facts: tuple[FactView, ...]
    """Only the facts that have a value."""
    trees: tuple[tuple[Decision, Node | Outcome], ...]
    """Tree outcomes that lead to this entry (use cases)."""
    cited_by: tuple[Entity, ...]
    """Entries that cite this one as a source (reading)."""
    related: tuple[tuple[EntityType, tuple[Entity, ...]], ...]
    """Linked entries not shown anywhere above, by type, each once (reading aside: below)."""
    reading: tuple[Entity, ...]
    """The reading the entry links to, then ranked suggestions; never the entry's own sources
    or anything listed above."""
    sources: tuple[str | Citation, ...]
    history: tuple[ChangeView, ...] = ()
    """What changed in the entry, newest first (from git; empty without it)."""


def build_views(kb: KnowledgeBase) -> dict[str, EntityView]:
    """The view of every entity, by id."""
    return {id_: view_of(kb, entity) for id_, entity in kb.entities.items()}


def view_of(kb: KnowledgeBase, entity: Entity) -> EntityView:
    kind = BY_NAME[entity.type]
    drafted = (_fact(kb, entity, fact) for fact in registry.facts(kind, kb.domain))
    facts = tuple(lay_out(f) for f in _once(tuple(f for f in drafted if f is not None)))
    trees = tuple((tree, tree.step(o)) for d, o in kb.led_to_by.get(entity.id, ())
                  if isinstance(tree := kb.entities[d], Decision))
    in_facts = _ids_in(facts)
    cited_by = _sorted(kb.entities[ln.source] for ln in kb.incoming.get(entity.id, ())
                       if ln.field == "sources" and ln.source not in in_facts and ln.source != entity.id)
    sources = {s for s in entity.sources if isinstance(s, str)}
    shown = {entity.id, *in_facts, *(d.id for d, _ in trees), *(e.id for e in cited_by), *sources,
             *(i for o in getattr(entity, "outcomes", ()) for i in (*o.use_cases, *o.signals, *o.reading))}
    neighbours = kb.neighbours(entity.id) - shown
    # Reading the entry links to directly leads its "Related reading", ahead of the ranked
    # suggestions: one heading for reading, never a "Related → Reading" beside it.
    linked = _sorted(kb.entities[i] for i in neighbours if isinstance(kb.entities[i], Reading))
    others = neighbours - {r.id for r in linked}
    related = tuple((t, members) for t in TYPES
                    if (members := _sorted(kb.entities[i] for i in others if kb.entities[i].type == t.name)))
    listed = shown | neighbours
    reading = (*linked, *(kb.entities[r] for r in kb.reading.get(entity.id, ()) if r not in listed))
    own = tuple(s for s in entity.sources if s != entity.id)  # a reading is not its own source
    return EntityView(entity, kind, facts, trees, cited_by, related, reading, own, entry_changes(kb, entity))


def _fact(kb: KnowledgeBase, entity: Entity, fact: Fact) -> FactView | None:
    value = _read_via(kb, entity, fact) if fact.via else getattr(entity, fact.attr)
    name = fact.label or label(kb.domain, entity.type, fact.attr)
    if fact.via and value is None:
        return None  # nothing to read through: the fact before it says so
    if value in (None, "", ()):
        return FactView(name, "text", fact.missing) if fact.missing else None
    note = getattr(entity, fact.note) if fact.note else ""
    if fact.via:
        return FactView(name, fact.show, value)
    if fact.show in ("badge", "choice"):
        value = choice(kb.domain, entity.type, fact.attr, str(value))
    elif fact.show == "links":
        value = _sorted(kb.entities[i] for i in value)
    elif fact.show == "effects":
        value = tuple((use := kb.entities[e.use_case], verdict_of(kb.domain, use), e.shift) for e in value)
    elif fact.show == "observations":  # newest first; a source the entry cites anyway is named, not linked again
        value = tuple((o, kb.entities[o.source] if o.source else None, o.source not in entity.sources)
                      for o in sorted(value, key=lambda o: o.date, reverse=True))
    return FactView(name, fact.show, value, note)


def _read_via(kb: KnowledgeBase, entity: Entity, fact: Fact) -> tuple | None:
    """Entries of another type that name this one in a field: with their verdict or status
    (`linked`), by it (`grouped`), the tree outcomes that lead to them (`outcomes`; None when
    there are no such entries), or, for signals that would shift it, with their status and the
    shift (`shifts`)."""
    kind, field_name = fact.via or ("", "")
    sources = _sorted({kb.entities[ln.source] for ln in kb.incoming.get(entity.id, ())
                       if ln.field == field_name and kb.entities[ln.source].type == kind})
    if fact.show == "shifts":
        return tuple((s, verdict_of(kb.domain, s), effect.shift)
                     for s in sources for effect in getattr(s, "affects", ()) if effect.use_case == entity.id)
    if fact.show == "grouped":
        by: dict[Choice | None, list[Entity]] = {}
        for s in sources:
            by.setdefault(verdict_of(kb.domain, s), []).append(s)
        return tuple((c, tuple(members)) for c, members in sorted(by.items(), key=lambda g: g[0].rank if g[0] else -1))
    if fact.show == "outcomes":
        return _outcomes(kb, sources) if sources else None
    return tuple((s, verdict_of(kb.domain, s)) for s in sources)


def _outcomes(kb: KnowledgeBase, entries: tuple[Entity, ...]) -> tuple:
    """The decision trees whose outcomes lead to any of these entries, by name, each with
    those outcomes in the tree's order and their verdicts."""
    reached: dict[str, set[str]] = {}
    for entry in entries:
        for tree_id, outcome_id in kb.led_to_by.get(entry.id, ()):
            reached.setdefault(tree_id, set()).add(outcome_id)
    trees = (t for t in _sorted(kb.entities[i] for i in reached) if isinstance(t, Decision))
    return tuple((t, tuple((o, verdict(kb.domain, o.verdict)) for o in t.outcomes if o.id in reached[t.id]))
                 for t in trees)


def verdict_of(domain: Domain, entity: Entity) -> Choice | None:
    """An entry's grouping value as a Choice (a use case's verdict, a signal's status)."""
    kind = BY_NAME[entity.type]
    return choice(domain, entity.type, kind.group_by, getattr(entity, kind.group_by)) if kind.group_by else None


def lay_out(fact: FactView) -> FactView:
    """A fact's value as items of parts: the one reading of each `show`."""
    value, show = fact.value, fact.show
    if show == "badge":
        items: tuple[tuple[Part, ...], ...] = ((Part(badge=value),),)
    elif show == "choice":
        items = ((Part(value.label),),)
    elif show in ("links", "list"):
        items = tuple((Part(entity=v),) if isinstance(v, Entity) else (Part(str(v)),) for v in value)
        return replace(fact, items=items, sep=", " if show == "links" else "; ")
    elif show == "url":
        items = ((Part(value, url=value),),)
    elif show in ("effects", "shifts", "linked", "observations", "grouped", "outcomes"):
        return replace(fact, items=tuple(_block_item(show, item) for item in value), block=True, sep="; ")
    else:
        items = ((Part(str(value)),),)
    return replace(fact, items=items)


def _block_item(show: str, item: tuple) -> tuple[Part, ...]:
    if show == "observations":
        observation, source, linked = item
        cited = (Part(" ("), Part(entity=source), Part(")")) if linked else (Part(f" ({source.name})"),)
        return (Part(observation.date, strong=True), Part(": "), Part(observation.note), *(cited if source else ()))
    if show == "grouped":  # "2 Risky: A, B"
        state, members = item
        head = (Part(f"{len(members)} "), Part(badge=state), Part(": ")) if state else ()
        return (*head, *_run((Part(entity=m),) for m in members))
    if show == "outcomes":  # "Tree: Outcome Verdict, Outcome Verdict"
        tree, outcomes = item
        reached = ((Part(o.title, entity=tree, anchor=tree.anchor(o.id)), Part(" "), Part(badge=c))
                   for o, c in outcomes)
        return (Part(entity=tree), Part(": "), *_run(reached))
    other, state = item[0], item[1]
    if show == "effects":
        return Part(entity=other), Part(f" ({state.label} today): " if state else ": "), Part(item[2])
    if show == "shifts":
        return Part(entity=other), Part(f" ({state.label.lower()})" if state else ""), Part(" → "), Part(item[2])
    return (Part(entity=other), *((Part(" "), Part(badge=state)) if state else ()))


def _run(items: Iterable[tuple[Part, ...]]) -> tuple[Part, ...]:
    """Items in a run, ", " between them."""
    parts: list[Part] = []
    for item in items:
        parts += [Part(", "), *item] if parts else item
    return tuple(parts)


def _once(facts: tuple[FactView, ...]) -> tuple[FactView, ...]:
    """Each entry in one fact only, the first that names it: a list of links drops entries an
    earlier fact already shows (with more to say), and a fact left empty goes."""
    kept, shown = [], {""}
    for fact in facts:
        if fact.show == "links":
            fact = replace(fact, value=tuple(e for e in fact.value if e.id not in shown))
        elif fact.show == "linked":
            fact = replace(fact, value=tuple(pair for pair in fact.value if pair[0].id not in shown))
        elif fact.show == "grouped":
            fact = replace(fact, value=tuple((c, left) for c, members in fact.value
                                             if (left := tuple(e for e in members if e.id not in shown))))
        if fact.value:
            kept.append(fact)
            shown |= _ids_in((fact,))
    return tuple(kept)


def _ids_in(facts: tuple[FactView, ...]) -> set[str]:
    ids: set[str] = set()
    for fact in facts:
        if fact.show == "links":
            ids |= {e.id for e in fact.value}
        elif fact.show in ("effects", "shifts"):
            ids |= {other.id for other, _, _ in fact.value}
        elif fact.show in ("linked", "outcomes"):
            ids |= {other.id for other, _ in fact.value}
        elif fact.show == "grouped":
            ids |= {e.id for _, members in fact.value for e in members}
        elif fact.show == "observations":
            ids |= {source.id for _, source, linked in fact.value if source and linked}
    return ids


def _sorted(entities) -> tuple[Entity, ...]:
    return tuple(sorted(entities, key=lambda e: (e.name.lower(), e.id)))


def groups(kb: KnowledgeBase, kind: EntityType) -> list[tuple[Choice | None, list[Entity]]]:
    """A type's entries by its grouping field, in the schema's order of values; one group
    without a Choice when the type is not grouped. Empty groups are kept, so counts add up."""
    members = kb.of_type(kind.name)
    if not kind.group_by:
        return [(None, members)]
    return [(c, [e for e in members if getattr(e, kind.group_by) == c.value])
            for c in field(kb.domain, kind.name, kind.group_by).choices]


# A change from the history (generator/history.py) in readers' words; changes.py groups them.
@dataclass(frozen=True)
class ChangeView:
    change: Change
    entity: Entity | None
    """The entry today; None once it is removed."""
    kind_label: str
    """What kind of change, in words: "Added", "Edited", or the grouping field's label ("Verdict")."""
    detail: str = ""
    """What follows the kind: the fields edited, the old id, the observation's date."""
    before: Choice | None = None
    after: Choice | None = None

    @property
    def id(self) -> str:
        """Unique on the changes page (its filters mark each change by it)."""
        c = self.change
        return f"{c.commit}-{c.entry}-{c.kind}-{c.after or ''}"

    @property
    def what(self) -> str:
        """The change in words: "Added", "Edited: Summary", "Verdict: Conditional → Risky"..."""
        if self.change.kind == "grouped":
            was, now = (self.before.label if self.before else "none"), (self.after.label if self.after else "none")
            return f"{self.kind_label}: {was} → {now}"
        return self.kind_label + self.detail


KINDS = {"created": "Added", "renamed": "Renamed", "removed": "Removed", "observed": "New observation",
         "edited": "Edited"}
"""The kinds of change in words; a grouping field's change is named by the field's label."""


def view_of_change(kb: KnowledgeBase, c: Change) -> ChangeView:
    entity = kb.entities.get(c.entry)
    if c.kind == "grouped":
        name = c.fields[0]
        before = choice(kb.domain, c.type, name, c.before) if c.before else None
        after = choice(kb.domain, c.type, name, c.after) if c.after else None
        return ChangeView(c, entity, label(kb.domain, c.type, name), before=before, after=after)
    detail = {"renamed": f" from {c.before}", "observed": f" ({c.after})",
              "edited": ": " + ", ".join(label(kb.domain, c.type, f) for f in c.fields)}.get(c.kind, "")
    return ChangeView(c, entity, KINDS[c.kind], detail)


def entry_changes(kb: KnowledgeBase, entity: Entity) -> tuple[ChangeView, ...]:
    """An entry's changes, newest first."""
    return tuple(view_of_change(kb, c) for c in kb.history.of(entity.id))

"""Link: turn checked records into one graph of typed entities with backlinks."""

from __future__ import annotations

from collections import defaultdict

from generator.check.schema import fields_and_targets
from generator.domain import Domain
from generator.graph import KbInfo, KnowledgeBase, Link
from generator.graph.related import rank_reading
from generator.load import Record
from generator.model import Entity, from_data, make_entity
from generator.registry import BY_NAME


def link(records: list[Record], last: KnowledgeBase | None = None) -> KnowledgeBase:
    """Build the graph from records that passed the checks. `last`: the graph of an earlier
    reading of the same folder (the preview), whose related reading is taken over when what
    ranks it (each entry's type and tags, the links) is unchanged."""
    kb_record = next(r for r in records if r.type == "kb")
    domain = Domain.of(records)  # the schemas that checked these records
    info = from_data(KbInfo, kb_record.data)
    entity_records = sorted((r for r in records if r.type != "kb"), key=lambda r: r.id)
    entities = {r.id: _entity(r) for r in entity_records}
    outgoing: dict[str, list[Link]] = {}
    incoming: dict[str, list[Link]] = defaultdict(list)
    for record in entity_records:
        links = [ref for ref in _links(record, domain) if ref.target in entities]
        if links:
            outgoing[record.id] = links
        for ref in links:
            incoming[ref.target].append(ref)
    kb = KnowledgeBase(info, entities, domain, outgoing, dict(incoming))
    if last is not None and _ranked_by(last) == _ranked_by(kb):
        kb.reading = last.reading
    else:
        kb.reading = rank_reading(kb.entities, kb.neighbours)
    kb.led_to_by = _outcomes_by_use_case(entities)
    return kb


def _ranked_by(kb: KnowledgeBase) -> tuple:
    """What `rank_reading` reads of a graph."""
    return [(e.id, e.type, e.tags) for e in kb.entities.values()], kb.outgoing


def _entity(record: Record) -> Entity:
    """The record's entity, made once per record (the preview keeps unchanged records, so an
    unchanged entry stays the same object from one save to the next)."""
    cls = BY_NAME[record.type].cls
    return record.derived("entity", cls, lambda: make_entity(cls, record.id, record.file, record.data))


def _links(record: Record, domain: Domain) -> tuple[Link, ...]:
    """Every reference the record writes, once per field and target, made once per record: an
    unchanged entry's links stay the same objects, so comparing two graphs' links is cheap."""
    return record.derived("links", domain, lambda: tuple(
        Link(record.id, target, field_) for field_, target in fields_and_targets(record, domain)))


def _outcomes_by_use_case(entities: dict[str, Entity]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity in entities.values():
        for outcome in getattr(entity, "outcomes", ()):
            for use_case in outcome.use_cases:
                found[use_case].append((entity.id, outcome.id))
    return dict(found)

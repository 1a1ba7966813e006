"""Data downloads and the change feed: the knowledge base as JSON, CSV and Atom.

Tables are built with pandas; list fields become "; "-joined text in CSV so every
cell is one value. All output is sorted, so the same data gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.check.fields import choice, field_or_none, label
from generator.graph import KnowledgeBase
from generator.model import Entity, page_url, slug
from generator.registry import BY_NAME, TYPES
from generator.render.site import SiteFile
from generator.render.templating import xml_environment

if TYPE_CHECKING:
    import pandas as pd

JSON_SHAPE_VERSION = 1


def file_stem(kb: KnowledgeBase) -> str:
    """`Field Notes Map` → `field-notes-map`: the base name of every download."""
    return slug(kb.info.title) or "knowledge-base"


def entity_record(entity: Entity) -> dict[str, Any]:
    """An entity as plain JSON values: its type, then its fields as written."""
    record = {"id": entity.id, "type": entity.type}
    for f in dataclasses.fields(entity):
        if f.name not in ("id", "file", "more"):
            record[f.name] = _plain(getattr(entity, f.name))
    record.update((key, _plain(value)) for key, value in entity.more)  # fields kb.yaml declares
    return record


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items() if v not in (None, (), [])}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def frame(kb: KnowledgeBase, kind: str) -> pd.DataFrame:
    """One row per entity of a type, as readers see it: columns headed by the fields' labels,
    enum values as their labels, nested values as JSON text, lists joined with '; '."""
    import pandas as pd  # here, not at the top: commands that write no table (kb check) start a second sooner
    rows = [entity_record(e) for e in sorted(kb.of_type(kind), key=lambda e: e.id)]
    data = pd.DataFrame.from_records(rows).drop(columns="type", errors="ignore")  # one file per type
    for column in data.columns:
        doc = field_or_none(kb.domain, kind, column)
        if doc and doc.choices:
            data[column] = data[column].map(lambda value, c=column: choice(kb.domain, kind, c, value).label)
        data[column] = data[column].map(_cell)
    return data.rename(columns=lambda c: label(kb.domain, kind, c))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection)."""


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        simple = all(isinstance(v, str) for v in value)
        value = "; ".join(value) if simple else json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else guard_formula(value)


def guard_formula(value: Any) -> Any:
    """Text that a spreadsheet would run gets a leading `'`, so it shows as typed."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def data_downloads(kb: KnowledgeBase) -> list[SiteFile]:
    """The whole knowledge base as one JSON file, and one CSV per type."""
    stem = file_stem(kb)
    links = sorted(({"source": ln.source, "field": ln.field, "target": ln.target}
                    for links in kb.outgoing.values() for ln in links),
                   key=lambda ln: (ln["source"], ln["field"], ln["target"]))
    whole = {
        "shape_version": JSON_SHAPE_VERSION,
        "title": kb.info.title,
        "question": kb.info.question,
        "description": kb.info.description,
        "glossary": _plain(kb.info.glossary),
        "not_covered": _plain(kb.info.not_covered),
        "entities": {t.folder: [entity_record(e) for e in sorted(kb.of_type(t.name), key=lambda e: e.id)]
                     for t in TYPES},
        "links": links,
    }
    text = json.dumps(whole, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    files = [SiteFile(f"downloads/{stem}.json", text)]
    for kind in TYPES:
        csv = frame(kb, kind.name).to_csv(index=False, lineterminator="\n")
        files.append(SiteFile(f"downloads/{kind.folder}.csv", csv))
    return files


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    date: str
    summary: str
    link: str


def change_feed(kb: KnowledgeBase, site_url: str, use_directory_urls: bool = True, prefix: str = "") -> SiteFile:
    """An Atom feed of dated changes in the data: signal observations and reviews; `prefix`
    (`kb/`) is the folder the knowledge base is mounted under."""
    base = site_url.rstrip("/") + "/" + prefix if site_url else ""
    stem = file_stem(kb)

    def url(entity: Entity) -> str:
        return base + page_url(BY_NAME[entity.type].folder, entity.id, use_directory_urls)

    def urn(*parts: str) -> str:  # stable ids: the same change keeps the same id
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join((stem, *parts)))}"

    entries = []
    for entity in kb.entities.values():
        for i, o in enumerate(getattr(entity, "observations", ())):
            entries.append(FeedEntry(urn("observation", entity.id, o.date, str(i)),
                                     f"Signal observed: {entity.name}", o.date, o.note, url(entity)))
        if entity.reviewed:
            entries.append(FeedEntry(urn("reviewed", entity.id, entity.reviewed),
                                     f"Reviewed: {entity.name}", entity.reviewed, entity.summary, url(entity)))
    entries.sort(key=lambda e: (e.date, e.id), reverse=True)
    updated = entries[0].date if entries else "1970-01-01"
    text = xml_environment().get_template("feed.xml.j2").render(
        kb=kb, entries=entries, updated=updated, feed_id=urn("feed"), home=base, page_path="")
    return SiteFile("downloads/changes.xml", text)

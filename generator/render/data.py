"""Data downloads and the change feed: the knowledge base as JSON, CSV and Atom.

Tables are built with pandas; list fields become "; "-joined text in CSV so every
cell is one value. All output is sorted, so the same data gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.check.fields import choice, field_or_none, label
from generator.graph import KnowledgeBase
from generator.model import Entity, page_url, slug
from generator.registry import BY_NAME, TYPES
from generator.render.site import JsonParts, SiteFile, csv_path
from generator.render.templating import xml_environment
from generator.render.views import ChangeView, view_of_change

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


def data_downloads(kb: KnowledgeBase, keep: Mapping[str, SiteFile] | None = None,
                   parts: JsonParts | None = None) -> tuple[list[SiteFile], JsonParts]:
    """The whole knowledge base as one JSON file, and one CSV per type, with the parts of the
    JSON. `keep`: files rendered before from the same data, by path, taken as they are;
    `parts`: parts of the JSON rendered before that still hold (the preview)."""
    parts = parts or JsonParts()
    stem = file_stem(kb)
    whole = {
        "shape_version": JSON_SHAPE_VERSION,
        "title": kb.info.title,
        "question": kb.info.question,
        "description": kb.info.description,
        "edition": kb.edition(),
        "history": _history(kb),
        "glossary": _plain(kb.info.glossary),
        "not_covered": _plain(kb.info.not_covered),
        "entities": {t.folder: _PLACE.format(f"entities/{t.folder}") for t in TYPES},
        "links": _PLACE.format("links"),
    }
    made = JsonParts({i: parts.entities.get(i) or _indented(entity_record(e), 3) for i, e in kb.entities.items()},
                     parts.links or _indented(_links(kb), 1))
    listed = {"links": made.links}
    for kind in TYPES:
        records = [made.entities[i] for i in sorted(e.id for e in kb.of_type(kind.name))]
        listed[f"entities/{kind.folder}"] = "[\n   " + ",\n   ".join(records) + "\n  ]" if records else "[]"
    skeleton = json.dumps(whole, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    text = _PLACED.sub(lambda found: listed[found[1]], skeleton)  # one pass, over the skeleton alone
    files = [SiteFile(f"downloads/{stem}.json", text)]
    for kind in TYPES:
        path = csv_path(kind.folder)
        kept = (keep or {}).get(path)
        files.append(kept or SiteFile(path, frame(kb, kind.name).to_csv(index=False, lineterminator="\n")))
    return files, made


_PLACE = "\x00{}\x00"
"""A placeholder in the JSON text: the loader refuses U+0000 in any value."""
_PLACED = re.compile(r'"\\u0000([^"\\]+)\\u0000"')
"""A placeholder as JSON writes it."""


def _indented(value: Any, depth: int) -> str:
    """`value` as `json.dumps(..., indent=1)` writes it `depth` levels deep (JSON writes no
    newline inside a string: each one starts a line)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def _links(kb: KnowledgeBase) -> list[dict[str, str]]:
    return sorted(({"source": ln.source, "field": ln.field, "target": ln.target}
                   for links in kb.outgoing.values() for ln in links),
                  key=lambda ln: (ln["source"], ln["field"], ln["target"]))


def _history(kb: KnowledgeBase) -> dict[str, Any]:
    """How far the build saw the repository's history, and its editions newest first (a
    tag, else a day): the latest and the previous name what a tool diffs between."""
    editions = [e for e, _ in kb.history.editions()]
    return {"seen": kb.history.seen, "since": kb.history.since, "editions": editions,
            "latest": editions[0] if editions else None, "previous": editions[1] if len(editions) > 1 else None}


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    date: str
    summary: str
    link: str


def change_feeds(kb: KnowledgeBase, site_url: str, use_directory_urls: bool = True,
                 prefix: str = "") -> list[SiteFile]:
    """Atom feeds of what changed: the site's (`downloads/changes.xml`) and, for each entry
    with a history, its own (`downloads/feeds/<folder>/<id>.xml`), to follow one signal or
    use case. From git's history where the build saw it; without it, the site's feed lists
    the signals' dated observations. Review dates are on the review page, not here. `prefix`
    (`kb/`) is the folder the knowledge base is mounted under."""
    base = site_url.rstrip("/") + "/" + prefix if site_url else ""
    stem = file_stem(kb)

    def url(entity: Entity | None) -> str:
        if entity is None:  # a removed entry has no page: its change is on the changes page
            return base + page_url("", "changes", use_directory_urls).lstrip("/")
        return base + page_url(BY_NAME[entity.type].folder, entity.id, use_directory_urls)

    def urn(*parts: str) -> str:  # stable ids: the same change keeps the same id
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '/'.join((stem, *parts)))}"

    def entry(c: ChangeView) -> FeedEntry:
        return FeedEntry(urn("change", c.id), f"{c.entity.name if c.entity else c.change.name}: {c.what}",
                         c.change.date, c.change.subject, url(c.entity))

    def feed(path: str, title: str, entries: list[FeedEntry]) -> SiteFile:
        entries.sort(key=lambda e: (e.date, e.id), reverse=True)
        text = xml_environment().get_template("feed.xml.j2").render(
            kb=kb, title=title, entries=entries, updated=entries[0].date if entries else "1970-01-01",
            feed_id=urn("feed", path), home=base, self_path=path)
        return SiteFile(path, text)

    if kb.history.seen == "none":
        observed = [FeedEntry(urn("observation", e.id, o.date, str(i)), f"Signal observed: {e.name}", o.date,
                              o.note, url(e))
                    for e in kb.entities.values() for i, o in enumerate(getattr(e, "observations", ()))]
        return [feed("downloads/changes.xml", f"{kb.info.title}: changes", observed)]
    entries = {id(c): entry(view_of_change(kb, c)) for c in kb.history.changes}  # each read once, for both feeds
    files = [feed("downloads/changes.xml", f"{kb.info.title}: changes", list(entries.values()))]
    for id_, changes in sorted(kb.history.by_entry.items()):
        if (entity := kb.entities.get(id_)) is not None:
            files.append(feed(f"downloads/feeds/{BY_NAME[entity.type].folder}/{id_}.xml",
                              f"{kb.info.title}: {entity.name}", [entries[id(c)] for c in changes]))
    return files

"""Tables: the index tables, counts and the sector matrix, built with pandas.

Python shapes the data; templates turn it into Markdown. A cell is an Entity (shown
as a link), a list of entities, or plain text/number (escaped by the template layer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from generator.graph.link import KnowledgeBase
from generator.model import Entity

VERDICTS = ("safe", "conditional", "risky")
STATUSES = ("triggered", "emerging", "watching")

# Entity type → [(column heading, attribute or callable)]. Name and summary come first always.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "sector": [("Exposure", "exposure")],
    "vendor": [("Kind", "kind"), ("Home market", "home_market")],
    "signal": [("Status", "status")],
    "use-case": [("Verdict", "verdict"), ("Data", "data_location"), ("Stack", "stack")],
    "policy": [("Kind", "kind"), ("Issuer", "issuer")],
    "reading": [("Publisher", "publisher"), ("Date", "date")],
    "decision": [("Question", "question")],
}
COUNT_BY = {"sector": "exposure", "vendor": "kind", "signal": "status", "use-case": "verdict", "policy": "kind"}


@dataclass(frozen=True)
class Table:
    """A table ready for a template: headings, rows of cells, and counts to show above it."""

    headings: list[str]
    rows: list[list[Any]]
    counts: list[tuple[str, int]]


def index_table(kb: KnowledgeBase, kind: str) -> Table:
    """One row per entity of a type, by name, with its facts and how many links it has."""
    extra = COLUMNS[kind]
    records = [
        {"Name": e, **{head: getattr(e, attr) or "" for head, attr in extra},
         "Links": len(kb.neighbours(e.id)), "Summary": e.summary}
        for e in kb.of_type(kind)
    ]
    headings = ["Name", *(h for h, _ in extra), "Links", "Summary"]
    frame = pd.DataFrame.from_records(records, columns=headings)
    counts: list[tuple[str, int]] = []
    if kind in COUNT_BY and not frame.empty:
        head = next(h for h, attr in extra if attr == COUNT_BY[kind])
        sizes = frame[head].value_counts()
        counts = sorted(((str(k), int(v)) for k, v in sizes.items()), key=lambda kv: (-kv[1], kv[0]))
    return Table(headings, frame.values.tolist(), counts)


def sector_matrix(kb: KnowledgeBase) -> Table:
    """Sectors × verdicts; each cell lists the use cases of that verdict naming the sector.

    Cells hold links rather than one column per use case, so the table grows with the
    number of links, not with sectors × use cases.
    """
    pairs = [
        {"sector": sector, "verdict": use.verdict, "use": kb.entities[use.id]}
        for use in kb.of_type("use-case") for sector in use.sectors
    ]
    sectors = kb.of_type("sector")
    if not pairs:
        return Table(["Sector", *VERDICTS], [[s, *([[]] * len(VERDICTS))] for s in sectors], [])
    frame = pd.DataFrame(pairs)
    cells = frame.groupby(["sector", "verdict"])["use"].agg(list)
    rows = [[s, *[sorted(cells.get((s.id, v), []), key=_name) for v in VERDICTS]] for s in sectors]
    totals = frame["verdict"].value_counts()
    counts = [(v, int(totals.get(v, 0))) for v in VERDICTS]
    return Table(["Sector", *(v.capitalize() for v in VERDICTS)], rows, counts)


def _name(entity: Entity) -> tuple[str, str]:
    return entity.name.lower(), entity.id

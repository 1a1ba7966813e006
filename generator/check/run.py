"""Check: run every checker over the records, collecting every problem in one pass."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from generator.body import BodyLink, body_links
from generator.check.domain import check_domain
from generator.check.ids import check_ids, check_paths, check_renames, former_ids
from generator.check.references import check_bodies, check_references
from generator.check.rules import DEFAULT_REVIEW_DAYS, check_rules
from generator.check.schema import validate
from generator.check.trees import check_tree
from generator.domain import Domain, schema
from generator.load import Record
from generator.problems import Problem


def check(records: list[Record], today: dt.date | None = None, hand_written: set[str] | None = None,
          links_of: Callable[[str], Iterable[BodyLink]] = body_links) -> list[Problem]:
    """Return every problem: schema, ids, references, trees, rules. Never raises on bad data.
    `links_of`: a body's links (the preview's remembers those of unchanged bodies)."""
    problems: list[Problem] = []
    parsed = [r for r in records if r.ok]  # files that failed to load are already reported
    kb = next((r for r in parsed if r.type == "kb"), None)
    domain = Domain.of(parsed)  # kb.yaml's axes and scales reshape the schemas
    problems += check_domain(kb)
    for record in parsed:
        problems += validate(record, domain)
        if record.type == "decision":
            problems += check_tree(record, domain)
    entities = [r for r in records if r.type != "kb"]
    problems += check_ids(entities)
    problems += check_paths(entities, hand_written or set())
    renamed = former_ids(parsed)
    problems += check_renames(renamed, {r.id: r for r in entities})
    problems += check_references(parsed, {r.id: r.type for r in entities}, domain, renamed)
    problems += check_bodies(parsed, {r.id for r in entities}, renamed, links_of)
    problems += check_rules(records, domain, today or dt.date.today(), _review_days(parsed, domain),
                            {old: new for old, (new, _, _) in renamed.items()})
    return problems


def _review_days(records: list[Record], domain: Domain) -> int:
    """kb.yaml's review interval, used only within the bounds its schema sets (a value out of
    them is the schema's error to report, never a date overflow in a rule)."""
    kb = next((r for r in records if r.type == "kb"), None)
    days = kb.data.get("review_interval_days") if kb else None
    bounds = schema(domain, "kb")["properties"]["review_interval_days"]
    if isinstance(days, int) and not isinstance(days, bool) and bounds["minimum"] <= days <= bounds["maximum"]:
        return days
    return DEFAULT_REVIEW_DAYS



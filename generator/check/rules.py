"""Cross-entity rules: what a single file's schema cannot say, declared in one place.

Each rule has an id, a severity and a one-line description; the contributor docs list
them from RULES, so the documentation cannot drift from what `kb check` enforces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from generator.check.fields import verdict
from generator.check.schema import fields_and_targets
from generator.check.words import one_place_per_word
from generator.domain import Domain
from generator.load import Record
from generator.problems import Problem

DEFAULT_REVIEW_DAYS = 365


@dataclass
class Graph:
    """The references between records, enough for rules to run before full linking."""

    records: dict[str, Record]
    domain: Domain
    linked: set[str] = field(default_factory=set)
    """The ids that link to an entry or are linked from one, sources aside."""
    today: dt.date = field(default_factory=dt.date.today)
    review_days: int = DEFAULT_REVIEW_DAYS
    kb: Record | None = None
    """kb.yaml, when it loaded: its glossary and its topics not covered are readers' words too."""

    @classmethod
    def build(cls, records: list[Record], domain: Domain, today: dt.date | None, review_days: int,
              renamed: dict[str, str] | None = None) -> Graph:
        graph = cls({r.id: r for r in records if r.ok and r.type != "kb"}, domain, today=today or dt.date.today(),
                    review_days=review_days, kb=next((r for r in records if r.ok and r.type == "kb"), None))
        known = {r.id for r in records}  # a file that failed to load still counts as linked
        for record in graph.records.values():
            targets = [t for f, t in fields_and_targets(record, domain, renamed) if f != "sources" and t in known]
            if targets:
                graph.linked.add(record.id)
                graph.linked.update(targets)
        return graph

    def of_type(self, kind: str) -> list[Record]:
        return [r for r in self.records.values() if r.type == kind]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    description: str
    run: Callable[[Graph], Iterator[tuple[Record, tuple, str]]]
    """Yields (record, path to point at, message)."""


def _risky_needs_evidence(graph: Graph):
    for r in graph.of_type("use-case"):
        rated = verdict(graph.domain, str(r.data.get("verdict")))
        if rated.tone != "bad":
            continue
        if not r.data.get("signals"):
            yield r, ("verdict",), (f"a {rated.label.lower()} use case names at least one signal that would change "
                                    "the verdict; add 'signals: [...]'")
        if not any(isinstance(s, str) for s in r.data.get("sources") or ()):
            yield r, ("verdict",), f"a {rated.label.lower()} use case cites at least one reading entry in 'sources'"


def _signal_affects_something(graph: Graph):
    for r in graph.of_type("signal"):
        if not r.data.get("affects"):
            yield r, ("status",), "a signal affects at least one use case; add 'affects: [{use_case: ..., shift: ...}]'"


def _reading_is_about_something(graph: Graph):
    for r in graph.of_type("reading"):
        if not r.data.get("about"):
            yield r, ("publisher",), "a reading entry is about at least one entity; add 'about: [...]'"


def _no_orphans(graph: Graph):
    for id_, r in graph.records.items():
        if id_ not in graph.linked:
            yield r, ("name",), (f"'{id_}' links to nothing and nothing links to it; "
                                 "name related entries in one of its fields, or name it from one of theirs")


def _reviewed_recently(graph: Graph):
    limit = graph.today - dt.timedelta(days=graph.review_days)
    for r in graph.records.values():
        reviewed = _date(r.data.get("reviewed"))
        if reviewed and reviewed < limit:
            age = (graph.today - reviewed).days
            yield r, ("reviewed",), (f"last reviewed {reviewed.isoformat()}, {age} days ago (review interval: "
                                     f"{graph.review_days} days); check it against its sources and update 'reviewed'")


def _no_future_dates(graph: Graph):
    for r in graph.records.values():
        dated: list[tuple[tuple[str | int, ...], object]] = [(("reviewed",), r.data.get("reviewed"))]
        observations = r.data.get("observations")
        for i, o in enumerate(observations if isinstance(observations, list) else ()):
            if isinstance(o, dict):
                dated.append((("observations", i, "date"), o.get("date")))
        for path, value in dated:
            day = _date(value)
            if day and day > graph.today:
                yield r, path, (f"{day.isoformat()} is later than today ({graph.today.isoformat()}); "
                                "write the date it happened (a typo here would date the whole edition)")


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


RULES: tuple[Rule, ...] = (
    Rule("risky-needs-evidence", "error",
         "A use case whose verdict has the tone `bad` (risky, by default) names at least one signal and cites "
         "at least one reading entry.", _risky_needs_evidence),
    Rule("signal-affects-use-case", "error",
         "Every signal affects at least one use case.", _signal_affects_something),
    Rule("reading-is-about-something", "error",
         "Every reading entry is about at least one entity.", _reading_is_about_something),
    Rule("no-future-dates", "error",
         "Review and observation dates are not later than today.", _no_future_dates),
    Rule("one-place-per-word", "error",
         "A reader's word leads to one place: an alias, a glossary term or a topic not covered (kb.yaml) repeats "
         "no entry's name, id or alias, no other term or topic, and no word of its own entry (case, hyphens and "
         "spacing aside).", one_place_per_word),
    Rule("no-orphans", "warning",
         "No orphan entries: each entry links to another or is linked from one (sources do not count).", _no_orphans),
    Rule("reviewed-recently", "warning",
         "Every entry was reviewed within the review interval (`review_interval_days` in kb.yaml, "
         f"default {DEFAULT_REVIEW_DAYS}).", _reviewed_recently),
)


def check_rules(records: list[Record], domain: Domain, today: dt.date, review_days: int,
                renamed: dict[str, str] | None = None) -> list[Problem]:
    """Run every rule over the records that loaded; one problem per finding."""
    graph = Graph.build(records, domain, today, review_days, renamed)
    problems = []
    for rule in RULES:
        for record, path, message in rule.run(graph):
            line, col = record.marks.value(path)
            problems.append(Problem(record.file, line, col, rule.severity, f"{message} [{rule.id}]"))
    return problems

"""`kb assess FILE`: a reader's own workloads walked through the knowledge base's decision
trees, privately, by the walk the assessment page's data is made from (`render.assess`); a
test runs every path of every tree through both.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.check.fields import Choice, choice, scale, verdict
from generator.check.schema import field_name, validate
from generator.graph import KnowledgeBase
from generator.graph.walk import Walk, signal_of, vendor_signals, walk
from generator.load import Record, load_file
from generator.model import Decision, Entity, Signal, page_url
from generator.problems import Problem, did_you_mean, quote_list
from generator.registry import BY_NAME
from generator.render.tables import map_titles, places


@dataclass
class Report:
    """One workload as the report shows it."""

    name: str
    tree: Decision
    walk: Walk
    sector: Entity | None
    vendors: list[Entity]

    def verdict(self, kb: KnowledgeBase) -> Choice | None:
        return verdict(kb.domain, self.walk.outcome.verdict) if self.walk.outcome else None

    def use_cases(self, kb: KnowledgeBase) -> list[Entity]:
        return [kb.entities[i] for i in self.walk.outcome.use_cases] if self.walk.outcome else []

    def reading(self, kb: KnowledgeBase) -> list[Entity]:
        return [kb.entities[i] for i in self.walk.outcome.reading] if self.walk.outcome else []

    def places(self, kb: KnowledgeBase) -> list[tuple[Choice, Choice]]:
        return places(kb.domain, self.use_cases(kb))

    def signals(self, kb: KnowledgeBase) -> list[Signal]:
        """The outcome's signals, those that answered or could answer a question on the path,
        and those that concern the workload's vendors, vendor by vendor: each once, in that
        order (the page joins the same three lists, which `walk_data` carries)."""
        ids = list(self.walk.outcome.signals if self.walk.outcome else ())
        ids += [signal.id for s in self.walk.steps if (signal := signal_of(kb, s.node))]
        ids += [s.id for v in self.vendors for s in vendor_signals(kb, v.id)]
        return [e for i in dict.fromkeys(ids) if isinstance(e := kb.entities.get(i), Signal)]


def load_workloads(path: Path, kb: KnowledgeBase) -> tuple[list[Report], list[Problem]]:
    """Read and check a workloads file; every problem at its line, nothing raised."""
    problems: list[Problem] = []
    record = load_file(path, "workloads", problems)
    if not record.ok:
        return [], problems
    problems += validate(record, kb.domain)
    if problems:
        return [], problems
    reports = []
    for i, item in enumerate(record.data["workloads"]):
        found = list(_item_problems(kb, record, i, item))
        problems += found
        if not any(p.severity == "error" for p in found):
            tree = kb.entities[item["tree"]]
            assert isinstance(tree, Decision)
            reports.append(Report(item["name"], tree, walk(kb, tree, item.get("answers", {})),
                                  kb.entities.get(item.get("sector", "")),
                                  [kb.entities[v] for v in item.get("vendors", ())]))
    return reports, sorted(problems)


def _item_problems(kb: KnowledgeBase, record: Record, i: int, item: dict) -> Iterator[Problem]:
    def at(path: tuple, message: str, key: bool = False, severity: str = "error") -> Problem:
        line, col = (record.marks.key if key else record.marks.value)(("workloads", i, *path))
        return Problem(record.file, line, col, severity, f"'{field_name(('workloads', i, *path))}': {message}")

    for name, ids in (("sector", [item["sector"]] if "sector" in item else []), ("vendors", item.get("vendors", []))):
        kind = "sector" if name == "sector" else "vendor"
        for j, id_ in enumerate(ids):
            if not (entity := kb.entities.get(id_)) or entity.type != kind:
                where = (name,) if name == "sector" else (name, j)
                yield at(where, f"unknown {kind} '{id_}'{did_you_mean(id_, _ids(kb, kind))}")
    tree = kb.entities.get(item["tree"])
    if not isinstance(tree, Decision):
        yield at(("tree",), f"unknown decision tree '{item['tree']}'{did_you_mean(item['tree'], _ids(kb, 'decision'))}"
                 f"; trees: {quote_list(_ids(kb, 'decision'))}")
        return
    answers = item.get("answers", {})
    nodes = {n.id: n for n in tree.nodes}
    for node_id, label in answers.items():
        node = nodes.get(node_id)
        if node is None:
            yield at(("answers", node_id), f"'{tree.id}' has no question '{node_id}'{did_you_mean(node_id, nodes)}; "
                     f"questions: {quote_list(nodes)}", key=True)
        elif label not in (labels := [a.label for a in node.answers]):
            yield at(("answers", node_id), f"expected one of {quote_list(labels)}, found '{label}'"
                     f"{did_you_mean(label, labels)}")
    result = walk(kb, tree, {k: v for k, v in answers.items() if k in nodes})
    if result.stopped_at is not None:
        node = result.stopped_at
        yield at(("answers",) if answers else ("tree",), f"the path stops at '{node.id}' ({node.question}): no "
                 f"answer for it; write one of {quote_list(a.label for a in node.answers)}", key=bool(answers))
    taken = {s.node.id for s in result.steps}
    for node_id in answers:
        if node_id in nodes and node_id not in taken and result.stopped_at is None:
            yield at(("answers", node_id), "not on the path these answers take; it is ignored", key=True,
                     severity="warning")


def _ids(kb: KnowledgeBase, kind: str) -> list[str]:
    return [e.id for e in kb.of_type(kind)]


def url_of(entity: Entity, site_url: str) -> str:
    """An entry's address on the published site."""
    return site_url.rstrip("/") + "/" + page_url(BY_NAME[entity.type].folder, entity.id, True)


def as_json(kb: KnowledgeBase, reports: list[Report], site_url: str) -> dict:
    """Per workload: the tree, the path taken, the outcome and its verdict, the signals with
    their statuses, and the entries behind it, each with its address on the site. Above them
    the summary: how many workloads each verdict has, in the scale's order (the assessment
    page's summary line counts the same)."""
    def entry(e: Entity) -> dict:
        return {"id": e.id, "name": e.name, "url": url_of(e, site_url)}

    out, titles = [], map_titles(kb.domain)
    for r in reports:
        outcome = r.walk.outcome
        out.append({
            "name": r.name, "tree": entry(r.tree),
            "path": [{"question": s.node.id, "asked": s.node.question, "answer": s.answer.label,
                      **({"answered_by_signal": s.signal.id} if s.signal else {})} for s in r.walk.steps],
            "outcome": outcome.id if outcome else None,
            "verdict": outcome.verdict if outcome else None,
            "verdict_label": rated.label if (rated := r.verdict(kb)) else None,
            "title": outcome.title if outcome else None,
            "reasoning": outcome.reasoning if outcome else None,
            "signals": [{**entry(s), "status": s.status,
                         "status_label": choice(kb.domain, "signal", "status", s.status).label,
                         "if_fires": s.if_fires} for s in r.signals(kb)],
            "places": [{titles[0]: row.label, titles[1]: col.label} for row, col in r.places(kb)] if titles else [],
            "use_cases": [{**entry(u), "verdict": getattr(u, "verdict", None)} for u in r.use_cases(kb)],
            "reading": [entry(e) for e in r.reading(kb)],
        })
    verdicts = [w["verdict"] for w in out]
    summary = [{"verdict": v.value, "verdict_label": v.label, "tone": v.tone, "count": verdicts.count(v.value)}
               for v in scale(kb.domain, "verdict") if v.value in verdicts]
    return {"knowledge_base": kb.info.title, "edition": kb.edition(), "summary": summary, "workloads": out}

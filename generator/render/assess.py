"""The assessment page (assess/): a reader's own workloads walked through the decision trees
in their browser. This gathers what its template shows; assets/kb-assess.js walks, with
the rules of `tools.assess.walk`, over the data below (a test runs every path through both)."""

from __future__ import annotations

from functools import partial

from generator.check.fields import choice
from generator.graph.link import KnowledgeBase
from generator.model import Decision, Node, Signal
from generator.render.data import file_stem
from generator.render.tables import places

PATH = "assess/index.md"
"""Where the page lives: `assess/` on the site."""


def assess_context(kb: KnowledgeBase) -> dict:
    """What workloads.md.j2 needs besides the knowledge base."""
    trees = kb.of_type("decision")
    default = kb.info.action.tree if kb.info.action else (trees[0].id if trees else "")
    data = walk_data(kb, storage_key=f"kb-assess:{file_stem(kb)}") | {"stem": file_stem(kb)}
    return {"trees": trees, "default_tree": default, "data": data, "places": partial(places, kb.domain),
            "sectors": kb.of_type("sector"), "vendors": kb.of_type("vendor"), "signals": kb.of_type("signal")}


def walk_data(kb: KnowledgeBase, storage_key: str) -> dict:
    """What the assessment page's copy of `walk` and `Report.signals` read: every tree's
    questions and outcomes by id, and the signals with their status and vendors. Text the page
    shows comes from its templates; only the stepper's questions and answers are here."""
    def question(n: Node) -> dict:
        return {"question": n.question, "help": n.help, "signal": n.signal,
                "answers": [{"label": a.label, "to": a.target, "when": list(a.when)} for a in n.answers]}

    return {
        "storage": storage_key,
        "trees": {t.id: {"name": t.name, "start": t.start, "questions": {n.id: question(n) for n in t.nodes},
                         "outcomes": {o.id: {"verdict": o.verdict, "signals": list(o.signals)}
                                      for o in t.outcomes}}
                  for t in kb.of_type(Decision)},
        "signals": [{"id": s.id, "name": s.name, "status": s.status, "vendors": list(s.vendors),
                     "status_label": choice(kb.domain, "signal", "status", s.status).label}
                    for s in kb.of_type(Signal)],  # a list: Report.signals keeps this order
        "sectors": {e.id: e.name for e in kb.of_type("sector")},
        "vendors": {e.id: e.name for e in kb.of_type("vendor")},
    }

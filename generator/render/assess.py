"""The assessment page (assess/): a reader's own workloads walked through the decision trees
in their browser. `walk_data` puts what the one walk (graph/walk.py) decides for every way
through each tree into the page, where assets/kb-assess.js only looks it up and holds no
rule of its own (a test runs every path of every shipped tree through both)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from generator.check.fields import choice, scale
from generator.graph import KnowledgeBase
from generator.graph.walk import Step, resolve, signal_of, vendor_signals
from generator.model import Decision, Node, Outcome, Signal
from generator.render.data import file_stem
from generator.render.site import ASSESS
from generator.render.tables import key_question_map, places

PATH = ASSESS
"""Where the page lives: `assess/` on the site."""


def assess_context(kb: KnowledgeBase, address: str = "") -> dict:
    """What workloads.md.j2 needs besides the knowledge base. `address`: the knowledge base's
    published address (site_url and the mount folder), which the printout names; "" if the
    site has no site_url."""
    trees = kb.of_type("decision")
    default = kb.info.action.tree if kb.info.action else (trees[0].id if trees else "")
    data = walk_data(kb, storage_key=f"kb-assess:{file_stem(kb)}") | {"stem": file_stem(kb)}
    return {"trees": trees, "default_tree": default, "data": data, "places": partial(places, kb.domain),
            "sectors": kb.of_type("sector"), "vendors": kb.of_type("vendor"), "signals": kb.of_type("signal"),
            "map": key_question_map(kb), "verdicts": scale(kb.domain, "verdict"), "address": address,
            "edition": kb.edition()}


def walk_data(kb: KnowledgeBase, storage_key: str) -> dict:
    """What the page steps through, as `resolve` decided it. Per question, the step each way
    of meeting it takes: each answer written (`answers`), and none written (`unwritten`: the
    answer its signal's status gives today, or null where the path stops); a path is these
    steps followed, so the data grows with the trees, not with their paths. And the three
    lists `tools.assess.Report.signals` joins: each outcome's signals, each question's, each
    vendor's. And each outcome's places on the map (`places` of its use cases, as its card
    and `kb assess` give them), by value, so the page draws a workload in those cells. Text
    the page shows comes from its templates; only the stepper's is here."""
    def step(taken: Step | None) -> dict | None:
        if taken is None:
            return None
        signal = {"signal": taken.signal.id} if taken.signal else {}
        return {"label": taken.answer.label, "to": taken.answer.target, **signal}

    def question(n: Node) -> dict:
        signal = signal_of(kb, n)
        return {"question": n.question, "help": n.help, "signal": signal.id if signal else None,
                "answers": [step(resolve(kb, n, a.label)) for a in n.answers],
                "unwritten": step(resolve(kb, n, None))}

    def signals(ids: Iterable[str]) -> list[str]:
        return [i for i in ids if isinstance(kb.entities.get(i), Signal)]

    def outcome(o: Outcome) -> dict:
        uses = [e for i in o.use_cases if (e := kb.entities.get(i))]
        return {"verdict": o.verdict, "signals": signals(o.signals),
                "places": [[row.value, column.value] for row, column in places(kb.domain, uses)]}

    return {
        "storage": storage_key,
        "trees": {t.id: {"name": t.name, "start": t.start, "questions": {n.id: question(n) for n in t.nodes},
                         "outcomes": {o.id: outcome(o) for o in t.outcomes}}
                  for t in kb.of_type(Decision)},
        "signals": {s.id: {"name": s.name, "status_label": choice(kb.domain, "signal", "status", s.status).label}
                    for s in kb.of_type(Signal)},  # for the stepper's "as of this edition"
        "sectors": {e.id: e.name for e in kb.of_type("sector")},
        "vendors": {e.id: {"name": e.name, "signals": [s.id for s in vendor_signals(kb, e.id)]}
                    for e in kb.of_type("vendor")},
    }

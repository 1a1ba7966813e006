"""The assessment page (assess/): a reader's own workloads walked through the decision trees
in their browser, and the walk itself, once. `resolve` says which answer a question takes and
`walk` where answers lead; `kb assess` (tools/assess.py) walks with them, and `walk_data`
puts what they decide for every way through each tree into the page, where
assets/kb-assess.js only looks it up and holds no rule of its own (a test runs every path
of every shipped tree through both)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from generator.check.fields import choice
from generator.graph import KnowledgeBase
from generator.model import Answer, Decision, Node, Outcome, Signal
from generator.render.data import file_stem
from generator.render.tables import places

PATH = "assess/index.md"
"""Where the page lives: `assess/` on the site."""


@dataclass(frozen=True)
class Step:
    node: Node
    answer: Answer
    signal: Signal | None = None
    """Set when the signal's status today gave the answer (none was written)."""


@dataclass
class Walk:
    steps: list[Step] = field(default_factory=list)
    outcome: Outcome | None = None
    stopped_at: Node | None = None
    """The question the path stopped at, for want of an answer."""


def signal_of(kb: KnowledgeBase, node: Node) -> Signal | None:
    """The signal a question names, when it is one of this knowledge base's."""
    signal = kb.entities.get(node.signal or "")
    return signal if isinstance(signal, Signal) else None


def resolve(kb: KnowledgeBase, node: Node, label: str | None) -> Step | None:
    """The step a question takes: the answer written (`label`), or, when none is (None), the
    one its signal's status stands for today. None when neither gives one: the path stops."""
    if label is not None:
        answer = next((a for a in node.answers if a.label == label), None)
        return Step(node, answer) if answer else None
    signal = signal_of(kb, node)
    answer = node.answer_for(signal.status) if signal else None
    return Step(node, answer, signal) if answer else None


def walk(kb: KnowledgeBase, tree: Decision, answers: Mapping[str, str]) -> Walk:
    """Follow `answers` (node id → answer label) from the tree's start to an outcome, each
    question's step as `resolve` gives it."""
    result, at = Walk(), tree.start
    for _ in range(len(tree.nodes) + 1):  # checked trees have no loops; this bounds a bad one
        node = tree.step(at)
        if isinstance(node, Outcome):
            result.outcome = node
            return result
        step = resolve(kb, node, answers.get(node.id))
        if step is None:
            result.stopped_at = node
            return result
        result.steps.append(step)
        at = step.answer.target
    return result


def vendor_signals(kb: KnowledgeBase, vendor_id: str) -> list[Signal]:
    """The signals that concern a vendor, in the knowledge base's order."""
    return [s for s in kb.of_type(Signal) if vendor_id in s.vendors]


def assess_context(kb: KnowledgeBase) -> dict:
    """What workloads.md.j2 needs besides the knowledge base."""
    trees = kb.of_type("decision")
    default = kb.info.action.tree if kb.info.action else (trees[0].id if trees else "")
    data = walk_data(kb, storage_key=f"kb-assess:{file_stem(kb)}") | {"stem": file_stem(kb)}
    return {"trees": trees, "default_tree": default, "data": data, "places": partial(places, kb.domain),
            "sectors": kb.of_type("sector"), "vendors": kb.of_type("vendor"), "signals": kb.of_type("signal")}


def walk_data(kb: KnowledgeBase, storage_key: str) -> dict:
    """What the page steps through, as `resolve` decided it. Per question, the step each way
    of meeting it takes: each answer written (`answers`), and none written (`unwritten`: the
    answer its signal's status gives today, or null where the path stops); a path is these
    steps followed, so the data grows with the trees, not with their paths. And the three
    lists `tools.assess.Report.signals` joins: each outcome's signals, each question's, each
    vendor's. Text the page shows comes from its templates; only the stepper's is here."""
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

    return {
        "storage": storage_key,
        "trees": {t.id: {"name": t.name, "start": t.start, "questions": {n.id: question(n) for n in t.nodes},
                         "outcomes": {o.id: {"verdict": o.verdict, "signals": signals(o.signals)}
                                      for o in t.outcomes}}
                  for t in kb.of_type(Decision)},
        "signals": {s.id: {"name": s.name, "status_label": choice(kb.domain, "signal", "status", s.status).label}
                    for s in kb.of_type(Signal)},  # for the stepper's "as of this edition"
        "sectors": {e.id: e.name for e in kb.of_type("sector")},
        "vendors": {e.id: {"name": e.name, "signals": [s.id for s in vendor_signals(kb, e.id)]}
                    for e in kb.of_type("vendor")},
    }

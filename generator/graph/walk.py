"""The one walk through a decision tree: which answer a question takes (`resolve`) and where
answers lead (`walk`). `kb assess`, the tree pages' "today" answers and the assessment
page's data (`render.assess.walk_data`, which assets/kb-assess.js only looks up) all use it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.graph import KnowledgeBase
from generator.model import Answer, Decision, Node, Outcome, Signal


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

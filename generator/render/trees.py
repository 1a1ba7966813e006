"""A decision tree as its pages show it, on the site and in the PDF: its steps in reading
order, their numbers and anchors, its diagram, and today's answer to each question a signal
answers."""

from __future__ import annotations

from markupsafe import Markup

from generator.check.fields import Choice, choice
from generator.graph import KnowledgeBase
from generator.graph.walk import resolve
from generator.model import Answer, Decision, Signal
from generator.render.diagram import layout, number_steps
from generator.render.templating import xml_environment


def tree_context(kb: KnowledgeBase, decision: Decision, prefix: str = "") -> dict:
    """What a decision tree's templates need: steps in reading order, numbers, anchors, the SVG,
    and today's answer to each question a signal answers."""
    order = decision.reading_order()
    return {
        "today": today_answers(kb, decision),
        "steps": [decision.step(i) for i in order],
        "numbers": number_steps(decision),
        "anchors": {i: decision.anchor(i) for i in order},
        "svg": Markup(xml_environment().get_template("diagram.svg.j2").render(d=layout(kb.domain, decision, prefix))),
    }


def today_answers(kb: KnowledgeBase, decision: Decision) -> dict[str, tuple[Answer, Signal, Choice]]:
    """Question id → (the answer the signal's status gives today, the signal, its status)."""
    found = {}
    for node in decision.nodes:  # the walk's own rule: what a question takes when no answer is written
        if (step := resolve(kb, node, None)) and step.signal:
            found[node.id] = (step.answer, step.signal, choice(kb.domain, "signal", "status", step.signal.status))
    return found

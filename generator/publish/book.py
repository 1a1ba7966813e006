"""The PDF's content as plain data: the same entity views as the site, in reading order.

Everything here is JSON values; the Typst template (templates/typst/book.typ) lays it out.
Text goes to Typst as strings, never as markup to evaluate, so contributor text prints as
written. Inline text is a list of spans (body.Span); bodies are blocks (body.body_blocks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import registry
from generator.body import Span, body_blocks
from generator.check.fields import Choice, label, verdict
from generator.graph import KnowledgeBase
from generator.model import Citation, Decision, Entity, Node, Outcome, Reading
from generator.registry import TYPES
from generator.render.tables import key_question_map
from generator.render.trees import tree_context
from generator.render.views import EntityView, FactView, Part, build_views, groups


@dataclass
class Chapter:
    id: str
    title: str
    kind: str
    """`decision` (the trees), `entities` or `sources`."""
    groups: list[tuple[Choice | None, list[Entity]]] = field(default_factory=list)
    intro: str = ""


def chapters(kb: KnowledgeBase) -> list[Chapter]:
    """The book in reading order: the question and its trees first, the background last."""
    book = []
    for kind in TYPES:
        if kind.name == "decision":
            book.append(Chapter("ch-question", "The key question", "decision", groups(kb, kind), kb.info.question))
        else:
            book.append(Chapter(f"ch-{kind.folder}", kind.plural, "entities", [g for g in groups(kb, kind) if g[1]]))
    if kb.info.glossary or kb.info.not_covered:
        book.append(Chapter("ch-glossary", "Glossary and scope", "glossary"))
    return [*book, Chapter("ch-sources", "Sources", "sources")]


def sources(kb: KnowledgeBase) -> list[tuple[str | Citation, list[Entity]]]:
    """Every distinct source with the entries it supports, readings first. A reading that
    names itself is not its own support (and a source nothing else cites is left out)."""
    citing: dict[str | Citation, list[Entity]] = {}
    for entity in kb.entities.values():
        for source in entity.sources:
            if source != entity.id:
                citing.setdefault(source, []).append(entity)

    def key(item):
        return (0, kb.entities[item[0]].name) if isinstance(item[0], str) else (1, item[0].title)
    return [(s, sorted(es, key=lambda e: (e.name.lower(), e.id))) for s, es in sorted(citing.items(), key=key)]


def book_data(kb: KnowledgeBase, revision: str | None = None) -> dict[str, Any]:
    """The whole book: cover, chapters in reading order, sources."""
    views = build_views(kb)
    out = []
    for chapter in chapters(kb):
        item: dict[str, Any] = {"id": chapter.id, "title": chapter.title, "kind": chapter.kind, "intro": chapter.intro}
        if chapter.kind == "decision":
            item["map"] = _map(kb)
            item["trees"] = [_tree(kb, t) for _, members in chapter.groups for t in members if isinstance(t, Decision)]
        elif chapter.kind == "glossary":
            item.update(_glossary(kb))
        elif chapter.kind == "sources":
            item["sources"] = [{"source": _source(kb, s), "count": len(citing), "groups": _by_type(citing)}
                               for s, citing in sources(kb)]
        else:
            item["groups"] = [{"label": group.label if group else None,
                               "id": f"{chapter.id}-{group.value}" if group else None,
                               "entries": [_entry(kb, views[e.id]) for e in members]}
                              for group, members in chapter.groups]
        out.append(item)
    return {"title": kb.info.title, "question": kb.info.question, "description": kb.info.description,
            "based_on": _join([_source(kb, i) for i in kb.info.based_on if i in kb.entities]),
            "edition": kb.edition(), "count": len(kb.entities), "revision": revision, "chapters": out}


def _map(kb: KnowledgeBase) -> dict[str, Any] | None:
    """The key question as a table: rows and columns are the two axes' answers, each cell the
    entries placed there with their verdicts. None when kb.yaml declares no axes."""
    grid, found = key_question_map(kb), registry.grid(kb.domain)
    if grid is None or found is None or not grid.rows:
        return None
    return {"kind": found[0].plural, "row_label": grid.row_label, "column_label": grid.column_label,
            "columns": [c.label for c in grid.columns],
            "rows": [{"label": r.label,
                      "cells": [[[_badge(v), _text(" "), _link(e)] if v else [_link(e)]
                                 for e, v in grid.cells.get((r.value, c.value), [])] for c in grid.columns]}
                     for r in grid.rows]}


def _glossary(kb: KnowledgeBase) -> dict[str, Any]:
    """kb.yaml's terms, by term, each with the entries about it, and the topics not covered."""
    terms = sorted(kb.info.glossary, key=lambda t: t.term.casefold())
    return {"terms": [{"term": t.term, "means": t.means, "see": _links([kb.entities[i] for i in t.see])}
                      for t in terms],
            "topics": [{"topic": t.topic, "note": t.note} for t in kb.info.not_covered]}


def _by_type(entities: list[Entity]) -> list[dict[str, Any]]:
    """Entries by type, in reading order: what a source supports, a line per type."""
    return [{"label": kind.plural, "count": len(members), "entries": _links(members, "; ")}
            for kind in TYPES if (members := [e for e in entities if e.type == kind.name])]


def _text(text: str, **style: Any) -> Span:
    return {"t": text, **style}


def _link(entity: Entity) -> Span:
    return {"t": entity.name, "ref": entity.id}


def _links(entities, sep: str = ", ") -> list[Span]:
    return _join([[_link(entity)] for entity in entities], sep)


def _badge(choice: Choice) -> Span:
    return {"t": choice.label, "badge": choice.tone}


def _join(parts: list[list[Span]], sep: str = "; ") -> list[Span]:
    """Parts in a run, the separator between them; after a sentence only the separator's
    space, so "done." and "next" never join as "done.; next". A name keeps its separator
    ("Acme Inc.; Beta"): there the full stop is an abbreviation's and the names must stay apart."""
    spans: list[Span] = []
    for i, part in enumerate(parts):
        if i:
            spans.append(_text(sep.lstrip(",;") if spans and _ends_sentence(spans[-1]) else sep))
        spans += part
    return spans


def _ends_sentence(span: Span) -> bool:
    """Plain text (not a name, a badge or an address, which print otherwise) ending a sentence."""
    return span.keys() <= {"t", "b", "i"} and span["t"].rstrip().endswith((".", "?", "!"))


def _fact(f: FactView) -> list[list[Span]]:
    """A fact as lines of spans (views.lay_out reads the fact styles): block items one a line,
    as the site lists them; other items one run, separated as the view says."""
    runs = [[_span(p) for p in run] for run in f.items]
    lines = runs if f.block else [_join(runs, f.sep)]
    return [*lines[:-1], lines[-1] + [_text(f" {f.note}")]] if f.note and lines else lines


def _span(part: Part) -> Span:
    if part.entity and part.anchor:  # a section of a tree, labelled as _tree labels it
        return {"t": part.text, "to": f"t-{part.entity.id}-{part.anchor}"}
    if part.entity:
        return _link(part.entity)
    if part.badge:
        return _badge(part.badge)
    if part.url:
        return _text(part.text, url=part.url)
    return _text(part.text, b=True) if part.strong else _text(part.text)


def _body(kb: KnowledgeBase, text: str | None) -> list[dict]:
    """A body as blocks; `[[id]]` shows the entry's name and links to its section."""
    return body_blocks(text or "", lambda i: kb.entities[i].name if i in kb.entities else None)


def _source(kb: KnowledgeBase, source: str | Citation) -> list[Span]:
    if isinstance(source, str):
        reading = kb.entities[source]
        said = (reading.publisher, reading.date) if isinstance(reading, Reading) else ()
        return [_link(reading)] + [_text(f", {x}") for x in said if x]
    spans = [_text(source.title, url=source.url) if source.url else _text(source.title)]
    return spans + [_text(f", {x}") for x in (source.publisher, source.date) if x]


def _entry(kb: KnowledgeBase, view: EntityView) -> dict[str, Any]:
    e = view.entity
    related = [*(x for _, members in view.related for x in members), *view.reading]  # as the page lists them
    return {
        "id": e.id, "name": e.name, "summary": e.summary, "aliases": _aliases(kb, e),
        "facts": [{"label": f.label, "lines": _fact(f)} for f in view.facts],
        "body": _body(kb, e.body),
        "trees": _join([[{"t": f"{tree.name}: {step.title}", "to": f"t-{tree.id}-o-{step.id}"},
                         _text(f" ({verdict(kb.domain, step.verdict).label})")] for tree, step in view.trees
                        if isinstance(step, Outcome)]),
        "cited_by": _links(view.cited_by, "; "),
        "related": _links(related, "; "),
        "sources": _join([_source(kb, s) for s in view.sources]),
        "reviewed": e.reviewed,
        "changed": _changed(view),
    }


def _aliases(kb: KnowledgeBase, entity: Entity) -> dict[str, Any] | None:
    """The other words readers use for an entry, with the field's label, or None."""
    if not entity.aliases:
        return None
    return {"label": label(kb.domain, entity.type, "aliases"), "words": list(entity.aliases)}


def _title(tree: Decision, outcome: str) -> str:
    step = tree.step(outcome)
    return step.title if isinstance(step, Outcome) else step.question


def _tree(kb: KnowledgeBase, tree: Decision) -> dict[str, Any]:
    context = tree_context(kb, tree, prefix=f"t-{tree.id}-")
    numbers, anchors, today = context["numbers"], context["anchors"], context["today"]
    steps = []
    for step in context["steps"]:
        target = f"t-{tree.id}-{anchors[step.id]}"
        if isinstance(step, Node):
            now = today.get(step.id)
            steps.append({
                "id": target, "number": numbers[step.id], "question": step.question, "help": step.help,
                "today": [_text(f"As of {kb.edition()}: "), _text(now[0].label, b=True), _text(". The signal "),
                          _link(now[1]), _text(f" is {now[2].label.lower()}.")] if now else None,
                "answers": [{"label": a.label, "to": f"t-{tree.id}-{anchors[a.target]}",
                             "goes": f"§{numbers[a.next]}" if a.next else _title(tree, a.target)}
                            for a in step.answers]})
        else:
            steps.append({
                "id": target, "outcome": step.title, "verdict": _badge(verdict(kb.domain, step.verdict)),
                "reasoning": step.reasoning,
                "lists": [{"label": label, "value": _links([kb.entities[i] for i in ids])} for label, ids in (
                    ("Use cases", step.use_cases), ("Signals that would change this", step.signals),
                    ("Read more", step.reading)) if ids]})
    return {"id": tree.id, "name": tree.name, "summary": tree.summary, "aliases": _aliases(kb, tree),
            "question": tree.question,
            "svg": str(context["svg"]),
            "body": _body(kb, tree.body),
            "steps": steps}


def _changed(view: EntityView) -> str | None:
    """The entry's last change, as the page's "Changed on" line says it (no badges on paper)."""
    if not view.history:
        return None
    c = view.history[0]
    return f"{c.change.date}: {c.what} ({c.change.subject})"

"""The offline edition as one PDF: print HTML from the model, laid out by WeasyPrint.

No browser and no JavaScript: the book is plain HTML with its own print stylesheet
(running heads, page X of Y, contents with page numbers, bookmarks, internal links).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from generator.graph.link import KnowledgeBase
from generator.render.body import body_html
from generator.model import Citation, Entity
from generator.render.pages import related_groups, tree_context
from generator.render.tables import STATUSES, VERDICTS

Progress = Callable[[str], None]


@dataclass
class Chapter:
    id: str
    title: str
    kind: str
    entities: list[Entity] = field(default_factory=list)
    groups: list[tuple[str, list[Entity]]] = field(default_factory=list)
    intro: str = ""


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["body"] = _body
    return env


@pass_context
def _body(context, text: str) -> Markup:
    """Body HTML for the book: `[[id]]` becomes an internal link to the entry's section."""
    entities = context["kb"].entities
    return body_html(text, lambda id_: (entities[id_].name, f"#e-{id_}") if id_ in entities else None)


def chapters(kb: KnowledgeBase) -> list[Chapter]:
    """The book in reading order: the question and its trees first, the background last."""
    def by(kind: str, attr: str, order: tuple[str, ...]) -> list[tuple[str, list[Entity]]]:
        members = kb.of_type(kind)
        return [(v.capitalize(), [e for e in members if getattr(e, attr) == v]) for v in order
                if any(getattr(e, attr) == v for e in members)]

    return [
        Chapter("ch-question", "The key question", "decision", kb.of_type("decision"), intro=kb.info.question),
        Chapter("ch-use-cases", "Use cases", "entities", kb.of_type("use-case"), by("use-case", "verdict", VERDICTS)),
        Chapter("ch-signals", "Signals", "entities", kb.of_type("signal"), by("signal", "status", STATUSES)),
        Chapter("ch-sectors", "Sectors", "entities", kb.of_type("sector"),
                by("sector", "exposure", ("high", "medium", "low"))),
        Chapter("ch-vendors", "Vendors", "entities", kb.of_type("vendor"), [("", kb.of_type("vendor"))]),
        Chapter("ch-policies", "Policies", "entities", kb.of_type("policy"), [("", kb.of_type("policy"))]),
        Chapter("ch-reading", "Reading", "entities", kb.of_type("reading"), [("", kb.of_type("reading"))]),
        Chapter("ch-sources", "Sources", "sources"),
    ]


def sources(kb: KnowledgeBase) -> list[tuple[str | Citation, list[Entity]]]:
    """Every distinct source with the entries that cite it, readings first."""
    citing: dict[str | Citation, list[Entity]] = {}
    for entity in kb.entities.values():
        for source in entity.sources:
            citing.setdefault(source, []).append(entity)
    key = lambda item: (0, kb.entities[item[0]].name) if isinstance(item[0], str) else (1, item[0].title)
    return [(s, sorted(es, key=lambda e: (e.name.lower(), e.id))) for s, es in sorted(citing.items(), key=key)]


def edition_date(kb: KnowledgeBase) -> str:
    """The latest review date in the data: the edition changes only when the data does."""
    return max((e.reviewed for e in kb.entities.values() if e.reviewed), default="undated")


def data_revision(data_dir: Path) -> str | None:
    """Short hash of the last commit that touched the data, when the data is in git."""
    try:
        result = subprocess.run(["git", "-C", str(data_dir), "log", "-1", "--format=%h", "--", "."],
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None


def print_html(kb: KnowledgeBase, revision: str | None = None) -> str:
    """The whole knowledge base as one HTML document for print."""
    css = resources.files("generator").joinpath("templates", "print", "book.css").read_text("utf-8")

    def related_of(entity: Entity) -> list[Entity]:
        return [x for _, members in related_groups(kb, entity) for x in members]

    def tree_steps(tree) -> dict:
        return tree_context(tree, prefix=f"t-{tree.id}-")

    return _environment().get_template("print/book.html.j2").render(
        kb=kb, chapters=chapters(kb), sources=sources(kb), edition=edition_date(kb), revision=revision,
        css=Markup(css), related_of=related_of, tree_steps=tree_steps)


def write_pdf(kb: KnowledgeBase, output: Path, revision: str | None = None,
              progress: Progress = lambda message: None) -> int:
    """Render the book to `output`; return the number of pages."""
    import weasyprint  # imported here: only the PDF needs it, and it takes a moment to load

    started = time.perf_counter()
    progress("Rendering the print HTML")
    html = print_html(kb, revision)
    progress("Laying out pages with WeasyPrint")
    document = weasyprint.HTML(string=html, base_url=str(output.parent)).render()
    progress(f"Writing {len(document.pages)} pages")
    output.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(output)
    progress(f"Done in {time.perf_counter() - started:.1f} s")
    return len(document.pages)

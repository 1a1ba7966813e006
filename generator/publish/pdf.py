"""The offline edition as one PDF: print HTML from the model, laid out by WeasyPrint.

No browser and no JavaScript: the book is plain HTML with its own print stylesheet
(running heads, page X of Y, contents with page numbers, bookmarks, internal links).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from generator.check.fields import Choice
from generator.errors import KbError
from generator.graph.link import KnowledgeBase
from generator.model import Citation, Entity
from generator.registry import TYPES
from generator.render.pages import tree_context
from generator.render.templating import html_environment
from generator.render.views import build_views, groups

Progress = Callable[[str], None]


@dataclass
class Chapter:
    id: str
    title: str
    kind: str
    """`decision` (the trees), `entities` or `sources`."""
    groups: list[tuple[Choice | None, list[Entity]]] = field(default_factory=list)
    intro: str = ""

    @property
    def entities(self) -> list[Entity]:
        """In the order the chapter shows them, so the contents follow the body."""
        return [e for _, members in self.groups for e in members]


def chapters(kb: KnowledgeBase) -> list[Chapter]:
    """The book in reading order: the question and its trees first, the background last."""
    book = []
    for kind in TYPES:
        if kind.name == "decision":
            book.append(Chapter("ch-question", "The key question", "decision", groups(kb, kind), kb.info.question))
        else:
            book.append(Chapter(f"ch-{kind.folder}", kind.plural, "entities", [g for g in groups(kb, kind) if g[1]]))
    return [*book, Chapter("ch-sources", "Sources", "sources")]


def sources(kb: KnowledgeBase) -> list[tuple[str | Citation, list[Entity]]]:
    """Every distinct source with the entries that cite it, readings first."""
    citing: dict[str | Citation, list[Entity]] = {}
    for entity in kb.entities.values():
        for source in entity.sources:
            citing.setdefault(source, []).append(entity)
    def key(item):
        return (0, kb.entities[item[0]].name) if isinstance(item[0], str) else (1, item[0].title)
    return [(s, sorted(es, key=lambda e: (e.name.lower(), e.id))) for s, es in sorted(citing.items(), key=key)]


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
    css = resources.files("generator").joinpath("templates", "html", "book.css").read_text("utf-8")

    def tree_steps(tree) -> dict:
        return tree_context(kb, tree, prefix=f"t-{tree.id}-")

    return html_environment().get_template("book.html.j2").render(
        kb=kb, views=build_views(kb), chapters=chapters(kb), sources=sources(kb), edition=kb.edition(),
        revision=revision, css=Markup(css), tree_steps=tree_steps)


PANGO = ("the PDF needs the Pango text library, which this machine lacks: install it (Debian and Ubuntu: "
         "apt-get install libpango-1.0-0 libpangoft2-1.0-0), or leave the PDF out (--no-pdf, or pdf: false "
         "under the kb plugin in mkdocs.yml)")


def pdf_engine():
    """WeasyPrint, loaded on first use (only the PDF needs it, and it takes a moment). It
    loads the system's Pango when imported: a missing library is one clear error, said
    before any other work is done."""
    try:
        import weasyprint
    except OSError as missing:  # cffi: cannot load library 'libpango-1.0-0'
        raise KbError(f"{PANGO} ({missing})") from None
    return weasyprint


def write_pdf(kb: KnowledgeBase, output: Path, revision: str | None = None,
              progress: Progress = lambda message: None) -> int:
    """Render the book to `output`; return the number of pages."""
    weasyprint = pdf_engine()
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

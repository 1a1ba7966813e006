"""The offline edition as one PDF, laid out by Typst (the `typst` wheel: no system library)
from the book's data (book.py), passed as JSON: text is data, never markup to evaluate."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from generator.graph.link import KnowledgeBase
from generator.publish.book import book_data

Progress = Callable[[str], None]


def typeset(kb: KnowledgeBase, output: Path, revision: str | None = None,
            progress: Progress = lambda message: None) -> int:
    """Lay out the book to `output`; return the number of pages."""
    import typst  # loaded on first use: only the PDF needs it

    started = time.perf_counter()
    progress("Gathering the book")
    data = json.dumps(book_data(kb, revision), ensure_ascii=False)
    progress("Laying out pages with Typst")
    template = resources.files("generator").joinpath("templates", "typst", "book.typ")
    with resources.as_file(template) as path:
        compiler = typst.Compiler(str(path), sys_inputs={"book": data}, ignore_system_fonts=True)
        pdf = compiler.compile(pdf_standards=["ua-1"])
        pages = json.loads(compiler.query("<kb-pages>", field="value", one=True))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    progress(f"Done in {time.perf_counter() - started:.1f} s")
    return pages

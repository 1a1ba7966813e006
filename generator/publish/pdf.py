"""The offline edition as one PDF, laid out by Typst from the book's data (book.py).

Typst comes as a wheel (no system library, no browser). The book goes in as JSON
(sys.inputs): every value is a string Typst places as text, never markup it evaluates, so
contributor text prints exactly as written. The result is a tagged PDF/UA-1 document with
contents and page numbers, bookmarks, internal links, running heads and page X of Y.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from collections.abc import Callable
from importlib import metadata, resources
from pathlib import Path

from generator.errors import KbError
from generator.graph import KnowledgeBase
from generator.memory import few_collections
from generator.publish.book import book_data

Progress = Callable[[str], None]
PROGRESS_STEPS = 3
"""How many times write_pdf reports progress: gathering, laying out, done."""


def data_revision(data_dir: Path) -> str | None:
    """Short hash of the last commit that touched the data, when the data is in git."""
    try:
        result = subprocess.run(["git", "-C", str(data_dir), "log", "-1", "--format=%h", "--", "."],
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() or None


def font_folders() -> list[str]:
    """The folders of the packaged fonts that coverage.json names (Noto for every script,
    CJK and emoji), never the system's: the same data gives the same PDF on every machine,
    and `kb check` knows what they cover (glyphs.py)."""
    text = resources.files("generator").joinpath("templates", "typst", "coverage.json").read_text("utf-8")
    return sorted({str(Path(str(file.locate())).parent) for package in json.loads(text)["packages"]
                   for file in metadata.files(package) or () if file.suffix in (".ttf", ".otf", ".ttc")})


def _located(kb: KnowledgeBase, message: str) -> str:
    """A Typst refusal as one message at the data that caused it, when it quotes that text."""
    quoted = re.search(r'the text `"(.+?)"`', message)
    text = re.sub(r"\\u\{([0-9a-f]+)\}", lambda m: chr(int(m.group(1), 16)), quoted.group(1)) if quoted else ""
    hint = "; the previous PDF was left untouched (please report this: kb check should have caught it)"
    for entity in kb.entities.values():
        source = Path(entity.file).read_text("utf-8") if text and Path(entity.file).is_file() else ""
        if text and text in source:
            before = source[:source.index(text)]
            line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
            return f"{entity.file}:{line}:{col}: the PDF cannot set this text ({message}){hint}"
    return f"the PDF could not be laid out: {message}{hint}"


def write_pdf(kb: KnowledgeBase, output: Path, revision: str | None = None,
              progress: Progress = lambda message: None) -> int:
    """Lay out the book to `output`; return the number of pages."""
    import typst  # loaded on first use: only the PDF needs it

    started = time.perf_counter()
    progress("Gathering the book")
    with few_collections():  # as while loading: many small objects, no cycles
        data = json.dumps(book_data(kb, revision), ensure_ascii=False)
    progress("Laying out pages with Typst")
    template = resources.files("generator").joinpath("templates", "typst", "book.typ")
    with resources.as_file(template) as path:
        compiler = typst.Compiler(str(path), sys_inputs={"book": data}, ignore_system_fonts=True,
                                  font_paths=font_folders())
        try:
            pdf = compiler.compile(pdf_standards=["ua-1"])
        except typst.TypstError as error:  # kb check refuses what it knows Typst refuses; this is what it missed
            raise KbError(_located(kb, str(error))) from None
        assert isinstance(pdf, bytes)  # one PDF (images would be a list of pages)
        found = re.search(rb"/Type\s*/Pages\s*/Count\s+(\d+)", pdf)  # the page tree's root, as Typst writes it
        pages = int(found.group(1)) if found else json.loads(compiler.query("<kb-pages>", field="value", one=True))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    progress(f"{pages} pages in {time.perf_counter() - started:.1f} s")
    return pages

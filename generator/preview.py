"""The live preview (`mkdocs serve --dirty`, which `make serve` runs): what carries over
from one rebuild to the next, so a save rebuilds only the pages it changed.

MkDocs keeps plugin instances between rebuilds; the kb plugin keeps one Preview. A
generated page is rebuilt when its Markdown differs from the previous build's (a saved
entry, its neighbours, the indexes and boards that list it); Material's search index then
drops the old entries of exactly those pages before it adds their new ones. A data error
keeps the last good pages, with the problems on every page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from generator.graph import KnowledgeBase


class GeneratedFile(File):
    """A generated file that says whether it changed since the previous build."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


@dataclass
class Preview:
    last_good: KnowledgeBase | None = None
    """The last knowledge base that checked clean, shown while the data has errors."""
    texts: dict[str, str] = field(default_factory=dict)
    """Each generated file's text in the previous build."""
    problems: list[str] = field(default_factory=list)
    rebuilt: set[str] = field(default_factory=set)
    """URLs of the pages this build rebuilds."""
    kept: list[dict] | None = None
    """Search entries of the pages this build does not rebuild."""

    def mark(self, files: list[GeneratedFile], problems: list[str]) -> None:
        """Set which files changed; a change in the problems shown changes every page."""
        everything = problems != self.problems
        for file in files:
            file.changed = everything or self.texts.get(file.src_uri) != file.content_string
        self.texts = {f.src_uri: f.content_string for f in files}
        self.problems = problems
        self.rebuilt = {f.url for f in files if f.changed and f.is_documentation_page()}

    def forget_search_entries(self, plugins: Any) -> None:
        """Material's search keeps the previous index under `--dirty`, but drops the entries of
        the first rebuilt page only (and of every page whose address starts with it): keep the
        entries of every page not being rebuilt here instead, and let search start afresh."""
        self.kept = None
        for plugin in plugins.values():
            previous = getattr(plugin, "search_index_prev", None)
            if previous is not None:
                self.kept = [e for e in previous.entries if e["location"].split("#", 1)[0] not in self.rebuilt]
                plugin.search_index_prev = None

    def complete_search_index(self, plugins: Any, site_dir: str) -> None:
        """After search wrote the entries of the rebuilt pages: add the kept ones, in the file
        and in what search keeps for the next rebuild."""
        if self.kept is None:
            return
        path = Path(site_dir) / "search" / "search_index.json"
        index = json.loads(path.read_text("utf-8"))
        index["docs"] = self.kept + index["docs"]
        path.write_text(json.dumps(index, separators=(",", ":")), "utf-8")
        for plugin in plugins.values():
            current = getattr(plugin, "search_index_prev", None)
            if current is not None:
                current.entries = self.kept + current.entries

"""The live preview (`mkdocs serve --dirty`, which `make serve` runs): what carries over
from one rebuild to the next, so a save rebuilds only the pages it changed.

MkDocs keeps plugin instances between rebuilds; the kb plugin keeps one Preview, and in it
the generator's `incremental.Session`: a save re-reads only the changed files and re-renders
only the pages it can alter. A generated file is handed to MkDocs as modified when it differs
from the previous build's (a saved entry, its neighbours, the indexes and boards that list
it); Material's search index then drops the old entries of exactly those pages before it adds
their new ones. A data error keeps the last good pages, with the problems on every page.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File

from generator.problems import report

if TYPE_CHECKING:  # the plugin hands the session in: the preview imports no pipeline
    from generator.pipeline import Options, Session, Site


class GeneratedFile(File):
    """A generated file that says whether it changed since the previous build."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


@dataclass
class Preview:
    session: Session | None = None
    """The generator's side: files read, the last good site."""
    changed: frozenset[str] = frozenset()
    """Generated files (src_uri) that differ from the previous build's."""
    problems: list[str] = field(default_factory=list)
    rebuilt: set[str] = field(default_factory=set)
    """URLs of the pages this build rebuilds."""
    kept: list[dict] | None = None
    """Search entries of the pages this build does not rebuild."""

    def build(self, options: Options, hand_written: set[str]) -> tuple[Site, list[str]]:
        """The site to show and the problems to show on every page (and in the terminal);
        CheckFailed only while there is no good site yet."""
        assert self.session is not None, "the plugin starts the session"
        built = self.session.build(options, hand_written)
        if built.problems:  # not MkDocs' log: strict mode would count it
            print(f"The knowledge base has errors; fix them and build again:\n{report(built.problems)}",
                  file=sys.stderr, flush=True)
        problems = [p.as_text() for p in built.problems]
        self.changed = built.changed if problems == self.problems else frozenset(built.site.files)
        self.problems = problems  # a change in the problems shown changes every page
        return built.site, problems

    def mark(self, files: list[GeneratedFile]) -> None:
        """Set which files changed since the previous build."""
        for file in files:
            file.changed = file.src_uri in self.changed
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

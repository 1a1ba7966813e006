"""The live preview (`mkdocs serve --dirty`, which `make serve` runs): what carries over
from one rebuild to the next, so a save rebuilds only the pages it changed.

MkDocs keeps plugin instances between rebuilds; the kb plugin keeps one Preview, and in it
the generator's `pipeline.Session`: a save re-reads only the changed files and re-renders
only the pages it can alter. It keeps what the plugin works out about the files too: each
source's resolved path and edit link, and the data's commit dates until the next commit.
A generated file is handed to MkDocs as modified when it differs
from the previous build's (a saved entry, its neighbours, the indexes and boards that list
it); Material's search index then drops the old entries of exactly those pages before it adds
their new ones. A data error keeps the last good pages, with the problems on every page.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from generator.graph import KnowledgeBase
from generator.history import data_dates
from generator.mkdocs_files import GeneratedFile, Made, Paths
from generator.problems import report
from generator.registry import page_path
from generator.render.affected import changed_entries
from generator.render.search import Card, search_cards

if TYPE_CHECKING:  # the plugin hands the session in: the preview imports no pipeline
    from generator.pipeline import Options, Session, Site


class CompiledTemplates(BytecodeCache):
    """The theme's templates as Jinja compiled them, kept between rebuilds. MkDocs makes a
    new Jinja environment for every build, which compiled Material's templates anew on every
    save (a fifth of a second, whatever the size of the knowledge base). A template is compiled
    again when its source changed (Jinja checks the source's checksum) or when the environment
    would compile it otherwise (its syntax, extensions or escaping)."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, tuple], bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get((bucket.key, _compiles_as(bucket.environment)))) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key, _compiles_as(bucket.environment)] = bucket.bytecode_to_string()


def _compiles_as(env: Environment) -> tuple:
    """What Jinja's compiled code depends on besides the template's source."""
    return (tuple(sorted(env.extensions)), repr(env.autoescape), repr(env.finalize), env.is_async, env.optimized,
            env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline)


@dataclass
class Preview:
    session: Session | None = None
    """The generator's side: files read, the last good site."""
    paths: Paths | None = None
    """Each source's resolved path and edit link."""
    made: tuple[tuple, Made] = ((), {})
    """The virtual files of the last build, and the settings they were made with."""
    dates: tuple[str, dict[Path, int]] | None = None
    """The data's commit dates, and the commit they were read at."""
    cards: tuple[KnowledgeBase, dict[str, Card]] | None = None
    """The last search cards, and the knowledge base they were made of."""
    changed: frozenset[str] = frozenset()
    """Generated files (src_uri) that differ from the previous build's."""
    problems: list[str] = field(default_factory=list)
    rebuilt: set[str] = field(default_factory=set)
    """URLs of the pages this build rebuilds."""
    kept: list[dict] | None = None
    """Search entries of the pages this build does not rebuild."""
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
    """The theme's templates as Jinja compiled them."""

    def build(self, data_dir: Path, start: Callable[[Path], Session], options: Options,
              hand_written: set[str]) -> tuple[Site, list[str]]:
        """The site to show and the problems to show on every page (and in the terminal);
        CheckFailed only while there is no good site yet. `start`: a new session of a data
        folder (`pipeline.Session`, which the plugin hands in)."""
        if self.session is None or self.session.data_dir != data_dir:
            self.session = start(data_dir)
        built = self.session.build(options, hand_written)
        if built.problems:  # not MkDocs' log: strict mode would count it
            print(f"The knowledge base has errors; fix them and build again:\n{report(built.problems)}",
                  file=sys.stderr, flush=True)
        problems = [p.as_text() for p in built.problems]
        self.changed = built.changed if problems == self.problems else frozenset(built.site.files)
        self.problems = problems  # a change in the problems shown changes every page
        return built.site, problems

    def paths_of(self, root: Path, docs_dir: str) -> Paths:
        """The paths worked out so far, for a site at `root` with this docs_dir."""
        if self.paths is None or (self.paths.root, self.paths.docs_dir) != (root, docs_dir):
            self.paths = Paths(root, docs_dir)
        return self.paths

    def made_for(self, config: Any) -> Made:
        """The virtual files of the last build, if made with the settings that shape a file
        (else none): where it is written, its address, its edit link (from the folder of
        mkdocs.yml to docs_dir)."""
        settings = (config.config_file_path, config.docs_dir, config.site_dir, config.use_directory_urls,
                    config.edit_uri)
        if self.made[0] != settings:
            self.made = (settings, {})
        return self.made[1]

    def data_dates(self, data_dir: Path) -> dict[Path, int]:
        """`history.data_dates`, read again only after a commit (or outside git, where it is empty)."""
        head = _head(data_dir)
        key = f"{data_dir.resolve()}\n{head}"
        if self.dates is None or not head or self.dates[0] != key:
            self.dates = (key, data_dates(data_dir))
        return self.dates[1]

    def search_cards(self, kb: KnowledgeBase) -> dict[str, Card]:
        """Each entry's search card, by path: made again only for the entries that changed
        (a card shows its entry's own fields, in the words of the same kb.yaml)."""
        keep = {}
        if self.cards and self.cards[0].domain is kb.domain:  # the session keeps an unchanged domain
            last, cards = self.cards
            changed = {page_path(e) for k in (last, kb) for i in changed_entries(last, kb) if (e := k.entities.get(i))}
            keep = {path: card for path, card in cards.items() if path not in changed}
        self.cards = (kb, search_cards(kb, keep))
        return self.cards[1]

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

    def complete_search_index(self, plugins: Any, index: dict[str, Any]) -> None:
        """After search wrote the entries of the rebuilt pages: add the kept ones, to the index
        read from the file and to what search keeps for the next rebuild."""
        if self.kept is None:
            return
        index["docs"] = self.kept + index["docs"]
        for plugin in plugins.values():
            current = getattr(plugin, "search_index_prev", None)
            if current is not None:
                current.entries = self.kept + current.entries


def _head(data_dir: Path) -> str:
    """The commit the data folder's repository is at (with its folder: another repository is
    another history), or "" outside git."""
    try:
        result = subprocess.run(["git", "-C", str(data_dir), "rev-parse", "HEAD", "--show-toplevel"],
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout if result.returncode == 0 else ""

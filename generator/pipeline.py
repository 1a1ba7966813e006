"""The pipeline in one place: load → check → link → render (DESIGN.md).

Gather everything, then write: nothing is rendered until every file is loaded and
checked, and nothing is written by this module at all.

The preview runs it as a `Session`, carrying from one save to the next what the save did
not change: the files it read (by content digest, so a save parses only the files whose
bytes changed) and the last good site, whose entry pages a change cannot alter
(`render.affected`) are taken as they were. Whatever it carries, a build equals a clean one
of the same data (tests/test_incremental.py edits at random and compares).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from generator.body import BodyLink, body_links
from generator.check.run import check
from generator.errors import CheckFailed
from generator.folder import Read, load_folder
from generator.graph import KnowledgeBase
from generator.graph.link import link
from generator.history import read_history
from generator.load import KB_FILE, Record, display_path
from generator.memory import few_collections
from generator.problems import Problem
from generator.render.affected import kept_files
from generator.render.data import change_feeds, data_downloads
from generator.render.pages import render_pages, render_redirects
from generator.render.site import JsonParts, Kept, Options, SiteFile, assemble, mount_prefix
from generator.reread import Reader


@dataclass(frozen=True)
class Site:
    """Everything a builder needs: the linked knowledge base and every generated file by path."""

    kb: KnowledgeBase
    files: dict[str, SiteFile]
    parts: JsonParts = field(default_factory=JsonParts, compare=False)
    """The JSON download's parts, for the next render of changed data (the preview)."""

    @property
    def pages(self) -> list[SiteFile]:
        return [f for f in self.files.values() if f.is_page]


def load_and_check(data_dir: Path, today: dt.date | None = None,
                   hand_written: set[str] | None = None,
                   read: Read | None = None, links_of: Callable[[str], Iterable[BodyLink]] = body_links,
                   ) -> tuple[list[Record], list[Problem]]:
    """Load every file under `data_dir` and return the records and every problem found.

    `today` decides which entries are due for review (default: the real date);
    `hand_written` holds the site's hand-written pages, which no entry may replace; `read`
    reads one file (the preview's reuses the records of unchanged ones), `links_of` a body's
    links (the preview's remembers those of unchanged bodies)."""
    with few_collections():
        records, problems = load_folder(data_dir, read)
    if data_dir.is_dir() and not (data_dir / KB_FILE).is_file():
        problems.append(Problem(display_path(data_dir / KB_FILE), 1, 1, "error",
                                "missing file: the data folder needs a kb.yaml with title, question and description"))
    problems += check(records, today, hand_written, links_of)
    return records, sorted(set(problems))


def knowledge_base(data_dir: Path, hand_written: set[str] | None = None, history: bool = False) -> KnowledgeBase:
    """Load, check and link; raise CheckFailed (with every problem) on any error. `history`:
    also read what changed from git (what a published build shows; a preview skips it)."""
    records, problems = load_and_check(data_dir, hand_written=hand_written)
    if any(p.severity == "error" for p in problems):
        raise CheckFailed(problems)
    with few_collections():
        kb = link(records)
    if history:
        kb.history = read_history(data_dir)
    return kb


def docs_pages(config_file: Path) -> set[str]:
    """The hand-written pages of the site whose MkDocs configuration is `config_file` that lie
    where the knowledge base is mounted (paths relative to its `prefix`; none without the file)."""
    if not config_file.is_file():
        return set()
    config = yaml.load(config_file.read_text("utf-8"), Loader=_AnyTags) or {}
    docs = config_file.parent / str(config.get("docs_dir") or "docs")
    if not docs.is_dir():
        return set()
    options = next((p["kb"] for p in config.get("plugins") or [] if isinstance(p, dict) and "kb" in p), None)
    mount = docs / mount_prefix(str((options or {}).get("prefix") or ""))
    return {p.relative_to(mount).as_posix() for p in mount.rglob("*") if p.is_file()} if mount.is_dir() else set()


class _AnyTags(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV; only plain keys are read here."""


_AnyTags.add_multi_constructor("", lambda loader, suffix, node: None)


def render_site(kb: KnowledgeBase, downloads: tuple[str, ...] = ("pdf", "zip"), site_url: str = "",
                use_directory_urls: bool = True, taken: dict[str, str] | None = None, prefix: str = "",
                tags: bool = True, source_links: bool = False, keep: Kept | None = None) -> Site:
    """Every generated file in one map: pages, redirects, data downloads and the feed.

    `downloads` names the files the build adds beside them (`pdf`, `zip`), so the Downloads
    page lists only what exists; `taken` holds hand-written pages no file may replace.
    `prefix` (`kb/`) is the folder every file is mounted under: the files link to each other
    relatively, so they are rendered as for the root and moved. `tags`: whether the site has
    Material's tags plugin, which fills the Tags page. `source_links`: body links name the
    pages' Markdown files, for an engine that rewrites every link (Zensical). `keep`: files
    rendered before from the same data, unmounted, reused as they are (the preview)."""
    address = site_url.rstrip("/") + "/" + prefix if site_url else ""  # the knowledge base's, as the feed's
    with few_collections():
        tables, parts = data_downloads(kb, keep.files if keep else None, keep.json if keep else None)
        data = [*tables, *change_feeds(kb, site_url, use_directory_urls, prefix)]
        sizes = {f.path.removeprefix("downloads/"): len(f.text.encode()) for f in data}  # the Downloads page says
        files = [*render_pages(kb, downloads, use_directory_urls, prefix, tags, address, sizes, source_links, keep),
                 *render_redirects(kb, use_directory_urls), *data]
        return Site(kb, assemble((replace(f, path=prefix + f.path) if prefix else f for f in files), taken), parts)


def generate(data_dir: Path, downloads: tuple[str, ...] = ("pdf", "zip"), use_directory_urls: bool = True,
             history: bool = False) -> Site:
    """Load, check, link and render; raise CheckFailed (with every problem) on any error."""
    return render_site(knowledge_base(data_dir, history=history), downloads, use_directory_urls=use_directory_urls)


@dataclass(frozen=True)
class Build:
    """What one save gives: the site to show and what differs from the previous build."""

    site: Site
    """The data's site, or while the data has errors the last good one."""
    problems: list[Problem]
    """Every problem when the data has errors (shown on every page); empty otherwise."""
    changed: frozenset[str]
    """Paths whose file is new or differs from the previous build's."""


@dataclass
class Session:
    """One preview of one data folder: what carries over from one save to the next."""

    data_dir: Path
    reader: Reader = field(default_factory=Reader)
    site: Site | None = None
    """The last good site."""
    options: Options | None = None
    """The options it was rendered with."""

    def build(self, options: Options, hand_written: set[str] | None = None) -> Build:
        """Load, check, link and render what changed; raise CheckFailed only when the data has
        errors and there is no good site yet to show."""
        previous = self.site
        try:
            site = self._site(options, hand_written)
        except CheckFailed as failed:
            if previous is None:
                raise
            problems = sorted(failed.problems)
            if options != self.options:  # the last good data, drawn as now asked
                self.site, self.options = render_site(previous.kb, **options.arguments()), options
            return Build(self.site or previous, problems, _changed(previous, self.site or previous))
        self.site, self.options = site, options
        return Build(site, [], _changed(previous, site))

    def _site(self, options: Options, hand_written: set[str] | None) -> Site:
        records, problems = load_and_check(self.data_dir, hand_written=hand_written, read=self.reader,
                                           links_of=self.reader.body_links)
        self.reader.forget_unseen()
        if any(p.severity == "error" for p in problems):
            raise CheckFailed(problems)
        last = self.site
        with few_collections():
            kb = link(records, last.kb if last else None)
        if last is None or options != self.options:
            return render_site(kb, **options.arguments())
        if kb.domain == last.kb.domain:
            kb.domain = last.kb.domain  # its readings of the schemas (`per_domain`) carry over
        keep = kept_files(last.kb, last.files, kb, options.prefix, last.parts)
        return render_site(kb, **options.arguments(), keep=keep)


def _changed(previous: Site | None, site: Site) -> frozenset[str]:
    if previous is None:
        return frozenset(site.files)
    return frozenset(path for path, file in site.files.items() if previous.files.get(path) != file)

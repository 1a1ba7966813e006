"""The preview's pipeline: load → check → link → render as `pipeline` does, carrying over
from one save to the next what the save did not change (DESIGN.md).

A `Session` keeps the files it read (by content digest, so a save parses only the files
whose bytes changed) and the last good site: the entry pages a change cannot alter
(`render.affected`) are taken from it as they were. Whatever it carries, a build equals a
clean one of the same data (tests/test_incremental.py edits at random and compares).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.errors import CheckFailed
from generator.graph import KnowledgeBase
from generator.graph.link import link
from generator.load import Record, load_file
from generator.memory import few_collections
from generator.pipeline import Site, load_and_check, render_site
from generator.problems import Problem
from generator.registry import page_path
from generator.render.affected import affected_pages
from generator.render.site import SiteFile


@dataclass
class _Read:
    digest: bytes
    kind: str
    shown: str
    record: Record
    problems: tuple[Problem, ...]


@dataclass
class Reader:
    """Reads data files for `load_folder`, parsing a file again only when its bytes changed."""

    read: dict[Path, _Read] = field(default_factory=dict)
    seen: set[Path] = field(default_factory=set)

    def __call__(self, path: Path, kind: str, problems: list[Problem], shown: str) -> Record:
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        known = self.read.get(path)
        if known is None or (known.digest, known.kind, known.shown) != (digest, kind, shown):
            found: list[Problem] = []
            known = self.read[path] = _Read(digest, kind, shown, load_file(path, kind, found, shown), tuple(found))
        self.seen.add(path)
        problems.extend(known.problems)
        return known.record

    def forget_unseen(self) -> None:
        """Drop the files this pass did not read (deleted or renamed), and start a new pass."""
        self.read = {p: r for p, r in self.read.items() if p in self.seen}
        self.seen = set()


@dataclass(frozen=True)
class Options:
    """How the site is rendered (`pipeline.render_site`'s arguments after the knowledge base)."""

    downloads: tuple[str, ...] = ("pdf", "zip")
    site_url: str = ""
    use_directory_urls: bool = True
    taken: tuple[tuple[str, str], ...] = ()
    """Hand-written pages no generated file may replace: (path, its file)."""
    prefix: str = ""
    tags: bool = True


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
                self.site, self.options = render_site(previous.kb, **_arguments(options)), options
            return Build(self.site or previous, problems, _changed(previous, self.site or previous))
        self.site, self.options = site, options
        return Build(site, [], _changed(previous, site))

    def _site(self, options: Options, hand_written: set[str] | None) -> Site:
        records, problems = load_and_check(self.data_dir, hand_written=hand_written, read=self.reader)
        self.reader.forget_unseen()
        if any(p.severity == "error" for p in problems):
            raise CheckFailed(problems)
        with few_collections():
            kb = link(records)
        last = self.site
        if last is None or options != self.options:
            return render_site(kb, **_arguments(options))
        if kb.domain == last.kb.domain:
            kb.domain = last.kb.domain  # its readings of the schemas (`per_domain`) carry over
        return render_site(kb, **_arguments(options), keep=_kept_pages(last, kb, options.prefix))


def _arguments(options: Options) -> dict[str, Any]:
    return {"downloads": options.downloads, "site_url": options.site_url, "prefix": options.prefix,
            "use_directory_urls": options.use_directory_urls, "taken": dict(options.taken), "tags": options.tags}


def _kept_pages(last: Site, kb: KnowledgeBase, prefix: str) -> dict[str, SiteFile]:
    """The entry pages of the last site that the change cannot alter, by id and unmounted."""
    affected = affected_pages(last.kb, kb)
    if affected is None:
        return {}
    kept = {}
    for id_, entity in kb.entities.items():
        if id_ not in affected and (page := last.files.get(prefix + (path := page_path(entity)))):
            kept[id_] = replace(page, path=path)
    return kept


def _changed(previous: Site | None, site: Site) -> frozenset[str]:
    if previous is None:
        return frozenset(site.files)
    return frozenset(path for path, file in site.files.items() if previous.files.get(path) != file)

"""What the kb MkDocs plugin does to MkDocs' own objects, as functions the plugin calls:
the configuration it completes, the generated files as virtual files (with their edit links
and revision dates), and the nav item an entry's page marks active.

The plugin (`plugin.py`) only hands these over; what a preview carries between saves is
`preview.py`'s. Nothing here loads or renders the knowledge base.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.domain import read_kb_yaml
from generator.graph import KnowledgeBase
from generator.render.search import Card
from generator.render.site import TAGS_PLUGINS, Options, SiteFile, mount_prefix

THEME = Path(__file__).parent / "site_overrides"
MARKDOWN = ("tables", "md_in_html")
"""Markdown extensions the generated pages need: tables, and Markdown inside their HTML blocks
(the fact box, the map, the edition line); added to a site's own list when it lacks them."""


class GeneratedFile(File):
    """A generated file that says whether it changed since the previous build."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


@dataclass(frozen=True)
class Mount:
    """Where the knowledge base sits in the site, and what the site offers it."""

    root: str = ""
    """"" (the root) or a folder such as `kb/`."""
    tags: bool = True
    """Whether the site has Material's tags plugin, and so a Tags page."""


def configure(config: Any, prefix: str, data_dir: Path, kb: KnowledgeBase | None) -> Mount:
    """Put the generator's theme overrides between the site's custom_dir and Material
    (without a repository there is nothing to edit); note where the knowledge base is
    mounted and whether the site has a Tags page; add the Markdown extensions it needs."""
    dirs = config.theme.dirs
    if str(THEME) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
    if not config.repo_url:  # repo_url: !ENV KB_REPO_URL, unset: no repository, so no edit links
        config.edit_uri = None
    root = mount_prefix(prefix)
    if prefix.startswith("/") or {"", ".", ".."} & set(root.split("/")[:-1]):
        raise PluginError(f"kb: prefix {prefix!r} must be a folder inside docs_dir, such as kb")
    config.extra["kb_root"] = root  # the theme's feed link
    for extension in MARKDOWN:  # what the generated pages are written in, whatever the site lists
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    if not root:
        _take_identity(config, data_dir, kb)
    tags = any(name in config.plugins for name in TAGS_PLUGINS)
    if not tags:  # not MkDocs' log: strict mode would count it
        print("kb: no Tags page, as this site has no tags plugin; add `- tags` under plugins: in "
              f"{Path(config.config_file_path).name} for one", file=sys.stderr, flush=True)
    return Mount(root, tags)


def _take_identity(config: Any, data_dir: Path, kb: KnowledgeBase | None) -> None:
    """A site the knowledge base owns (no prefix) is named and described by its kb.yaml,
    so the two never disagree and a data folder built with another configuration keeps
    its own identity. Contributor text: escaped here, as the theme prints these raw."""
    title: object
    description: object
    if kb:
        title, description = kb.info.title, kb.info.description
    else:
        data = read_kb_yaml(data_dir)
        data = data if isinstance(data, dict) else {}
        title, description = data.get("title"), data.get("description")
    if isinstance(title, str) and title.strip():
        config.site_name = escape(title.strip())
    if isinstance(description, str) and description.strip():
        config.site_description = escape(" ".join(description.split()))


def site_options(files: Files, config: Any, downloads: tuple[str, ...], mount: Mount) -> tuple[Options, set[str]]:
    """How to render the site into this MkDocs site, and its hand-written pages where the
    knowledge base is mounted (relative to its folder), which no generated page may replace."""
    docs = Path(config.docs_dir)
    taken = {f.src_uri: f"docs/{f.src_uri}" for f in files
             if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)}
    mounted = {path.removeprefix(mount.root) for path in taken if path.startswith(mount.root)}
    options = Options(downloads, config.site_url or "", config.use_directory_urls, tuple(sorted(taken.items())),
                      mount.root, mount.tags)
    return options, mounted


@dataclass
class Paths:
    """Each YAML source's resolved path and edit link, worked out once (a preview keeps one
    between saves)."""

    root: Path
    """The folder of mkdocs.yml: data outside it has nowhere to edit."""
    docs_dir: str
    resolved: dict[str, Path] = field(default_factory=dict)
    edit: dict[str, str | None] = field(default_factory=dict)

    def of(self, source: str) -> Path:
        if source not in self.resolved:
            self.resolved[source] = Path(source).resolve()
        return self.resolved[source]

    def edit_uri(self, source: str | None) -> str | None:
        """The YAML file behind a page, relative to docs/ (edit links are built from docs/)."""
        if source is None:
            return None
        if source not in self.edit:
            path = self.of(source)
            inside = path.is_relative_to(self.root.resolve())
            self.edit[source] = os.path.relpath(path, self.docs_dir).replace(os.sep, "/") if inside else None
        return self.edit[source]


Made = dict[str, tuple[SiteFile, GeneratedFile]]
"""The virtual files of a build by path, each with the generated file it was made of."""


def virtual_files(config: Any, site_files: Iterable[SiteFile], paths: Paths, made: Made | None = None,
                  ) -> list[GeneratedFile]:
    """The generated files as MkDocs files, out of the nav unless the site's nav lists them,
    each with its edit link when the site has a repository. `made`: the files of the previous
    build with the same configuration (the preview), updated here: a file made of an equal
    generated file is handed over again, as it was made (MkDocs settles an undefined
    inclusion level in place) and without the page MkDocs gave it then."""
    generated, now = [], {}
    for file in site_files:
        level = InclusionLevel.UNDEFINED if file.in_nav or not file.is_page else InclusionLevel.NOT_IN_NAV
        known = made.get(file.path) if made else None
        if known is not None and known[0] == file:
            new = known[1]
            new.page, new.inclusion = None, level
        else:
            new = cast(GeneratedFile, GeneratedFile.generated(config, file.path, content=file.text, inclusion=level))
            if config.edit_uri:
                new.edit_uri = paths.edit_uri(file.source)
        generated.append(new)
        now[file.path] = (file, new)
    if made is not None:
        made.clear()
        made.update(now)
    return generated


def cards_by_url(cards: dict[str, Card], generated: list[GeneratedFile], root: str) -> dict[str, Card]:
    """Each entry's search hit (`render.search.search_cards`), by its page's address (as the
    search index names it)."""
    urls = {page.src_uri: page.url for page in generated}
    return {urls[root + path]: card for path, card in cards.items()}


def revision_dates(site_files: Iterable[SiteFile], config: Any, changed: dict[Path, int],
                   paths: Paths) -> dict[str, int]:
    """Each generated page's revision date (src_uri → seconds since the epoch): its YAML
    file's last commit (`changed`), or the data's. mkdocs-git-revision-date-localized dates
    a generated page by the first timestamp it finds for it in `generated_timestamps` (else the
    clock), so it is given these."""
    latest = max(changed.values(), default=None)
    dates = {}
    for file in site_files:
        date = changed.get(paths.of(file.source), latest) if file.source else latest
        if file.is_page and date is not None:
            dates[file.path] = date
    revision = config.plugins.get("git-revision-date-localized")
    if isinstance(getattr(revision, "generated_timestamps", None), dict):
        revision.generated_timestamps.update(dates)
    return dates


def day(seconds: int) -> str:
    """A revision date as the sitemap gives it."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d")


def nav_files(files: Files, config: Any) -> set[str]:
    """The built pages that are mkdocs-literate-nav's nav file (awesome-nav's `.nav.yml` is
    not Markdown, so never a page): no reader needs to reach them."""
    literate = config.plugins.get("literate-nav")
    name = getattr(getattr(literate, "config", None), "nav_file", None)
    return {f.dest_uri for f in files if name and f.is_documentation_page() and Path(f.src_uri).name == name}


def index_in_nav(src_uri: str, meta: dict, pages: list[Page]) -> Page | None:
    """The nav's page that a generated page's `kb_index` names, relative to the page, if the
    site's nav lists it: entries are never in the nav (DESIGN.md), so Material would mark none
    active while one renders."""
    target = meta.get("kb_index")
    if not isinstance(target, str):
        return None
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))
    return next((p for p in pages if p.file.src_uri == uri), None)

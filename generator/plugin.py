"""The `kb` MkDocs plugin: the generated site becomes virtual files. Nothing touches docs/.

    plugins:
      - kb:
          data: data          # the knowledge base, relative to mkdocs.yml
          pdf: true           # kb build also writes downloads/<name>.pdf
          offline: true       # kb build also writes downloads/<name>-offline.zip
          prefix: kb          # mount the knowledge base under kb/ (default: it owns the root)

`kb build` hands the plugin a knowledge base it has already loaded and checked, so one
load serves the site, the offline edition and the PDF; plain `mkdocs build` and
`mkdocs serve` load it here, and `serve` watches the data folder.

Each generated page carries its YAML file's last commit as its revision date (the sitemap's
`lastmod`, and what mkdocs-git-revision-date-localized shows); pages drawn from many files
carry the data's last commit.

The plugin also brings the generator's theme overrides (site_overrides/, package data):
they sit under the site's own `custom_dir`, if it has one, and over Material.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import sys
from pathlib import Path
from typing import cast

from markupsafe import escape
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.domain import read_kb_yaml
from generator.errors import CheckFailed
from generator.graph import KnowledgeBase
from generator.pipeline import Options, Session, data_dates, knowledge_base, render_site
from generator.preview import GeneratedFile, Preview
from generator.problems import report
from generator.publish.search import shape_search_index
from generator.render.search import Card, search_cards
from generator.render.site import mount_prefix

THEME = Path(__file__).parent / "site_overrides"
TAGS = ("tags", "material/tags")
"""Material's tags plugin, which fills the Tags page, by the names a site may list it under."""


MARKDOWN = ("tables", "md_in_html")
"""Markdown extensions the generated pages need: tables, and Markdown inside their HTML blocks
(the fact box, the map, the edition line); added to a site's own list when it lacks them."""


class KbConfig(Config):
    """The plugin's options in mkdocs.yml."""

    data_ = c.Type(str, default="data")
    """`data`: the data folder, relative to mkdocs.yml. MkDocs drops an option attribute's
    trailing underscore from its key, so the option is `data` while the dict's own `data`
    (every Config is a dict) stays unshadowed."""
    pdf = c.Type(bool, default=True)
    """Whether `kb build` makes the PDF."""
    offline = c.Type(bool, default=True)
    """Whether `kb build` makes the offline zip."""
    prefix = c.Type(str, default="")
    """The folder the knowledge base is mounted under inside a site of its own (default: the root)."""


class KbPlugin(BasePlugin[KbConfig]):

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        """Set by `kb build`: the knowledge base it loaded and checked once for every edition."""
        self.downloads: tuple[str, ...] = ()
        """What `kb build` adds after MkDocs (`pdf`, `zip`); plain `mkdocs build` adds neither."""
        self.preview: Preview | None = None
        """Set while serving: what carries over from one rebuild to the next."""
        self.dirty = False
        """`--dirty`: rebuild only what changed (make serve asks for it)."""
        self.root = ""
        """Where the knowledge base is mounted: "" (the root) or a folder such as `kb/`."""
        self.tags = True
        """Whether the site has Material's tags plugin, and so a Tags page."""
        self.dates: dict[str, int] = {}
        """Generated page (src_uri) → its revision date, in seconds since the epoch."""
        self.nav_files: set[str] = set()
        """Built pages that are a nav plugin's nav file (dest_uri): no reader needs to reach them."""
        self.cards: dict[str, Card] = {}
        """Each entry's search hit, by its page's address (as the search index names it)."""
        self.active_index: Page | None = None
        """The nav's page marked active for the entry page rendering now: its type's index."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = Preview() if command == "serve" else None
        self.dirty = dirty

    def data_dir(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config.data_

    def on_config(self, config):
        """Put the generator's theme overrides between the site's custom_dir and Material
        (without a repository there is nothing to edit); note where the knowledge base is
        mounted and whether the site has a Tags page."""
        dirs = config.theme.dirs
        if str(THEME) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        if not config.repo_url:  # repo_url: !ENV KB_REPO_URL, unset: no repository, so no edit links
            config.edit_uri = None
        self.root = mount_prefix(self.config.prefix)
        if self.config.prefix.startswith("/") or {"", ".", ".."} & set(self.root.split("/")[:-1]):
            raise PluginError(f"kb: prefix {self.config.prefix!r} must be a folder inside docs_dir, such as kb")
        config.extra["kb_root"] = self.root  # the theme's feed link
        for extension in MARKDOWN:  # what the generated pages are written in, whatever the site lists
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        self._take_identity(config)
        self.tags = any(name in config.plugins for name in TAGS)
        if not self.tags:  # not MkDocs' log: strict mode would count it
            print("kb: no Tags page, as this site has no tags plugin; add `- tags` under plugins: in "
                  f"{Path(config.config_file_path).name} for one", file=sys.stderr, flush=True)
        return config

    def _take_identity(self, config) -> None:
        """A site the knowledge base owns (no prefix) is named and described by its kb.yaml,
        so the two never disagree and a data folder built with another configuration keeps
        its own identity. Contributor text: escaped here, as the theme prints these raw."""
        if self.root:
            return  # a section of someone else's site: the site keeps its own name
        title: object
        description: object
        if self.kb:
            title, description = self.kb.info.title, self.kb.info.description
        else:
            data = read_kb_yaml(self.data_dir(config))
            data = data if isinstance(data, dict) else {}
            title, description = data.get("title"), data.get("description")
        if isinstance(title, str) and title.strip():
            config.site_name = escape(title.strip())
        if isinstance(description, str) and description.strip():
            config.site_description = escape(" ".join(description.split()))

    def on_serve(self, server, config, builder):
        """`mkdocs serve` rebuilds when a data file or one of the generator's templates changes."""
        server.watch(str(self.data_dir(config)))
        server.watch(str(Path(__file__).parent / "templates"))
        return server

    def on_files(self, files: Files, config) -> Files:
        docs = Path(config.docs_dir)
        taken = {f.src_uri: f"docs/{f.src_uri}" for f in files
                 if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)}
        preview = self.preview
        mounted = {path.removeprefix(self.root) for path in taken if path.startswith(self.root)}
        options = Options(self.downloads, config.site_url or "", config.use_directory_urls,
                          tuple(sorted(taken.items())), self.root, self.tags)
        try:
            if preview:  # the last good pages while the data has errors, the problems on each
                if preview.session is None or preview.session.data_dir != self.data_dir(config):
                    preview.session = Session(self.data_dir(config))
                site, problems = preview.build(options, mounted)
            else:
                kb = self.kb or knowledge_base(self.data_dir(config), mounted, history=True)
                site, problems = render_site(kb, **options.arguments()), []
        except CheckFailed as failed:
            message = f"The knowledge base has errors; fix them and build again:\n{report(failed.problems)}"
            raise Abort(message) from None
        config.extra["kb_problems"] = problems
        generated: list[GeneratedFile] = []
        for file in site.files.values():
            level = InclusionLevel.UNDEFINED if file.in_nav or not file.is_page else InclusionLevel.NOT_IN_NAV
            generated.append(cast(GeneratedFile, GeneratedFile.generated(config, file.path, content=file.text,
                                                                         inclusion=level)))
            if config.edit_uri:
                generated[-1].edit_uri = _edit_uri(file.source, Path(config.config_file_path).parent, config.docs_dir)
        if preview and self.dirty:  # `mkdocs serve --dirty`: rebuild only what this save changed
            preview.mark(generated)
            preview.forget_search_entries(config.plugins)
        for page in generated:
            files.append(page)
        urls = {page.src_uri: page.url for page in generated}
        self.cards = {urls[self.root + path]: card for path, card in search_cards(site.kb).items()}
        self._date_pages(site.files.values(), config)
        self.nav_files = _nav_files(files, config)
        return files

    def _date_pages(self, site_files, config) -> None:
        """Each generated page's revision date: its YAML file's last commit, or the data's.
        mkdocs-git-revision-date-localized dates a generated page by the first timestamp it
        finds for it in `generated_timestamps` (else the clock), so it is given these."""
        changed = data_dates(self.data_dir(config))
        latest = max(changed.values(), default=None)
        self.dates = {}
        for file in site_files:
            date = changed.get(Path(file.source).resolve(), latest) if file.source else latest
            if file.is_page and date is not None:
                self.dates[file.path] = date
        revision_dates = config.plugins.get("git-revision-date-localized")
        if isinstance(getattr(revision_dates, "generated_timestamps", None), dict):
            revision_dates.generated_timestamps.update(self.dates)

    def on_pre_page(self, page, *, config, files):
        """The page's revision date, for the sitemap (MkDocs gives every page the build date)."""
        if page.file.src_uri in self.dates:
            page.update_date = dt.datetime.fromtimestamp(self.dates[page.file.src_uri], dt.UTC).strftime("%Y-%m-%d")
        return page

    def on_page_context(self, context, *, page, config, nav):
        """While an entry's page renders, the index its front matter names (`kb_index`) is the
        nav's active item: entries are never in the nav (DESIGN.md), so Material would mark none."""
        self.active_index = _index_in_nav(page.file.src_uri, page.meta, nav.pages)
        if self.active_index:
            self.active_index.active = True  # and its sections, as MkDocs does for the page itself
        return context

    def on_post_page(self, output, *, page, config):
        if self.active_index:
            self.active_index.active = False
            self.active_index = None
        return output

    @event_priority(-100)  # after search has written its index
    def on_post_build(self, config) -> None:
        """Complete the search index (a dirty rebuild's kept entries), then give each entry's
        hit its card: the index, as written, is always Material's own."""
        if self.preview and self.dirty:
            self.preview.complete_search_index(config.plugins, config.site_dir)
        shape_search_index(Path(config.site_dir), self.cards)


def _nav_files(files: Files, config) -> set[str]:
    """The built pages that are mkdocs-literate-nav's nav file (awesome-nav's `.nav.yml` is
    not Markdown, so never a page)."""
    literate = config.plugins.get("literate-nav")
    name = getattr(getattr(literate, "config", None), "nav_file", None)
    return {f.dest_uri for f in files if name and f.is_documentation_page() and Path(f.src_uri).name == name}


def _index_in_nav(src_uri: str, meta: dict, pages: list[Page]) -> Page | None:
    """The nav's page that a generated page's `kb_index` names, relative to the page, if the
    site's nav lists it."""
    target = meta.get("kb_index")
    if not isinstance(target, str):
        return None
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), target))
    return next((p for p in pages if p.file.src_uri == uri), None)


def _edit_uri(source: str | None, root: Path, docs_dir: str) -> str | None:
    """The YAML file behind a page, relative to docs/ (edit links are built from docs/)."""
    if source is None:
        return None
    path = Path(source).resolve()
    if not path.is_relative_to(root.resolve()):
        return None  # data outside the repository has nowhere to edit
    return os.path.relpath(path, docs_dir).replace(os.sep, "/")

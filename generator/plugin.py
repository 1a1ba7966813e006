"""The `kb` MkDocs plugin: the generated site becomes virtual files. Nothing touches docs/.

    plugins:
      - kb:
          data: data          # the knowledge base, relative to mkdocs.yml
          pdf: true           # kb build also writes downloads/<name>.pdf
          offline: true       # kb build also writes downloads/<name>-offline.zip
          prefix: kb          # mount the knowledge base under kb/ (default: it owns the root)

`kb build` hands the plugin a knowledge base it has already loaded and checked, so one
load serves the site, the offline edition and the PDF; plain `mkdocs build` and
`mkdocs serve` load it here, and `serve` watches the data folder. A thin adapter: what it
does to MkDocs' objects is `mkdocs_files.py`'s, what a preview carries between saves is
`preview.py`'s, and the site is the pipeline's.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import mkdocs_files as m
from generator.errors import CheckFailed
from generator.graph import KnowledgeBase
from generator.history import data_dates
from generator.memory import settle
from generator.pipeline import Session, knowledge_base, render_site
from generator.preview import Preview
from generator.problems import report
from generator.publish.search import shape_search_index
from generator.render.search import Card, search_cards


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
        self.mount = m.Mount()
        self.root = ""
        """Where the knowledge base is mounted: "" (the root) or a folder such as `kb/`."""
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
        self.mount = m.configure(config, self.config.prefix, self.data_dir(config), self.kb)
        self.root = self.mount.root
        return config

    def on_serve(self, server, config, builder):
        """`mkdocs serve` rebuilds when a data file or one of the generator's templates changes.
        The first build is done: what it loaded and keeps leaves later collections."""
        server.watch(str(self.data_dir(config)))
        server.watch(str(Path(__file__).parent / "templates"))
        settle()
        return server

    def on_files(self, files: Files, config) -> Files:
        data, preview = self.data_dir(config), self.preview
        options, mounted = m.site_options(files, config, self.downloads, self.mount)
        try:  # a preview shows the last good pages while the data has errors, the problems on each
            site, problems = (preview.build(data, Session, options, mounted) if preview else
                              (render_site(self.kb or knowledge_base(data, mounted, history=True),
                                           **options.arguments()), []))
        except CheckFailed as failed:
            message = f"The knowledge base has errors; fix them and build again:\n{report(failed.problems)}"
            raise Abort(message) from None
        config.extra["kb_problems"] = problems
        root = Path(config.config_file_path).parent  # the repository's edit links reach no further
        paths = preview.paths_of(root, config.docs_dir) if preview else m.Paths(root, config.docs_dir)
        generated = m.virtual_files(config, site.files.values(), paths, preview.made_for(config) if preview else None)
        if preview and self.dirty:  # `mkdocs serve --dirty`: rebuild only what this save changed
            preview.mark(generated)
            preview.forget_search_entries(config.plugins)
        for file in generated:
            files.append(file)
        cards = preview.search_cards(site.kb) if preview else search_cards(site.kb)
        self.cards = m.cards_by_url(cards, generated, self.root)
        dates = preview.data_dates(data) if preview else data_dates(data)
        self.dates = m.revision_dates(site.files.values(), config, dates, paths)
        self.nav_files = m.nav_files(files, config)
        return files

    @event_priority(110)  # before any plugin renders a template: Material's tags plugin does at "first" (100)
    def on_env(self, env, *, config, files):
        """While serving, the theme's templates are compiled once, not on every rebuild."""
        if self.preview:
            env.bytecode_cache = self.preview.templates
        return env

    def on_pre_page(self, page, *, config, files):
        """The page's revision date, for the sitemap (MkDocs gives every page the build date)."""
        if page.file.src_uri in self.dates:
            page.update_date = m.day(self.dates[page.file.src_uri])
        return page

    def on_page_context(self, context, *, page, config, nav):
        """While an entry's page renders, the index its front matter names is the nav's active item."""
        self.active_index = m.index_in_nav(page.file.src_uri, page.meta, nav.pages)
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
        complete = partial(self.preview.complete_search_index, config.plugins) if self.preview and self.dirty else None
        shape_search_index(Path(config.site_dir), self.cards, complete)

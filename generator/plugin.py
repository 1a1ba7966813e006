"""The `kb` MkDocs plugin: the generated site becomes virtual files. Nothing touches docs/.

    plugins:
      - kb:
          data: data          # the knowledge base, relative to mkdocs.yml
          pdf: true           # kb build also writes downloads/<name>.pdf
          offline: true       # kb build also writes downloads/<name>-offline.zip

`kb build` hands the plugin a knowledge base it has already loaded and checked, so one
load serves the site, the offline edition and the PDF; plain `mkdocs build` and
`mkdocs serve` load it here, and `serve` watches the data folder.

The plugin also brings the generator's theme overrides (site_overrides/, package data):
they sit under the site's own `custom_dir`, if it has one, and over Material.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel

from generator.errors import CheckFailed
from generator.graph.link import KnowledgeBase
from generator.pipeline import knowledge_base, render_site
from generator.preview import GeneratedFile, Preview
from generator.problems import report

THEME = Path(__file__).parent / "site_overrides"


class KbPlugin(BasePlugin):
    # A scheme rather than a Config class: an option named `data` would shadow the
    # `data` attribute of the dict every Config is.
    config_scheme = (("data", c.Type(str, default="data")), ("pdf", c.Type(bool, default=True)),
                     ("offline", c.Type(bool, default=True)))
    """`data`: the data folder, relative to mkdocs.yml; `pdf` and `offline`: whether
    `kb build` makes the PDF and the offline zip."""

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        """Set by `kb build`: the knowledge base it loaded and checked once for every edition."""
        self.downloads: tuple[str, ...] = ()
        """What `kb build` adds after MkDocs (`pdf`, `zip`); plain `mkdocs build` adds neither."""
        self.preview: Preview | None = None
        """Set while serving: what carries over from one rebuild to the next."""
        self.dirty = False
        """`--dirty`: rebuild only what changed (make serve asks for it)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = Preview() if command == "serve" else None
        self.dirty = dirty

    def data_dir(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config["data"]

    def on_config(self, config):
        """Put the generator's theme overrides between the site's custom_dir and Material;
        without a repository there is nothing to edit."""
        dirs = config.theme.dirs
        if str(THEME) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        if not config.repo_url:  # repo_url: !ENV KB_REPO_URL, unset: no repository, so no edit links
            config.edit_uri = None
        return config

    def on_serve(self, server, config, builder):
        """`mkdocs serve` rebuilds when a data file or one of the generator's templates changes."""
        server.watch(str(self.data_dir(config)))
        server.watch(str(Path(__file__).parent / "templates"))
        return server

    def on_files(self, files: Files, config) -> Files:
        docs = Path(config.docs_dir)
        taken = {f.src_uri: f"docs/{f.src_uri}" for f in files
                 if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs)}
        problems: list[str] = []
        preview = self.preview
        try:
            kb = self.kb or knowledge_base(self.data_dir(config), set(taken))
            site = render_site(kb, self.downloads, config.site_url or "", config.use_directory_urls, taken)
            if preview:
                preview.last_good = kb
        except CheckFailed as failed:
            message = f"The knowledge base has errors; fix them and build again:\n{report(failed.problems)}"
            if not (preview and preview.last_good):
                raise Abort(message) from None
            # The preview keeps running: the last good pages, every problem on each of them
            # (main.html) and in the terminal; the next save that fixes them rebuilds as usual.
            print(message, file=sys.stderr, flush=True)  # not MkDocs' log: strict mode would count it
            problems = [p.as_text() for p in sorted(failed.problems)]
            site = render_site(preview.last_good, self.downloads, config.site_url or "", config.use_directory_urls,
                               taken)
        config.extra["kb_problems"] = problems
        generated: list[GeneratedFile] = []
        for file in site.files.values():
            level = InclusionLevel.UNDEFINED if file.in_nav or not file.is_page else InclusionLevel.NOT_IN_NAV
            generated.append(cast(GeneratedFile, GeneratedFile.generated(config, file.path, content=file.text,
                                                                         inclusion=level)))
            if config.edit_uri:
                generated[-1].edit_uri = _edit_uri(file.source, Path(config.config_file_path).parent, config.docs_dir)
        if preview and self.dirty:  # `mkdocs serve --dirty`: rebuild only what this save changed
            preview.mark(generated, problems)
            preview.forget_search_entries(config.plugins)
        for page in generated:
            files.append(page)
        return files

    @event_priority(-100)  # after search has written its index
    def on_post_build(self, config) -> None:
        if self.preview and self.dirty:
            self.preview.complete_search_index(config.plugins, config.site_dir)


def _edit_uri(source: str | None, root: Path, docs_dir: str) -> str | None:
    """The YAML file behind a page, relative to docs/ (edit links are built from docs/)."""
    if source is None:
        return None
    path = Path(source).resolve()
    if not path.is_relative_to(root.resolve()):
        return None  # data outside the repository has nowhere to edit
    return os.path.relpath(path, docs_dir).replace(os.sep, "/")

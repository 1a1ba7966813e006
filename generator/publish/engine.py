"""What every engine shares, and MkDocs itself: the site's configuration read as MkDocs reads
it, the kb plugin found by its shape, what a build tells the steps after it (`Built`), and
MkDocs run in this process (strict) over a knowledge base already loaded.

ProperDocs runs this same function in a process of its own (publish/properdocs.py).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from generator.errors import KbError
from generator.graph import KnowledgeBase


@contextmanager
def _mkdocs_messages() -> Iterator[None]:
    """Show MkDocs' warnings and errors on stderr while it builds. The logger stays at
    WARNING or lower, so strict mode sees (and counts) every warning."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    before = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(min(logger.getEffectiveLevel(), logging.WARNING))
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before[0])
        logger.propagate = before[1]


@runtime_checkable
class Hosting(Protocol):
    """What building reads and sets on the site's kb plugin (`generator.plugin.KbPlugin`),
    named by its shape: a stage never imports the entry point that MkDocs loads."""

    kb: KnowledgeBase | None
    downloads: tuple[str, ...]
    root: str
    nav_files: set[str]
    config: Any
    """The plugin's options: `pdf`, `offline`, `prefix`."""


def site_config(config_file: Path, out: Path | None = None) -> tuple[MkDocsConfig, Hosting]:
    """The site's MkDocs configuration (strict) and its kb plugin, or one clear error."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner
    if not config_file.is_file():
        raise KbError(f"no MkDocs configuration at {config_file}; run from the site's folder or pass --config")
    try:
        config = load_config(str(config_file), strict=True, **({"site_dir": str(out)} if out else {}))
    except (ConfigurationError, Abort) as error:
        raise KbError(f"{config_file}: {error}") from None
    plugin = config.plugins.get("kb")
    if not isinstance(plugin, Hosting):
        raise KbError(f"{config_file} does not list the kb plugin; add it under plugins: (- kb)")
    return config, plugin


@dataclass(frozen=True)
class Built:
    """What the steps after MkDocs need to know of the site it built."""

    site_url: str
    home: str
    """The folder the knowledge base is mounted under: "" (the root) or such as `kb/`."""
    nav_files: frozenset[str]
    """Built pages that are a nav plugin's nav file, which no reader needs to reach."""


def run_mkdocs(config_file: Path, kb: KnowledgeBase | None, out: Path, downloads: tuple[str, ...] = (),
               data_dir: Path | None = None) -> Built:
    """MkDocs, strict, in this process, over the knowledge base already loaded (or, with none,
    the one the plugin loads from `data_dir`); `downloads` are the files added afterwards
    (listed on the Downloads page)."""
    with _mkdocs_messages():
        config, plugin = site_config(config_file, out)
        plugin.kb, plugin.downloads = kb, downloads
        if data_dir is not None:
            plugin.config.data_ = str(data_dir.resolve())  # absolute: joined to mkdocs.yml's folder, it stays itself
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        except Abort as error:
            raise KbError(f"mkdocs build failed: {error} The previous site was left untouched.") from None
        finally:
            config.plugins.on_shutdown()
            # MkDocs keeps plugin instances between configurations in one process: hand the
            # knowledge base back, so a later build or preview loads its own data.
            plugin.kb, plugin.downloads = None, ()
    return Built(config.site_url or "", plugin.root, frozenset(plugin.nav_files))


class Engine(Protocol):
    """Builds the pages of the site `config_file` describes into `out`, over the knowledge base
    already loaded; `downloads` are the files added afterwards (`pdf`, `zip`)."""

    def __call__(self, config_file: Path, kb: KnowledgeBase, out: Path, downloads: tuple[str, ...] = ()) -> Built:
        ...

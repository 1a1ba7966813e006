"""Building the published site: the pages (MkDocs) with the PDF (Typst, in a thread) beside
them, then the offline edition derived from the built pages, from one loaded knowledge base.

Everything is built into a temporary folder and swapped in only when all of it worked,
so a failure at any step leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urljoin, urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from generator.errors import KbError
from generator.graph import KnowledgeBase
from generator.publish.linkcheck import check_site
from generator.publish.offline import derive_offline, zip_name
from generator.publish.output import replace_dir
from generator.publish.pdf import data_revision, write_pdf
from generator.render.data import file_stem
from generator.render.site import mount_prefix

ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # fixed timestamps: the same site gives the same zip


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


def run_mkdocs(config_file: Path, kb: KnowledgeBase, out: Path, downloads: tuple[str, ...] = ()) -> Built:
    """MkDocs, strict, in this process, over the knowledge base already loaded; `downloads`
    are the files added afterwards (listed on the Downloads page)."""
    with _mkdocs_messages():
        config, plugin = site_config(config_file, out)
        plugin.kb, plugin.downloads = kb, downloads
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


def kb_url(config_file: Path) -> str:
    """The knowledge base's address on the published site: site_url and the plugin's prefix."""
    config, plugin = site_config(config_file)
    return urljoin(config.site_url, mount_prefix(plugin.config.prefix)) if config.site_url else ""


def build_offline(config: Path, kb: KnowledgeBase, out: Path) -> None:
    """Only the offline edition, as a folder: the site built into scratch space, then derived."""
    with tempfile.TemporaryDirectory(prefix="kb-site-") as scratch:
        site = Path(scratch) / "site"
        _offline_edition(site, out, run_mkdocs(config, kb, site), file_stem(kb))


def offline_zip_of(site: Path, scratch: Path, built: Built, stem: str) -> None:
    """Derive the offline edition of the built `site` in `scratch` and zip it to the
    knowledge base's downloads/<stem>-offline.zip."""
    _offline_edition(site, scratch, built, stem)
    zip_folder(scratch, site / built.home / "downloads" / zip_name(stem), stem)


def _offline_edition(site: Path, out: Path, built: Built, stem: str) -> None:
    """The offline edition of the built `site`, in `out`, checked as read from disk."""
    derive_offline(site, out, built.site_url, zip_name(stem), built.home)
    check_links(out, built, file_urls=True)


def zip_folder(folder: Path, target: Path, top: str) -> None:
    """Zip a folder under one top-level name, in sorted order with fixed timestamps."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def check_links(folder: Path, built: Built, file_urls: bool = False) -> None:
    """Refuse a build whose HTML has a broken link or anchor, or a page of the knowledge base
    no reader can reach. Absolute links under the path of site_url (404.html has them)
    resolve from the root; `file_urls`: the folder is read from disk, so no relative link
    may name a folder."""
    problems = check_site(folder, urlsplit(built.site_url).path or "/", file_urls, built.home, built.nav_files)
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        where = "the offline edition" if file_urls else "the built site"
        raise KbError(f"{len(problems)} link problem(s) in {where}:\n{shown}{more}")


def build_site(kb: KnowledgeBase, data_dir: Path, site_dir: Path, config: Path, *, pdf: bool = True,
               offline_zip: bool = True, say: Callable[[str], None] = print) -> None:
    """The pages with the PDF beside them, then the offline zip derived from the pages; swap
    the result in only if all of it succeeds."""
    stem = file_stem(kb)

    def fill(tmp: Path, scratch: Path) -> None:
        book = scratch / f"{stem}.pdf"
        revision = data_revision(data_dir)
        # Typst releases the GIL while it lays out pages, so the PDF costs MkDocs little.
        with _threaded(write_pdf if pdf else None, kb, book, revision, lambda m: say(f"  PDF: {m}")) as pdf_done:
            say("Building the site with MkDocs...")
            built = run_mkdocs(config, kb, tmp, tuple(n for n, on in (("pdf", pdf), ("zip", offline_zip)) if on))
            pdf_done()
        if pdf:
            shutil.move(book, tmp / built.home / "downloads" / book.name)
        if offline_zip:
            say("Deriving the offline edition...")
            offline_zip_of(tmp, scratch / stem, built, stem)
        say("Checking every link and anchor...")
        check_links(tmp, built)

    with tempfile.TemporaryDirectory(prefix="kb-build-") as scratch:
        replace_dir(site_dir, lambda tmp: fill(tmp, Path(scratch)))


@contextmanager
def _threaded(work: Callable[..., object] | None, *args: object) -> Iterator[Callable[[], None]]:
    """Run `work(*args)` in a thread while the block runs; waiting re-raises what it raised.
    Worth it for work that releases the GIL, as Typst does while it lays out pages."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            if work is not None:
                work(*args)
        except BaseException as error:  # handed to the waiting thread, which raises it
            failed.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if failed:
            raise failed[0]
    try:
        yield wait
    finally:
        thread.join()

"""Building the published site: the pages (by the engine chosen; MkDocs unless told) with the
PDF (Typst, in a thread) beside them, then the offline edition derived from the built pages,
from one loaded knowledge base.

Everything is built into a temporary folder and swapped in only when all of it worked,
so a failure at any step leaves the previous site as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from generator.errors import KbError
from generator.graph import KnowledgeBase
from generator.publish.engine import Built, Engine, Hosting, run_mkdocs, site_config

__all__ = ["Built", "Engine", "Hosting", "build_offline", "build_site", "kb_url", "run_mkdocs", "site_config"]
from generator.publish.linkcheck import check_site
from generator.publish.offline import derive_offline, zip_name
from generator.publish.output import replace_dir
from generator.publish.pdf import data_revision, write_pdf
from generator.render.data import file_stem
from generator.render.site import mount_prefix

ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # fixed timestamps: the same site gives the same zip


def kb_url(config_file: Path) -> str:
    """The knowledge base's address on the published site: site_url and the plugin's prefix."""
    config, plugin = site_config(config_file)
    return urljoin(config.site_url, mount_prefix(plugin.config.prefix)) if config.site_url else ""


def build_offline(config: Path, kb: KnowledgeBase, out: Path, engine: Engine = run_mkdocs) -> None:
    """Only the offline edition, as a folder: the site built into scratch space, then derived."""
    with tempfile.TemporaryDirectory(prefix="kb-site-") as scratch:
        site = Path(scratch) / "site"
        _offline_edition(site, out, engine(config, kb, site), file_stem(kb))


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
               offline_zip: bool = True, say: Callable[[str], None] = print, engine: Engine = run_mkdocs,
               engine_name: str = "MkDocs") -> None:
    """The pages with the PDF beside them, then the offline zip derived from the pages; swap
    the result in only if all of it succeeds."""
    stem = file_stem(kb)

    def fill(tmp: Path, scratch: Path) -> None:
        book = scratch / f"{stem}.pdf"
        revision = data_revision(data_dir)
        # Typst releases the GIL while it lays out pages, so the PDF costs MkDocs little.
        with _threaded(write_pdf if pdf else None, kb, book, revision, lambda m: say(f"  PDF: {m}")) as pdf_done:
            say(f"Building the site with {engine_name}...")
            built = engine(config, kb, tmp, tuple(n for n, on in (("pdf", pdf), ("zip", offline_zip)) if on))
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

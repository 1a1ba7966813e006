"""Building the published site: MkDocs for the pages, then the PDF and the offline zip.

Everything is built into a temporary folder and swapped in only when all of it worked,
so a failure at any step leaves the previous site as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.downloads import file_stem
from generator.errors import KbError
from generator.linkcheck import check_site
from generator.output import replace_dir
from generator.pdf import data_revision, write_pdf
from generator.link import KnowledgeBase

SHIM = Path("node_modules/iframe-worker/shim/index.js")
SHIM_IN_SITE = Path("assets/javascripts/iframe-worker-shim.js")
ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # fixed timestamps: the same site gives the same zip


def run_mkdocs(config: Path, data_dir: Path, out: Path, downloads: tuple[str, ...] = ()) -> None:
    """`mkdocs build --strict` of the data into `out`; `downloads` are added afterwards."""
    env = {**os.environ, "KB_DATA": str(data_dir.resolve()), "KB_DOWNLOADS": ",".join(downloads),
           "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(config), "--site-dir", str(out)]
    if subprocess.run(command, env=env).returncode != 0:
        raise KbError("mkdocs build failed (messages above); the previous site was left untouched")


def build_offline(config: Path, data_dir: Path, out: Path, with_pdf: bool = False) -> None:
    """The offline edition as a folder: relative .html links, inlined search, local shim."""
    offline_config = config.with_name("mkdocs.offline.yml")
    shim = config.parent / SHIM
    if not offline_config.is_file():
        raise KbError(f"no offline profile at {offline_config}")
    if not shim.is_file():
        raise KbError(f"missing {shim}: install the browser assets with `npm ci` (make setup does)")
    run_mkdocs(offline_config, data_dir, out, ("pdf",) if with_pdf else ())
    (out / SHIM_IN_SITE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shim, out / SHIM_IN_SITE)


def zip_folder(folder: Path, target: Path, top: str) -> None:
    """Zip a folder under one top-level name, in sorted order with fixed timestamps."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def site_base_path(config: Path) -> str:
    """The path part of site_url in mkdocs.yml ("/" when unset or unreadable)."""
    try:
        url = (yaml.safe_load(config.read_text("utf-8")) or {}).get("site_url") or ""
    except yaml.YAMLError:
        return "/"
    return urlsplit(url).path or "/"


def check_links(folder: Path, config: Path) -> None:
    """Refuse a build whose HTML has a broken link or anchor, or a page nobody links to."""
    problems = check_site(folder, site_base_path(config))
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise KbError(f"{len(problems)} link problem(s) in the built site:\n{shown}{more}")


def build_site(kb: KnowledgeBase, data_dir: Path, site_dir: Path, config: Path, *, pdf: bool = True,
               offline_zip: bool = True, say: Callable[[str], None] = print) -> None:
    """Pages, then the PDF, then the offline zip; swap the result in only if all succeed."""
    stem = file_stem(kb)

    def fill(tmp: Path) -> None:
        say("Building the site with MkDocs...")
        run_mkdocs(config, data_dir, tmp, tuple(name for name, on in (("pdf", pdf), ("zip", offline_zip)) if on))
        downloads = tmp / "downloads"
        if pdf:
            say("Building the PDF...")
            write_pdf(kb, downloads / f"{stem}.pdf", data_revision(data_dir), progress=lambda m: say(f"  {m}"))
        if offline_zip:
            say("Building the offline edition...")
            with tempfile.TemporaryDirectory(prefix="kb-offline-") as scratch:
                offline = Path(scratch) / stem
                build_offline(config, data_dir, offline, with_pdf=pdf)
                if pdf:
                    shutil.copyfile(downloads / f"{stem}.pdf", offline / "downloads" / f"{stem}.pdf")
                check_links(offline, config)
                zip_folder(offline, downloads / f"{stem}-offline.zip", stem)
        say("Checking every link and anchor...")
        check_links(tmp, config)

    replace_dir(site_dir, fill)

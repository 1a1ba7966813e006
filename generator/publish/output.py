"""Writing output safely: build into a fresh sibling folder, then swap it in.

A failed build removes only its own temporary folder, so the previous output stays
untouched, and nothing is ever written outside the chosen folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.errors import KbError
from generator.render.site import SiteFile


def replace_dir(target: Path, fill: Callable[[Path], None]) -> None:
    """Call `fill(tmp)` on an empty folder beside `target`; on success it becomes `target`."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_dir():
        raise KbError(f"{target} exists and is not a folder")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a published site must be readable
    try:
        fill(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def write_files(files: Iterable[SiteFile], out: Path) -> None:
    """Write generated files under `out`; refuse any path that would leave it."""
    root = out.resolve()
    for file in files:
        path = (root / file.path).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"path escapes the output folder: {file.path}")  # a bug, not user input
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.text, encoding="utf-8")

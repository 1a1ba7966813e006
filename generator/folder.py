"""The data folder: which files it consists of, what type of entry each holds (by its
folder), and all of them read (`load.load_file` reads one)."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

from generator.load import KB_FILE, Record, display_path, load_file
from generator.problems import Problem, did_you_mean, quote_list
from generator.registry import BY_FOLDER


def data_files(root: Path) -> list[Path]:
    """Every file the knowledge base consists of (hidden ones aside), in a stable order.

    Symbolic links are listed too (never followed), so the loader can refuse them."""
    return [Path(path) for _, path, _ in _walk(root)]


def _walk(root: Path) -> list[tuple[str, str, bool]]:
    """`data_files`, each as its path relative to `root` (in `/` form), its path, and whether
    it is a symbolic link; sorted by the first. One directory listing per folder, which tells
    folders, files and links apart on most file systems without a call per file: the preview
    walks the folder on every save. A folder that cannot be listed is passed over, as
    `os.walk` does."""
    found: list[tuple[str, str, bool]] = []
    folders = [(os.fspath(root), "")]
    while folders:
        folder, base = folders.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        folders.append((entry.path, f"{base}{entry.name}/"))
                    else:
                        found.append((base + entry.name, entry.path, entry.is_symlink()))
        except OSError:
            continue
    return sorted(found)


Read = Callable[[str, str, list[Problem], str], Record]
"""Reads one data file (by its path) into a record (`load_file`; the preview's reuses unchanged ones)."""


def load_folder(root: Path, read: Read | None = None) -> tuple[list[Record], list[Problem]]:
    """Read and parse every file; return the records that parsed and every problem."""
    records: list[Record] = []
    problems: list[Problem] = []
    shown_root = display_path(root)
    if not root.is_dir():
        problems.append(Problem(shown_root, 1, 1, "error", "data folder not found"))
        return records, problems
    folders: dict[str, bool] = {}  # each folder resolved once: its files are not links
    for rel, path, link in _walk(root):
        shown = f"{shown_root}/{rel}" if shown_root != "." else rel
        if not _inside(path, link, root, folders, shown, problems):
            continue
        kind = _file_type(rel, shown, problems)
        if kind is None:
            continue
        records.append((read or _load)(path, kind, problems, shown))
    return records, problems


def _load(path: str, kind: str, problems: list[Problem], shown: str) -> Record:
    return load_file(Path(path), kind, problems, shown)


def _inside(path: str, link: bool, root: Path, folders: dict[str, bool], shown: str,
            problems: list[Problem]) -> bool:
    """Refuse a symbolic link (a pull request could point one at any file on the machine
    that builds it), and anything else that resolves outside the data folder (`root`).
    `folders`: whether each folder seen so far resolves inside it."""
    if link:
        problems.append(Problem(shown, 1, 1, "error", "is a symbolic link; data files must be "
                                "regular files inside the data folder (copy the file here instead)"))
        return False
    folder = os.path.dirname(path)
    if folder not in folders:
        folders[folder] = Path(folder).resolve().is_relative_to(root.resolve())
    if not folders[folder]:
        problems.append(Problem(shown, 1, 1, "error", "resolves outside the data folder; move it inside"))
        return False
    return True


def _file_type(rel: str, shown: str, problems: list[Problem]) -> str | None:
    """The entity type a file's place implies (`rel`: its path in the data folder, in `/`
    form), or None (with a problem) if it has none."""
    if rel == KB_FILE:
        return "kb"
    parts = rel.split("/")
    stem, suffix = posixpath.splitext(parts[-1])
    if suffix.lower() in (".yaml", ".yml") and suffix != ".yaml":
        name = KB_FILE if rel.lower() == KB_FILE else f"{stem}.yaml"
        problems.append(Problem(shown, 1, 1, "error", f"rename to '{name}': data files end in .yaml, in lower case"))
        return None
    if suffix != ".yaml":
        return None  # READMEs, images and the like are not data
    if len(parts) != 2 or parts[0] not in BY_FOLDER:
        folder = parts[0] if len(parts) > 1 else "."
        hint = did_you_mean(folder, BY_FOLDER)
        problems.append(Problem(
            shown, 1, 1, "error",
            f"file is in folder '{folder}', expected one of {quote_list(BY_FOLDER)}{hint}",
        ))
        return None
    return BY_FOLDER[parts[0]].name

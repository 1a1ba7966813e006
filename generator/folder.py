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
    return [path for _, path in _walk(root)]


def _walk(root: Path) -> list[tuple[str, Path]]:
    """`data_files` with each file's path relative to `root` (in `/` form), sorted by it."""
    found = []
    top = os.fspath(root)
    for folder, dirs, files in os.walk(top):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        linked = [d for d in dirs if os.path.islink(os.path.join(folder, d))]  # os.walk lists, never enters them
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        base = "" if rel == "." else rel + "/"
        found += [(base + name, Path(folder, name)) for name in (*files, *linked) if not name.startswith(".")]
    return sorted(found, key=lambda item: item[0])


Read = Callable[[Path, str, list[Problem], str], Record]
"""Reads one data file into a record (`load_file`; the preview's reuses unchanged ones)."""


def load_folder(root: Path, read: Read | None = None) -> tuple[list[Record], list[Problem]]:
    """Read and parse every file; return the records that parsed and every problem."""
    records: list[Record] = []
    problems: list[Problem] = []
    shown_root = display_path(root)
    if not root.is_dir():
        problems.append(Problem(shown_root, 1, 1, "error", "data folder not found"))
        return records, problems
    folders: dict[str, bool] = {}  # each folder resolved once: its files are not links
    for rel, path in _walk(root):
        shown = f"{shown_root}/{rel}" if shown_root != "." else rel
        if not _inside(path, root, folders, shown, problems):
            continue
        kind = _file_type(rel, shown, problems)
        if kind is None:
            continue
        records.append((read or load_file)(path, kind, problems, shown))
    return records, problems


def _inside(path: Path, root: Path, folders: dict[str, bool], shown: str, problems: list[Problem]) -> bool:
    """Refuse a symbolic link (a pull request could point one at any file on the machine
    that builds it), and anything else that resolves outside the data folder (`root`).
    `folders`: whether each folder seen so far resolves inside it."""
    if path.is_symlink():
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

"""`kb init DIR`: a new knowledge-base repository that checks, builds and publishes at once.

The starter lives in generator/starter/: files ending in `.j2` are rendered (title, date,
the generator's own requirement line, the entity types' names), the rest are copied. Names that package data cannot
carry with a leading dot (`gitignore`, `github/`) get it back here. The new folder becomes a
git repository on `main`, with a first commit when git knows who is committing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata, resources
from importlib.abc import Traversable
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from generator.domain import refresh_schemas
from generator.errors import KbError
from generator.registry import TYPES
from generator.render.markup import yaml_string

DIST = "kb-atlas"
"""The generator's distribution name on PyPI (the import package stays `generator`)."""
DOTTED = {"gitignore": ".gitignore", "github": ".github"}
FIRST_COMMIT = "Start the knowledge base (kb init)"


@dataclass(frozen=True)
class Pin:
    """The requirement line that installs this generator, and a note when others cannot install it."""

    line: str
    """What requirements.txt asks pip for."""
    note: str = ""
    """Why `line` may not install elsewhere and what to put there instead; empty when it will."""


def home() -> str:
    """The generator's home page, as its package metadata says."""
    try:
        urls = metadata.metadata(DIST).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    return next((u.split(", ", 1)[1] for u in urls if u.lower().startswith("homepage")),
                f"https://pypi.org/project/{DIST}/")


def requirement() -> Pin:
    """Read the line that installs this very generator from its install record (PEP 610)."""
    try:
        dist = metadata.distribution(DIST)
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return pin(None, None)
    return pin(dist.version, dist.read_text("direct_url.json"))


def pin(version: str | None, direct_url: str | None) -> Pin:
    """Choose the line from the version and `direct_url.json` (None: installed from an index)."""
    released = f"{DIST}=={version}" if version else DIST
    if version and direct_url is None:
        return Pin(released)
    record = json.loads(direct_url or "{}")
    url = record.get("url", "")
    if vcs := record.get("vcs_info"):
        subdirectory = f"#subdirectory={record['subdirectory']}" if record.get("subdirectory") else ""
        return Pin(f"{DIST} @ {vcs['vcs']}+{url}@{vcs['commit_id']}{subdirectory}")
    if "archive_info" in record and not url.startswith("file:"):
        return Pin(f"{DIST} @ {url}")
    if not record:
        where = "a checkout that is not installed as a package"
    elif record.get("dir_info", {}).get("editable"):
        where = f"an editable install of {url}"
    else:
        where = f"{url}, a file on this machine"
    return Pin(released, f"The generator came from {where}, which no one else can install: replace"
                         f" `{released}` in requirements.txt with a released version on an index"
                         f" (`{DIST}==X`) or a commit (`{DIST} @ git+URL@COMMIT`).")


def init(target: Path, title: str, today: dt.date, install: Pin) -> list[Path]:
    """Write the starter into `target` (new or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise KbError(f"{target} already exists and is not an empty folder; choose a new one")
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["yaml"] = yaml_string
    context = {"title": title, "today": today.isoformat(), "requirement": install.line,
               "note": install.note, "dist": DIST, "home": home(), "types": [t.name for t in TYPES]}
    written: list[Path] = []
    for source, relative in _walk(resources.files("generator").joinpath("starter"), ()):
        path = target.joinpath(*(DOTTED.get(part, part) for part in relative))
        text = source.read_text("utf-8")
        if path.suffix == ".j2":
            path, text = path.with_suffix(""), env.from_string(text).render(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)
    written += refresh_schemas(target / "data")  # what the starter's $schema lines name
    return sorted(written)


def first_commit(target: Path) -> str:
    """Make `target` a git repository on `main`, committed when git knows the author; say what was done."""
    if shutil.which("git") is None:
        return "git was not found, so the folder is no git repository yet: install git, then run" \
               " `git init --initial-branch=main && git add --all && git commit`."
    made = _git(target, "init", "--quiet", "--initial-branch=main")
    if made.returncode:
        return f"git init failed ({_first_line(made.stderr)}); the files are written, not yet in git."
    added = _git(target, "add", "--all")
    if added.returncode:
        return f"Made a git repository on branch main, without a commit: git add failed ({_first_line(added.stderr)})."
    # useConfigOnly: never commit under a name git guessed from the host
    commit = _git(target, "-c", "user.useConfigOnly=true", "commit", "--quiet", "--message", FIRST_COMMIT)
    if commit.returncode:
        return f"Made a git repository on branch main, without a commit ({_first_line(commit.stderr)}): set" \
               " `git config --global user.name` and `user.email`, then run" \
               f" `git commit --message \"{FIRST_COMMIT}\"` in it."
    return "Made it a git repository on branch main, with everything in a first commit."


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no message")


def _walk(folder: Traversable, relative: tuple[str, ...]):
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name == "__pycache__":
            continue
        if item.is_dir():
            yield from _walk(item, (*relative, item.name))
        else:
            yield item, (*relative, item.name)

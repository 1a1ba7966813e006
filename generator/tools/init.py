"""`kb init DIR`: a new knowledge-base repository that checks, builds and publishes at once.

The starter lives in generator/starter/: files ending in `.j2` are rendered (title, date,
the generator's own requirement line), the rest are copied. Names that package data cannot
carry with a leading dot (`gitignore`, `github/`) get it back here.
"""

from __future__ import annotations

import datetime as dt
from importlib import metadata, resources
from importlib.abc import Traversable
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from generator.errors import KbError
from generator.render.markup import yaml_string

DIST = "kb-atlas"
"""The generator's distribution name on PyPI (the import package stays `generator`)."""
DOTTED = {"gitignore": ".gitignore", "github": ".github"}


def home() -> str:
    """The generator's home page, as its package metadata says."""
    try:
        urls = metadata.metadata(DIST).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    return next((u.split(", ", 1)[1] for u in urls if u.lower().startswith("homepage")),
                f"https://pypi.org/project/{DIST}/")


def requirement() -> str:
    """The line that installs this very generator: its name and version."""
    try:
        return f"{DIST}=={metadata.version(DIST)}"
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return DIST


def init(target: Path, title: str, today: dt.date) -> list[Path]:
    """Write the starter into `target` (new or empty); return the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise KbError(f"{target} already exists and is not an empty folder; choose a new one")
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["yaml"] = yaml_string
    context = {"title": title, "today": today.isoformat(), "requirement": requirement(), "dist": DIST, "home": home()}
    written: list[Path] = []
    for source, relative in _walk(resources.files("generator").joinpath("starter"), ()):
        path = target.joinpath(*(DOTTED.get(part, part) for part in relative))
        text = source.read_text("utf-8")
        if path.suffix == ".j2":
            path, text = path.with_suffix(""), env.from_string(text).render(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)
    return sorted(written)


def _walk(folder: Traversable, relative: tuple[str, ...]):
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name == "__pycache__":
            continue
        if item.is_dir():
            yield from _walk(item, (*relative, item.name))
        else:
            yield item, (*relative, item.name)

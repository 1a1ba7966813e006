"""The generated site as one map: output path → file. Two claims on one path are an error."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.errors import CheckFailed
from generator.problems import Problem


@dataclass(frozen=True)
class SiteFile:
    """One generated file: a Markdown page for MkDocs, or a file beside the pages
    (a redirect, a download, the feed)."""

    path: str
    """Docs-relative path, e.g. `sectors/regional-hospitals.md` or `downloads/changes.xml`."""
    text: str
    source: str | None = None
    """The YAML file behind it, for "Edit this page" and for messages."""
    in_nav: bool = True
    """Entity pages stay out of the navigation (Material renders the nav into every page)."""

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")


@dataclass(frozen=True)
class JsonParts:
    """The JSON download's largest parts as its text writes them, for the next render of
    changed data to reuse (the preview: `render.affected.kept_files` keeps those that hold)."""

    entities: Mapping[str, str] = field(default_factory=dict)
    """Each entry's record, by id."""
    links: str = ""
    """Every link ("" for none kept)."""


@dataclass(frozen=True)
class Kept:
    """Files rendered before from data whose change cannot alter them, taken as they are (the
    preview, `render.affected`): entry pages by id, every other file by its unmounted path."""

    entries: Mapping[str, SiteFile] = field(default_factory=dict)
    files: Mapping[str, SiteFile] = field(default_factory=dict)
    json: JsonParts = field(default_factory=JsonParts)


TAGS_PLUGINS = ("tags", "material/tags")
"""Material's tags plugin, which fills the Tags page (`Options.tags`), by the names a site may
list it under."""
GLOSSARY = "glossary.md"
"""The knowledge base's words and what it does not cover (kb.yaml's `glossary`, `not_covered`)."""
ASSESS = "assess/index.md"
"""The assessment page."""


def index_path(folder: str) -> str:
    """A type's index page, by the type's folder."""
    return f"{folder}/index.md"


def csv_path(folder: str) -> str:
    """A type's CSV download, by the type's folder."""
    return f"downloads/{folder}.csv"


@dataclass(frozen=True)
class Options:
    """How the site is rendered (`pipeline.render_site`'s arguments after the knowledge base)."""

    downloads: tuple[str, ...] = ("pdf", "zip")
    site_url: str = ""
    use_directory_urls: bool = True
    taken: tuple[tuple[str, str], ...] = ()
    """Hand-written pages no generated file may replace: (path, its file)."""
    prefix: str = ""
    tags: bool = True

    def arguments(self) -> dict[str, Any]:
        """As `render_site`'s keyword arguments."""
        return {"downloads": self.downloads, "site_url": self.site_url, "use_directory_urls": self.use_directory_urls,
                "taken": dict(self.taken), "prefix": self.prefix, "tags": self.tags}


def mount_prefix(prefix: str) -> str:
    """The plugin's `prefix` as a docs-relative folder (`kb` → `kb/`), or "" for the root."""
    return prefix.strip("/") + "/" if prefix.strip("/") else ""


def assemble(files: Iterable[SiteFile], taken: dict[str, str] | None = None) -> dict[str, SiteFile]:
    """The files by path; raise CheckFailed if two of them (or one of them and a hand-written
    page in `taken`, path → its file) claim the same path. `kb check` refuses these cases
    at their line first; this is the guarantee behind it."""
    site: dict[str, SiteFile] = {}
    problems = []
    for file in files:
        other = site[file.path].source or "a generated page" if file.path in site else (taken or {}).get(file.path)
        if other and not file.source and file.path not in site:  # a hand-written page where a page of its own goes
            problems.append(Problem(other, 1, 1, "error", f"the knowledge base writes {file.path} too; mount it in a "
                                    "folder of its own with the kb plugin's prefix option (such as `prefix: kb`)"))
        elif other:
            problems.append(Problem(file.source or file.path, 1, 1, "error",
                                    f"the page {file.path} is also written by {other}; rename one of them"))
        else:
            site[file.path] = file
    if problems:
        raise CheckFailed(problems)
    return site

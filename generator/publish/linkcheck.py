"""Post-build link integrity over the built HTML: every internal href and #anchor resolves,
and every page of the knowledge base can be reached from its home page (inside a site of
its own, from the site's home page to the knowledge base's and on from there).

MkDocs validates Markdown links; this checks what a reader actually gets, including raw
HTML links (downloads, the SVG overview) and pages added after MkDocs ran.
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    """href/src values of a, link and script elements (SVG links included)."""
    redirect: bool = False


_HIDDEN = re.compile(r"<!--.*?-->|(<(?:script|style)\b[^>]*>).*?</(?:script|style)\s*>", re.S | re.I)
"""Comments, and the text of scripts and styles: no tags in there (their own start tag stays)."""
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)(\s[^<>]*?\b(?:id|name|href|src|http-equiv)\s*=[^<>]*)>", re.I)
"""A start tag with an attribute worth collecting; most carry only a class and are skipped."""
VALUE = r"""(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"""
"""An attribute's value as HTML allows it: in double quotes, single quotes or none."""
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*=\s*""" + VALUE)
_LINKING = ("a", "link", "script", "img")


def _scan(html: str) -> _Page:
    """The ids, links and redirect of one built page. A scan of its start tags rather than a
    full HTML parse: the pages are MkDocs' own output, and html.parser made the check of a
    1,000-entry site take longer than a third of its MkDocs build."""
    page = _Page()
    for match in _START_TAG.finditer(_HIDDEN.sub(lambda m: m[1] or "", html)):
        tag, attributes = match[1].lower(), match[2]
        values = {}
        for name, double, single, bare in _ATTRIBUTE.findall(attributes):
            value = double or single or bare
            values[name.lower()] = unescape(value) if "&" in value else value
        if values.get("id"):
            page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            page.ids.add(values["name"])
        if tag in _LINKING:
            page.links += [values[attr] for attr in ("href", "src") if values.get(attr)]
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            page.redirect = True
    return page


def _parse(path: Path) -> _Page:
    return _scan(path.read_text("utf-8", errors="replace"))


def _internal(href: str) -> bool:
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and not href.startswith("//")


def check_site(root: Path, base_path: str = "/", file_urls: bool = False, home: str = "",
               not_pages: frozenset[str] = frozenset()) -> list[str]:
    """Every broken internal link or anchor, and every page of the knowledge base (under the
    folder `home`, "" for the whole site) not reachable from its home page.

    `base_path` is the path part of site_url: absolute links under it (404.html uses
    them, as it is served at any depth) are resolved from the site's root. `file_urls`:
    the site is read from disk, where a relative link to a folder shows no page.
    `not_pages`: built files no reader needs to reach (a nav plugin's nav file)."""
    root = root.resolve()
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    folders = {posixpath.dirname(f) or "." for f in files}
    folders |= {parent for f in folders for parent in _parents(f)}
    pages = {name: _parse(root / name) for name in sorted(files) if name.endswith(".html")}
    problems: list[str] = []
    edges: dict[str, set[str]] = {name: set() for name in pages}
    for name, page in pages.items():
        for href in page.links:
            if not _internal(href):
                continue
            target, fragment, folder = _resolve(name, _unbase(href, base_path), folders)
            if file_urls and folder and not href.startswith("/"):
                problems.append(f"{name}: link to '{href}' names a folder, which shows no page from disk")
            if target is None:
                problems.append(f"{name}: link to '{href}' leaves the site")
            elif target not in files and target not in folders:
                problems.append(f"{name}: broken link '{href}' (no file {target})")
            elif fragment and target in pages and fragment not in pages[target].ids:
                problems.append(f"{name}: broken anchor '{href}' (no id '{fragment}' in {target})")
            if target in pages:
                edges[name].add(target)
    return problems + _unreachable(pages, edges, home, not_pages)


def _unreachable(pages: dict[str, _Page], edges: dict[str, set[str]], home: str,
                 not_pages: frozenset[str]) -> list[str]:
    """The knowledge base's pages a reader cannot reach, each with what to add."""
    start = home + "index.html"
    if home and start in pages and start not in _reached("index.html", edges):
        return [f"{start}: not reachable from index.html; add `- Knowledge base: {home}index.md` to nav: "
                f"in mkdocs.yml, or link to {home} from a page that is reachable"]
    seen = _reached(start, edges)
    exempt = {"404.html", *not_pages}
    return [f"{n}: not reachable from {start}; list it under nav: in mkdocs.yml, or link to it from a page "
            "that is reachable" for n, p in pages.items()
            if n.startswith(home) and n not in seen and n not in exempt and not p.redirect]


def _unbase(href: str, base_path: str) -> str:
    """Turn `/base/x/` into a root-relative `x/` (resolved below as if from the root)."""
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    return "/" + href[len(base):] if href.startswith(base) else href


def _parents(folder: str) -> list[str]:
    parents = []
    while folder not in ("", "."):
        folder = posixpath.dirname(folder)
        parents.append(folder or ".")
    return parents


def _resolve(page: str, href: str, folders: set[str]) -> tuple[str | None, str, bool]:
    """The file a link opens, its #fragment, and whether it names a folder (index.html)."""
    parts = urlsplit(href)
    fragment = unquote(parts.fragment)
    if not parts.path:
        return page, fragment, False
    here = "" if parts.path.startswith("/") else posixpath.dirname(page)
    target = posixpath.normpath(posixpath.join(here, unquote(parts.path).lstrip("/")) or ".")
    if target.startswith("../") or target == "..":
        return None, fragment, False
    folder = parts.path.endswith("/") or target in folders
    if folder:
        target = posixpath.join(target, "index.html")
    return target.removeprefix("./"), fragment, folder


def _reached(start: str, edges: dict[str, set[str]]) -> set[str]:
    """Every page a reader can reach from `start` by following links."""
    seen, queue = {start}, deque([start])
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen

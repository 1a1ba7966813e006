"""The offline edition, derived from the built site instead of rendered a second time.

A page opened from disk (file://) cannot ask for a folder's index.html the way a web server
does, and a browser will not fetch the search index from disk. So the edition is the built
site with three changes, each made by a rule rather than by parsing pages again:

- every relative link to a folder (`../sectors/ports/`, `..`, `./#top`) names the folder's
  `index.html`, in every tag's href, src and meta-refresh address;
- each page loads the vendored web-worker shim, so search runs without a server;
- the search index is also written as a script (`var __index = ...`), which the theme's
  bundle loads from file:// instead of the JSON, with its page addresses rewritten by the
  same rule: Material's `search/search_index.json` (entries under `docs`) as
  `search/search_index.js`, Zensical's `search.json` (under `items`) as `search.js`.

The only thing the edition cannot hold is itself: the Downloads page's link to the offline
zip goes to the published copy (or is left as text when the site has no site_url).
"""

from __future__ import annotations

import html as markup
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from generator.publish.linkcheck import VALUE

SHIM = "assets/javascripts/iframe-worker-shim.js"
"""The web-worker shim for search from file:// (vendored in the theme overrides), in place
of the CDN copy Material's own offline plugin would load."""
_TAG = re.compile(r"<[a-zA-Z][^<>]*?\s(?:xlink:)?(?:href|src|content)\s*=[^<>]*>", re.I)
"""One start tag with an address in it. Text never matches: contributor text reaches the
page escaped, and the theme's scripts hold no tag-like text with an address in it."""
_ADDRESS = re.compile(r"(\s(?:xlink:)?(?:href|src)\s*=\s*)" + VALUE, re.I)
_ZIP_LINK = re.compile(r"<a\b([^<>]*?)\shref\s*=\s*" + VALUE + r"([^<>]*)>", re.I)
_REFRESH = re.compile(r'(\scontent\s*=\s*["\']\d+;\s*url=)([^"\']*)', re.I)


@lru_cache(maxsize=1 << 16)  # the same navigation links recur on every page
def file_url(url: str) -> str:
    """`url` as a page opened from disk needs it: a relative link to a folder names its
    index.html. Anything else (a file, an anchor, an absolute or external address) is kept."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith("/"):
        return url
    path = parts.path
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    else:
        return url
    return urlunsplit(parts._replace(path=path))


def offline_page(html: str, depth: int) -> str:
    """One built page for file://: folder links made file links, the worker shim loaded.
    `depth` is how many folders down from the site's root the page is."""
    html = _TAG.sub(_file_tag, html)
    shim = f'<script src="{"../" * depth}{SHIM}"></script>'
    return html.replace("</head>", f"{shim}</head>", 1)


def _file_tag(tag: re.Match[str]) -> str:
    """One start tag with its addresses made file links, each in the quotes it had."""
    def address(a: re.Match[str]) -> str:
        name, double, single, bare = a.groups()
        if double is not None:
            return f'{name}"{file_url(double)}"'
        if single is not None:
            return f"{name}'{file_url(single)}'"
        return name + file_url(bare)
    text = _ADDRESS.sub(address, tag[0])
    return _REFRESH.sub(lambda r: r[1] + file_url(r[2]), text)


SEARCH_INDEXES = {"search/search_index.json": ("search/search_index.js", "docs"), "search.json": ("search.js", "items")}
"""Each theme's search index (Material's, Zensical's): the script its bundle loads from file://
instead, and the list its entries are in."""


def offline_search_index(text: str, entries: str = "docs") -> str:
    """The search index with each entry's address made a file link ("" is the home page, and
    "#part" a part of it)."""
    index = json.loads(text)
    for doc in index.get(entries, []):
        location = doc["location"]
        doc["location"] = file_url(location if location and not location.startswith("#") else "./" + location)
    return json.dumps(index, separators=(",", ":"))  # as Material's search plugin writes it


def zip_name(stem: str) -> str:
    """The offline zip's file name under downloads/."""
    return f"{stem}-offline.zip"


def derive_offline(site: Path, out: Path, site_url: str, zip_name: str, home: str = "") -> None:
    """Write into `out` (new or empty) the offline edition of the site built in `site`;
    `zip_name` is the offline zip's file name under the knowledge base's downloads/, and
    `home` the folder the knowledge base is mounted under ("" for the root)."""
    shutil.copytree(site, out, ignore=_not_copied(site, zip_name), dirs_exist_ok=True)
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site)
        html = offline_page(page.read_text("utf-8"), depth=len(name.parts) - 1)
        if name.as_posix() == f"{home}downloads/index.html":
            html = _published_zip_link(html, zip_name, urljoin(site_url, f"{home}downloads/{zip_name}"))
        (out / name).write_text(html, "utf-8")
    for index, (script, entries) in SEARCH_INDEXES.items():
        if (site / index).is_file():
            data = offline_search_index((site / index).read_text("utf-8"), entries)
            (out / index).write_text(data, "utf-8")
            (out / script).write_text(f"var __index = {data}", "utf-8")


def _not_copied(site: Path, zip_name: str):
    """What `derive_offline` writes itself rather than copies: the pages, the search indexes,
    and the zip it will go into."""
    written = {site / index for index in SEARCH_INDEXES}
    named = {path.name for path in written}

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names
                if n == zip_name or n.endswith(".html") or (n in named and Path(folder) / n in written)}
    return ignore


def _published_zip_link(html: str, zip_name: str, published: str) -> str:
    """The Downloads page's link to the zip the edition itself came in: to the `published`
    copy (an absolute address), or no link when the site has none. The link is found however
    its address is quoted, so a minifier's output composes."""
    def link(a: re.Match[str]) -> str:
        value = next(v for v in a.groups()[1:4] if v is not None)
        if markup.unescape(value) != zip_name:
            return a[0]
        if not urlsplit(published).scheme:
            return f"<a{a[1]}{a[5]}>"
        return f'<a{a[1]} href="{markup.escape(published)}"{a[5]}>'
    return _ZIP_LINK.sub(link, html)

"""Jinja environments, one per output format, each with its own escaping; compiled once.

- markdown: site pages and `kb diff`. Every `{{ value }}` passes `finalize`, which escapes
  for Markdown and HTML alike; autoescape makes macro output Markup so it is not escaped twice.
- html: redirect pages and `kb assess --format html`, HTML-escaped.
- xml: the Atom feed and the SVG tree overview, XML-escaped.
"""

from __future__ import annotations

import posixpath
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from generator.body import body_html
from generator.check.fields import Choice, choice, label, verdict
from generator.domain import BOARD
from generator.model import Entity, page_url
from generator.registry import BY_NAME, TYPES, page_path
from generator.render.markup import escape_text, escape_url, front_matter_text

_COMMON: dict[str, Any] = dict(undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               keep_trailing_newline=True,
                               auto_reload=False)  # compiled once per process; no stat() of every template per page


@cache
def environment() -> Environment:
    """Markdown pages: templates compiled once, every output escaped by default."""
    env = Environment(loader=PackageLoader("generator", "templates/markdown"), autoescape=True,
                      finalize=escape_text, **_COMMON)
    env.globals.update(href=_href, href_of=_href_of, types=TYPES, type_of=BY_NAME.__getitem__,
                       label=_label, choice=_choice, verdict_choice=_verdict, board_path=BOARD)
    env.tests["choice"] = lambda value: isinstance(value, Choice)
    # `trusted` is for the project's own text (schema and rule descriptions), never for data.
    env.filters.update(resolve=_resolve, body=_body, url=escape_url, text=escape_text, front=front_matter_text,
                       trusted=Markup)
    return env


@cache
def html_environment() -> Environment:
    """HTML documents: redirect pages, the printable assessment."""
    return Environment(loader=PackageLoader("generator", "templates/html"), autoescape=True, **_COMMON)


@cache
def xml_environment() -> Environment:
    """XML documents: the Atom feed, the SVG overview of a tree."""
    return Environment(loader=PackageLoader("generator", "templates/xml"), autoescape=True, **_COMMON)


# Labels and values as the knowledge base being rendered declares them: every template that
# shows one is rendered with its `domain` (kb.yaml's words), never a process-wide one.
@pass_context
def _label(context, kind: str, name: str) -> str:
    return label(context["domain"], kind, name)


@pass_context
def _choice(context, kind: str, name: str, value: str) -> Choice:
    return choice(context["domain"], kind, name, value)


@pass_context
def _verdict(context, value: str) -> Choice:
    return verdict(context["domain"], value)


@pass_context
def _href(context, target: str) -> Markup:
    """Relative link from the page being rendered to another docs-relative path."""
    return Markup(relative(target, posixpath.dirname(context["page_path"])))


@pass_context
def _href_of(context, entity: Entity) -> Markup:
    """Relative link from the page being rendered to an entity's page."""
    return Markup(relative(page_path(entity), posixpath.dirname(context["page_path"])))


def relative(target: str, here: str) -> str:
    """posixpath.relpath for docs-relative paths, without its calls to the file system."""
    target_parts, here_parts = target.split("/"), here.split("/") if here else []
    common = 0
    while common < min(len(here_parts), len(target_parts) - 1) and here_parts[common] == target_parts[common]:
        common += 1
    return "/".join([".."] * (len(here_parts) - common) + target_parts[common:])


def built_url(path: str, use_directory_urls: bool) -> str:
    """Where a docs-relative page ends up: `a/b.md` → `a/b/` or `a/b.html`."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return page_url(posixpath.dirname(stem), posixpath.basename(stem), use_directory_urls).lstrip("/")


@pass_context
def _body(context, text: str) -> Markup:
    """Body HTML for the page being rendered: `[[id]]` becomes a link to that entry's page.

    The body is raw HTML inside the Markdown page, so MkDocs does not rewrite its links:
    they are written here already in the build's URL style. An engine that rewrites every
    link of a page, raw HTML's too (Zensical), is given `source_links`: links to the pages'
    Markdown files, as a hand-written link names them."""
    kb, directory = context["kb"], context.get("directory_urls", True)
    url = built_url(context["page_path"], directory)
    here = url[:-1] if url.endswith("/") else posixpath.dirname(url)
    if context.get("source_links"):
        here = posixpath.dirname(context["page_path"])

    def resolve(id_: str) -> tuple[str, str] | None:
        entity = kb.entities.get(id_)
        if entity is None:
            return None
        if context.get("source_links"):
            return entity.name, relative(page_path(entity), here)
        return entity.name, relative(page_url(BY_NAME[entity.type].folder, id_, directory), here)

    return body_html(text, resolve)


@pass_context
def _resolve(context, ids: list[str]) -> list[Entity]:
    """Ids → entities of the knowledge base being rendered."""
    return [context["kb"].entities[i] for i in ids]

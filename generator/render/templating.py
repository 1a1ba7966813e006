"""The one Jinja environment for pages: templates compiled once, every output escaped."""

from __future__ import annotations

import posixpath
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from generator.render.body import body_html
from generator.render.markup import escape_text, escape_url, front_matter_text
from generator.model import TYPE_FOLDERS, TYPE_LABELS, TYPE_ORDER, Entity, page_url
from generator.render.tables import STATUSES, VERDICTS


def page_path(entity: Entity) -> str:
    """Docs-relative path of an entity's page."""
    return f"{TYPE_FOLDERS[entity.type]}/{entity.id}.md"


@cache
def environment() -> Environment:
    """The one Jinja environment: templates compiled once, every output escaped by default."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        # Every `{{ value }}` passes `finalize`, which escapes for Markdown and HTML alike;
        # autoescape makes macro output Markup so it is not escaped a second time.
        autoescape=True,
        finalize=escape_text,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # compiled once per process; no stat() of every template per page
    )
    env.globals.update(href=_href, href_of=_href_of, path_of=page_path, labels=TYPE_LABELS, folders=TYPE_FOLDERS,
                       verdicts=VERDICTS, statuses=STATUSES, type_order=TYPE_ORDER)
    # `trusted` is for the project's own text (schema and rule descriptions), never for data.
    env.filters.update(resolve=_resolve, body=_body, url=escape_url, text=escape_text, front=front_matter_text,
                       trusted=Markup)
    return env


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
    they are written here already in the build's URL style."""
    kb, directory = context["kb"], context.get("directory_urls", True)
    url = built_url(context["page_path"], directory)
    here = url[:-1] if url.endswith("/") else posixpath.dirname(url)

    def resolve(id_: str) -> tuple[str, str] | None:
        entity = kb.entities.get(id_)
        if entity is None:
            return None
        return entity.name, relative(page_url(TYPE_FOLDERS[entity.type], id_, directory), here)

    return body_html(text, resolve)


@pass_context
def _resolve(context, ids: list[str]) -> list[Entity]:
    """Ids → entities of the knowledge base being rendered."""
    return [context["kb"].entities[i] for i in ids]



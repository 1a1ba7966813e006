"""The one Jinja environment for pages: templates compiled once, every output escaped."""

from __future__ import annotations

import posixpath
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from generator.markup import body_html, escape_text, escape_url
from generator.model import TYPE_FOLDERS, TYPE_LABELS, TYPE_ORDER, Entity
from generator.tables import STATUSES, VERDICTS


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
    )
    env.globals.update(href=_href, path_of=page_path, labels=TYPE_LABELS, folders=TYPE_FOLDERS,
                       verdicts=VERDICTS, statuses=STATUSES, type_order=TYPE_ORDER)
    # `trusted` is for the project's own text (schema and rule descriptions), never for data.
    env.filters.update(resolve=_resolve, body=body_html, url=escape_url, text=escape_text, trusted=Markup)
    return env


@pass_context
def _href(context, target: str) -> Markup:
    """Relative link from the page being rendered to another docs-relative path."""
    here = posixpath.dirname(context["page_path"])
    return Markup(posixpath.relpath(target, here or "."))


@pass_context
def _resolve(context, ids: list[str]) -> list[Entity]:
    """Ids → entities of the knowledge base being rendered."""
    return [context["kb"].entities[i] for i in ids]



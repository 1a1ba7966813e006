"""Render: the knowledge base → {docs-relative path: Markdown}, all through Jinja templates."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Mapping

from markupsafe import Markup

from generator.domain import BOARD
from generator.graph import KnowledgeBase
from generator.model import Decision, Entity, page_url
from generator.registry import BY_NAME, TYPES, page_path
from generator.render import assess
from generator.render.changes import SHOWN, all_changes, latest_summary
from generator.render.data import JSON_SHAPE_VERSION, file_stem
from generator.render.reference import render_reference
from generator.render.site import SiteFile
from generator.render.tables import changes_narrowing, index_table, key_question_map, narrowing, sector_matrix
from generator.render.templating import environment, html_environment, relative
from generator.render.trees import tree_context
from generator.render.views import EntityView, groups, view_of

BOARDS = {
    "boards/watch.md": "watch.md.j2",
    "boards/matrix.md": "matrix.md.j2",
}
"""The fixed boards; the verdict board's path comes from its title in kb.yaml (Domain.board)."""
GLOSSARY = "glossary.md"
"""The knowledge base's words and what it does not cover (kb.yaml's `glossary`, `not_covered`)."""


def render_pages(kb: KnowledgeBase, downloads: tuple[str, ...] = ("pdf", "zip"),
                 use_directory_urls: bool = True, prefix: str = "", tags: bool = True,
                 address: str = "", sizes: dict[str, int] | None = None, source_links: bool = False,
                 keep: Mapping[str, SiteFile] | None = None) -> list[SiteFile]:
    """Every generated page, in a stable order, with body links in the build's URL style.

    Pages link to each other relatively, as if mounted at the root; `prefix` (`kb/`) is
    where they will be mounted, for the links that leave them (the theme's assets).
    `tags`: whether there is a Tags page (Material's tags plugin fills it). `address`: the
    knowledge base's published address, which the assessment's printout names. `sizes`: the
    data downloads' sizes in bytes, by file name, which the Downloads page gives. `source_links`:
    body links name the pages' Markdown files, for an engine that rewrites them (Zensical). `keep`:
    entry pages already rendered from the same data, by id, taken as they are (the preview)."""
    editions = all_changes(kb)
    pages = [_render("home.md.j2", "index.md", kb, tags=tags, mounted=bool(prefix), latest=latest_summary(editions))]
    pages.append(_render("downloads.md.j2", "downloads/index.md", kb, built=downloads,
                         stem=file_stem(kb), shape_version=JSON_SHAPE_VERSION, sizes=sizes or {}))
    cases = BY_NAME["use-case"]
    pages.append(_render("verdicts.md.j2", BOARD, kb, narrowing=narrowing(kb, cases, kb.of_type(cases.name))))
    pages += [_render(template, path, kb) for path, template in BOARDS.items()]
    theme = Markup("../" * prefix.count("/"))  # the theme's assets stay at the site's root
    pages.append(_render("workloads.md.j2", assess.PATH, kb, theme=theme, **assess.assess_context(kb, address)))
    if tags:
        pages.append(_render("tags.md.j2", "tags.md", kb))
    pages.append(_render("review.md.j2", "review.md", kb, entries=_review_entries(kb)))
    pages.append(_render("changes.md.j2", "changes.md", kb, editions=editions, narrowing=changes_narrowing(editions)))
    pages.append(_render("glossary.md.j2", GLOSSARY, kb))
    about = f"{kb.info.title}: the fields of every type of entry, and the rules kb check enforces."
    pages.append(SiteFile("reference.md", tidy(render_reference(kb.domain, description=about))))
    for kind in TYPES:  # every type, even when empty, so the navigation always resolves
        pages.append(_render("index.md.j2", f"{kind.folder}/index.md", kb, kind=kind, table=index_table(kb, kind)))
    keep = keep or {}
    for id_, entity in kb.entities.items():
        pages.append(keep[id_] if id_ in keep else _entity_page(kb, view_of(kb, entity), use_directory_urls,
                                                                  source_links))
    return pages


def _review_entries(kb: KnowledgeBase) -> list[tuple[Entity, str]]:
    """Entries with the date each falls due, soonest first, then by name as the page shows
    them (no "today" here: the page must not change from one day to the next). An entry
    never reviewed has no date and comes first."""
    days = dt.timedelta(days=kb.info.review_interval_days)
    due = [(e, (dt.date.fromisoformat(e.reviewed) + days).isoformat() if e.reviewed else "")
           for e in kb.entities.values()]
    return sorted(due, key=lambda pair: (pair[1], pair[0].name.lower(), pair[0].id))


def render_redirects(kb: KnowledgeBase, use_directory_urls: bool = True) -> list[SiteFile]:
    """One redirect file per former id, in the URL style of the build."""
    redirects = []
    template = html_environment().get_template("redirect.html.j2")
    for entity in kb.entities.values():
        folder = BY_NAME[entity.type].folder
        for old in entity.former_ids:
            url = page_url(folder, old, use_directory_urls)
            path = url + "index.html" if use_directory_urls else url
            target = relative(page_url(folder, entity.id, use_directory_urls), posixpath.dirname(path))
            redirects.append(SiteFile(path, template.render(name=entity.name, target=target), source=entity.file))
    return redirects


def _render(template: str, path: str, kb: KnowledgeBase, **context) -> SiteFile:
    text = environment().get_template(template).render(page_path=path, kb=kb, domain=kb.domain, matrix=sector_matrix,
                                                       groups=groups, key_question_map=key_question_map, **context)
    return SiteFile(path, tidy(text))


def tidy(text: str) -> str:
    """At most one blank line in a row and one newline at the end, so templates can be generous."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _entity_page(kb: KnowledgeBase, view: EntityView, use_directory_urls: bool = True,
                 source_links: bool = False) -> SiteFile:
    entity = view.entity
    path = page_path(entity)
    context = {"e": entity, "v": view, "directory_urls": use_directory_urls, "source_links": source_links,
               "shown_changes": SHOWN}
    if isinstance(entity, Decision):
        context.update(tree_context(kb, entity))
    env = environment()
    template = env.select_template([f"{entity.type}.md.j2", "entity.md.j2"])
    text = template.render(page_path=path, kb=kb, domain=kb.domain, **context)
    return SiteFile(path, tidy(text), source=entity.file, in_nav=False)

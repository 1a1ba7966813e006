"""Render: the knowledge base → {docs-relative path: Markdown}, all through Jinja templates."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable
from functools import partial

from markupsafe import Markup

from generator.domain import BOARD
from generator.graph import KnowledgeBase
from generator.model import Decision, Entity, page_url
from generator.registry import BY_NAME, TYPES, EntityType, page_path
from generator.render import assess
from generator.render.changes import SHOWN, all_changes, latest_summary
from generator.render.data import JSON_SHAPE_VERSION, file_stem
from generator.render.reference import render_reference
from generator.render.site import GLOSSARY, Kept, SiteFile, index_path
from generator.render.tables import changes_narrowing, index_table, key_question_map, narrowing, sector_matrix
from generator.render.templating import environment, html_environment, relative
from generator.render.trees import tree_context
from generator.render.views import EntityView, groups, view_of

BOARDS = {
    "boards/watch.md": "watch.md.j2",
    "boards/matrix.md": "matrix.md.j2",
}
"""The fixed boards; the verdict board's path comes from its title in kb.yaml (Domain.board)."""


def render_pages(kb: KnowledgeBase, downloads: tuple[str, ...] = ("pdf", "zip"),
                 use_directory_urls: bool = True, prefix: str = "", tags: bool = True,
                 address: str = "", sizes: dict[str, int] | None = None, source_links: bool = False,
                 keep: Kept | None = None) -> list[SiteFile]:
    """Every generated page, in a stable order, with body links in the build's URL style.

    Pages link to each other relatively, as if mounted at the root; `prefix` (`kb/`) is
    where they will be mounted, for the links that leave them (the theme's assets).
    `tags`: whether there is a Tags page (Material's tags plugin fills it). `address`: the
    knowledge base's published address, which the assessment's printout names. `sizes`: the
    data downloads' sizes in bytes, by file name, which the Downloads page gives. `source_links`:
    body links name the pages' Markdown files, for an engine that rewrites them (Zensical). `keep`:
    pages already rendered from the same data, taken as they are (the preview)."""
    keep = keep or Kept()
    made = aggregate_pages(kb, downloads, prefix, tags, address, sizes or {})
    pages = [keep.files.get(path) or make() for path, make in made.items()]
    for id_, entity in kb.entities.items():
        pages.append(keep.entries.get(id_) or _entity_page(kb, view_of(kb, entity), use_directory_urls, source_links))
    return pages


def aggregate_pages(kb: KnowledgeBase, downloads: tuple[str, ...], prefix: str, tags: bool, address: str,
                    sizes: dict[str, int]) -> dict[str, Callable[[], SiteFile]]:
    """The pages that are not one entry's, by path, each as the call that renders it (the
    preview calls only those a change can alter: `render.affected.kept_files`)."""
    editions = all_changes(kb)
    cases = BY_NAME["use-case"]
    theme = Markup("../" * prefix.count("/"))  # the theme's assets stay at the site's root
    about = f"{kb.info.title}: the fields of every type of entry, and the rules kb check enforces."
    made: dict[str, Callable[[], SiteFile]] = {
        "index.md": lambda: _render("home.md.j2", "index.md", kb, tags=tags, mounted=bool(prefix),
                                    latest=latest_summary(editions)),
        "downloads/index.md": lambda: _render("downloads.md.j2", "downloads/index.md", kb, built=downloads,
                                              stem=file_stem(kb), shape_version=JSON_SHAPE_VERSION, sizes=sizes),
        BOARD: lambda: _render("verdicts.md.j2", BOARD, kb, narrowing=narrowing(kb, cases, kb.of_type(cases.name))),
    }
    made |= {path: partial(_render, template, path, kb) for path, template in BOARDS.items()}
    made[assess.PATH] = lambda: _render("workloads.md.j2", assess.PATH, kb, theme=theme,
                                        **assess.assess_context(kb, address))
    if tags:
        made["tags.md"] = partial(_render, "tags.md.j2", "tags.md", kb)
    made["review.md"] = lambda: _render("review.md.j2", "review.md", kb, entries=_review_entries(kb))
    made["changes.md"] = lambda: _render("changes.md.j2", "changes.md", kb, editions=editions,
                                         narrowing=changes_narrowing(editions))
    made[GLOSSARY] = partial(_render, "glossary.md.j2", GLOSSARY, kb)
    made["reference.md"] = lambda: SiteFile("reference.md", tidy(render_reference(kb.domain, description=about)))
    for kind in TYPES:  # every type, even when empty, so the navigation always resolves
        made[index_path(kind.folder)] = partial(_index_page, kb, kind)
    return made


def _index_page(kb: KnowledgeBase, kind: EntityType) -> SiteFile:
    return _render("index.md.j2", index_path(kind.folder), kb, kind=kind, table=index_table(kb, kind))


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

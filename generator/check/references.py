"""References between entries: every written id exists and has a type the field allows,
and every link in a `body` resolves on the built site."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from generator.body import BodyLink, body_links
from generator.check.schema import field_name, references
from generator.domain import Domain
from generator.load import Record
from generator.problems import Problem, did_you_mean
from generator.registry import BY_NAME


def check_references(records: list[Record], types: dict[str, str], domain: Domain,
                     renamed: dict[str, tuple[str, Record, int]] | None = None) -> list[Problem]:
    """Every written id must exist and be of a type the field allows."""
    problems: list[Problem] = []
    renamed = renamed or {}
    by_type: dict[str, list[str]] = defaultdict(list)
    for id_, kind in types.items():
        by_type[kind].append(id_)
    for record in records:
        for path, target, allowed in references(record, domain):
            found = types.get(target)
            if found is not None and ("*" in allowed or found in allowed):
                continue
            line, col = record.marks.value(path)
            where = field_name(path)
            if found is None and target in renamed:
                new = renamed[target][0]
                problems.append(Problem(record.file, line, col, "error",
                                        f"'{where}': '{target}' was renamed to '{new}'; write '{new}'"))
            elif found is None:
                pool = types if "*" in allowed else [i for k in allowed for i in by_type[k]]
                problems.append(Problem(record.file, line, col, "error",
                                        f"'{where}': unknown {_label(allowed)} '{target}'{did_you_mean(target, pool)}"))
            else:
                problems.append(Problem(record.file, line, col, "error",
                                        f"'{where}': '{target}' is a {BY_NAME[found].singular.lower()}, "
                                        f"expected {_label(allowed)}"))
    return problems


def _label(allowed: tuple[str, ...]) -> str:
    if "*" in allowed:
        return "entity"
    return " or ".join(BY_NAME[k].singular.lower() for k in allowed)


_LINK_SCHEMES = ("https://", "http://", "mailto:")


def check_bodies(records: list[Record], ids: set[str], renamed: dict[str, tuple[str, Record, int]],
                 links_of: Callable[[str], Iterable[BodyLink]] = body_links) -> list[Problem]:
    """Every `[[id]]`, link and image in a `body` resolves on the built site (or is refused here).
    `links_of`: a body's links (`body.body_links`; the preview's remembers unchanged bodies')."""
    problems = []
    for record in records:
        body = record.data.get("body")
        if not isinstance(body, str):
            continue
        for link in links_of(body):
            message = _body_link_problem(link, ids, renamed)
            if message:
                line, col = _locate(record, link)
                problems.append(Problem(record.file, line, col, "error", f"'body': {message}"))
    return problems


def _body_link_problem(link: BodyLink, ids: set[str], renamed: dict[str, tuple[str, Record, int]]) -> str | None:
    target = link.target
    if link.kind == "ref":
        if target in ids:
            return None
        if target in renamed:
            return f"'[[{target}]]' was renamed to '{renamed[target][0]}'; write '[[{renamed[target][0]}]]'"
        return f"unknown entry '[[{target}]]'{did_you_mean(target, ids)}"
    if link.kind == "image":
        return f"image '{target}' is not shown: bodies hold text only; link to it instead ([title](https://...))"
    if target.lower().startswith(_LINK_SCHEMES):
        return None
    stem = re.sub(r"(/index)?(\.md|\.html)?/?$", "", target.split("#")[0].split("?")[0]).rsplit("/", 1)[-1]
    if stem in ids:
        return (f"link '{target}' points at an entry's page; write '[[{stem}]]' instead "
                "(it follows renames and URL styles)")
    if target.startswith("#"):
        return f"link '{target}' points at a place on the page; a body cannot rely on the page's anchors"
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
        return f"link '{target}' is not allowed; use https://, http:// or mailto: addresses"
    return (f"relative link '{target}' would not resolve on the site; use a full address "
            "(https://...) or '[[id]]' for another entry")


def _locate(record: Record, link: BodyLink) -> tuple[int, int]:
    """Line and column of a body link in its file: searched from where its paragraph starts."""
    start, col = record.marks.value(("body",))
    lines = record.text.splitlines()
    for number in range(start + link.line - 1, len(lines)):
        found = lines[number].find(link.written) if number >= 0 else -1
        if found >= 0:
            return number + 1, found + 1
    return start, col

"""Which text the PDF can set: the packaged fonts' coverage, read once from
templates/typst/coverage.json (written by scripts/font_coverage.py from the pinned font
packages), so `kb check` refuses at its line any text the PDF could not print.

The typesetter shapes a character together with the marks on it (a cluster: `e` with an
acute accent, a Hebrew letter with its cantillation) and takes the cluster from the first
family of the book's list that has its base character: if that family lacks a mark, the
cluster cannot be printed, though each of its characters can. The book names only these
families (code in Typst's own monospace face is ASCII), so nothing is left to Typst's
built-in fonts, whose coverage is unknown here.
"""

from __future__ import annotations

import bisect
import json
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

IGNORABLE = ((0x09, 0x0A), (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
             (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x206F),
             (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
             (0xE0000, 0xE0FFF))
"""Tab, newline, and Unicode's default-ignorable code points (joiners, variation selectors,
direction marks, tags) with the line and paragraph separators: shaping uses them, no font
needs a glyph for them."""

SOFT_HYPHEN = "\u00ad"
Spans = tuple[list[int], list[int]]


def _spans(ranges: Iterable[Sequence[int]]) -> Spans:
    starts: list[int] = []
    ends: list[int] = []
    for first, last in sorted(tuple(r) for r in ranges):
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _has(spans: Spans, char: str) -> bool:
    starts, ends = spans
    at = bisect.bisect_right(starts, ord(char)) - 1
    return at >= 0 and ord(char) <= ends[at]


@cache
def _families() -> tuple[Spans, ...]:
    """Each family's characters, in the order the book sets text in them."""
    text = resources.files("generator").joinpath("templates", "typst", "coverage.json").read_text("utf-8")
    return tuple(_spans(ranges) for _, ranges in json.loads(text)["families"])


@cache
def _any_font() -> Spans:
    return _spans([*((a, b) for starts, ends in _families() for a, b in zip(starts, ends, strict=True)),
                   *IGNORABLE])


@cache
def _ignorable() -> Spans:
    return _spans(IGNORABLE)


def unprintable(text: str) -> str | None:
    """The first character (or character with its marks) of `text` that the PDF's fonts
    cannot set, or None."""
    if text.isascii():
        return None  # every family has ASCII; its controls are the loader's to refuse
    if text.endswith(SOFT_HYPHEN):
        return SOFT_HYPHEN  # Typst 0.15 fails to tag a link whose text ends in one
    if (single := next((c for c in dict.fromkeys(text) if not _has(_any_font(), c)), None)) is not None:
        return single
    return next((cluster for cluster in _marked(text) if not _set_whole(cluster)), None)


def invisible(text: str) -> bool:
    """Text that shows nothing: only spaces and invisible characters (a soft hyphen, a joiner).
    A name like that is a link with nothing to click, which the PDF cannot tag."""
    return bool(text) and all(c.isspace() or _has(_ignorable(), c) for c in text)


def _marked(text: str) -> list[str]:
    """The clusters of `text` that carry combining marks: a base and the marks after it
    (joiners, selectors and other ignorables between them do not end the cluster)."""
    found, start = [], 0
    for i, char in enumerate(text):
        if unicodedata.category(char).startswith("M"):
            if i > start:
                found.append(text[start:i + 1])
        elif not _has(_ignorable(), char):
            start = i
    return found


def _set_whole(cluster: str) -> bool:
    """The typesetter takes a cluster from the first family that has its base: that family
    must have its marks too."""
    base, marks = cluster[0], [c for c in cluster[1:] if not _has(_ignorable(), c)]
    family = next((f for f in _families() if _has(f, base)), None)
    return family is not None and all(_has(family, mark) for mark in marks)


def describe(found: str) -> str:
    """What `unprintable` found, in words for a message."""
    def named(char: str) -> str:
        return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"

    if found == SOFT_HYPHEN:
        return f"{named(found)} at its end, where the PDF cannot place one (it marks where a word may break)"
    if len(found) == 1:
        return f"'{found}' ({named(found)}), which the PDF's fonts cannot show"
    marks = ", ".join(named(c) for c in found[1:] if not _has(_ignorable(), c))
    return f"'{found[0]}' with the mark(s) {marks}, which the font the PDF sets '{found[0]}' in lacks"

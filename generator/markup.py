"""Markup safety: contributor text is data, never code.

Plain fields are escaped for Markdown *and* HTML before they reach a page; `body` is
rendered from Markdown with raw HTML turned into text, then sanitised to an allow-list
of tags and attributes as a second line of defence.
"""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Characters that start Markdown or HTML syntax anywhere in a line. Each becomes a numeric
# character reference, which Markdown passes through and browsers show as the character.
_INLINE = re.compile(r"[\\`*{}\[\]<>&|!~^$#=\"]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# (An underscore inside a word, as in `review_interval_days`, never starts emphasis.)
# Characters that only mean something at the start of a line (lists, quotes, headings).
_LEADING = re.compile(r"^(\s*)([-+>]|\d+[.)](?=\s|$))")
# Anything either pattern could touch, or a line break: if absent, the text is safe as is.
_ANY = re.compile(r"[\\`*{}\[\]<>&|!~^$#=\"_\r\n]|^\s*([-+>]|\d)")

_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}


def escape_text(value: object) -> Markup:
    """Make any value safe to place inline in a Markdown page: shown as text, never parsed."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Markup(value)  # numbers carry no markup; keep coordinates and counts readable
    text = str(value)
    if not _ANY.search(text):
        return Markup(text)  # the common case: nothing to escape
    text = re.sub(r"\s*[\r\n]\s*", " ", text)  # one line: a newline could start a block
    text = _INLINE.sub(lambda m: f"&#{ord(m.group())};", text)
    text = _LEADING.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text)
    return Markup(text)


def escape_url(url: str) -> Markup:
    """Percent-encode the characters that could end a Markdown link target early."""
    return Markup(re.sub(r"[\s()<>\[\]\"'`\\]", lambda m: f"%{ord(m.group()):02X}", url))


@cache
def _converter() -> MarkdownIt:
    # CommonMark with tables; html=False turns raw HTML into text, and markdown-it's link
    # validation drops javascript:, vbscript: and file: URLs. nh3 then checks the result.
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def body_html(text: str) -> Markup:
    """Render body Markdown to HTML; raw HTML shows as text, and nothing executable survives.

    A body sits under the page's h1, so its top heading level becomes h2, like the
    sections around it, and the outline keeps its order for screen readers.
    """
    html = _converter().render(text or "").strip()
    levels = [int(n) for n in re.findall(r"<h([1-6])>", html)]
    shift = 2 - min(levels) if levels else 0
    html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}>", html)
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                      link_rel="noopener noreferrer nofollow")
    return Markup(clean)

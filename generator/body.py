"""Body Markdown: one parser renders it and lists its links for the checker.

CommonMark with tables; raw HTML is shown as text (html=False), markdown-it's link
validation drops javascript:, vbscript: and file: URLs, and nh3 sanitises the result to
an allow-list of tags and attributes as a second line of defence. `[[id]]` links to
another entry and is shown as that entry's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import Markup, escape

_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}
_REF = re.compile(r"\[\[([^\[\]|\n]{1,100})(?:\|([^\[\]\n]{1,200}))?\]\]")
"""`[[id]]` (shown as the entry's name) or `[[id|words]]` (shown as the words)."""

Resolve = Callable[[str], "tuple[str, str] | None"]
"""An id → (the entry's name, the address of its page), or None when there is no such entry."""


@dataclass(frozen=True)
class BodyLink:
    """A link written in a body: `[[id]]` (kind `ref`), a Markdown link or an image."""

    kind: str
    """`ref`, `link` or `image`."""
    target: str
    """The id of a `ref`; the address of a link or image."""
    line: int
    """0-based line within the body where its paragraph starts."""
    written: str
    """Text to look for in the file to point at it."""


def _ref_rule(state: StateInline, silent: bool) -> bool:
    match = _REF.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("kb_ref", "", 0)
        token.content = match.group(1).strip()
        token.meta = {"text": (match.group(2) or "").strip()}
    state.pos = match.end()
    return True


def _render_ref(self, tokens, idx, options, env) -> str:
    target = tokens[idx].content
    found = env.get("resolve", lambda _: None)(target)
    if found is None:  # only reachable without a check; show what was written
        return str(escape(f"[[{target}]]"))
    name, href = found
    return f'<a href="{escape(href)}">{escape(tokens[idx].meta.get("text") or name)}</a>'


@cache
def _converter() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.inline.ruler.before("link", "kb_ref", _ref_rule)
    md.add_render_rule("kb_ref", _render_ref)
    return md


def body_html(text: str, resolve: Resolve | None = None) -> Markup:
    """Render body Markdown to HTML; raw HTML shows as text, and nothing executable survives.

    A body sits under the page's h1, so its top heading level becomes h2, like the
    sections around it, and the outline keeps its order for screen readers.
    """
    html = _converter().render(text or "", {"resolve": resolve or (lambda _: None)}).strip()
    levels = [int(n) for n in re.findall(r"<h([1-6])>", html)]
    shift = 2 - min(levels) if levels else 0
    html = re.sub(r"<(/?)h([1-6])>", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}>", html)
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                      link_rel="noopener noreferrer nofollow")
    return Markup(clean)


def body_links(text: str) -> Iterator[BodyLink]:
    """Every `[[id]]`, link and image in a body, in order, as the renderer sees them."""
    for block in _converter().parse(text or ""):
        for token in block.children or ():
            line = block.map[0] if block.map else 0
            if token.type == "kb_ref":
                yield BodyLink("ref", token.content, line, f"[[{token.content}")
            elif token.type == "link_open":
                href = str(token.attrGet("href") or "")
                yield BodyLink("link", href, line, href)
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
                yield BodyLink("image", src, line, src)


Span = dict
"""A run of inline text for the PDF: `{"t": text}` plus `b` (bold), `i` (italic), `code`,
`ref` (an entry's id) or `url` (an http(s) or mailto address)."""


def body_blocks(text: str, known: Callable[[str], str | None]) -> list[dict]:
    """A body as plain data for the PDF's typesetter: blocks of spans, never markup, so the
    typesetter shows every character as written. `known` gives an entry's name by id."""
    tokens = _converter().parse(text or "")
    blocks, _ = _blocks(tokens, 0, known, None)
    return blocks


_CONTAINERS = {"bullet_list_open": "ul", "ordered_list_open": "ol", "blockquote_open": "quote"}


def _blocks(tokens, i: int, known, until: str | None) -> tuple[list[dict], int]:
    out: list[dict] = []
    while i < len(tokens):
        token = tokens[i]
        if token.type == until:
            return out, i + 1
        if token.type in ("paragraph_open", "heading_open"):
            spans = _spans(tokens[i + 1].children or [], known)
            out.append({"k": "h", "level": int(token.tag[1]), "c": spans} if token.type == "heading_open"
                       else {"k": "p", "c": spans})
            i += 3
        elif token.type in _CONTAINERS:
            kind, close = _CONTAINERS[token.type], token.type.replace("_open", "_close")
            if kind == "quote":
                inner, i = _blocks(tokens, i + 1, known, close)
                out.append({"k": "quote", "c": inner})
                continue
            items, i = [], i + 1
            while tokens[i].type == "list_item_open":
                item, i = _blocks(tokens, i + 1, known, "list_item_close")
                items.append(item)
            out.append({"k": kind, "items": items})
            i += 1
        elif token.type in ("fence", "code_block"):
            out.append({"k": "code", "t": token.content.rstrip("\n")})
            i += 1
        elif token.type == "hr":
            out.append({"k": "hr"})
            i += 1
        elif token.type == "table_open":
            rows: list[list[list[Span]]] = []
            while tokens[i].type != "table_close":
                if tokens[i].type == "tr_open":
                    rows.append([])
                elif tokens[i].type == "inline":
                    rows[-1].append(_spans(tokens[i].children or [], known))
                i += 1
            out.append({"k": "table", "rows": rows})
            i += 1
        else:
            i += 1
    return out, i


def _spans(children, known) -> list[Span]:
    spans: list[Span] = []
    style: dict = {}
    url: str | None = None
    for token in children:
        kind = token.type
        if kind in ("strong_open", "em_open"):
            style["b" if kind == "strong_open" else "i"] = True
        elif kind in ("strong_close", "em_close"):
            style.pop("b" if kind == "strong_close" else "i", None)
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            url = href if href.split(":", 1)[0].lower() in _SCHEMES and ":" in href else None
        elif kind == "link_close":
            url = None
        elif kind in ("text", "code_inline", "image"):
            span = {"t": token.content, **style}
            if kind == "code_inline":
                span["code"] = True
            if url:
                span["url"] = url
            spans.append(span)
        elif kind in ("softbreak", "hardbreak"):
            spans.append({"t": " "})
        elif kind == "kb_ref":
            name = known(token.content)
            written = token.meta.get("text") or name or f"[[{token.content}]]"
            spans.append({"t": written, **style, **({"ref": token.content} if name else {})})
    return spans

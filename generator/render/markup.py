"""Markup safety: contributor text is data, never code.

Plain fields are escaped for Markdown *and* HTML before they reach a page, and page
metadata is escaped for the theme's templates; `body` Markdown is handled in body.py.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

# Characters that start Markdown or HTML syntax anywhere in a line. Each becomes a numeric
# character reference, which Markdown passes through and browsers show as the character.
_INLINE = re.compile(r"[\\`*{}\[\]<>&|!~^$#=\"]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# (An underscore inside a word, as in `review_interval_days`, never starts emphasis.)
# Characters that only mean something at the start of a line (lists, quotes, headings).
_LEADING = re.compile(r"^(\s*)([-+>]|\d+[.)](?=\s|$))")
# Anything either pattern could touch, or a line break: if absent, the text is safe as is.
_ANY = re.compile(r"[\\`*{}\[\]<>&|!~^$#=\"_\r\n]|^\s*([-+>]|\d)")


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


# Characters YAML refuses in a stream (C0/C1 controls but tab, LF and NEL; surrogates; BOM-likes).
_NOT_YAML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def yaml_string(text: str) -> str:
    """Any text as one double-quoted YAML scalar: JSON's quoting (JSON strings are YAML
    strings), plus escapes for the characters YAML refuses to read raw."""
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def front_matter_text(value: object) -> Markup:
    """A page-metadata value (title, description) as one YAML scalar holding escaped HTML.

    MkDocs hands page metadata to theme templates that print it without escaping, so the
    text is HTML-escaped here, once, and kept on one line."""
    return Markup(yaml_string(re.sub(r"\s+", " ", str(escape(str(value)))).strip()))

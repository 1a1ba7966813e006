"""Search in readers' words: each entry's hit in Material's search index becomes its card
(render.search), and the index gains two fields Material's search reads like its own.

- `aliases`: an entry's other names, weighed as a title is (Material's `title` boost), so a
  reader's word finds the entry about it before the pages that mention it;
- `details`: what the card replaced (the fact box and the body), weighed as text, so those
  words still find the entry; search never shows this field.

Run after Material's search plugin wrote the index, and before the offline edition copies it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from generator.render.search import Card

INDEX = Path("search") / "search_index.json"
ALIASES = "aliases"
DETAILS = "details"


def shape_search_index(site_dir: Path, cards: Mapping[str, Card],
                       complete: Callable[[dict[str, Any]], None] | None = None) -> None:
    """Rewrite the built site's search index (if it has one) with the entries' cards, by
    location, after `complete` (the preview's kept entries) has had it: read and written once."""
    path = site_dir / INDEX
    if path.is_file():
        index = json.loads(path.read_text("utf-8"))
        if complete:
            complete(index)
        path.write_text(json.dumps(shape_index(index, cards), separators=(",", ":")), "utf-8")  # as Material does


def shape_index(index: dict[str, Any], cards: Mapping[str, Card]) -> dict[str, Any]:
    """The index with each carded page's hit (its entry without an anchor) made its card."""
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields.setdefault(ALIASES, {"boost": fields.get("title", {}).get("boost", 1e3)})
    fields.setdefault(DETAILS, {"boost": fields.get("text", {}).get("boost", 1.0)})
    for doc in index.get("docs", []):
        card = cards.get(doc.get("location", ""))
        if card is None or DETAILS in doc:  # not an entry's hit, or shaped already
            continue
        doc[DETAILS], doc["text"] = doc.get("text", ""), card.text
        if card.aliases:  # escaped as Material's own fields are: the index holds HTML
            doc[ALIASES] = [html.escape(alias, quote=False) for alias in card.aliases]
    return index

"""What search says about each entry: a compact hit (its type, its badge, its summary, the
other words readers use for it) and those words to be found by, weighed as its name is.

Material's search plugin indexes a page's first block as its hit, which on an entry's page
is the whole fact box; `publish.search` puts each entry's card in its place once the index
is written. Only the card is shown: what it replaces is still searched, never shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.check.fields import label
from generator.graph import KnowledgeBase
from generator.registry import BY_NAME, page_path
from generator.render.templating import html_environment
from generator.render.views import verdict_of


@dataclass(frozen=True)
class Card:
    """One entry's search hit."""

    text: str
    """HTML of one paragraph, its text escaped: Material shows it as the hit's teaser."""
    aliases: tuple[str, ...] = ()
    """Searched with the weight of a title, never shown by search itself (the text names them)."""


def search_cards(kb: KnowledgeBase, keep: Mapping[str, Card] | None = None) -> dict[str, Card]:
    """Every entry's card, by its page's docs-relative path. `keep`: cards made before for
    entries that have not changed since, by path, taken as they are (the preview)."""
    template = html_environment().get_template("search-hit.html.j2")
    cards = {}
    for entity in kb.entities.values():
        path = page_path(entity)
        if keep and (card := keep.get(path)):
            cards[path] = card
            continue
        text = template.render(e=entity, kind=BY_NAME[entity.type], badge=verdict_of(kb.domain, entity),
                               aliases_label=label(kb.domain, entity.type, "aliases"))
        cards[path] = Card(text.strip(), entity.aliases)
    return cards

"""Each entry's search hit becomes its card, and its aliases a field weighed like titles:
the index as Material's search plugin writes it, shaped once, whatever runs it again."""

from __future__ import annotations

import copy
import json

from conftest import FIXTURE
from generator.pipeline import knowledge_base
from generator.publish.search import shape_index
from generator.render.search import Card, search_cards

MATERIAL = {
    "config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0},
                                          "tags": {"boost": 100}}},
    "docs": [
        {"location": "use-cases/x/", "title": "X", "text": "<p>Use case</p> <ul><li>Verdict: Safe</li></ul>",
         "boost": 2},
        {"location": "use-cases/x/#question-1", "title": "Question 1", "text": "<p>A section.</p>"},
        {"location": "about/", "title": "About", "text": "<p>Hand-written.</p>"},
    ],
}
CARDS = {"use-cases/x/": Card('<p class="kb-hit">Use case</p>', ("R&D <b>", "Ex"))}


def test_an_entrys_hit_becomes_its_card_and_what_it_replaced_is_searched_unseen():
    index = shape_index(copy.deepcopy(MATERIAL), CARDS)
    hit, section, other = index["docs"]
    assert hit["text"] == CARDS["use-cases/x/"].text
    assert hit["details"] == MATERIAL["docs"][0]["text"]
    assert hit["aliases"] == ["R&amp;D &lt;b&gt;", "Ex"]  # HTML, as Material's own fields are
    assert section == MATERIAL["docs"][1] and other == MATERIAL["docs"][2]  # sections and pages as written


def test_aliases_weigh_as_titles_and_details_as_text():
    fields = shape_index(copy.deepcopy(MATERIAL), CARDS)["config"]["fields"]
    assert fields["aliases"] == {"boost": 1000.0} and fields["details"] == {"boost": 1.0}
    assert fields["tags"] == {"boost": 100}  # the site's own weights stay


def test_shaping_twice_changes_nothing():
    once = shape_index(copy.deepcopy(MATERIAL), CARDS)
    assert shape_index(copy.deepcopy(once), CARDS) == once


def test_every_entry_has_one_paragraph_card_with_its_badge():
    kb = knowledge_base(FIXTURE)
    cards = search_cards(kb)
    assert len(cards) == len(kb.entities)
    card = cards["use-cases/crane-maintenance.md"]
    assert card.text.startswith('<p class="kb-hit">') and card.text.count("<p") == 1
    assert '<span class="kb-badge kb-tone-good">Safe bet</span>' in card.text
    assert card.aliases == ("Hoist upkeep",) and "Also called: Hoist upkeep" in card.text
    assert "kb-badge" not in cards["reading/field-report.md"].text  # reading has no grouping value
    json.dumps([c.text for c in cards.values()])  # plain strings, ready for the index

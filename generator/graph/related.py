"""Related reading: rank reading items for each entity from inverted indexes (DESIGN §6).

Score = direct mention first (the reading is about the entity, or the entity cites it),
then shared neighbours and shared tags, each weighted by rarity (IDF). Ties break by id.
Cost is linear in the number of links: no pair of entities is ever compared directly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable

from generator.model import Entity

DIRECT = 1000.0
"""A direct mention outranks any amount of indirect evidence."""
LIMIT = 5
"""How many reading items an entity page lists."""
COMMON = 0.25
"""Tags and neighbours shared by more than this share of all reading items are skipped, like
stop words: they say little about relatedness, and walking their long posting lists for
every entity would make ranking quadratic in the size of the knowledge base."""


def rank_reading(entities: dict[str, Entity], neighbours: Callable[[str], set[str]],
                 limit: int = LIMIT) -> dict[str, list[str]]:
    """Map every entity id to its related reading ids, best first; `neighbours` gives the ids
    linked to or from an entity."""
    readings = [e for e in entities.values() if e.type == "reading"]
    if not readings:
        return {}
    by_neighbour: dict[str, set[str]] = defaultdict(set)
    by_tag: dict[str, set[str]] = defaultdict(set)
    for reading in readings:
        for n in neighbours(reading.id):
            by_neighbour[n].add(reading.id)
        for tag in reading.tags:
            by_tag[tag].add(reading.id)
    total = len(readings)
    cap = max(10, int(total * COMMON))

    def idf(count: int) -> float:
        return math.log(1 + total / count)

    ranked: dict[str, list[str]] = {}
    for entity in entities.values():
        scores: dict[str, float] = defaultdict(float)
        for rid in by_neighbour.get(entity.id, ()):
            scores[rid] += DIRECT
        for n in neighbours(entity.id):
            postings = by_neighbour.get(n, ())
            if not postings or entities[n].type == "reading" or len(postings) > cap:
                continue  # readings citing the same reading are not thereby related
            weight = idf(len(postings))
            for rid in postings:
                scores[rid] += weight
        for tag in entity.tags:
            postings = by_tag.get(tag, ())
            if not postings or len(postings) > cap:
                continue
            weight = idf(len(postings))
            for rid in postings:
                scores[rid] += weight
        scores.pop(entity.id, None)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        ranked[entity.id] = [rid for rid, _ in best]
    return ranked

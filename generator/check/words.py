"""Readers' words: an entry's name, id and aliases, kb.yaml's glossary terms and the topics it
says it does not cover. Search finds each of them, so each word leads to one place: a second
claim on a word is refused where it is written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.check.schema import field_name
from generator.load import Path_, Record

if TYPE_CHECKING:
    from generator.check.rules import Graph


@dataclass(frozen=True)
class Claim:
    """A word written somewhere: who writes it, where, and what it is there."""

    record: Record
    path: Path_
    what: str
    """How a message names it: `the name`, `an alias`, `a glossary term`..."""
    owner: str
    """The entry (its id) or kb.yaml part the word leads to: two claims of one owner may agree."""


def word_key(text: str) -> str:
    """A word as search compares it: case, hyphens and spacing do not tell two words apart."""
    return re.sub(r"[\s\-_]+", " ", text).strip().casefold()


def one_place_per_word(graph: Graph) -> Iterator[tuple[Record, Path_, str]]:
    """Every alias, glossary term and topic not covered is a word no other entry or part of
    kb.yaml already claims (an entry's own name and id are its own)."""
    taken: dict[str, Claim] = {}
    for claim, word, key in _claims(graph):
        if not key:
            continue  # an empty word is the schema's to refuse, a blank one the loader's
        first = taken.setdefault(key, claim)
        if first is claim or claim.what in ("the name", "the id"):
            continue  # two entries of one name are not this rule's concern
        if first.owner == claim.owner and first.what == claim.what and first.path[:-1] == claim.path[:-1] \
                and word == _word(first):
            continue  # the same alias twice: the schema says so already
        yield claim.record, claim.path, _message(claim, word, first)


Keyed = tuple[Claim, str, str]
"""A claim, its word as written and as search compares it (`word_key`)."""


def _claims(graph: Graph) -> Iterator[Keyed]:
    """Names and ids first, so an alias, term or topic is the one refused when it repeats one."""
    entries = [_entry_claims(r) for r in sorted(graph.records.values(), key=lambda r: r.id)]
    for own, _ in entries:
        yield from own
    for _, aliases in entries:
        yield from aliases
    if graph.kb is None:
        return
    for part, key, what in (("glossary", "term", "a glossary term"), ("not_covered", "topic", "a topic not covered")):
        items = graph.kb.data.get(part)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict) and isinstance(item.get(key), str):
                yield Claim(graph.kb, (part, i, key), what, f"{part}[{i}]"), item[key], word_key(item[key])


def _entry_claims(record: Record) -> tuple[tuple[Keyed, ...], tuple[Keyed, ...]]:
    """An entry's name and id, and its aliases, as claims: worked out once per record (the
    preview keeps the record of an unchanged file)."""
    def make() -> tuple[tuple[Keyed, ...], tuple[Keyed, ...]]:
        name = record.data.get("name")
        own = [(Claim(record, ("name",), "the name", record.id), name)] if isinstance(name, str) else []
        own.append((Claim(record, (), "the id", record.id), record.id))
        aliases = [(Claim(record, ("aliases", i), "an alias", record.id), alias)
                   for i, alias in _strings(record.data.get("aliases"))]
        return tuple((c, w, word_key(w)) for c, w in own), tuple((c, w, word_key(w)) for c, w in aliases)
    return record.derived("claims", Claim, make)


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    return ((i, v) for i, v in enumerate(value if isinstance(value, list) else ()) if isinstance(v, str))


def _word(claim: Claim) -> str:
    value: Any = claim.record.data
    for part in claim.path:
        value = value[part]
    return value if isinstance(value, str) else claim.record.id


def _message(claim: Claim, word: str, first: Claim) -> str:
    where = field_name(claim.path)
    if first.owner == claim.owner:  # its own name or id, or an alias written twice in two spellings
        return f"'{where}': '{word}' repeats {first.what} of this entry; remove it"
    if first.record.type == "kb":
        other = f"{first.what} in kb.yaml ('{field_name(first.path)}')"
    else:
        other = f"{first.what} of {first.record.file}"
    return f"'{where}': '{word}' is also {other}; a reader's word leads to one place, so keep it in one of them"

"""Each entity type is declared once (generator/registry.py); this names anything a type lacks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from conftest import FIXTURE, ROOT
from generator.check.fields import TONES, field_or_none
from generator.domain import BASE, base_schema
from generator.pipeline import _AnyTags
from generator.registry import SHOWS, TYPES, EntityType


def _enums(schema: Any, where: str) -> Iterator[tuple[str, dict]]:
    if isinstance(schema, dict):
        if "enum" in schema:
            yield where, schema
        for key, sub in schema.items():
            yield from _enums(sub, f"{where}.{key}")
    elif isinstance(schema, list):
        for i, sub in enumerate(schema):
            yield from _enums(sub, f"{where}[{i}]")


def _nav_paths(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)


@pytest.mark.parametrize("kind", TYPES, ids=[t.name for t in TYPES])
def test_each_type_has_everything_it_needs(kind: EntityType):
    schema = base_schema(kind.name)  # fails if the schema file is missing
    own = set(schema.get("properties", {}))
    common = set(base_schema("common")["properties"]) - {"id"}  # the file name is the id
    fields = {f.name for f in dataclasses.fields(kind.cls)} - {"id", "file", "more"}  # more: kb.yaml's fields
    assert fields == own | common, f"{kind.name}: dataclass and schema differ: {sorted(fields ^ (own | common))}"
    assert all(f.label for f in kind.facts if f.via), f"{kind.name}: a fact read from other entries needs a label"
    written = {f.attr for f in kind.facts if not f.via} | {f.note for f in kind.facts if f.note}
    for attr in written | set(kind.columns):
        doc = field_or_none(BASE, kind.name, attr)  # the generator's own schemas, before any kb.yaml
        assert doc and doc.label, f"{kind.name}.{attr}: no such field, or no 'title' (its label) in the schema"
    assert all(f.show in SHOWS for f in kind.facts)
    for fact in kind.facts:
        if fact.via:  # the other side of a relation written on another type
            other, field_ = fact.via
            assert field_or_none(BASE, other, field_), f"{kind.name}.{fact.attr}: {other} has no field {field_}"
    if kind.group_by:
        assert field_or_none(BASE, kind.name, kind.group_by).choices, f"{kind.name} groups by a field that is no enum"
    nav = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_AnyTags)["nav"]
    assert f"{kind.folder}/index.md" in set(_nav_paths(nav)), f"mkdocs.yml's nav lacks {kind.folder}/index.md"
    assert list((FIXTURE / kind.folder).glob("*.yaml")), f"the fixture has no {kind.name} entry"


@pytest.mark.parametrize("name", ["common", "kb", *(t.name for t in TYPES)])
def test_every_enum_value_has_a_label(name: str):
    for where, enum in _enums(base_schema(name), name):
        labels = enum.get("x-kb-labels", {})
        missing = [v for v in enum["enum"] if not labels.get(v, {}).get("label")]
        assert not missing, f"{where}: no label for {missing} under x-kb-labels"
        assert set(labels) <= set(enum["enum"]), f"{where}: labels for values the enum lacks"
        assert all(entry.get("tone", "neutral") in TONES for entry in labels.values()), where


def test_every_top_level_field_has_a_label():
    for name in ["common", "kb", *(t.name for t in TYPES)]:
        for field, sub in base_schema(name).get("properties", {}).items():
            assert sub.get("title"), f"{name}.{field} has no 'title'"

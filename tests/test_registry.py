"""A type is its schema, its dataclass and its registry entry; this names anything else it lacks.

It starts from the schema folder, not from the registry, so a type whose registry entry is
missing is named too. What the registry gives everything else (kb synth's share, the field
reference, the contributor test's values, kb init's list of types) is derived and needs no
check here; what stays hand-written is named by file and line. DESIGN.md, "Adding an entity
type", lists exactly these pieces.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURE, ROOT, TESTS
from generator import model
from generator.check.fields import TONES, field_or_none
from generator.domain import BASE, base_schema, read_folder, schemas_dir
from generator.domain import schema as composed_schema
from generator.registry import BY_NAME, SHOWS, EntityType

SCHEMAS = ROOT / "generator" / "schemas"
NOT_TYPES = {"common": "the fields every type shares", "kb": "kb.yaml", "workloads": "kb assess's input"}
"""Schemas of the folder that are no entity type; any other schema there is one."""
TYPE_SCHEMAS = sorted(p.stem for p in SCHEMAS.glob("*.json") if p.stem not in NOT_TYPES)
NAVS = (ROOT / "mkdocs.yml", ROOT / "generator" / "starter" / "mkdocs.yml.j2")
"""Hand-written navigations (this site's, the starter's): each lists every type's index page."""
STARTER = ROOT / "generator" / "starter" / "data"
GOLDEN = TESTS / "golden" / "pages"


class _AnyTags(yaml.SafeLoader):
    """mkdocs.yml's tags (!ENV) read as nothing: only the nav is read here."""


_AnyTags.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_paths(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)


def _nav(path: Path) -> set[str]:
    text = re.sub(r"{{.*?}}|{%.*?%}", "x", path.read_text("utf-8"))  # the starter's is a Jinja template
    return set(_nav_paths(yaml.load(text, Loader=_AnyTags).get("nav")))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _class(name: str) -> type[model.Entity] | None:
    return next((c for _, c in inspect.getmembers(model, inspect.isclass)
                 if issubclass(c, model.Entity) and name == c.TYPE), None)


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def missing(name: str) -> list[str]:
    """Every piece type `name` (a schema in generator/schemas/) lacks, as the file and what to write there."""
    found: list[str] = []
    schema = base_schema(name)
    if schema.get("$ref") != "common.json":
        found.append(f'generator/schemas/{name}.json: "$ref": "common.json" (the fields every type has)')
    cls, kind = _class(name), BY_NAME.get(name)
    if cls is None:
        found.append(f'generator/model.py: class {_class_name(name)}(Entity) with TYPE: ClassVar[str] = "{name}"'
                     " and a field per schema property")
    else:
        own = set(schema.get("properties", {}))
        common = set(base_schema("common")["properties"]) - {"id"}  # the file name is the id
        fields = {f.name for f in dataclasses.fields(cls)} - {"id", "file", "more"}  # more: kb.yaml's fields
        if fields != own | common:
            found.append(f"generator/model.py: {cls.__name__}'s fields differ from the schema's in"
                         f" {sorted(fields ^ (own | common))}")
    if kind is None:
        found.append(f'generator/registry.py: EntityType({_class_name(name)}, "<folder>", "<Singular>",'
                     ' "<Plural>", facts=..., columns=...) in TYPES')
        return found  # the rest is named by the folder and labels the registry gives
    found += _registry_entry(kind)
    line = f"- {kind.plural}: {kind.folder}/index.md"
    for nav in NAVS:
        paths = _nav(nav)
        if f"{kind.folder}/index.md" not in paths:
            found.append(f'{_rel(nav)}: the nav line "{line}" (under Browse)')
        found += [f"{_rel(nav)}: the nav lists {p}, an entry's page: only {kind.folder}/index.md belongs there"
                  for p in sorted(paths) if p.startswith(f"{kind.folder}/") and p != f"{kind.folder}/index.md"]
    fixture = sorted((FIXTURE / kind.folder).glob("*.yaml"))
    if not fixture:
        found.append(f"tests/fixture_kb/{kind.folder}/<id>.yaml: an entry of the type")
    schema_line = f"# yaml-language-server: $schema=../.schemas/{name}.json"
    examples = sorted((STARTER / kind.folder).glob("*.yaml.j2"))
    if not examples:
        found.append(f"{_rel(STARTER)}/{kind.folder}/example-{name}.yaml.j2: kb init's example entry,"
                     f' starting "{schema_line}"')
    found += [f'{_rel(p)}: its first line "{schema_line}" (editors find the schema by it)'
              for p in examples if p.read_text("utf-8").split("\n", 1)[0] != schema_line]
    for data, command in ((ROOT / "data", "make schemas"), (FIXTURE, "kb schemas --data tests/fixture_kb")):
        path = schemas_dir(data) / f"{name}.json"
        if not path.is_file() or json.loads(path.read_text("utf-8")) != composed_schema(read_folder(data), name):
            found.append(f"{_rel(path)}: the composed schema, missing or out of date ({command})")
    pages = [GOLDEN / kind.folder / "index.md", *(GOLDEN / kind.folder / f"{p.stem}.md" for p in fixture)]
    found += [f"{_rel(p)}: its golden page (pytest --update-goldens tests/render/test_render.py, then review)"
              for p in pages if not p.is_file()]
    return found


def _registry_entry(kind: EntityType) -> list[str]:
    """What is wrong in a type's registry entry: facts, columns and grouping that its schema cannot show."""
    where = f"generator/registry.py: {kind.name}"
    found = [f"{where}: fact {f.attr} is read from other entries and needs a label" for f in kind.facts
             if f.via and not f.label]
    found += [f"{where}: fact {f.attr} shows as {f.show!r}, not one of SHOWS" for f in kind.facts
              if f.show not in SHOWS]
    written = {f.attr for f in kind.facts if not f.via} | {f.note for f in kind.facts if f.note}
    for attr in sorted(written | set(kind.columns)):
        doc = field_or_none(BASE, kind.name, attr)  # the generator's own schemas, before any kb.yaml
        if not (doc and doc.label):
            found.append(f"{where}: {attr} is no field of its schema, or has no 'title' (its label)")
    for fact in kind.facts:
        if fact.via and not field_or_none(BASE, *fact.via):  # the other side of a relation written on another type
            found.append(f"{where}: fact {fact.attr} reads {fact.via[0]}.{fact.via[1]}, no such field")
    if kind.group_by and not getattr(field_or_none(BASE, kind.name, kind.group_by), "choices", ()):
        found.append(f"{where}: groups by {kind.group_by}, which is no enum")
    return found


@pytest.mark.parametrize("name", TYPE_SCHEMAS)
def test_each_type_has_everything_it_needs(name: str):
    if lacking := missing(name):
        pytest.fail(f"type {name!r} lacks:\n  " + "\n  ".join(lacking), pytrace=False)


def test_every_registered_type_has_a_schema():
    if lacking := sorted(set(BY_NAME) - set(TYPE_SCHEMAS)):
        pytest.fail("\n".join(f"generator/schemas/{name}.json: the schema of registered type {name!r}"
                              for name in lacking), pytrace=False)


def _enums(schema: Any, where: str) -> Iterator[tuple[str, dict]]:
    if isinstance(schema, dict):
        if "enum" in schema:
            yield where, schema
        for key, sub in schema.items():
            yield from _enums(sub, f"{where}.{key}")
    elif isinstance(schema, list):
        for i, sub in enumerate(schema):
            yield from _enums(sub, f"{where}[{i}]")


@pytest.mark.parametrize("name", ["common", "kb", *TYPE_SCHEMAS])
def test_every_enum_value_has_a_label(name: str):
    for where, enum in _enums(base_schema(name), name):
        labels = enum.get("x-kb-labels", {})
        missing = [v for v in enum["enum"] if not labels.get(v, {}).get("label")]
        assert not missing, f"{where}: no label for {missing} under x-kb-labels"
        assert set(labels) <= set(enum["enum"]), f"{where}: labels for values the enum lacks"
        assert all(entry.get("tone", "neutral") in TONES for entry in labels.values()), where


def test_every_top_level_field_has_a_label():
    for name in ["common", "kb", *TYPE_SCHEMAS]:
        for field, sub in base_schema(name).get("properties", {}).items():
            assert sub.get("title"), f"{name}.{field} has no 'title'"

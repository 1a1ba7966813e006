"""Fields of each entity type, read from the JSON Schemas: one source for docs and scaffolds.

`kb new` writes its template from these, and the field reference in the docs is
rendered from them, so neither can drift from what `kb check` enforces.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator.domain import COMMON, Domain, per_domain
from generator.domain import schema as raw_schema
from generator.registry import BY_NAME


@dataclass(frozen=True)
class FieldDoc:
    """One field as a contributor sees it."""

    name: str
    required: bool
    shape: str
    """`value`, `list`, `objects` (a list of mappings), `map` (mappings by id) or `mapping`
    (one mapping of named fields)."""
    kind: str
    """What goes in it, in words: `text`, `one of: safe, risky`, `list of vendor ids`…"""
    description: str
    allowed: tuple[str, ...] = ()
    children: tuple[FieldDoc, ...] = ()
    label: str = ""
    """The schema's `title`: how readers see the field's name."""
    choices: tuple[Choice, ...] = ()
    """For an enum: every value with its label, meaning and tone, in the schema's order."""
    declared: bool = False
    """Declared by the knowledge base (an axis in kb.yaml): its description is data, not markup."""


@dataclass(frozen=True)
class Choice:
    """One value of an enum field as readers see it, declared beside the value in the schema
    under `x-kb-labels` (value → label, meaning, tone)."""

    value: str
    label: str
    meaning: str = ""
    tone: str = "neutral"
    """`good`, `caution`, `bad` or `neutral`: badges are styled by tone, never by value."""
    rank: int = 0
    """Its place in the schema's order of values: tables sort by meaning, not alphabetically."""


TONES = ("good", "caution", "bad", "neutral")


def _properties(domain: Domain, kind: str) -> tuple[dict[str, Any], set[str]]:
    schema = raw_schema(domain, kind)
    props, required = dict(schema.get("properties", {})), set(schema.get("required", ()))
    if schema.get("$ref") == COMMON:
        common = raw_schema(domain, "common")
        props = {**common["properties"], **props}
        required |= set(common.get("required", ()))
    return props, required


@per_domain
def type_fields(domain: Domain, kind: str) -> tuple[FieldDoc, ...]:
    """The fields of an entity type (common ones first), as written in its schema."""
    props, required = _properties(domain, kind)
    return _describe_object(domain, props, required)


@per_domain
def shared_fields(domain: Domain) -> tuple[FieldDoc, ...]:
    """The fields every entity type has (common.json), as written there."""
    common = raw_schema(domain, "common")
    return _describe_object(domain, common.get("properties", {}), set(common.get("required", ())))


def field(domain: Domain, kind: str, name: str) -> FieldDoc:
    """One top-level field of a type."""
    found = field_or_none(domain, kind, name)
    if found is None:
        raise KeyError(f"{kind} has no field {name!r}")  # a bug in the registry or a template
    return found


@per_domain
def field_or_none(domain: Domain, kind: str, name: str) -> FieldDoc | None:
    return next((f for f in type_fields(domain, kind) if f.name == name), None)


def label(domain: Domain, kind: str, name: str) -> str:
    """A field's name as readers see it (a name the schema does not know is capitalised)."""
    doc = field_or_none(domain, kind, name)
    return doc.label if doc and doc.label else name.replace("_", " ").capitalize()


@per_domain
def scale(domain: Domain, name: str) -> tuple[Choice, ...]:
    """The values of a shared enum in common.json's $defs (the verdict scale), as Choices."""
    return _choices(raw_schema(domain, "common")["$defs"][name])


def verdict(domain: Domain, value: str) -> Choice:
    """A verdict as readers see it: the one scale use cases and tree outcomes share."""
    return _pick(scale(domain, "verdict"), value)


def choice(domain: Domain, kind: str, name: str, value: str) -> Choice:
    """An enum value as readers see it."""
    return _pick(field(domain, kind, name).choices, value)


def _pick(choices: tuple[Choice, ...], value: str) -> Choice:
    """The Choice for a value; a value without one shows as itself."""
    return next((c for c in choices if c.value == value), Choice(value, value))


def _describe_object(domain: Domain, props: dict[str, Any], required: set[str]) -> tuple[FieldDoc, ...]:
    return tuple(_describe(domain, name, sub, name in required) for name, sub in props.items())


def _resolve(domain: Domain, schema: dict[str, Any]) -> dict[str, Any]:
    """Merge a `$ref` into its siblings (the siblings win), following chains. Definitions
    live in common.json, except kb.json's own (`axis`, `values`): the names do not overlap."""
    ref = schema.get("$ref")
    if not ref or ref == COMMON:
        return schema
    file, _, pointer = ref.partition("#")
    kb_defs = raw_schema(domain, "kb").get("$defs", {})
    local = not file and pointer.removeprefix("/$defs/") in kb_defs
    target: Any = raw_schema(domain, "kb" if local else "common")
    for part in pointer.strip("/").split("/"):
        target = target[part]
    merged = {**_resolve(domain, target), **{k: v for k, v in schema.items() if k != "$ref"}}
    if "items" in target and "items" in schema:
        merged["items"] = {**_resolve(domain, target["items"]), **schema["items"]}
    return merged


def _describe(domain: Domain, name: str, schema: dict[str, Any], required: bool) -> FieldDoc:
    resolved = _resolve(domain, schema)  # its own title wins over the one of the definition it refers to
    return replace(_describe_shape(domain, name, resolved, required), label=resolved.get("title", ""),
                   declared=bool(resolved.get("x-kb-declared")))


def _choices(s: dict[str, Any]) -> tuple[Choice, ...]:
    labels = s.get("x-kb-labels", {})
    return tuple(Choice(v, **labels.get(v, {"label": v}), rank=i) for i, v in enumerate(s["enum"]))


def _describe_shape(domain: Domain, name: str, s: dict[str, Any], required: bool) -> FieldDoc:
    description = s.get("description", "")
    if "enum" in s:
        return FieldDoc(name, required, "value", "one of: " + ", ".join(s["enum"]), description, tuple(s["enum"]),
                        choices=_choices(s))
    if s.get("type") == "array":
        items = _resolve(domain, s.get("items", {}))
        if "if" in items:  # sources: an id or a citation
            return FieldDoc(name, required, "list", "list of reading ids or {title, publisher, date, url}", description)
        if items.get("type") == "object":
            children = _describe_object(domain, items.get("properties", {}), set(items.get("required", ())))
            return FieldDoc(name, required, "objects", "list of mappings", description, children=children)
        noun = f"{items['x-kb-noun']} ({items['x-kb-expected'].split(': ', 1)[-1]})" if "x-kb-noun" in items else None
        kind = "list of " + (noun if noun and "x-kb-ref" not in items else _words(items))
        return FieldDoc(name, required, "list", kind, description)
    if s.get("type") == "object" and isinstance(s.get("additionalProperties"), dict):
        value = _resolve(domain, s["additionalProperties"])
        children = _describe_object(domain, value.get("properties", {}), set(value.get("required", ())))
        return FieldDoc(name, required, "map", "mapping of id → fields", description, children=children)
    if s.get("type") == "object" and isinstance(s.get("properties"), dict):
        children = _describe_object(domain, s["properties"], set(s.get("required", ())))
        return FieldDoc(name, required, "mapping", "a mapping of fields", description, children=children)
    return FieldDoc(name, required, "value", _words(s), description)


def _words(s: dict[str, Any]) -> str:
    if "x-kb-ref" in s:
        targets = s["x-kb-ref"]
        if "*" in targets:
            return "ids of any entity"
        return " or ".join(f"{BY_NAME[t].singular.lower()} ids" for t in targets)
    if "x-kb-expected" in s:
        return s["x-kb-expected"]
    if "enum" in s:
        return "one of: " + ", ".join(s["enum"])
    return {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false"}.get(
        s.get("type", ""), "value")

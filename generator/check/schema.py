"""Schemas: the JSON Schema files are the single source of the rules for each type.

Besides standard JSON Schema, a subschema may carry two keywords of ours:
`x-kb-ref` (the value is the id of an entity of these types, `*` for any) and
`x-kb-expected` (how to phrase "expected ..." when a pattern or format fails).
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterable, Iterator, Mapping
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource

from generator.domain import COMMON, PLACED, Domain, per_domain
from generator.domain import schema as raw_schema
from generator.load import Marks, Path_, Record
from generator.problems import Problem, did_you_mean, quote_list

RefSpec = tuple[tuple[str, ...], tuple[str, ...]]
"""(path pattern with `*` for list items, allowed target types)."""


@per_domain
def _validator(domain: Domain, kind: str) -> Draft202012Validator:
    common = Resource.from_contents(raw_schema(domain, "common"))
    registry = Registry().with_resource(COMMON, common)
    return Draft202012Validator(raw_schema(domain, kind), registry=registry, format_checker=FormatChecker())


@per_domain
def _fast_validator(domain: Domain, kind: str):
    """jsonschema-rs (Rust) for the common case, a valid file: about 50 times faster.
    Only files it rejects go through the Python validator, whose errors we turn into
    messages; a test keeps the two in agreement."""
    registry = jsonschema_rs.Registry([(COMMON, raw_schema(domain, "common"))])
    return jsonschema_rs.Draft202012Validator(raw_schema(domain, kind), registry=registry, validate_formats=True)


def is_valid(record: Record, domain: Domain) -> bool:
    return _fast_validator(domain, record.type).is_valid(record.data)


@per_domain
def top_level_fields(domain: Domain, kind: str) -> tuple[str, ...]:
    """Every field a file of this type may have, in schema order (common fields first)."""
    schema = raw_schema(domain, kind)
    names = list(schema.get("properties", {}))
    if schema.get("$ref") == COMMON:
        names = list(raw_schema(domain, "common")["properties"]) + names
    return tuple(names)


@per_domain
def ref_specs(domain: Domain, kind: str) -> tuple[RefSpec, ...]:
    """Where in a file of this type ids of other entities are written, and of which types."""
    return tuple(_walk_refs(domain, raw_schema(domain, kind), ()))


def _walk_refs(domain: Domain, schema: dict[str, Any], pattern: tuple[str, ...]) -> Iterator[RefSpec]:
    if "x-kb-ref" in schema:
        yield pattern, tuple(schema["x-kb-ref"])
    if schema.get("$ref") == COMMON:
        yield from _walk_refs(domain, raw_schema(domain, "common"), pattern)
    for name, sub in schema.get("properties", {}).items():
        yield from _walk_refs(domain, sub, (*pattern, name))
    for many in ("items", "additionalProperties"):  # list items, or values of a mapping by id
        if isinstance(schema.get(many), dict):
            yield from _walk_refs(domain, schema[many], (*pattern, "*"))
    for branch in ("then", "else"):
        if branch in schema:
            yield from _walk_refs(domain, schema[branch], pattern)


def references(record: Record, domain: Domain) -> tuple[tuple[Path_, str, tuple[str, ...]], ...]:
    """(path, id, allowed types) of every reference written in a record."""
    return record.derived("references", domain, lambda: tuple(
        (path, value, targets) for pattern, targets in ref_specs(domain, record.type)
        for path, value in _expand(record.data, pattern, ()) if isinstance(value, str)))


def edges(records: Iterable[Record], known: Container[str], domain: Domain,
          renamed: Mapping[str, str] | None = None) -> Iterator[tuple[Record, str, str]]:
    """The one walk over references that the rules and the linker share: (record, top-level
    field, target id), once per record, field and target. Renamed ids lead to the new id;
    targets not in `known` are skipped (each is an error of its own)."""
    for record in records:
        for field_, target in fields_and_targets(record, domain, renamed):
            if target in known:
                yield record, field_, target


def fields_and_targets(record: Record, domain: Domain,
                       renamed: Mapping[str, str] | None = None) -> tuple[tuple[str, str], ...]:
    """(top-level field, target id) of each reference a record writes, once each, in order;
    renamed ids lead to the new id."""
    pairs = _fields_and_targets(record, domain)
    if renamed and any(target in renamed for _, target in pairs):
        pairs = tuple(dict.fromkeys((field_, renamed.get(target, target)) for field_, target in pairs))
    return pairs


def _fields_and_targets(record: Record, domain: Domain) -> tuple[tuple[str, str], ...]:
    """(top-level field, target id) of each reference a record writes, once each, in order."""
    return record.derived("fields and targets", domain, lambda: tuple(dict.fromkeys(
        (str(path[0]), target) for path, target, _ in references(record, domain))))


def _expand(value: Any, pattern: tuple[str, ...], path: Path_) -> Iterator[tuple[Path_, Any]]:
    if not pattern:
        yield path, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _expand(item, rest, (*path, i))
    elif head == "*" and isinstance(value, dict):
        for key, item in value.items():
            yield from _expand(item, rest, (*path, key))
    elif isinstance(value, dict) and head in value:
        yield from _expand(value[head], rest, (*path, head))


def validate(record: Record, domain: Domain) -> list[Problem]:
    """Check one record against its type's schema; one problem per mistake."""
    if is_valid(record, domain):
        return []
    errors = _validator(domain, record.type).iter_errors(record.data)
    return sorted({problem for error in errors for problem in _problems(record, domain, error)})


def field_name(path: Path_) -> str:
    """`affects[0].use_case` style name of a place in a file."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problems(record: Record, domain: Domain, error: ValidationError) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        for line, col, message in _unknown(record, domain, path, error):
            yield Problem(record.file, line, col, "error", message)
        return
    line, col, message = _describe(record.marks, path, error)
    where = field_name(path)
    yield Problem(record.file, line, col, "error", f"'{where}': {message}" if where else message)


def _unknown(record: Record, domain: Domain, path: Path_, error: ValidationError) -> Iterator[tuple[int, int, str]]:
    """Every field the schema does not know, each at its own line. On the placed type, a
    field with no near name may be meant as an axis of the key question, which kb.yaml declares."""
    allowed = top_level_fields(domain, record.type) if not path else tuple(error.schema.get("properties", {}))
    for extra in sorted(set(error.instance) - set(allowed)):
        line, col = record.marks.key((*path, extra))
        hint = did_you_mean(extra, allowed)
        if not hint and not path and record.type == PLACED:
            hint = " (a field of the key question is declared in kb.yaml, under axes)"
        yield line, col, f"unknown field '{extra}'{hint}; allowed fields: {', '.join(allowed)}"


def _describe(marks: Marks, path: Path_, error: ValidationError) -> tuple[int, int, str]:
    keyword, instance, schema = error.validator, error.instance, error.schema
    line, col = marks.value(path)
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in instance]
        return line, col, f"missing required field(s) {quote_list(missing)}"
    if keyword == "enum":
        hint = did_you_mean(instance, error.validator_value) if isinstance(instance, str) else ""
        return line, col, f"expected one of {quote_list(error.validator_value)}, found {_show(instance)}{hint}"
    if keyword == "type":
        hint = f' (to mean the text, quote it: "{str(instance).lower()}")' if isinstance(instance, bool) else ""
        return line, col, f"expected {_a(error.validator_value)}, found {_describe_value(instance)}{hint}"
    if keyword in ("pattern", "format"):
        expected = schema.get("x-kb-expected", f"text matching {schema.get('pattern', keyword)}")
        return line, col, f"expected {expected}, found {_show(instance)}"
    if keyword == "uniqueItems":
        index = next(i for i, item in enumerate(instance) if item in instance[:i])
        line, col = marks.value((*path, index))
        return line, col, f"{_show(instance[index])} is listed twice; remove one"
    if keyword == "oneOf" and "x-kb-expected" in schema:
        options = [set(o.get("required", ())) for o in schema["oneOf"]]
        matched = sum(isinstance(instance, dict) and o <= instance.keys() for o in options)
        return line, col, f"expected {schema['x-kb-expected']}, found {'both' if matched > 1 else 'neither'}"
    if keyword in ("minItems", "minProperties"):
        return line, col, f"expected at least {error.validator_value} item(s), found {len(instance)}"
    if keyword == "minLength":
        return line, col, "must not be empty"
    if keyword == "maxLength":
        return line, col, f"is {len(instance)} characters long; the limit is {error.validator_value}"
    return line, col, error.message


def _a(kind: str | list[str]) -> str:
    kinds = [kind] if isinstance(kind, str) else kind
    words = {"string": "text", "array": "a list", "object": "a mapping of fields", "integer": "a whole number",
             "number": "a number", "boolean": "true or false", "null": "nothing"}
    return " or ".join(words.get(k, k) for k in kinds)


def _describe_value(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    kinds = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    kind = kinds.get(type(value), type(value).__name__)
    return f"{kind} {_show(value)}" if isinstance(value, (str, int, float, bool)) else kind


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."

"""The knowledge base's own words: what its kb.yaml declares on top of the generator's schemas.

The generator ships base schemas that name no domain. A knowledge base declares in kb.yaml
the two axes of its key question (each becomes a required field of the placed type, use
cases), its verdict scale, and its own values for any other enum field. `schema(kind)` merges
those into the base schemas; the checker, `kb new`, the field reference and editors all read
the composed schemas, so a declaration is written once, in the knowledge base.

A Domain is a value: the knowledge base loaded from a data folder carries its own, and every
reading of the schemas takes the domain it reads for. Readings are cached on the domain
(`per_domain`), so two knowledge bases in one process never see each other's schemas.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml

from generator.registry import BY_NAME

F = TypeVar("F", bound=Callable[..., Any])
COMMON = "common.json"
PLACED = "use-case"
"""The type whose entries sit on the key question's axes (the registry marks it `placed`)."""


@dataclass(frozen=True)
class Axis:
    field: str
    title: str
    question: str
    values: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
    """(value, ((key, text), ...)): label, meaning and tone as written, in order."""


@dataclass(frozen=True)
class Domain:
    """The parts of kb.yaml that reshape the schemas; hashable, compared by content."""

    axes: tuple[Axis, ...] = ()
    enums: tuple[tuple[str, str], ...] = ()
    """("type.field", JSON of its values), the verdict scale included as `use-case.verdict`."""
    board: str = "Verdicts"
    """Title of the board that groups the placed type by verdict."""
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """Readings of this domain's schemas (`per_domain`): they live and die with the value."""

    @classmethod
    def of(cls, records: Iterable[Any]) -> Domain:
        """The domain of a data folder's loaded records: its kb.yaml's (the base without one)."""
        kb = next((r for r in records if r.type == "kb" and r.ok), None)
        if kb is None:
            return cls()
        return kb.derived("domain", cls, lambda: cls.from_kb(kb.data))  # one object while kb.yaml is unchanged

    @classmethod
    def from_kb(cls, data: Any) -> Domain:
        """Read kb.yaml's data leniently: parts that are malformed are left out (the
        kb.yaml schema reports them), so one slip does not bury every file in errors."""
        if not isinstance(data, dict):
            return cls()
        axes: tuple[Axis, ...] = ()
        taken = placed_fields()
        for axis in (_axis(x) for x in _list(data.get("axes"))):  # a clash is reported by check_domain
            if axis is not None and axis.field not in taken | {a.field for a in axes}:
                axes += (axis,)
        enums = {key: values for key, values in _dict(data.get("enums")).items() if _values(values)}
        verdicts = _dict(data.get("verdicts"))
        if _values(verdicts.get("values")):
            enums["use-case.verdict"] = verdicts["values"]
        board = verdicts.get("board")
        return cls(axes=axes, enums=tuple((k, json.dumps(v, sort_keys=False)) for k, v in enums.items()),
                   board=board if isinstance(board, str) and board.strip() else "Verdicts")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _values(values: Any) -> bool:
    return bool(values) and isinstance(values, dict) and all(
        isinstance(k, str) and isinstance(v, dict) and isinstance(v.get("label"), str) for k, v in values.items())


def _axis(data: Any) -> Axis | None:
    if not (isinstance(data, dict) and isinstance(data.get("field"), str) and _values(data.get("values"))):
        return None
    values = tuple((k, tuple((key, str(text)) for key, text in v.items())) for k, v in data["values"].items())
    return Axis(data["field"], str(data.get("title") or data["field"]), str(data.get("question") or ""), values)


BASE = Domain()
"""The generator's own schemas, before any kb.yaml (a kb.yaml that declares nothing)."""


def per_domain(fn: F) -> F:
    """Cache a reading of the schemas, `fn(domain, *args)`, on the domain it reads."""
    @wraps(fn)
    def cached(domain: Domain, *args: Any) -> Any:
        key = (fn, args)
        if key not in domain.memo:
            domain.memo[key] = fn(domain, *args)
        return domain.memo[key]

    return cached  # type: ignore[return-value]


@cache
def base_schema(kind: str) -> dict[str, Any]:
    """A schema as shipped in generator/schemas/ (`common`, `kb` or an entity type)."""
    text = resources.files("generator").joinpath("schemas", f"{kind}.json").read_text("utf-8")
    return json.loads(text)


def placed_fields() -> set[str]:
    """The fields the placed type has before kb.yaml adds its axes: no axis may take one."""
    return {*base_schema(PLACED)["properties"], *base_schema("common")["properties"]}


@per_domain
def schema(domain: Domain, kind: str) -> dict[str, Any]:
    """A schema as a knowledge base sees it: the base plus its kb.yaml's declarations."""
    composed = copy.deepcopy(base_schema(kind))
    if kind == PLACED and domain.axes:  # the axes go after the type's required fields
        required = composed.get("required", [])
        props = list(composed["properties"].items())
        at = max((i + 1 for i, (name, _) in enumerate(props) if name in required), default=0)
        axes = [(axis.field, _axis_schema(axis)) for axis in domain.axes]
        composed["properties"] = dict(props[:at] + axes + props[at:])
        composed["required"] = [*required, *(axis.field for axis in domain.axes)]
    for key, values in domain.enums:
        owner, _, name = key.partition(".")
        _set_enum(kind, composed, owner, name, json.loads(values))
    return composed


def _axis_schema(axis: Axis) -> dict[str, Any]:
    return {"title": axis.title, "description": axis.question or axis.title, "x-kb-declared": True,
            "enum": [value for value, _ in axis.values],
            "x-kb-labels": {value: dict(texts) for value, texts in axis.values}}


def _set_enum(kind: str, composed: dict[str, Any], owner: str, name: str, values: dict[str, Any]) -> None:
    """Give field `owner.name` these values; a field defined in common.json's $defs (the
    verdict and status scales) changes there, for every type that shares it."""
    prop = base_schema(owner).get("properties", {}).get(name, {}) if owner in _types() else {}
    ref = prop.get("$ref", "")
    target: dict[str, Any] | None = None
    if ref.startswith(COMMON + "#/$defs/") and kind == "common":
        target = composed["$defs"][ref.rsplit("/", 1)[1]]
    elif kind == owner and "enum" in prop:
        target = composed["properties"][name]
    if target is not None:
        target["enum"] = list(values)
        target["x-kb-labels"] = {value: {k: v for k, v in texts.items() if k in ("label", "meaning", "tone")}
                                 for value, texts in values.items()}


def _types() -> tuple[str, ...]:
    return tuple(BY_NAME)


def renamable() -> dict[str, str]:
    """Every enum field a knowledge base may give its own values: `type.field` → label."""
    out: dict[str, str] = {}
    for kind in sorted(_types()):
        for name, prop in base_schema(kind).get("properties", {}).items():
            ref = prop.get("$ref", "")
            if "enum" in prop or (ref.startswith(COMMON + "#/$defs/") and "enum" in base_schema("common")["$defs"].get(
                    ref.rsplit("/", 1)[1], {})):
                out[f"{kind}.{name}"] = prop.get("title", name)
    return out


BOARD = "boards/verdicts.md"
"""The verdict board's docs-relative path: fixed, so the navigation never breaks when its
title (`Domain.board`) changes."""


def read_kb_yaml(data_dir: Path) -> Any:
    """A data folder's kb.yaml as plain data, leniently: None when missing or unreadable
    (`kb check` reports what is wrong with it), for readers that need a part of it early."""
    try:
        return yaml.safe_load((data_dir / "kb.yaml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def read_folder(data_dir: Path) -> Domain:
    """The domain of a data folder's kb.yaml, for commands that read no other file
    (`kb new`, `kb fields`, `kb schemas`). A missing or unreadable kb.yaml gives the
    generator's own schemas."""
    return Domain.from_kb(read_kb_yaml(data_dir))


SCHEMAS = ".schemas"
"""The composed schemas' folder inside the data folder: committed, so an editor finds them
after a clone; hidden, so the loader never takes it for an entity type."""


def schemas_dir(data_dir: Path) -> Path:
    """Where a knowledge base keeps its composed schemas: `.schemas/` inside its data folder."""
    return data_dir / SCHEMAS


def composed_texts(domain: Domain) -> dict[str, str]:
    """Every composed schema (common, kb and each type) as its file's name and text."""
    return {f"{kind}.json": json.dumps(schema(domain, kind), indent=2, ensure_ascii=False) + "\n"
            for kind in ("common", "kb", *_types())}


def write_schemas(domain: Domain, out: Path) -> list[Path]:
    """Write a domain's composed schemas into `out`, for editors: a data file's `$schema`
    line points at them."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in composed_texts(domain).items():
        path = out / name
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def refresh_schemas(data_dir: Path) -> list[Path]:
    """Write a data folder's composed schemas (from its kb.yaml) where its `$schema` lines point."""
    return write_schemas(read_folder(data_dir), schemas_dir(data_dir))

"""`kb new`: a new entry's file with every field of its type, explained."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.check.fields import type_fields
from generator.domain import Domain, read_folder, schemas_dir, write_schemas
from generator.errors import KbError
from generator.folder import data_files
from generator.model import slug
from generator.problems import did_you_mean
from generator.registry import BY_FOLDER, BY_NAME
from generator.render.markup import yaml_string


def entity_type(word: str) -> str:
    """Accept `vendor`, `vendors` or `use-case`; refuse anything else with a suggestion."""
    if word in BY_NAME:
        return word
    if word in BY_FOLDER:
        return BY_FOLDER[word].name
    raise KbError(f"unknown type '{word}'{did_you_mean(word, BY_NAME)}; "
                  f"expected one of {', '.join(BY_NAME)}")


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("generator", "templates/yaml"), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["yaml"] = yaml_string
    return env


def render_new(domain: Domain, kind: str, name: str, today: dt.date, schema_path: str) -> str:
    values = {"name": name, "reviewed": today.isoformat()}
    return _environment().get_template("new.yaml.j2").render(
        fields=type_fields(domain, kind), values=values, label=BY_NAME[kind].singular.lower(), schema_path=schema_path)


def new_entry(data_dir: Path, kind: str, name: str, today: dt.date) -> Path:
    """Write data/<folder>/<slug>.yaml; refuse to overwrite or to reuse an id."""
    id_ = slug(name)
    if not id_:
        raise KbError(f"cannot make an id from {name!r}: use letters or digits")
    taken = {p.stem: p for p in data_files(data_dir) if p.suffix == ".yaml"} if data_dir.is_dir() else {}
    if id_ in taken:
        raise KbError(f"{taken[id_]} already exists (ids are unique across types); pick another name or edit that file")
    path = data_dir / BY_NAME[kind].folder / f"{id_}.yaml"
    domain = read_folder(data_dir)
    schema = write_schemas(domain, schemas_dir(data_dir))[0].with_name(f"{kind}.json")  # the one it names, up to date
    relative = Path(os.path.relpath(schema, path.parent)).as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(render_new(domain, kind, name, today, relative))
    return path

"""Load: read one YAML file into a record that remembers positions (`folder.py` reads them all).

PyYAML's composer keeps the start mark of every node; we build plain Python values
from the node tree ourselves so each value's line and column survives for messages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.glyphs import describe, invisible, unprintable
from generator.problems import Problem

try:  # the C composer is several times faster and keeps marks just the same
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader

KB_FILE = "kb.yaml"
MAX_BYTES = 1_000_000
MAX_DEPTH = 32
UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufeff\ufffe\uffff"
                        + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(1, 17)) + "]")
"""Characters no document may hold: C0 and C1 controls but tab and newline, lone surrogates,
a byte-order mark inside text, and Unicode's noncharacters. YAML's escapes ("\a", "\u0007") can write them; no page, PDF
or download can show them, so the loader refuses them where they are written."""
MAX_INT = 2**53 - 1
"""The largest whole number a file may hold: every JSON reader (a browser's too) keeps it exact."""
Path_ = tuple[str | int, ...]


@dataclass
class Marks:
    """Line and column (1-based) of every value and mapping key of one file."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def value(self, path: Path_) -> tuple[int, int]:
        """Position of the value at `path`, or of its nearest known parent."""
        path = tuple(path)
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))

    def key(self, path: Path_) -> tuple[int, int]:
        """Position of the mapping key that holds `path`, else of its value."""
        return self.keys.get(tuple(path)) or self.value(path)


@dataclass(frozen=True)
class Record:
    """One YAML file, parsed but not yet checked."""

    file: str
    """Display path, used in messages."""
    type: str
    """Entity type, from the folder (`sector`, `use-case`, ...); `kb` for kb.yaml."""
    id: str
    """File name without `.yaml`."""
    data: Any
    """Plain Python values: dict, list, str, int, float, bool (dates stay strings).

    None when the file could not be read as a mapping; the record still claims its id,
    so one broken file does not also cause "unknown id" errors everywhere it is named."""
    marks: Marks
    text: str = field(default="", repr=False, compare=False)
    """The file's text, to locate things inside a value (links in a `body`)."""
    memo: dict[str, tuple[Any, Any]] = field(default_factory=dict, repr=False, compare=False)
    """What was worked out from this record alone (`derived`): the preview reuses the record
    of an unchanged file, and with it these."""

    def derived(self, what: str, given: Any, make: Callable[[], Any]) -> Any:
        """`make()`, the reading `what` of this record with `given` (a domain, a class), worked
        out once per `given` object (compared by identity: no hashing of large values)."""
        known = self.memo.get(what)
        if known is None or known[0] is not given:
            known = self.memo[what] = (given, make())
        return known[1]

    @property
    def ok(self) -> bool:
        return isinstance(self.data, dict)


def display_path(path: Path) -> str:
    """Path relative to the working directory when inside it, so messages stay short."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_file(path: Path, kind: str, problems: list[Problem], shown: str | None = None,
              raw: bytes | None = None) -> Record:
    """Parse one file (`raw`: its bytes, if already read); on failure add a problem and return
    a record whose `data` is None."""
    shown = shown or display_path(path)
    marks = Marks()
    raw = path.read_bytes() if raw is None else raw
    if len(raw) > MAX_BYTES:
        problems.append(Problem(shown, 1, 1, "error", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}"))
        return Record(shown, kind, path.stem, None, marks)
    text = _decode(raw, shown, problems)
    data = None if text is None else _parse(text, shown, marks, problems)
    return Record(shown, kind, path.stem, data, marks, text or "")


def _parse(text: str, shown: str, marks: Marks, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problems.append(_yaml_problem(shown, text, exc))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(shown, 1, 1, "error", f"YAML syntax: {exc}"))
        return None
    walker = _Walker(shown, marks, problems)
    data = walker.value(node, (), 0) if node is not None else None
    if walker.failed:
        return None
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {_yaml_kind(data)}"
        problems.append(Problem(shown, 1, 1, "error", f"expected a mapping of fields (name: ...), found {found}"))
        return None
    return data


def _decode(raw: bytes, shown: str, problems: list[Problem]) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(Problem(shown, line, col, "error",
                                f"file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"))
        return None


def _yaml_problem(shown: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark:
        what = f"{exc.context} (from line {exc.context_mark.line + 1}), {what}"
    elif exc.context:
        what = f"{exc.context}, {what}"
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        what += " (a tab: indent with spaces instead)"
    return Problem(shown, line, col, "error", f"YAML syntax: {what}")


def _yaml_kind(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), "value")


class _Walker:
    """Turn a composed node tree into plain values, recording marks and refusing tricks."""

    _constructor = yaml.SafeLoader("")  # only used to build scalars (ints, bools, floats)

    def __init__(self, shown: str, marks: Marks, problems: list[Problem]):
        self.shown, self.marks, self.problems = shown, marks, problems
        self.seen: set[int] = set()
        self.failed = False

    def fail(self, node: yaml.Node, message: str) -> None:
        self.failed = True
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(Problem(self.shown, line, col, "error", message))

    def value(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.marks.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:
            self.fail(node, "YAML anchors and aliases (&name, *name) are not supported; write the value out")
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                self.fail(node, f"unsupported YAML tag '{node.tag}'; use plain values")
                return None
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.fail(node, f"unsupported YAML tag '{node.tag}'; use plain values")
                return None
            return [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # the composer makes only these three kinds
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, "YAML merge keys (<<) are not supported; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                self.fail(key_node, "field names must be plain words (a string key)")
                continue
            key = key_node.value
            if key in result:
                first = self.marks.keys[(*path, key)][0]
                self.fail(key_node, f"duplicate field '{key}' (first set on line {first}); keep one")
                continue
            self.marks.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.value(value_node, (*path, key), depth + 1)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            if found := UNWRITABLE.search(node.value):
                self.fail(node, f"the text holds the character U+{ord(found.group()):04X}, which no page or PDF "
                                "can show (a control character, a lone surrogate or a noncharacter); remove it")
                return None
            if invisible(node.value):
                self.fail(node, "the text shows nothing: it holds only spaces or invisible characters; "
                                "write it out or remove the field")
                return None
            if (missing := unprintable(node.value)) is not None:
                self.fail(node, f"the text holds {describe(missing)}; remove it or write it another way")
                return None
            return node.value  # dates stay ISO strings; the schema checks their form
        if tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.2 rules: an answer labelled "Yes" or "No" stays text
        if tag == "tag:yaml.org,2002:int" and sum(c.isalnum() for c in node.value) > 20:
            self.fail(node, f"expected a whole number of at most {MAX_INT:,}, found one {len(node.value)} characters "
                            "long; quote it if it is text")
            return None
        if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
                   "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            value = self._constructor.construct_object(node)
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
                self.fail(node, f"expected a whole number of at most {MAX_INT:,}, found {node.value}")
                return None
            if isinstance(value, float) and not math.isfinite(value):
                self.fail(node, f"expected a finite number, found {node.value}; quote it if it is text")
                return None
            return value
        self.fail(node, f"unsupported YAML tag '{tag}'; use plain values")
        return None

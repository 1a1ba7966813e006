"""The schemas an editor reads: the composed schemas committed in the data folder, and each
file's `# yaml-language-server: $schema=` line that points at its own.

Editors read the committed copies, not kb.yaml, so a copy that kb.yaml no longer composes
shows false errors (or hides real ones) in every contributor's editor. The check applies
once a file's `$schema` line names a relative path: a data folder with none (a test's, one
whose files were written by a program) points no editor at anything.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from generator.domain import Domain, composed_texts, schemas_dir
from generator.load import Record, display_path
from generator.problems import Problem

SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)", re.MULTILINE)
REFRESH = "refresh them with `kb schemas` (make schemas) and commit them"


def check_schemas(data_dir: Path, records: list[Record]) -> list[Problem]:
    """Report committed schemas that are missing or stale, and `$schema` lines that name
    anything but their own type's composed schema."""
    folder = schemas_dir(data_dir)
    lines = [found for found in _schema_lines(records) if "://" not in found[3]]  # a URL is the team's choice
    if not lines:
        return []
    if not folder.is_dir():
        return [Problem(record.file, line, col, "error", f"$schema names {target}, but {display_path(folder)}/"
                        f" does not exist: write the composed schemas with `kb schemas` (make schemas)"
                        " and commit them") for record, line, col, target in lines[:1]]
    problems = list(_stale(Domain.of(records), folder))
    for record, line, col, target in lines:
        want = folder / f"{record.type}.json"
        if (_dir(record) / target).resolve() != want.resolve():
            relative = Path(os.path.relpath(want, _dir(record))).as_posix()
            problems.append(Problem(record.file, line, col, "error",
                                    f"$schema names {target}; this file's schema is {relative}"))
    return problems


def _dir(record: Record) -> Path:
    return Path(record.file).parent


def _schema_lines(records: list[Record]) -> Iterator[tuple[Record, int, int, str]]:
    """Each record's `$schema` line: the record, the target's line and column, the target."""
    for record in records:
        if found := SCHEMA_LINE.search(record.text):
            line = record.text.count("\n", 0, found.start(1)) + 1
            col = found.start(1) - record.text.rfind("\n", 0, found.start(1))
            yield record, line, col, found.group(1)


def _stale(domain: Domain, folder: Path) -> Iterator[Problem]:
    for name, text in composed_texts(domain).items():
        path = folder / name
        try:
            current = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            state = "missing" if current is None else "stale: kb.yaml now composes it differently"
            yield Problem(display_path(path), 1, 1, "error", f"schema {state}; {REFRESH}")

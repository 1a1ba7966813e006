"""`kb diff BASE`: what a change does to the knowledge base, for a pull request description."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.schema import edges
from generator.domain import Domain
from generator.errors import KbError
from generator.folder import load_folder
from generator.load import Record


@dataclass
class Change:
    """The differences between two versions of the data."""

    added: list[Record] = field(default_factory=list)
    removed: list[Record] = field(default_factory=list)
    changed: list[tuple[Record, list[str]]] = field(default_factory=list)
    """Entry, and the names of the fields that changed."""
    verdicts: list[tuple[Record, str, str]] = field(default_factory=list)
    statuses: list[tuple[Record, str, str]] = field(default_factory=list)
    backlinks: list[tuple[Record, list[str], list[str]]] = field(default_factory=list)
    """Entry whose page gains or loses backlinks: (entry, gained from, lost from)."""

    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.backlinks)


def data_at(revision: str, data_dir: Path, into: Path) -> Path:
    """Extract the data folder as it was at a git revision into `into`; return its path there."""
    root = _git(data_dir, "rev-parse", "--show-toplevel").strip()
    relative = data_dir.resolve().relative_to(Path(root).resolve()).as_posix()
    archive = subprocess.run(["git", "-C", root, "archive", "--format=tar", revision, "--", relative],
                             capture_output=True)
    if archive.returncode != 0:
        raise KbError(f"cannot read {relative}/ at '{revision}': {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into / relative


def _git(where: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise KbError(f"git {' '.join(args)} failed: {result.stderr.strip()} (is {where} in a git repository?)")
    return result.stdout


def compare(base: list[Record], head: list[Record]) -> Change:
    """Compare two loads of the data, entry by entry."""
    old = {r.id: r for r in base if r.ok and r.type != "kb"}
    new = {r.id: r for r in head if r.ok and r.type != "kb"}
    change = Change()
    change.added = [new[i] for i in sorted(new.keys() - old.keys())]
    change.removed = [old[i] for i in sorted(old.keys() - new.keys())]
    for id_ in sorted(new.keys() & old.keys()):
        before, after = old[id_].data, new[id_].data
        fields = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        if fields:
            change.changed.append((new[id_], fields))
        for key, bucket in (("verdict", change.verdicts), ("status", change.statuses)):
            if before.get(key) != after.get(key) and key in after:
                bucket.append((new[id_], str(before.get(key)), str(after.get(key))))
    change.backlinks = _backlinks(base, head, new)
    return change


def _backlinks(base: list[Record], head: list[Record], new: dict[str, Record]):
    def incoming(records: list[Record]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        entries = [r for r in records if r.ok and r.type != "kb"]
        for record, field_, target in edges(entries, {r.id for r in records}, Domain.of(records)):
            if field_ != "sources":
                found[target].add(record.id)
        return found

    before, after = incoming(base), incoming(head)
    found = []
    for id_ in sorted(new):
        gained, lost = after.get(id_, set()) - before.get(id_, set()), before.get(id_, set()) - after.get(id_, set())
        if gained or lost:
            found.append((new[id_], sorted(gained), sorted(lost)))
    return found


def diff(revision: str, data_dir: Path) -> Change:
    """Compare the data at `revision` with the working tree's."""
    with tempfile.TemporaryDirectory(prefix="kb-diff-") as tmp:
        base, _ = load_folder(data_at(revision, data_dir, Path(tmp)))
    head, _ = load_folder(data_dir)
    return compare(base, head)


def changed_files(revision: str, data_dir: Path) -> set[Path]:
    """Files under `data_dir` that differ from `revision` (committed, staged, edited or new),
    resolved: the files a pull request touches, when `revision` is its base."""
    root = Path(_git(data_dir, "rev-parse", "--show-toplevel").strip())
    names = _git(root, "diff", "--name-only", revision, "--", str(data_dir.resolve()))
    names += _git(root, "ls-files", "--others", "--exclude-standard", "--", str(data_dir.resolve()))
    return {(root / name).resolve() for name in names.splitlines() if name}

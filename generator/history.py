"""What changed in the data, and when, read from git in one pass.

One `git log` over the data folder lists every commit with the files it added, changed or
removed; one `git cat-file --batch` process hands over each new version of those files. The
versions are compared in order, oldest first, so each entry gets its meaningful changes:
created, renamed (a new file whose `former_ids` names a removed one), removed, its grouping
field changed (a use case's verdict, a signal's status: the type's `group_by`), a new
observation, other fields edited. A commit that only moves `reviewed` is no change to the
reader (the review schedule has those). Works on a shallow clone (it says how far back it
could see) and outside git (no history, no error).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from generator.registry import BY_FOLDER, BY_NAME

try:
    _Loader: type = yaml.CSafeLoader  # libyaml: history reads every version of every file
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

IGNORED = frozenset({"reviewed", "former_ids"})
"""Fields whose change is no news: the review date, and the renames told as renames."""


@dataclass(frozen=True)
class Change:
    """One meaningful change to one entry, in one commit."""

    entry: str
    """The entry's id today (a renamed entry's earlier changes are filed under its new id)."""
    type: str
    kind: str
    """created, renamed, removed, grouped (the `group_by` field), observed or edited."""
    date: str
    commit: str
    subject: str
    name: str
    """The entry's name as of the change (a removed entry has no page to name it)."""
    fields: tuple[str, ...] = ()
    """The fields that changed (edited), or the one grouping field (grouped)."""
    before: str | None = None
    after: str | None = None
    """Grouped: the values; renamed: the old and the new id; observed: the observation's date."""
    edition: str = ""
    """The edition the change came in: the tag on its commit, else its date."""


@dataclass(frozen=True)
class History:
    """Every change, newest first, and how much of the repository could be seen."""

    changes: tuple[Change, ...] = ()
    seen: str = "none"
    """"full", "shallow" (a shallow clone: history from `since` on) or "none" (not in git)."""
    since: str | None = None
    """The date of the oldest commit seen."""
    by_entry: dict[str, tuple[Change, ...]] = field(default_factory=dict, compare=False)

    def of(self, entry: str) -> tuple[Change, ...]:
        """An entry's changes, newest first."""
        return self.by_entry.get(entry, ())

    def editions(self) -> list[tuple[str, tuple[Change, ...]]]:
        """The changes by edition, newest first."""
        out: dict[str, list[Change]] = {}
        for c in self.changes:
            out.setdefault(c.edition, []).append(c)
        return [(e, tuple(cs)) for e, cs in out.items()]


@dataclass(frozen=True)
class _Commit:
    hash: str
    short: str
    date: str
    tag: str
    subject: str
    files: tuple[tuple[str, str, str, str], ...]
    """Its entry files: (status A, M or D, repo-relative path, type, id)."""


def read_history(data_dir: Path) -> History:
    """The data folder's history, or an empty one (seen "none") where there is no git."""
    try:
        prefix, shallow = _git(data_dir, "rev-parse", "--show-prefix", "--is-shallow-repository").split("\n")[:2]
        log = _git(data_dir, "log", "--first-parent", "--diff-merges=first-parent", "--reverse", "--no-renames",
                   "-z", "--format=%x1e%H%x1f%h%x1f%cs%x1f%D%x1f%s%x1f%b%x1f", "--name-status", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return History()
    commits = list(_commits(log, prefix))
    wanted = [f"{c.hash}:{path}" for c in commits for status, path, _, _ in c.files if status != "D"]
    versions = dict(zip(wanted, _contents(data_dir, wanted), strict=True))
    order = {c.short: i for i, c in enumerate(commits)}
    told = _compare(commits, versions, shallow.strip() == "true")
    changes = sorted(told, key=lambda ch: -order[ch.commit])  # newest commit first
    by_entry: dict[str, list[Change]] = {}
    for c in changes:
        by_entry.setdefault(c.entry, []).append(c)
    return History(tuple(changes), "shallow" if shallow.strip() == "true" else "full",
                   commits[0].date if commits else None, {k: tuple(v) for k, v in by_entry.items()})


def _git(where: Path, *args: str, given: str | None = None) -> str:
    return subprocess.run(["git", "-C", str(where), *args], input=given, capture_output=True, text=True,
                          check=True, timeout=600, encoding="utf-8").stdout


def _commits(log: str, prefix: str) -> Iterator[_Commit]:
    for record in log.split("\x1e")[1:]:
        hash_, short, date, refs, subject, body, rest = record.split("\x1f", 6)
        if subject.startswith("Merge pull request") and body.strip():
            subject = body.strip().splitlines()[0]  # a merge commit's pull request title
        tag = next((r.removeprefix("tag: ") for r in refs.split(", ") if r.startswith("tag: ")), "")
        parts = rest.strip("\0\n").split("\0")
        files = tuple((parts[i], parts[i + 1], *entry) for i in range(0, len(parts) - 1, 2)
                      if parts[i + 1].endswith(".yaml") and (entry := _entry_path(parts[i + 1], prefix)))
        yield _Commit(hash_, short, date, tag, subject, files)


def _entry_path(path: str, prefix: str) -> tuple[str, str] | None:
    """(type, id) of an entry file, or None for kb.yaml, schemas and anything else."""
    inside = path.removeprefix(prefix).split("/")
    if not path.startswith(prefix) or len(inside) != 2 or inside[0] not in BY_FOLDER:
        return None
    return BY_FOLDER[inside[0]].name, inside[1].removesuffix(".yaml")


def _contents(data_dir: Path, wanted: list[str]) -> list[dict[str, Any] | None]:
    """Each `commit:path` parsed, in one `git cat-file` process; None where it is not a mapping."""
    if not wanted:
        return []
    out = subprocess.run(["git", "-C", str(data_dir), "cat-file", "--batch"], input="\n".join(wanted).encode() + b"\n",
                         capture_output=True, check=True, timeout=600).stdout
    parsed: list[dict[str, Any] | None] = []
    at = 0
    for _ in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if header[-1] == b"missing":
            parsed.append(None)
            at = end + 1
            continue
        size = int(header[2])
        parsed.append(_parse(out[end + 1:end + 1 + size]))
        at = end + 1 + size + 1
    return parsed


def _parse(text: bytes) -> dict[str, Any] | None:
    try:
        data = yaml.load(text.decode("utf-8"), Loader=_Loader)  # a safe loader, C where built
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _compare(commits: list[_Commit], versions: dict[str, dict | None], shallow: bool) -> Iterator[Change]:
    """Each commit's changes, oldest first; at the end every id is its entry's latest. In a
    shallow clone the oldest commit seen adds every file: it is where history starts, not news."""
    last: dict[str, dict] = {}  # id → its latest parsed version
    renamed: dict[str, str] = {}  # old id → new id
    changes: list[Change] = []
    if shallow and commits:
        first, commits = commits[0], commits[1:]
        for _, path, _, id_ in first.files:
            if v := versions.get(f"{first.hash}:{path}"):
                last[id_] = v
    for c in commits:
        added = {id_: versions.get(f"{c.hash}:{path}") or {} for status, path, _, id_ in c.files if status == "A"}
        former = {str(f): id_ for id_, v in added.items() for f in v.get("former_ids") or ()}
        for status, path, kind, id_ in c.files:
            now = versions.get(f"{c.hash}:{path}") if status != "D" else None
            changes += _changes(c, kind, id_, last.get(id_), now, status, former, renamed, last)
            if now is not None:
                last[id_] = now
            elif status == "D":
                last.pop(id_, None)
    for change in changes:  # file each change under the entry's id today
        yield _renamed_to(change, renamed)


def _changes(c: _Commit, kind: str, id_: str, before: dict | None, now: dict | None, status: str,
             former: dict[str, str], renamed: dict[str, str], last: dict[str, dict]) -> list[Change]:
    def change(what: str, **more: Any) -> Change:
        name = str((now or before or {}).get("name") or id_)
        return Change(id_, kind, what, c.date, c.short, c.subject, name, edition=c.tag or c.date, **more)

    if status == "D":
        if before is None or id_ in former:
            return []  # a rename is told on the new file
        return [change("removed")]
    if now is None:
        return []  # a file that does not parse: the check's business, not history's
    if before is None:
        old = next((str(f) for f in now.get("former_ids") or () if former.get(str(f)) == id_
                    and (str(f) in last or _was_removed(str(f), c))), None)
        if old is not None:
            renamed[old] = id_
            return [change("renamed", before=old, after=id_)]
        return [change("created")]
    return _edits(before, now, kind, change)


def _was_removed(id_: str, c: _Commit) -> bool:
    return any(status == "D" and entry == id_ for status, _, _, entry in c.files)


def _edits(before: dict, now: dict, kind: str, change: Any) -> list[Change]:
    group = BY_NAME[kind].group_by
    out = []
    if group and before.get(group) != now.get(group):
        out.append(change("grouped", fields=(group,), before=_text(before.get(group)), after=_text(now.get(group))))
    seen = {str(o.get("date")) for o in before.get("observations") or () if isinstance(o, dict)}
    for o in now.get("observations") or ():
        if isinstance(o, dict) and str(o.get("date")) not in seen:
            out.append(change("observed", fields=("observations",), after=str(o.get("date"))))
    edited = tuple(sorted(k for k in {*before, *now} - IGNORED - {group, "observations"}
                          if before.get(k) != now.get(k)))
    if edited:
        out.append(change("edited", fields=edited))
    return out


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _renamed_to(c: Change, renamed: dict[str, str]) -> Change:
    target = c.entry
    while target in renamed:
        target = renamed[target]
    return c if target == c.entry else replace(c, entry=target)


def data_dates(data_dir: Path) -> dict[Path, int]:
    """Each data file's last commit (seconds since the epoch), from one `git log` over the
    folder; none outside git. Not the files' mtimes: a clone or copy sets those to its own
    time, so the same data would give different pages."""
    try:
        result = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(data_dir), "log", "--relative",
                                 "--format=%x00%ct", "--name-only", "--", "."],
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    dates: dict[Path, int] = {}
    stamp = 0
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            stamp = int(line[1:])
        elif line:  # newest commit first: the first time a file is named is its last change
            dates.setdefault((data_dir / line).resolve(), stamp)
    return dates

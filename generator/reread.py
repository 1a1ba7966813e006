"""Reading the data folder again after a save: a file is parsed again only when its bytes
changed (the preview's `pipeline.Session` keeps one Reader between saves).

A file whose size, times and inode are those it had when it was last read, and whose last
change is older than that read by more than three seconds, is not even read again: a change
to it would have moved its modification time. Younger files are hashed whatever their times
say, since a second write within the file system's time step (a few milliseconds on Linux,
two seconds on FAT) can keep them. A file system whose times are coarser still, or whose
clock runs behind this machine's, is not covered."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.body import BodyLink, body_links
from generator.load import Record, load_file
from generator.problems import Problem


@dataclass
class _Read:
    digest: bytes
    stat: tuple[int, ...]
    """Size, modification and change times (ns), inode and device when it was read."""
    at: int
    """When it was read (ns since the epoch)."""
    kind: str
    shown: str
    record: Record
    problems: tuple[Problem, ...]


@dataclass
class Reader:
    """Reads data files for `load_folder`, parsing a file again only when its bytes changed."""

    read: dict[str, _Read] = field(default_factory=dict)
    """By path."""
    seen: set[str] = field(default_factory=set)
    links: dict[str, tuple[BodyLink, ...]] = field(default_factory=dict)
    """Each body's links, by its text."""
    bodies: set[str] = field(default_factory=set)

    def __call__(self, path: str, kind: str, problems: list[Problem], shown: str) -> Record:
        known = self.read.get(path)
        stat = _stat(path)
        if known is None or (known.stat, known.kind, known.shown) != (stat, kind, shown) or _young(known):
            at = time.time_ns()
            raw = Path(path).read_bytes()
            digest = hashlib.blake2b(raw, digest_size=16).digest()
            if known is None or (known.digest, known.kind, known.shown) != (digest, kind, shown):
                found: list[Problem] = []
                record = load_file(Path(path), kind, found, shown, raw)
                known = _Read(digest, stat, at, kind, shown, record, tuple(found))
            else:
                known = _Read(digest, stat, at, kind, shown, known.record, known.problems)
            self.read[path] = known
        self.seen.add(path)
        problems.extend(known.problems)
        return known.record

    def body_links(self, text: str) -> tuple[BodyLink, ...]:
        """`body.body_links`, parsed again only for a body whose text changed."""
        if text not in self.links:
            self.links[text] = tuple(body_links(text))
        self.bodies.add(text)
        return self.links[text]

    def forget_unseen(self) -> None:
        """Drop the files and bodies this pass did not read (deleted, renamed or edited), and
        start a new pass."""
        self.read = {p: r for p, r in self.read.items() if p in self.seen}
        self.links = {t: links for t, links in self.links.items() if t in self.bodies}
        self.seen, self.bodies = set(), set()


SETTLED_NS = 3_000_000_000
"""How much older than its reading a file's last change must be for its times to vouch for it."""


def _stat(path: str) -> tuple[int, ...]:
    s = os.stat(path)
    return s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino, s.st_dev


def _young(read: _Read) -> bool:
    """Whether the file changed so shortly before it was read that a second change could have
    left its times as they were."""
    return read.at - max(read.stat[1], read.stat[2]) < SETTLED_NS

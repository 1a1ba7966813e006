"""Reading the data folder again after a save: a file is parsed again only when its bytes
changed (the preview's `pipeline.Session` keeps one Reader between saves)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from generator.body import BodyLink, body_links
from generator.load import Record, load_file
from generator.problems import Problem


@dataclass
class _Read:
    digest: bytes
    kind: str
    shown: str
    record: Record
    problems: tuple[Problem, ...]


@dataclass
class Reader:
    """Reads data files for `load_folder`, parsing a file again only when its bytes changed."""

    read: dict[Path, _Read] = field(default_factory=dict)
    seen: set[Path] = field(default_factory=set)
    links: dict[str, tuple[BodyLink, ...]] = field(default_factory=dict)
    """Each body's links, by its text."""
    bodies: set[str] = field(default_factory=set)

    def __call__(self, path: Path, kind: str, problems: list[Problem], shown: str) -> Record:
        digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
        known = self.read.get(path)
        if known is None or (known.digest, known.kind, known.shown) != (digest, kind, shown):
            found: list[Problem] = []
            known = self.read[path] = _Read(digest, kind, shown, load_file(path, kind, found, shown), tuple(found))
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

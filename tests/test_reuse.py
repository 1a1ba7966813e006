"""What the preview's session carries from one save to the next, pinned: a file is read
again only when its times say it may have changed (or changed less than a second before it
was read), parsed again only when its bytes changed; an unchanged entry stays the same
object, the related reading is ranked again only when a tag or a link changed, and the JSON
download's text is put together from the parts that still hold. That the result always
equals a clean build is test_incremental.py's to show."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE
from generator import reread
from generator.pipeline import Options, Session, generate


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def reads(monkeypatch, data) -> list[str]:
    """The data files read, by name, from now on."""
    seen: list[str] = []
    original = Path.read_bytes

    def counted(path: Path) -> bytes:
        if path.is_relative_to(data):
            seen.append(path.name)
        return original(path)
    monkeypatch.setattr(Path, "read_bytes", counted)
    return seen


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The data files parsed, by name, from now on."""
    seen: list[str] = []
    original = reread.load_file

    def counted(path: Path, *args):
        seen.append(path.name)
        return original(path, *args)
    monkeypatch.setattr(reread, "load_file", counted)
    return seen


def _save(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_a_save_reads_and_parses_only_the_file_it_changed(data, reads, parses, monkeypatch):
    monkeypatch.setattr(reread, "SETTLED_NS", 0)  # every file as if written long before
    session = Session(data)
    session.build(Options())
    assert len(parses) == len(reads) > 10
    reads.clear(), parses.clear()
    _save(data / "sectors" / "ports.yaml", "Container terminals.", "Container terminals, saved.")
    session.build(Options())
    assert reads == parses == ["ports.yaml"]


def test_a_file_changed_just_before_it_was_read_is_read_again_but_parsed_only_if_its_bytes_changed(
        data, reads, parses, monkeypatch):
    """Two writes within the clock's tick can leave a file's times as they were: a file that
    was young when read is hashed again on the next save (here every file is young)."""
    monkeypatch.setattr(reread, "SETTLED_NS", 10**15)  # every file as if just written, however slow the machine
    session = Session(data)
    session.build(Options())
    files = len(reads)
    reads.clear(), parses.clear()
    session.build(Options())
    assert len(reads) == files and parses == []


def test_an_unchanged_entry_stays_the_same_object_and_its_ranking_is_reused(data):
    session = Session(data)
    first = session.build(Options()).site.kb
    _save(data / "sectors" / "ports.yaml", "Container terminals.", "Container terminals, saved.")
    second = session.build(Options()).site.kb
    assert second.entities["clinics"] is first.entities["clinics"]
    assert second.entities["ports"] is not first.entities["ports"]
    assert second.reading is first.reading  # a summary ranks nothing
    _save(data / "sectors" / "ports.yaml", "tags: [logistics]", "tags: [logistics, harbours]")
    third = session.build(Options()).site.kb
    assert third.reading is not second.reading
    assert third.reading == generate(data).kb.reading


def test_the_json_download_is_the_json_of_its_content_after_a_save(data):
    """The file put together from kept and new parts is what json.dumps writes for its content."""
    session = Session(data)
    session.build(Options())
    _save(data / "sectors" / "ports.yaml", "Container terminals.", "Container \"terminals\" 港口.")
    text = session.build(Options()).site.files["downloads/fixture-map.json"].text
    whole = json.loads(text)
    assert text == json.dumps(whole, ensure_ascii=False, indent=1) + "\n"
    [ports] = [e for e in whole["entities"]["sectors"] if e["id"] == "ports"]
    assert ports["summary"] == "Container \"terminals\" 港口."


def test_a_number_written_another_way_is_a_change(data):
    """`2020` and `2020.0` are equal numbers, but the pages and downloads show what is written."""
    session = Session(data)
    first = session.build(Options()).site
    policy = next(p for p in (data / "policies").glob("*.yaml") if "year: " in p.read_text("utf-8"))
    text = policy.read_text("utf-8")
    year = text.split("year: ", 1)[1].split("\n", 1)[0]
    policy.write_text(text.replace(f"year: {year}", f"year: {year}.0", 1), "utf-8")
    got = session.build(Options())
    assert not got.problems and got.site.files != first.files
    assert [p for p, f in generate(data).files.items() if got.site.files.get(p) != f] == []

"""The PDF as a book: the key question's map, the source on the cover, lists that read cleanly,
verdict subheads in the printed contents, and a Sources appendix by what each source supports."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from conftest import FIXTURE
from generator.pipeline import generate
from generator.publish.book import _join, book_data
from generator.publish.pdf import write_pdf
from generator.registry import TYPES
from generator.render.tables import key_question_map
from generator.render.views import groups

REVISION = "abc1234"


@pytest.fixture(scope="module")
def kb():
    return generate(FIXTURE).kb


@pytest.fixture(scope="module")
def pages(kb, tmp_path_factory) -> list[str]:
    """The text of each page of the fixture's book."""
    path = tmp_path_factory.mktemp("book") / "book.pdf"
    write_pdf(kb, path, revision=REVISION)
    return [page.extract_text() for page in PdfReader(path).pages]


def test_the_key_question_map_is_in_the_book_with_its_labels_and_verdicts(kb, pages):
    grid = key_question_map(kb)
    assert grid is not None
    page = " ".join(next(p for p in pages if "The key question as a map" in p and "Contents" not in p).split())
    for label in (grid.row_label, grid.column_label, *(c.label for c in (*grid.rows, *grid.columns))):
        assert label in page, label
    for entity, verdict in (x for placed in grid.cells.values() for x in placed):
        assert entity.name in page and verdict is not None and verdict.label.upper() in page, entity.id


def test_no_map_when_kb_yaml_declares_no_axes(kb):
    plain = replace(kb, domain=replace(kb.domain, axes=(), memo={}))
    question = next(c for c in book_data(plain)["chapters"] if c["kind"] == "decision")
    assert question["map"] is None
    assert next(c for c in book_data(kb)["chapters"] if c["kind"] == "decision")["map"] is not None


def test_the_cover_names_the_source_and_explains_the_revision(kb, pages):
    cover = pages[0].replace("\n", " ")
    for reading in (kb.entities[i] for i in kb.info.based_on):
        assert f"Based on {reading.name}, {reading.publisher}" in cover
    # A commit hash only as the data revision, said as such.
    assert re.findall(r"\b[0-9a-f]{7,40}\b", cover) == [REVISION]
    assert f"Data revision {REVISION} (the last commit to the data" in cover


def test_no_list_joins_a_full_stop_to_a_separator(pages):
    text = "\n".join(pages)
    assert ".;" not in text
    # Items that end in a full stop each take a line of their own.
    assert re.search(r"Becomes riskier\.\n\S", text)


def test_a_separator_follows_a_name_but_not_a_sentence():
    sentence, name = [{"t": "It ends."}], [{"t": "Acme Inc.", "ref": "acme"}]
    assert _join([sentence, [{"t": "Next"}]]) == [*sentence, {"t": " "}, {"t": "Next"}]
    assert _join([name, [{"t": "Next"}]]) == [*name, {"t": "; "}, {"t": "Next"}]


def test_the_printed_contents_list_the_verdict_subheads(kb, pages):
    contents = "\n".join(p for p in pages if " . . ." in p)
    expected = [choice.label for kind in TYPES if kind.group_by
                for choice, members in groups(kb, kind) if choice and members]
    assert expected
    for label in expected:
        assert re.search(rf"^{re.escape(label)} \. \.", contents, re.MULTILINE), label


def test_no_source_lists_itself_and_each_says_what_it_supports_by_type(kb, pages):
    text = "\n".join(pages)
    appendix = text[text.rindex("\nSources\n"):]
    items = re.split(r"\n\d+\. ", appendix)[1:]
    assert len(items) == 4
    for item in items:
        title = item.split(",")[0]
        assert item.count(title) == 1, title  # named once: as the source, never among what it supports
        assert re.search(r"Supports \d+ entr(y|ies):", item)
    assert "Use cases (3): Clinic triage; Crane maintenance; Cross-border relay" in items[0]
    for source in next(c for c in book_data(kb)["chapters"] if c["kind"] == "sources")["sources"]:
        own = {s.get("ref") for s in source["source"]}
        listed = {s.get("ref") for g in source["groups"] for s in g["entries"]}
        assert not own & listed - {None}
        assert source["count"] == sum(g["count"] for g in source["groups"])


def test_the_book_has_the_glossary_and_what_it_does_not_cover_and_the_aliases(kb, pages):
    text = " ".join(" ".join(pages).split())
    assert "Inference: Running a trained model on new data" in text
    assert "See Crane maintenance, Prices fall." in text
    assert "Not covered here This edition does not cover these topics." in text
    assert "Export controls: Rules on selling chips abroad" in text and "Consumer apps" in text
    assert "Also called: Data residency, Where to run it" in text  # under the tree's summary, as on its page
    bare = replace(kb, info=replace(kb.info, glossary=(), not_covered=()))
    assert "glossary" not in {c["kind"] for c in book_data(bare)["chapters"]}  # no chapter to say nothing

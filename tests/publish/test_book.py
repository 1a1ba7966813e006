"""The PDF as a book: the key question's map, the source on the cover, lists that read cleanly,
verdict subheads in the printed contents, and a Sources appendix by what each source supports."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from conftest import FIXTURE
from generator.pipeline import generate
from generator.publish.book import _join
from generator.publish.pdf import write_pdf

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

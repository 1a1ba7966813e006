"""The PDF says what is at stake on a vendor or a sector, as its page on the site does: the
use cases that name it by verdict, the trees that lead to them, or plainly that there are none."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import FIXTURE
from generator.pipeline import generate
from generator.publish.pdf import write_pdf
from generator.registry import NONE_RECORDED


@pytest.fixture(scope="module")
def text(tmp_path_factory) -> str:
    """The fixture's book as one run of words."""
    path = tmp_path_factory.mktemp("book") / "book.pdf"
    write_pdf(generate(FIXTURE).kb, path)
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _entry(text: str, name: str, summary: str) -> str:
    """The words of one entry's section: from its name and summary to the next "Reviewed on"."""
    start = text.index(f"{name} {summary}")
    return text[start:text.index("Reviewed on", start)]


def test_a_sector_lists_its_use_cases_by_verdict_and_the_trees_that_lead_to_them(text):
    ports = _entry(text, "Ports", "Container terminals.")
    assert "Use cases here 1 SAFE BET : Crane maintenance 1 RISKY : Cross-border relay" in ports
    assert "Decision trees Which way?: Safe for now SAFE BET , Risky bet RISKY" in ports
    clinics = _entry(text, "Clinics", "Small health providers.")
    assert "Decision trees No decision tree leads to them." in clinics


def test_a_vendor_no_use_case_names_says_so(text):
    quiet = _entry(text, "Quiet Co", "Sells clinic software.")
    assert f"Use cases on its systems {NONE_RECORDED}" in quiet
    assert "Decision trees" not in quiet
    cloud = _entry(text, "Cloud Co", "Sells compute.")
    assert "Use cases on its systems 1 RISKY : Cross-border relay" in cloud

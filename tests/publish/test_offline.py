"""The offline edition: the PDF, the file:// site, the data downloads and the change feed."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest
from pypdf import PdfReader

from conftest import FIXTURE
from generator.history import read_history
from generator.pipeline import generate
from generator.publish.pdf import write_pdf
from generator.render.data import frame

ATOM = "{http://www.w3.org/2005/Atom}"
STEM = "fixture-map"


@pytest.fixture(scope="module")
def kb():
    return generate(FIXTURE).kb


@pytest.fixture(scope="module")
def pdf(fixture_site) -> PdfReader:
    return PdfReader(fixture_site / "downloads" / f"{STEM}.pdf")


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def text(pdf) -> str:
    """The fixture's PDF as text, extracted once: pypdf takes a while over every page."""
    return pdf_text(pdf)


def test_pdf_has_a_sensible_number_of_pages(pdf):
    assert 6 <= len(pdf.pages) <= 30


def test_pdf_outline_has_every_chapter_and_entity(pdf, kb):
    titles = outline_titles(pdf.outline)
    for chapter in ("The key question", "Use cases", "Signals", "Sectors", "Vendors", "Policies", "Reading", "Sources"):
        assert chapter in titles
    for entity in kb.entities.values():
        assert entity.name in titles, entity.name


def test_pdf_internal_links_resolve(pdf):
    names = set(pdf.named_destinations)
    internal = 0
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            target = annot.get("/Dest") or (action.get("/D") if action and action.get("/S") == "/GoTo" else None)
            if target is not None:
                internal += 1
                assert str(target) in names, target
    assert internal > 20  # contents, cross-references, tree steps


def test_pdf_has_cover_contents_and_tree_text(pdf, text):
    first = pdf.pages[0].extract_text()
    entries = len(list(FIXTURE.glob("*/*.yaml")))  # a new type's fixture entry counts too
    assert "Fixture Map" in first and "Edition of 2026-01-15" in first and f"{entries} entries" in first
    contents = pdf.pages[1].extract_text()
    assert "Contents" in contents and "Use cases" in contents
    assert "§1 Where does the data stay?" in text and "→ §2" in text and "Outcome: Safe for now" in text
    assert "Page 2 of" in text  # running footer


def test_pdf_external_links_print_their_address(text):
    assert "(https://example.org/brief)" in text.replace("\n", "")


def test_pdf_text_has_no_markup_leaking(text):
    for leak in ("<p>", "</", "<strong", "**", "&#", "&lt;", "&amp;", "{{", "{%"):
        assert leak not in text, leak


def test_pdf_prints_hostile_text_as_written(tmp_path):
    """Typst gets the book as data: markup in any field, Typst's own included, prints as text."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "vendors" / "evil.yaml").write_text(
        'name: "<script>alert(1)</script> #strong[x] $y$"\nsummary: "<img src=x onerror=alert(1)> #eval(\\"1\\")"\n'
        'kind: cloud\nhome_market: "**x** @e-ports"\nsectors: [ports]\nbody: "<script>bad()</script> fine #panic()"\n'
        "sources: [field-report]\nreviewed: 2026-01-15\n", encoding="utf-8")
    write_pdf(generate(data).kb, tmp_path / "evil.pdf")
    text = pdf_text(PdfReader(tmp_path / "evil.pdf")).replace("\n", " ")
    for written in ("<script>alert(1)</script> #strong[x] $y$", '<img src=x onerror=alert(1)> #eval("1")',
                    "**x** @e-ports", "<script>bad()</script> fine #panic()"):
        assert written in text, written


def test_pdf_is_tagged_and_says_its_language_and_edition(pdf):
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert pdf.metadata.title == "Fixture Map" and pdf.metadata.creation_date.date().isoformat() == "2026-01-15"


def test_csv_round_trips_through_pandas(fixture_site, kb):
    for kind, folder in (("use-case", "use-cases"), ("signal", "signals"), ("decision", "decisions")):
        written = pd.read_csv(fixture_site / "downloads" / f"{folder}.csv", keep_default_na=False, dtype=str)
        expected = frame(kb, kind).astype(str)
        assert list(written["Id"]) == sorted(e.id for e in kb.of_type(kind))
        assert "verdict" not in written.columns and "type" not in written.columns  # labels, not field names
        pd.testing.assert_frame_equal(written, expected, check_dtype=False)


def test_json_holds_every_entity_and_link(fixture_site, kb):
    text = (fixture_site / "downloads" / f"{STEM}.json").read_text("utf-8")
    whole = json.loads(text)
    assert text == json.dumps(whole, ensure_ascii=False, indent=1) + "\n"  # as json writes it, from its parts
    assert whole["shape_version"] == 1 and whole["title"] == "Fixture Map"
    ids = {e["id"] for entities in whole["entities"].values() for e in entities}
    assert ids == set(kb.entities)
    assert len(whole["links"]) == sum(len(v) for v in kb.outgoing.values())
    signals = pd.DataFrame(whole["entities"]["signals"])
    assert set(signals["status"]) == {"watching", "emerging"}


def test_feed_is_atom_with_dated_entries(fixture_site, kb):
    root = ET.parse(fixture_site / "downloads" / "changes.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    history = read_history(FIXTURE)  # the build read this repository's history of the fixture
    observations = sum(len(getattr(e, "observations", ())) for e in kb.entities.values())
    assert len(entries) == (len(history.changes) if history.seen != "none" else observations)
    assert entries and not any(e.find(f"{ATOM}title").text.startswith("Reviewed") for e in entries)
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids)


def test_feed_is_linked_from_every_page(fixture_site):
    html = (fixture_site / "sectors" / "ports" / "index.html").read_text("utf-8")
    assert 'type="application/atom+xml"' in html and 'href="../../downloads/changes.xml"' in html


def test_offline_zip_is_a_complete_site(fixture_site):
    with zipfile.ZipFile(fixture_site / "downloads" / f"{STEM}-offline.zip") as archive:
        names = set(archive.namelist())
        index = archive.read(f"{STEM}/index.html").decode("utf-8")
        downloads = archive.read(f"{STEM}/downloads/index.html").decode("utf-8")
    for needed in ("index.html", "search/search_index.js", "assets/javascripts/iframe-worker-shim.js",
                   f"downloads/{STEM}.pdf", "decisions/which-way/index.html", "sectors/ports/index.html"):
        assert f"{STEM}/{needed}" in names, needed
    assert "unpkg.com" not in index
    # The zip cannot hold itself: its Downloads page sends a reader to the published copy.
    assert f'href="{STEM}-offline.zip"' not in downloads
    published = rf'<a( href="https?://[^"]+/downloads/{STEM}-offline\.zip")?>This site for offline use</a>'
    assert re.search(published, downloads)
    # Nothing the page loads comes from the network (links to visit are fine).
    assert not re.search(r'<script[^>]+src="https?:|<link[^>]+rel="stylesheet"[^>]+href="https?:', index)

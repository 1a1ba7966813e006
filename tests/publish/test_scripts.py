"""Text in any script reaches every edition: a clean `kb check` means the site, the PDF and
the offline zip build, and the text is in the PDF. Text the PDF's fonts cannot set is
refused by the check, at its line."""

from __future__ import annotations

import shutil
import unicodedata
import zipfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import FIXTURE, YamlAsEditors, kb
from generator.check.fields import type_fields
from generator.domain import BASE
from generator.graph.link import link
from generator.pipeline import load_and_check, render_site
from generator.publish.pdf import write_pdf
from generator.registry import BY_NAME

NAMES = {  # file → the name it takes
    "vendors/cloud-co.yaml": "阿里云 Alibaba Cloud",
    "sectors/ports.yaml": "港湾 항구 موانئ 🚢",
    "signals/prices-fall.yaml": "日本語のテキスト 👩‍💻🇨🇳",
}


def _rename(data: Path, file: str, name: str) -> None:
    path = data / file
    entry = yaml.load(path.read_text("utf-8"), Loader=YamlAsEditors)
    entry["name"] = name
    path.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), "utf-8")


def _pdf_text(path: Path) -> str:
    return unicodedata.normalize("NFKC", "".join(page.extract_text() for page in PdfReader(path).pages))


def _letters(text: str) -> set[str]:
    """The characters a reader sees (not spaces, joiners or combining marks), as extracted."""
    return {c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c)[0] not in "ZCM"}


def test_a_knowledge_base_in_many_scripts_builds_every_edition(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    for file, name in NAMES.items():
        _rename(data, file, name)
    assert kb("check", "--data", str(data)).returncode == 0
    site = tmp_path / "site"
    built = kb("build", "--data", str(data), "--site-dir", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    text = _pdf_text(next((site / "downloads").glob("*.pdf")))
    for name in ("阿里云 Alibaba Cloud", "港湾", "항구", "🚢", "日本語のテキスト", "👩‍💻🇨🇳"):
        assert unicodedata.normalize("NFKC", name) in text, name
    assert _letters("موانئ") <= set(text)  # right-to-left runs come out of extraction in visual order
    page = (site / "vendors" / "cloud-co" / "index.html").read_text("utf-8")
    assert "阿里云 Alibaba Cloud" in page
    with zipfile.ZipFile(next((site / "downloads").glob("*.zip"))) as offline:
        pages = [n for n in offline.namelist() if n.endswith("sectors/ports/index.html")]
        assert pages and "港湾 항구 موانئ 🚢" in offline.read(pages[0]).decode("utf-8")


def test_text_the_pdf_cannot_set_is_refused_at_its_line(fixture_copy: Path):
    _rename(fixture_copy, "vendors/cloud-co.yaml", "Runes ᚠᚢᚦ")
    result = kb("check", "--data", str(fixture_copy))
    assert result.returncode == 1
    assert "cloud-co.yaml:1:7: error: the text holds 'ᚠ' (U+16A0 RUNIC LETTER FEHU FEOH FE F)" in result.stdout


COVERED = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x600, 0x6FF), (0x900, 0x97F),
           (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0x1F300, 0x1F6FF), (0x1F900, 0x1F9FF)]
"""Blocks the PDF's fonts cover, drawn from often so clean checks are common; any code point
is drawn too, so the refusals are exercised."""
characters = st.one_of(*(st.integers(a, b).map(chr) for a, b in COVERED), st.characters(exclude_categories=["Cs"]))
PLAIN = ("text", "one plain sentence on a single line")
TEXT_FIELDS = [(kind, f.name) for kind in ("sector", "vendor", "signal", "use-case", "policy", "reading")
               for f in type_fields(BASE, kind) if f.shape == "value" and f.kind in PLAIN]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(TEXT_FIELDS), text=st.text(characters, min_size=1, max_size=24))
def test_a_clean_check_means_every_edition_holds_the_text(where, text, tmp_path_factory):
    """Property: any text in any text field either gets located errors from the check, or
    the pages render, the PDF builds, and every character a reader sees is in its text."""
    kind, field = where
    data = tmp_path_factory.mktemp("kb") / "data"
    shutil.copytree(FIXTURE, data)
    path = sorted((data / BY_NAME[kind].folder).glob("*.yaml"))[0]
    entry = yaml.load(path.read_text("utf-8"), Loader=YamlAsEditors)
    entry[field] = text
    path.write_text(yaml.safe_dump(entry, allow_unicode=True, sort_keys=False), "utf-8")
    records, problems = load_and_check(data)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        assert all(p.line >= 1 and p.col >= 1 and p.message for p in errors)
        event("refused by the check")
        return
    event("built")
    knowledge = link(records)
    render_site(knowledge)
    pdf = data.parent / "book.pdf"
    write_pdf(knowledge, pdf)
    shown = entry[field]  # as the loader read it back
    assert _letters(shown) <= set(_pdf_text(pdf)), (kind, field, shown)


def test_the_font_coverage_is_read_from_the_installed_fonts():
    """templates/typst/coverage.json is what scripts/font_coverage.py reads from the pinned
    font packages (make lock rewrites it); a font update without it would let the check drift."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("font_coverage", FIXTURE.parents[1] / "scripts" / "font_coverage.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.OUT.read_text("utf-8") == script.text(), "stale: run python scripts/font_coverage.py"


def test_a_pdf_refusal_the_check_missed_is_one_located_message(fixture_copy: Path, monkeypatch, tmp_path: Path):
    """Were the check to miss something Typst refuses, kb pdf says where, without a traceback."""
    import generator.load

    monkeypatch.setattr(generator.load, "unprintable", lambda text: None)  # a check that misses runes
    _rename(fixture_copy, "vendors/cloud-co.yaml", "Runes ᚠᚢᚦ")
    result = kb("pdf", "--data", str(fixture_copy), "--output", str(tmp_path / "book.pdf"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cloud-co.yaml:1:13: the PDF cannot set this text" in result.stderr  # at the rune itself
    assert not (tmp_path / "book.pdf").exists()

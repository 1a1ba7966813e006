"""Every output is a sink: a payload in every text field of every type (and of kb.yaml)
reaches no output as markup. Outputs are parsed as a browser, a feed reader, a
spreadsheet and a PDF viewer would read them.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import ENGINES, FIXTURE, ROOT, YamlAsEditors, build_with, kb
from generator.check.fields import _resolve
from generator.check.schema import COMMON, raw_schema
from generator.domain import BASE
from generator.registry import BY_FOLDER, TYPES
from generator.render.data import FORMULA_START
from generator.render.markup import escape_text, front_matter_text

MARK = "kbxss"
PAYLOAD = (f'=1+2 </title><script>{MARK}(1)</script>"><img src=x onerror={MARK}(2)> '
           f"[l](javascript:{MARK}(3)) {{{{7*7}}}}")
BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")


def _free_text(schema: dict[str, Any]) -> bool:
    """A string field with no pattern, enum, format or reference: anything may be written."""
    single_line = schema.get("pattern") == "^[^\\n]*$"
    return schema.get("type") == "string" and (single_line or "pattern" not in schema) and not any(
        k in schema for k in ("enum", "format", "x-kb-ref", "const"))


def _item_schema(items: dict[str, Any], value: Any) -> dict[str, Any]:
    if "if" in items:  # sources: a reading id, or a citation object
        return items["else"] if isinstance(value, dict) else items["then"]
    return items


def poison(value: Any, schema: dict[str, Any], hits: list[str], where: str = "") -> Any:
    """Prefix every free-text string in `value` with the payload, following its schema."""
    schema = _resolve(BASE, schema)
    if isinstance(value, str):
        if _free_text(schema):
            hits.append(where)
            return f"{PAYLOAD} {value}"
        return value
    if isinstance(value, list):
        items = schema.get("items", {})
        return [poison(v, _item_schema(items, v), hits, f"{where}[]") for v in value]
    if isinstance(value, dict):
        props, extra = schema.get("properties", {}), schema.get("additionalProperties")
        return {k: poison(v, props[k], hits, f"{where}.{k}") if k in props
                else poison(v, extra if isinstance(extra, dict) else {}, hits, f"{where}.*") for k, v in value.items()}
    return value


def free_text_fields(schema: dict[str, Any], where: str = "") -> set[str]:
    """Every place in a schema where free text may be written, in the notation `poison` records."""
    schema = _resolve(BASE, schema)
    if _free_text(schema):
        return {where}
    found: set[str] = set()
    if schema.get("type") == "array":
        items = schema.get("items", {})
        for sub in ([items["then"], items["else"]] if "if" in items else [items]):
            found |= free_text_fields(sub, f"{where}[]")
    for name, sub in schema.get("properties", {}).items():
        found |= free_text_fields(sub, f"{where}.{name}")
    if isinstance(schema.get("additionalProperties"), dict):
        found |= free_text_fields(schema["additionalProperties"], f"{where}.*")
    return found


def _schema_of(kind: str) -> dict[str, Any]:
    schema = raw_schema(BASE, kind)
    if schema.get("$ref") == COMMON:
        common = raw_schema(BASE, "common")
        schema = {**schema, "properties": {**common["properties"], **schema.get("properties", {})}}
    return schema


def hostile_copy(target: Path) -> dict[str, list[str]]:
    """The fixture with the payload in every free-text field; returns the fields poisoned per type."""
    shutil.copytree(FIXTURE, target)
    hits: dict[str, list[str]] = {}
    for path in sorted(target.rglob("*.yaml")):
        kind = "kb" if path.name == "kb.yaml" else BY_FOLDER[path.parent.name].name
        data = yaml.load(path.read_text("utf-8"), Loader=YamlAsEditors)  # dates stay text
        data = poison(data, _schema_of(kind), hits.setdefault(kind, []))
        if kind == "kb":
            data["title"] = PAYLOAD  # the title's limit leaves no room for the original
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return hits


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    return data, hostile_copy(data)


@pytest.fixture(scope="module", params=ENGINES)
def hostile_site(request, hostile, tmp_path_factory) -> Path:
    """`kb check` clean, then the full build (pages, PDF, offline zip) of the hostile data, on
    each engine: no engine may make contributor text markup."""
    data, _ = hostile
    checked = kb("check", "--data", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return build_with(request.param, data, tmp_path_factory.mktemp(f"hostile-{request.param}") / "site")


def search_docs(site: Path) -> list[dict[str, Any]]:
    """The search index's entries: Material's (search/search_index.json, `docs`) or
    Zensical's (search.json, `items`), each with a title and a text."""
    if (site / "search.json").is_file():
        return json.loads((site / "search.json").read_text("utf-8"))["items"]
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def test_the_payload_is_in_every_text_field_of_every_type(hostile):
    """The fixture writes every free-text field of every schema, so each one is tried."""
    _, hits = hostile
    assert set(hits) == {"kb", *(t.name for t in TYPES)}
    for kind, fields in hits.items():  # each type's own fields, in a file of that type
        missing = free_text_fields(raw_schema(BASE, kind)) - set(fields)
        assert not missing, f"the fixture never writes {kind} fields {sorted(missing)}"
    everywhere = {f for fields in hits.values() for f in fields}  # common fields, in any file
    assert not free_text_fields(raw_schema(BASE, "common")) - everywhere


class _Scan(HTMLParser):
    """Everything a browser would run or load from one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.title: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag
        if tag == "script" and dict(attrs).get("type") == "application/json":
            self._in = "json"  # data, never run: checked to be one whole JSON value below
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "xlink:href", "action", "formaction") and value.startswith(BAD_SCHEMES):
                self.found.append(f"<{tag} {name}={value[:30]}>")
        if tag in ("img", "iframe", "object", "embed") and dict(attrs).get("src") == "x":
            self.found.append(f"<{tag} src=x>")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in in ("script", "style") and MARK in data:
            self.found.append(f"<{self._in}> running {data[:40]!r}")
        if self._in == "json":  # the payload did not end the block early: it all parses as JSON
            try:
                json.loads(data)
            except ValueError:
                self.found.append(f"<script type=application/json> broken open: {data[-40:]!r}")
        if self._in == "title":
            self.title.append(data)


def scan_html(text: str) -> _Scan:
    scan = _Scan()
    scan.feed(text)
    return scan


def _html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def download(site: Path, suffix: str) -> Path:
    """The one download ending in `suffix` (its name comes from the title, a payload here)."""
    [found] = [p for p in (site / "downloads").iterdir() if p.name.endswith(suffix) and p.stem not in BY_FOLDER]
    return found


def test_no_page_of_the_site_runs_or_loads_the_payload(hostile_site):
    pages = _html_files(hostile_site)
    assert len(pages) > 20
    titled = 0
    for path in pages:
        scan = scan_html(path.read_text("utf-8"))
        assert scan.found == [], (path, scan.found)
        titled += any(PAYLOAD in t for t in scan.title)
    assert titled >= 13  # the payload reached every entity's <title>, as text


def test_meta_description_is_text(hostile_site):
    page = (hostile_site / "sectors" / "ports" / "index.html").read_text("utf-8")
    start = page.index('<meta name="description" content="') + len('<meta name="description" content="')
    content = page[start:page.index('"', start)]
    escaped = PAYLOAD.replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;")
    assert "<" not in content and escaped[:20] in content


def test_offline_zip_runs_no_payload(hostile_site, tmp_path):
    with zipfile.ZipFile(download(hostile_site, "-offline.zip")) as archive:
        archive.extractall(tmp_path)
        names = [n for n in archive.namelist() if n.endswith(".html")]
    assert len(names) > 20
    for name in names:
        assert scan_html((tmp_path / name).read_text("utf-8")).found == [], name
    [index_file] = [*tmp_path.glob("*/search/search_index.js"), *tmp_path.glob("*/search.json")]
    index = index_file.read_text("utf-8")
    assert "<script" not in index and "<img" not in index


def test_search_index_holds_text_only(hostile_site):
    """Search shows titles and text as HTML (on Material an entry's text is its card, with the
    aliases the card names): the payload must arrive escaped in every field of the index."""
    docs = search_docs(hostile_site)
    material = (hostile_site / "search" / "search_index.json").is_file()
    fields = ("title", "text", "details", "aliases") if material else ("title", "text")
    carrying = [d for d in docs if MARK in json.dumps([d.get(f) for f in fields])]
    assert {f for d in carrying for f in fields if MARK in json.dumps(d.get(f))} == set(fields)
    for doc in carrying:
        for value in (doc["title"], doc["text"], doc.get("details", ""), *doc.get("aliases", ())):
            assert "<script" not in value and "<img" not in value, doc["location"]
    cards = [d["text"] for d in docs if 'class="kb-hit"' in d["text"]]
    assert all(scan_html(card).found == [] for card in cards)
    assert cards or not material  # the cards are Material's index rewritten; Zensical's is its own


def test_svg_overview_is_text(hostile_site):
    page = (hostile_site / "decisions" / "which-way" / "index.html").read_text("utf-8")
    start = page.index("<svg", page.index('class="kb-overview"'))
    svg = page[start:page.index("</svg>", start)]
    assert MARK in svg and "<script" not in svg and "<img" not in svg


def test_feed_is_well_formed_and_carries_text(hostile_site):
    root = ET.parse(hostile_site / "downloads" / "changes.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert all(el.tag.startswith(atom) for el in root.iter())  # no element came from the data
    titles = [el.text or "" for el in root.iter(f"{atom}title")]
    assert any(PAYLOAD in t for t in titles)


def test_json_keeps_every_value_exactly(hostile_site):
    whole = json.loads(download(hostile_site, ".json").read_text("utf-8"))
    assert whole["title"] == PAYLOAD
    names = [e["name"] for entities in whole["entities"].values() for e in entities]
    assert names and all(n.startswith(PAYLOAD + " ") for n in names)
    words = [*(t["term"] for t in whole["glossary"]), *(t["topic"] for t in whole["not_covered"]),
             *(a for entities in whole["entities"].values() for e in entities for a in e["aliases"])]
    assert words and all(w.startswith(PAYLOAD + " ") for w in words)


def test_csv_cells_never_start_a_formula(hostile_site):
    whole = json.loads(download(hostile_site, ".json").read_text("utf-8"))
    guarded = 0
    for path in sorted((hostile_site / "downloads").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        by_id = {e["id"]: e for e in whole["entities"][path.stem]}
        for row in rows:
            for column, cell in row.items():
                assert not cell.startswith(FORMULA_START), (path.name, column, cell[:20])
                if cell.startswith("'="):
                    guarded += 1
                    if column in ("name", "summary"):
                        assert cell[1:] == by_id[row["id"]][column]  # the guard is the only change
    assert guarded >= 13 * 2


def test_pdf_has_no_script_or_dangerous_link(hostile_site):
    reader = PdfReader(download(hostile_site, ".pdf"))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in (root.get("/Names") or {})
    for page in reader.pages:
        assert "/AA" not in page
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A") or {}
            assert action.get("/S") not in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData")
            assert not str(action.get("/URI", "")).lower().startswith(BAD_SCHEMES)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert f"<script>{MARK}(1)</script>" in text.replace("\n", "")  # shown, as text


@pytest.mark.browser
def test_chromium_runs_no_payload_anywhere_a_reader_goes(hostile_site, browser):
    """Open the pages a reader would and search for the payload: nothing runs."""
    from browser import serve, watched_page
    context, page = watched_page(browser)
    context.add_init_script(f"window.{MARK} = (n) => {{ (window.__ran = window.__ran || []).push(n); }};")
    with serve(hostile_site) as url:
        for path in ("", "sectors/ports/", "use-cases/cross-border-relay/", "decisions/which-way/",
                     "sectors/", "boards/verdicts/", "tags/"):
            page.goto(f"{url}/{path}")
            page.wait_for_load_state("load")
            assert page.evaluate("window.__ran || []") == [], path
        page.goto(f"{url}/assess/")  # a workload walked to its outcome: the report shows data as text
        page.get_by_label("Name").fill(PAYLOAD)
        page.get_by_role("button", name="Add and answer").click()
        while page.locator(".kb-assess-stepper").is_visible():
            page.locator(".kb-assess-answers button").first.click()
        assert MARK in page.locator(".kb-assess-card").inner_text()
        assert page.evaluate("window.__ran || []") == []
        page.goto(f"{url}/vendors/crane-company/")  # a redirect page, named after the entry
        page.wait_for_url("**/vendors/crane-co/")
        assert page.evaluate("window.__ran || []") == []
        if (hostile_site / "search.json").is_file():
            context.close()
            return  # Zensical's search is a dialog of its own; its index is held to text above
        page.goto(f"{url}/sectors/ports/")
        page.locator("input[data-md-component=search-query]").click()
        page.keyboard.type("ports")
        page.get_by_text("</title><script>").first.wait_for(timeout=10_000)  # a result shows it as text
        assert page.evaluate("window.__ran || []") == []
        page.goto(f"{url}/glossary/")  # the glossary's terms and topics not covered, and their search hits
        page.wait_for_load_state("load")
        assert MARK in page.locator("article").inner_text()
        page.locator("input[data-md-component=search-query]").click()
        page.keyboard.type("Inference")
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert page.evaluate("window.__ran || []") == []
    context.close()


HTMLTITLE = re.search(r"{% block htmltitle %}.*?{% endblock %}",
                      (ROOT / "generator" / "site_overrides" / "main.html").read_text("utf-8"), re.S).group()
names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200).filter(str.strip)


@settings(max_examples=300, deadline=None)
@given(name=names)
def test_any_name_is_plain_text_in_the_title_and_the_heading(name):
    """The name as MkDocs gets it (page metadata), through the theme's own <title> block, and
    as the page's heading: a browser shows exactly the name and builds no element from it."""
    title = yaml.safe_load(f"title: {front_matter_text(name)}")["title"]
    # MkDocs renders theme templates without autoescaping, like this environment.
    head = jinja2.Environment().from_string(HTMLTITLE).render(
        page={"title": title, "is_homepage": False}, config={"site_name": "Site"})
    scan = scan_html(head)
    assert scan.found == [] and "".join(scan.title) == " ".join(name.split()) + " - Site"
    heading = markdown.markdown(f"# {escape_text(name)}")
    assert re.fullmatch(r"<h1>[^<>]*</h1>", heading), heading
    shown = html.unescape(heading[4:-5])
    assert shown == re.sub(r"\s*[\r\n]\s*", " ", name).strip()

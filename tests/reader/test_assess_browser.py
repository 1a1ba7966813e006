"""The assessment page in headless Chromium: the same reports as `kb assess` on every path of
every shipped tree (the page only follows the steps the Python walk resolved), its summary,
table and map over them, workloads that stay in the browser, files that round-trip, a form
that starts afresh for each workload, a stepper that opens each question in view, and a
printout of the report alone."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from browser import close_page, serve, watched_page
from conftest import FIXTURE, ROOT, THEMES, kb, on_every_theme, tree_paths, unzip_offline
from generator.pipeline import knowledge_base

pytestmark = pytest.mark.browser
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def shipped_url(request, tmp_path_factory):
    """The shipped knowledge base's site (no PDF or zip: only the pages are needed here), as
    MkDocs or the engine a test names built it."""
    engine = getattr(request, "param", "mkdocs")
    out = tmp_path_factory.mktemp(f"shipped-{engine}") / "site"
    result = kb("build", "--engine", engine, "--data", str(DATA), "--site-dir", str(out), "--no-pdf", "--no-zip")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def unzipped(request, engine_site, tmp_path_factory) -> Path:
    """The fixture's offline edition, as MkDocs or the engine a test names built it."""
    engine = getattr(request, "param", "mkdocs")
    return unzip_offline(engine_site(engine), tmp_path_factory.mktemp(f"offline-assess-{engine}"))


def which_way_paths() -> list[tuple[dict[str, str], str]]:
    """Every path through the fixture's one tree: (answers, outcome id)."""
    return tree_paths(yaml.safe_load((FIXTURE / "decisions" / "which-way.yaml").read_text("utf-8")))


def every_path() -> list[dict]:
    """One workload per path of every shipped tree, plus one that leaves every question a
    signal answers to the signal (no answers written); every other one runs on the shipped
    vendors, so the signals that concern them join its report."""
    workloads: list[dict] = []
    vendors = sorted(p.stem for p in (DATA / "vendors").glob("*.yaml"))
    for file in sorted((DATA / "decisions").glob("*.yaml")):
        tree = yaml.safe_load(file.read_text("utf-8"))
        paths = [answers for answers, _ in tree_paths(tree)]
        if all(n.get("signal") for n in tree["nodes"].values()):
            paths.append({})
        for answers in paths:
            name = f"{file.stem} path {len(workloads) + 1}" if answers else f"{file.stem} left to the signals"
            workloads.append({"name": name, **({"vendors": vendors} if len(workloads) % 2 else {}),
                              "tree": file.stem, "answers": answers})
    return workloads


def assess_json(workloads: list[dict], tmp_path: Path, data: Path = DATA) -> dict:
    """`kb assess --format json` on these workloads."""
    file = tmp_path / "every-path.json"
    file.write_text(json.dumps({"workloads": workloads}), "utf-8")
    result = kb("assess", str(file), "--data", str(data), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def python_reports(report: dict) -> list[dict]:
    """What `kb assess` reports for each workload: outcome, verdict, the path as the page words
    it, and the signals to watch by id."""
    by_signal = " (the signal’s status today)"
    return [{"outcome": w["outcome"], "verdict": w["verdict"],
             "path": [f"{s['asked']} {s['answer']}{by_signal if 'answered_by_signal' in s else ''}" for s in w["path"]],
             "signals": [s["id"] for s in w["signals"]]}
            for w in report["workloads"]]


def python_overview(report: dict) -> dict:
    """The overview as `kb assess` gives it: the summary line, the table's rows (name, verdict,
    places) and, per place on the map, the workloads drawn there."""
    workloads = report["workloads"]
    counts = ", ".join(f"{v['count']} {v['verdict_label']}" for v in report["summary"])
    drawn: dict[str, list[str]] = {}
    for w in workloads:
        for place in w["places"]:
            drawn.setdefault(" · ".join(place.values()), []).append(w["name"])
    return {"summary": f"{len(workloads)} workload{'s' if len(workloads) != 1 else ''}: {counts}.",
            "rows": [[w["name"], w["verdict_label"], "; ".join(" · ".join(p.values()) for p in w["places"])]
                     for w in workloads],
            "map": drawn}


def page_overview(page) -> dict:
    """The same, read off the page."""
    return page.locator(".kb-assess-overview").evaluate("""overview => ({
        summary: overview.querySelector(".kb-assess-summary").textContent,
        rows: Array.from(overview.querySelectorAll("tbody tr"), tr => Array.from(tr.cells, td => td.textContent)),
        map: Object.fromEntries(Array.from(overview.querySelectorAll(".kb-assess-place[data-yours]"), place => [
            place.querySelector(".kb-assess-place-name").textContent,
            Array.from(place.querySelectorAll(".kb-assess-here li a"), a => a.textContent)]))})""")


def page_reports(page) -> list[dict]:
    """The same, read off the page's cards."""
    cards = page.locator(".kb-assess-card").evaluate_all("""cards => cards.map(card => ({
        outcome: card.dataset.outcome, verdict: card.dataset.verdict,
        path: Array.from(card.querySelectorAll(".kb-assess-path li"), li => li.textContent),
        signals: Array.from(card.querySelectorAll(".kb-assess-signals li"), li => li.querySelector("a").href)}))""")
    for card in cards:
        card["signals"] = [re.search(r"/signals/([^/]+)/", href).group(1) for href in card["signals"]]
    return cards


def add(page, name: str, tree: str, answers: dict[str, str], vendors: tuple[str, ...] = ()) -> None:
    """Add a workload and answer its questions by clicking, in the order asked; a question left
    out is left to its signal."""
    page.get_by_label("Name").fill(name)
    page.get_by_label("Decision tree").select_option(tree)
    for vendor in vendors:
        page.locator(f"#kb-assess-add input[name=vendors][value='{vendor}']").check()
    page.get_by_role("button", name="Add and answer").click()
    stepper = page.locator(".kb-assess-stepper")
    labels = list(answers.values())
    while stepper.is_visible():
        buttons = stepper.locator(".kb-assess-answers button")
        label = labels.pop(0) if labels and buttons.get_by_text(labels[0], exact=True).count() else None
        if label is None:
            buttons.get_by_text("Leave it to the signal", exact=False).click()
        else:
            buttons.get_by_text(label, exact=True).click()
    assert labels == []


@pytest.mark.parametrize("shipped_url", THEMES, indirect=True)
def test_every_path_gives_the_same_report_in_the_page_as_in_python(page, shipped_url, tmp_path):
    workloads = every_path()
    assert len(workloads) >= 9
    report = assess_json(workloads, tmp_path)
    expected, overview = python_reports(report), python_overview(report)
    assert any("status today" in step for r in expected for step in r["path"])  # some questions left to signals
    assert len(report["summary"]) >= 2 and len(overview["map"]) >= 2  # verdicts and places to tell apart
    page.goto(f"{shipped_url}/assess/")
    for w in workloads:
        add(page, w["name"], w["tree"], w["answers"], tuple(w.get("vendors", ())))
    assert page_reports(page) == expected
    assert page_overview(page) == overview
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear all").click()
    page.locator("input[type=file]").set_input_files(str(tmp_path / "every-path.json"))  # the file kb assess read
    expect(page.locator(".kb-assess-message")).to_contain_text(f"Imported {len(workloads)}")
    assert page_reports(page) == expected
    assert page_overview(page) == overview
    assert page.problems == []


@on_every_theme
def test_the_summary_counts_by_the_verdict_scale_and_the_map_keeps_the_knowledge_bases_cases(page, base_url):
    page.goto(f"{base_url}/assess/")
    expect(page.locator(".kb-assess-overview")).to_be_hidden()  # nothing to sum up yet
    paths = which_way_paths()
    add(page, "Crane telemetry", "which-way", paths[0][0])
    add(page, "Clinic <b>notes</b>", "which-way", paths[-1][0])
    page.get_by_label("Name").fill("Half done")
    page.get_by_role("button", name="Add and answer").click()
    page.get_by_role("button", name="Finish later").click()
    summary = page.locator(".kb-assess-summary")
    assert summary.inner_text() == "3 workloads: 1 Safe bet, 1 Risky, 1 not finished."
    assert summary.locator(".kb-badge").evaluate_all("bs => bs.map(b => b.className)") == [
        "kb-badge kb-tone-good", "kb-badge kb-tone-bad"]  # the scale's tones, in its order
    rows = page.locator(".kb-assess-table tbody tr")
    assert rows.nth(1).inner_text().split("\t") == ["Clinic <b>notes</b>", "Risky", "Crosses borders · Mixed stack"]
    assert rows.nth(2).inner_text().split("\t") == ["Half done", "Not finished", "—"]
    rows.nth(1).get_by_role("link").click()  # the row leads to the workload's card
    expect(page.locator("#kb-assess-workload-2")).to_have_text("Clinic <b>notes</b>")
    places = page.locator(".kb-assess-place")
    expect(places).to_have_count(3)  # every place the fixture's use cases hold, the reader's or not
    expect(page.locator(".kb-assess-place[data-yours]")).to_have_count(2)
    crossing = places.filter(has_text="Crosses borders")
    expect(crossing.locator(".kb-assess-here")).to_have_text("Risky Clinic <b>notes</b>")
    expect(crossing.get_by_role("link", name="Cross-border relay")).to_be_visible()  # the knowledge base's own case
    assert page.locator(".kb-assess-place b").count() == 0  # a name is text, never markup
    assert page.problems == []


def test_each_new_workload_starts_from_an_empty_form(page, base_url):
    page.goto(f"{base_url}/assess/")
    page.get_by_label("Name").fill("Crane telemetry")
    page.get_by_label("Sector (optional)").select_option("ports")
    page.locator("#kb-assess-add input[value='crane-co']").check()
    page.get_by_role("button", name="Add and answer").click()
    page.get_by_role("button", name="Finish later").click()
    expect(page.get_by_label("Name")).to_have_value("")
    expect(page.get_by_label("Sector (optional)")).to_have_value("")
    expect(page.locator("#kb-assess-add input[name=vendors]:checked")).to_have_count(0)
    expect(page.get_by_label("Decision tree")).to_have_value("which-way")
    page.get_by_label("Name").fill("Clinic notes")
    page.get_by_role("button", name="Add and answer").click()
    page.get_by_role("button", name="Finish later").click()
    kept = page.evaluate("JSON.parse(localStorage.getItem('kb-assess:fixture-map')).workloads")
    assert kept[0] == {"name": "Crane telemetry", "sector": "ports", "vendors": ["crane-co"], "tree": "which-way",
                       "answers": {}}
    assert kept[1] == {"name": "Clinic notes", "tree": "which-way", "answers": {}}  # nothing carried over
    assert page.problems == []


@on_every_theme
def test_on_a_phone_each_question_opens_at_the_top_with_its_first_answer_in_view(browser, request, base_url):
    context, page = watched_page(browser, viewport={"width": 390, "height": 844})
    page.goto(f"{base_url}/assess/")
    header = page.locator(".md-header").bounding_box()["height"]
    page.get_by_label("Name").fill("Crane telemetry")
    page.get_by_role("button", name="Add and answer").click()
    for answer in which_way_paths()[0][0].values():
        question = page.locator(".kb-assess-question").bounding_box()
        first = page.locator(".kb-assess-answers button").first.bounding_box()
        stepper = page.locator(".kb-assess-stepper").bounding_box()
        assert header <= stepper["y"] <= header + 24  # just below the theme's header, not under it
        assert question["y"] < 844 / 3
        assert first["y"] + first["height"] <= 844
        page.locator(".kb-assess-answers").get_by_text(answer, exact=True).click()
    expect(page.locator(".kb-assess-card")).to_have_count(1)
    assert page.problems == []
    close_page(context, page, request)


def test_at_1280_the_tree_select_shows_the_longest_tree_name_whole(browser, request, shipped_url):
    context, page = watched_page(browser, viewport={"width": 1280, "height": 800})
    page.goto(f"{shipped_url}/assess/")
    select = page.get_by_label("Decision tree")
    room, longest = select.evaluate("""select => {
        const probe = document.createElement("span"), style = getComputedStyle(select);
        probe.style.font = style.font;
        probe.style.cssText += "position: absolute; white-space: pre";
        document.body.appendChild(probe);
        const widths = Array.from(select.options, o => { probe.textContent = o.text; return probe.offsetWidth; });
        probe.remove();
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        return [select.clientWidth - padding, Math.max(...widths)];
    }""")
    assert longest + 20 <= room  # the text and the select's arrow
    close_page(context, page, request)


@pytest.mark.parametrize(("where", "base_url", "unzipped"), [
    pytest.param(where, theme, theme, id=f"{where}-{theme}") for theme in THEMES for where in ("served", "offline")],
    indirect=["base_url", "unzipped"])
def test_workloads_stay_through_a_reload_and_round_trip_through_a_file(browser, request, unzipped, base_url, where,
                                                                      tmp_path):
    context, page = watched_page(browser, accept_downloads=True, offline=where == "offline")
    url = f"{base_url}/assess/" if where == "served" else (unzipped / "assess" / "index.html").as_uri()
    page.goto(url, wait_until="networkidle")  # the page and everything it loads, favicon included
    sent = []  # every request the page makes once loaded (not its own reloads): there must be none
    page.on("request", lambda r: sent.append(r.url) if not r.url.startswith(("blob:", "data:")) else None)

    def reload() -> None:
        assert sent == []
        page.reload(wait_until="networkidle")
        sent.clear()
    paths = which_way_paths()
    add(page, "Crane telemetry", "which-way", paths[0][0])
    add(page, "Clinic <b>notes</b>", "which-way", paths[-1][0])
    report = page.locator(".kb-assess-list").inner_text()
    assert "Clinic <b>notes</b>" in report  # a name is text, never markup
    assert "On the map: Stays in one market" in report and "Signals to watch" in report
    reload()
    expect(page.locator(".kb-assess-card")).to_have_count(2)
    assert page.locator(".kb-assess-list").inner_text() == report
    files = {}
    for kind in ("YAML", "JSON"):
        with page.expect_download() as download:
            page.get_by_role("button", name=f"Export {kind}").click()
        files[kind] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[kind])
    assert files["YAML"].name == "fixture-map-workloads.yaml"
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear all").click()
    expect(page.locator(".kb-assess-card")).to_have_count(0)
    reload()
    expect(page.locator(".kb-assess-card")).to_have_count(0)  # cleared from storage too
    page.locator("input[type=file]").set_input_files(str(files["YAML"]))
    expect(page.locator(".kb-assess-card")).to_have_count(2)
    assert page.locator(".kb-assess-list").inner_text() == report
    assert sent == [] and page.problems == []
    close_page(context, page, request)
    for file in files.values():  # the exported file is kb assess's input, unchanged
        result = kb("assess", str(file), "--data", str(FIXTURE), "--format", "json")
        assert result.returncode == 0, result.stdout + result.stderr
        assert [w["outcome"] for w in json.loads(result.stdout)["workloads"]] == [paths[0][1], paths[-1][1]]


def test_a_bad_file_imports_nothing_and_says_why(page, base_url, tmp_path):
    page.goto(f"{base_url}/assess/")
    add(page, "Kept", "which-way", which_way_paths()[0][0])
    bad = tmp_path / "bad.yaml"
    bad.write_text("workloads:\n  - name: X\n    tree: no-such-tree\n", "utf-8")
    page.locator("input[type=file]").set_input_files(str(bad))
    expect(page.locator(".kb-assess-message")).to_contain_text("Nothing imported from bad.yaml")
    expect(page.locator(".kb-assess-message")).to_contain_text("unknown decision tree 'no-such-tree'")
    expect(page.locator(".kb-assess-card")).to_have_count(1)
    assert page.problems == []


def test_a_workload_left_half_answered_can_be_finished(page, base_url):
    page.goto(f"{base_url}/assess/")
    page.get_by_label("Name").fill("Half done")
    page.get_by_role("button", name="Add and answer").click()
    page.get_by_role("button", name="Finish later").click()
    card = page.locator(".kb-assess-card")
    expect(card.locator(".kb-assess-stopped")).to_contain_text("Not finished")
    card.get_by_role("button", name="Continue").click()
    expect(page.locator(".kb-assess-stepper")).to_be_visible()


def test_without_javascript_the_page_says_so_and_links_the_trees(browser, request, base_url):
    context, page = watched_page(browser, java_script_enabled=False)
    page.goto(f"{base_url}/assess/")
    expect(page.get_by_text("This page needs JavaScript")).to_be_visible()
    page.locator(".kb-assess-nojs").get_by_role("link", name="Which way?").click()
    assert page.url.endswith("/decisions/which-way/")
    close_page(context, page, request)


@on_every_theme
def test_the_printout_is_the_report_alone_with_its_edition_and_address(page, base_url):
    page.goto(f"{base_url}/assess/")
    add(page, "Printed", "which-way", which_way_paths()[0][0])
    add(page, "Also printed", "which-way", which_way_paths()[-1][0])
    edition = page.locator(".kb-assess-edition")
    expect(edition).to_be_hidden()  # on paper only
    page.emulate_media(media="print")
    address = page.locator("link[rel=canonical]").get_attribute("href").removesuffix("assess/")
    edition_date = knowledge_base(FIXTURE).edition()
    expect(edition).to_have_text(f"Checked against Fixture Map, edition {edition_date} ({address}).")
    for shown in (".kb-assess-summary", ".kb-assess-table", ".kb-assess-map", ".kb-assess-card"):
        expect(page.locator(shown).first).to_be_visible()
    for hidden in (".kb-assess-intro", ".kb-assess-file", ".kb-assess-add", ".kb-assess-tools", ".kb-assess-actions",
                   ".md-header", ".md-sidebar--primary"):
        expect(page.locator(hidden).first).to_be_hidden()
    printed = page.locator("article.md-content__inner").inner_text()
    for left_out in ("From a file", "Nothing leaves your browser", "Add a workload", "Export YAML"):
        assert left_out not in printed
    # Every block that prints, prints whole: no part of a sentence is hidden with a section
    # (a heading's permalink sign aside).
    cut = page.locator("article.md-content__inner").evaluate("""article => {
        const words = text => text.replace(/\\s+/g, " ").trim();
        const all = el => {
            const copy = el.cloneNode(true);
            copy.querySelectorAll(".headerlink").forEach(a => a.remove());
            return words(copy.textContent);
        };
        return Array.from(article.querySelectorAll("p, li, td, th, h1, h2, h3, h4"))
            .filter(el => el.getClientRects().length && !el.closest("[hidden], template"))
            .filter(el => words(el.innerText) !== all(el))
            .map(el => [words(el.innerText), all(el)]);
    }""")
    assert cut == []


def test_home_and_every_tree_lead_here_with_their_tree_chosen(page, base_url):
    page.goto(f"{base_url}/decisions/which-way/")
    page.get_by_role("link", name="Check your own workloads with this tree").click()
    expect(page.get_by_label("Decision tree")).to_have_value("which-way")
    page.goto(f"{base_url}/")
    page.locator(".kb-actions a").click()
    assert "/assess/" in page.url

"""The assessment page in headless Chromium: the same reports as `kb assess` on every path of
every shipped tree (the page only follows the steps the Python walk resolved), workloads that
stay in the browser, and files that round-trip."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from browser import close_page, serve, watched_page
from conftest import FIXTURE, ROOT, kb, tree_paths

pytestmark = pytest.mark.browser
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def shipped_url(tmp_path_factory):
    """The shipped knowledge base's site (no PDF or zip: only the pages are needed here)."""
    out = tmp_path_factory.mktemp("shipped") / "site"
    result = kb("build", "--data", str(DATA), "--site-dir", str(out), "--no-pdf", "--no-zip")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def unzipped(fixture_site, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline-assess")
    with zipfile.ZipFile(fixture_site / "downloads" / "fixture-map-offline.zip") as archive:
        archive.extractall(target)
    return target / "fixture-map"


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


def python_reports(workloads: list[dict], tmp_path: Path, data: Path = DATA) -> list[dict]:
    """What `kb assess` reports for each workload: outcome, verdict, the path as the page words
    it, and the signals to watch by id."""
    file = tmp_path / "every-path.json"
    file.write_text(json.dumps({"workloads": workloads}), "utf-8")
    result = kb("assess", str(file), "--data", str(data), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    by_signal = " (the signal’s status today)"
    return [{"outcome": w["outcome"], "verdict": w["verdict"],
             "path": [f"{s['asked']} {s['answer']}{by_signal if 'answered_by_signal' in s else ''}" for s in w["path"]],
             "signals": [s["id"] for s in w["signals"]]}
            for w in json.loads(result.stdout)["workloads"]]


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


def test_every_path_gives_the_same_report_in_the_page_as_in_python(page, shipped_url, tmp_path):
    workloads = every_path()
    assert len(workloads) >= 9
    expected = python_reports(workloads, tmp_path)
    assert any("status today" in step for r in expected for step in r["path"])  # some questions left to signals
    page.goto(f"{shipped_url}/assess/")
    for w in workloads:
        add(page, w["name"], w["tree"], w["answers"], tuple(w.get("vendors", ())))
    assert page_reports(page) == expected
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear all").click()
    page.locator("input[type=file]").set_input_files(str(tmp_path / "every-path.json"))  # the file kb assess read
    expect(page.locator(".kb-assess-message")).to_contain_text(f"Imported {len(workloads)}")
    assert page_reports(page) == expected
    assert page.problems == []


@pytest.mark.parametrize("where", ["served", "offline"])
def test_workloads_stay_through_a_reload_and_round_trip_through_a_file(browser, request, fixture_site, unzipped,
                                                                      base_url, where, tmp_path):
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


def test_the_report_prints_without_the_controls(page, base_url):
    page.goto(f"{base_url}/assess/")
    add(page, "Printed", "which-way", which_way_paths()[0][0])
    page.emulate_media(media="print")
    expect(page.locator(".kb-assess-card")).to_be_visible()
    for hidden in (".kb-assess-add", ".kb-assess-tools", ".kb-assess-actions", ".md-header", ".md-sidebar--primary"):
        expect(page.locator(hidden).first).to_be_hidden()


def test_home_and_every_tree_lead_here_with_their_tree_chosen(page, base_url):
    page.goto(f"{base_url}/decisions/which-way/")
    page.get_by_role("link", name="Check your own workloads with this tree").click()
    expect(page.get_by_label("Decision tree")).to_have_value("which-way")
    page.goto(f"{base_url}/")
    page.locator(".kb-actions a").click()
    assert "/assess/" in page.url

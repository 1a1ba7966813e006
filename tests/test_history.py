"""History from git: a repository of a few commits (a verdict changed, a signal observed, an
entry renamed, a field edited, a review date moved, an entry removed) gives each change once,
with its date and subject; a shallow clone says how far back it saw; no git, no history."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE
from generator.history import Change, History, read_history


def git(repo: Path, *args: str, date: str = "2026-01-01") -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{date}T12:00:00", "GIT_AUTHOR_DATE": f"{date}T12:00:00",
           "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-c", "user.name=Kb", "-c", "user.email=kb@example.org", "-C", str(repo), *args],
                   check=True, capture_output=True, env=env)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), "utf-8")


def make_history(repo: Path) -> Path:
    """The fixture knowledge base, then six commits on it; returns its data folder."""
    data = repo / "data"
    shutil.copytree(FIXTURE, data)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Start the map", date="2026-01-01")
    edit(data / "use-cases" / "clinic-triage.yaml", "verdict: conditional", "verdict: risky\nsignals: [rules-tighten]")
    git(repo, "commit", "-qam", "Clinic triage turns risky", date="2026-02-01")
    edit(data / "signals" / "prices-fall.yaml", "observations:\n",
         "observations:\n  - date: 2026-02-02\n    note: Prices fell.\n    source: field-report\n")
    git(repo, "commit", "-qam", "Prices fell", date="2026-02-02")
    (data / "vendors" / "crane-co.yaml").rename(data / "vendors" / "crane-works.yaml")
    edit(data / "vendors" / "crane-works.yaml", "former_ids: [crane-company]", "former_ids: [crane-company, crane-co]")
    edit(data / "use-cases" / "crane-maintenance.yaml", "crane-co", "crane-works")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Crane Co is now Crane Works", date="2026-02-03")
    edit(data / "sectors" / "ports.yaml", "summary: ", "summary: Busy. ")
    git(repo, "commit", "-qam", "Say ports are busy", date="2026-02-04")
    git(repo, "tag", "spring")
    edit(data / "sectors" / "clinics.yaml", "reviewed: 2026-01-15", "reviewed: 2026-02-05")
    git(repo, "commit", "-qam", "Review clinics", date="2026-02-05")
    git(repo, "rm", "-q", "data/vendors/quiet-co.yaml")
    git(repo, "commit", "-qm", "Drop Quiet Co", date="2026-02-06")
    return data


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> History:
    return read_history(make_history(tmp_path_factory.mktemp("repo")))


def _later(history: History) -> list[Change]:
    return [c for c in history.changes if c.date > "2026-01-01"]


def test_each_change_once_newest_first_with_its_date_and_subject(history):
    said = [(c.date, c.entry, c.kind, c.fields, c.before, c.after, c.subject) for c in _later(history)]
    assert said == [
        ("2026-02-06", "quiet-co", "removed", (), None, None, "Drop Quiet Co"),
        ("2026-02-04", "ports", "edited", ("summary",), None, None, "Say ports are busy"),
        ("2026-02-03", "crane-maintenance", "edited", ("vendors",), None, None, "Crane Co is now Crane Works"),
        ("2026-02-03", "crane-works", "renamed", (), "crane-co", "crane-works", "Crane Co is now Crane Works"),
        ("2026-02-02", "prices-fall", "observed", ("observations",), None, "2026-02-02", "Prices fell"),
        ("2026-02-01", "clinic-triage", "grouped", ("verdict",), "conditional", "risky", "Clinic triage turns risky"),
        ("2026-02-01", "clinic-triage", "edited", ("signals",), None, None, "Clinic triage turns risky"),
    ]  # the review date alone is no change


def test_a_renamed_entry_keeps_its_history_under_its_new_id(history):
    assert [c.kind for c in history.of("crane-works")] == ["renamed", "created"]
    assert history.of("crane-co") == ()


def test_editions_are_tags_else_dates(history):
    assert [e for e, _ in history.editions()][:3] == ["2026-02-06", "spring", "2026-02-03"]
    assert history.seen == "full" and history.since == "2026-01-01"


def test_a_shallow_clone_says_how_far_back_it_saw(history, tmp_path):
    source = make_history(tmp_path / "origin").parent
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", source.as_uri(), str(clone)], check=True)
    seen = read_history(clone / "data")
    assert seen.seen == "shallow" and seen.since == "2026-02-05"
    assert [(c.kind, c.entry) for c in seen.changes] == [("removed", "quiet-co")]  # the first commit seen is no news


def test_outside_git_there_is_no_history_and_no_error(tmp_path):
    data = shutil.copytree(FIXTURE, tmp_path / "data")
    assert read_history(data) == History()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The history repository's knowledge base rendered as a published build renders it."""
    from generator.pipeline import knowledge_base, render_site
    data = make_history(tmp_path_factory.mktemp("site-repo"))
    return render_site(knowledge_base(data, history=True), site_url="https://kb.example.org/")


def test_an_entry_page_says_its_last_change_in_the_fact_box_and_lists_them_all(site):
    page = site.files["use-cases/clinic-triage.md"].text
    box = page.split('<div class="kb-facts"', 1)[1].split("</div>", 1)[0]
    changed = box.split("- **Changed:** ", 1)[1].split("\n", 1)[0]  # the fact box's last line
    assert changed.startswith("2026-02-01: Verdict: ") and changed.endswith("([history](#history))")
    assert ">Conditional</span> → <span" in changed and ">Risky</span>" in changed
    assert "(Clinic triage turns risky)" in changed
    history = page.split("## History", 1)[1]
    assert "2026-01-01: Added (Start the map)" in history
    assert "../downloads/feeds/use-cases/clinic-triage.xml" in history
    assert "Renamed from crane-co" in site.files["vendors/crane-works.md"].text


def test_the_changes_page_lists_each_change_once_by_edition(site):
    page = site.files["changes.md"].text
    for subject in ("Drop Quiet Co", "Say ports are busy", "Prices fell"):
        assert page.count(f"({subject})") == 1, subject
    assert page.count("(Clinic triage turns risky)") == 2  # its verdict, and the signal named with it
    assert page.count("(Crane Co is now Crane Works)") == 2  # the rename and the use case that follows it
    assert "Review clinics" not in page
    assert page.index("## 2026-02-06 (1)") < page.index("## spring (1)") < page.index("## 2026-02-03 (2)")
    assert "- <span class=\"kb-row\"" in page and "Quiet Co: Removed (Drop Quiet Co)" in page  # no page to link
    home = site.files["index.md"].text
    assert "[1 change in 2026-02-06: 1 removed](changes.md)" in home


def test_feeds_list_changes_site_wide_and_per_entry_never_reviews(site):
    import xml.etree.ElementTree as ET
    atom = "{http://www.w3.org/2005/Atom}"

    def titles(path: str) -> list[str]:
        root = ET.fromstring(site.files[path].text)
        return [e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")]

    everything = titles("downloads/changes.xml")
    assert "Clinic triage: Verdict: Conditional → Risky" in everything
    assert "Prices fall: New observation (2026-02-02)" in everything
    assert not any(t.startswith("Reviewed") for t in everything)
    assert len(everything) == len(set(everything)) == len(site.kb.history.changes)
    assert titles("downloads/feeds/use-cases/clinic-triage.xml") == [
        "Clinic triage: Verdict: Conditional → Risky", "Clinic triage: Edited: Signals to watch",
        "Clinic triage: Added"]
    link = ET.fromstring(site.files["downloads/feeds/signals/prices-fall.xml"].text).find(f"{atom}entry/{atom}link")
    assert link is not None and link.get("href") == "https://kb.example.org/signals/prices-fall/"


def test_the_json_names_its_editions(site):
    import json
    whole = json.loads(site.files["downloads/fixture-map.json"].text)
    assert whole["history"]["latest"] == "2026-02-06" and whole["history"]["previous"] == "spring"
    assert whole["history"]["seen"] == "full"


def test_a_commit_subject_is_text_in_every_sink(tmp_path):
    """A subject is contributor text: escaped on the entry page, the changes page, the feeds."""
    from generator.pipeline import knowledge_base, render_site
    data = make_history(tmp_path / "repo")
    payload = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">'
    edit(data / "sectors" / "ports.yaml", "summary: ", "summary: Still busy. ")
    git(tmp_path / "repo", "commit", "-qam", payload, date="2026-03-01")
    site = render_site(knowledge_base(data, history=True), site_url="https://kb.example.org/")
    for path in ("sectors/ports.md", "changes.md", "downloads/changes.xml", "downloads/feeds/sectors/ports.xml"):
        text = re.sub(r'<script type="application/json" class="kb-filters">[^<]*</script>', "", site.files[path].text)
        assert "<script" not in text and "<img" not in text, path
        assert path.endswith(".xml") or "](javascript:" not in text, path  # a feed's summary is text, not Markdown
        assert "alert(1)" in text, path  # shown, as text


def test_the_pdf_gives_each_entry_its_last_change(tmp_path):
    from pypdf import PdfReader

    from generator.pipeline import knowledge_base
    from generator.publish.pdf import write_pdf
    kb = knowledge_base(make_history(tmp_path / "repo"), history=True)
    write_pdf(kb, tmp_path / "book.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(tmp_path / "book.pdf").pages)
    assert "Changed on 2026-02-01: Verdict: Conditional → Risky (Clinic triage turns risky)." in text
    assert "Changed on 2026-02-03: Renamed from crane-co (Crane Co is now Crane Works)." in text

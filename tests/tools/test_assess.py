"""`kb assess`: a reader's workloads walked through the trees, every path of every tree, and
broken files answered with located errors, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import ROOT, kb, tree_paths

DATA = ROOT / "data"


def test_every_path_of_every_shipped_tree_gives_its_outcome(tmp_path: Path):
    workloads, expected = [], []
    for path in sorted((DATA / "decisions").glob("*.yaml")):
        tree = yaml.safe_load(path.read_text("utf-8"))
        for answers, outcome in tree_paths(tree):
            workloads.append({"name": f"{path.stem} {len(workloads)}", "tree": path.stem, "answers": answers})
            expected.append((outcome, tree["outcomes"][outcome]["verdict"]))
    assert len(workloads) >= 8
    file = tmp_path / "workloads.yaml"
    file.write_text(yaml.safe_dump({"workloads": workloads}, allow_unicode=True), "utf-8")
    result = kb("assess", str(file), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [(w["outcome"], w["verdict"]) for w in report["workloads"]] == expected
    for w, item in zip(report["workloads"], workloads, strict=True):
        assert {s["question"]: s["answer"] for s in w["path"]} == item["answers"]
        assert w["verdict_label"] and w["tree"]["url"].endswith(f"/decisions/{item['tree']}/")
        assert all(s["status_label"] and s["url"].startswith("https://") for s in w["signals"])
        axes = {"Where the data stays", "Whose system it runs on"}  # data/kb.yaml's map, by its titles
        assert w["places"] and all(set(place) == axes for place in w["places"])


def test_a_question_a_signal_answers_may_be_left_to_the_signal(tmp_path: Path):
    tree = yaml.safe_load((DATA / "decisions" / "when-does-the-story-change.yaml").read_text("utf-8"))
    asked = [n for n, node in tree["nodes"].items() if node.get("signal")]
    assert asked
    file = tmp_path / "w.json"  # JSON is the page's export format, and YAML reads it
    file.write_text(json.dumps({"workloads": [{"name": "Left to the signals", "tree": "when-does-the-story-change",
                                               "answers": {}}]}), "utf-8")
    result = kb("assess", str(file), "--format", "json")
    if result.returncode == 0:  # every question on the path was answered by a signal's status
        steps = json.loads(result.stdout)["workloads"][0]["path"]
        assert steps and all(s.get("answered_by_signal") for s in steps)
    else:  # the path reached a question no signal answers: named, with its answers
        assert "the path stops at" in result.stdout and "Traceback" not in result.stderr


BROKEN = """workloads:
  - name: Crane telemetry analytics
    sector: port-logistic
    vendors: [chinese-port-automation-platform]
    tree: where-does-the-data-stay
    answers:
      data-locaton: Within one market
      vendor-stack: A Chinese stack
  - name: Other
    tree: where-does-data-stay
"""


def test_a_broken_file_gets_every_error_at_its_line(tmp_path: Path):
    file = tmp_path / "w.yaml"
    file.write_text(BROKEN, "utf-8")
    result = kb("assess", str(file))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    shown = str(file)
    assert f"{shown}:3:13: error: 'workloads[0].sector': unknown sector 'port-logistic' (did you mean " \
           "'port-logistics'?)" in lines
    assert any(line.startswith(f"{shown}:4:15: error: 'workloads[0].vendors[0]'") for line in lines)
    assert any(line.startswith(f"{shown}:7:7: error:") and "did you mean 'data-location'" in line for line in lines)
    assert any(line.startswith(f"{shown}:8:21: error:") and "found 'A Chinese stack'" in line for line in lines)
    assert any(line.startswith(f"{shown}:10:11: error:") and "where-does-the-data-stay" in line for line in lines)
    assert lines[-1] == "6 errors, 0 warnings"


def test_files_that_are_not_workloads_are_refused_without_a_traceback(tmp_path: Path):
    for text in ("workloads: [\n", "- a list\n", "workloads:\n  - nam: x\n", "workloads: []\n"):
        file = tmp_path / "w.yaml"
        file.write_text(text, "utf-8")
        result = kb("assess", str(file))
        assert result.returncode == 1 and "Traceback" not in result.stderr, text
        assert result.stdout.startswith(f"{file}:"), result.stdout


def test_markdown_and_html_reports_keep_workload_names_as_text(tmp_path: Path):
    file = tmp_path / "w.yaml"
    file.write_text(yaml.safe_dump({"workloads": [{
        "name": "<script>alert(1)</script> | *x*", "tree": "where-does-the-data-stay",
        "answers": {"data-location": "It has to cross borders",
                    "cross-border-model": "No, it does not run through Chinese infrastructure"}}]}), "utf-8")
    md = kb("assess", str(file), "--format", "md")
    html = kb("assess", str(file), "--format", "html", "--output", str(tmp_path / "r.html"))
    assert md.returncode == 0 and html.returncode == 0
    assert "<script>" not in md.stdout and "<script>" not in (tmp_path / "r.html").read_text("utf-8")


def test_links_say_when_they_point_at_the_local_preview(tmp_path: Path):
    """The site address comes from mkdocs.yml's site_url; the preview's address is named as such."""
    file = tmp_path / "w.json"
    file.write_text(json.dumps({"workloads": [{"name": "W", "tree": "when-does-the-story-change"}]}), "utf-8")
    published = kb("assess", str(file), "--format", "json")
    assert "https://compute-exposure-map.github.io/compute-exposure-map/" in published.stdout
    assert "local preview" not in published.stderr
    local = kb("assess", str(file), "--format", "json", env={"KB_SITE_URL": "http://127.0.0.1:8000/"})
    assert "http://127.0.0.1:8000/" in local.stdout and "Links point at the local preview" in local.stderr

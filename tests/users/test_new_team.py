"""The path a new team takes, with nothing swapped in: the generator's wheel from an index,
`pip install kb-atlas` in a fresh environment outside this repository, `kb init`, the new
repository's own `make site` and `make test`, then a pull request through its check workflow.

All of it is other programs (pip, venv, make), a minute of them: the new repository is made
`ahead`, in a thread from the session's start, while the other tests run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, ahead, program

TITLE = "Supplier Risk Map"
BROKEN = "data/use-cases/example-workload.yaml"
PULL_REQUEST = {"event_name": "pull_request", "base_ref": "main"}
"""The `github` context of the simulated run: every `${{ github.X }}` the workflow may read."""
STATUS = re.compile(r"^(always|success|failure|cancelled)\(\)$")
COMPARISON = re.compile(r"^(github\.event_name|steps\.([\w-]+)\.outcome) == '([\w-]+)'$")


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return program(args, cwd, env)


def team_shell(home: Path, wheels: Path, environ: dict[str, str]) -> dict[str, str]:
    """A new team's shell: nothing of this checkout's, the wheel on an index, git knowing its author."""
    drop = ("VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTHONPATH")
    env = {k: v for k, v in environ.items() if k not in drop and not k.startswith(("GITHUB_", "GIT_", "KB_"))}
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(str(ROOT)))
    env["PIP_FIND_LINKS"] = f"{wheels} {environ.get('PIP_FIND_LINKS', '')}".strip()
    (home / "gitconfig").write_text("", "utf-8")  # the machine's own git settings stay out
    return {**env, "GIT_CONFIG_GLOBAL": str(home / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "user.name", "GIT_CONFIG_VALUE_0": "New Team",
            "GIT_CONFIG_KEY_1": "user.email", "GIT_CONFIG_VALUE_1": "team@example.org"}


def build_wheel(out: Path, environ: dict[str, str]) -> Path:
    """This checkout's wheel, built from a copy so the checkout gets no build/ folder."""
    source = out / "source"
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    built = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                 "-w", str(out / "wheels"), "."], source, environ)
    assert built.returncode == 0, built.stderr
    return out / "wheels"


def team(tmp_path_factory: pytest.TempPathFactory, environ: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """`pip install kb-atlas` into a fresh venv outside the repository, then `kb init`: the new repository."""
    home = tmp_path_factory.mktemp("team")
    env = team_shell(home, build_wheel(home, environ), environ)
    assert run([sys.executable, "-m", "venv", str(home / "venv")], home, env).returncode == 0
    installed = run([str(home / "venv" / "bin" / "pip"), "install", "--quiet", "kb-atlas"], home, env)
    assert installed.returncode == 0, installed.stderr
    started = run([str(home / "venv" / "bin" / "kb"), "init", "supplier-map", "--title", TITLE], home, env)
    assert started.returncode == 0, started.stderr
    assert "Warning" not in started.stderr  # installed from an index: the released version is the line
    assert "Settings → Pages → Source: GitHub Actions" in started.stderr
    return home / "supplier-map", env


@ahead
def made(tmp_path_factory: pytest.TempPathFactory, environ: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """The new repository after its own `make site` and `make test`, its requirements.txt as written."""
    repo, env = team(tmp_path_factory, environ)
    requirements = (repo / "requirements.txt").read_bytes()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert [line for line in requirements.decode().splitlines() if not line.startswith("#")] == [f"kb-atlas=={version}"]
    for target in ("site", "test"):
        done = run(["make", target], repo, env)
        assert done.returncode == 0, f"make {target}:\n{done.stdout}\n{done.stderr}"
    assert (repo / "requirements.txt").read_bytes() == requirements
    return repo, env


def test_a_new_team_installs_from_an_index_and_its_two_commands_pass(made):
    repo, env = made
    assert f"<title>{TITLE}</title>" in (repo / "site" / "index.html").read_text("utf-8")
    downloads = repo / "site" / "downloads"
    assert (downloads / "supplier-risk-map.pdf").stat().st_size > 1000
    assert (downloads / "supplier-risk-map-offline.zip").stat().st_size > 1000
    assert (repo / "build" / "test-site" / "index.html").is_file()  # make test's own strict build
    assert run(["git", "rev-list", "--count", "HEAD"], repo, env).stdout == "1\n"
    assert run(["git", "branch", "--show-current"], repo, env).stdout == "main\n"
    assert run(["git", "status", "--porcelain"], repo, env).stdout == ""  # outputs are ignored, nothing left over


def test_a_pull_request_with_a_broken_file_runs_the_check_workflow_as_github_would(made, tmp_path: Path):
    repo, env = made
    line = open_pull_request(repo, env, tmp_path / "origin.git")
    summary = tmp_path / "summary.md"
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "check.yml").read_text("utf-8"))
    [job] = workflow["jobs"].values()
    steps = run_job(job["steps"], repo, {**env, "GITHUB_STEP_SUMMARY": str(summary), "CI": "true",
                                         "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request",
                                         "GITHUB_BASE_REF": "main"})
    ran = [(step["run"], outcome, output) for step, outcome, output in steps if "run" in step]
    [(_, checked, said)] = [r for r in ran if "kb check" in r[0]]
    assert checked == "failure"
    assert re.search(rf"^::error file={re.escape(BROKEN)},line={line},col=\d+,title=kb check::.*'maybe'",
                     said, re.MULTILINE), said
    assert [outcome for command, outcome, _ in ran if "kb diff" in command] == ["success"]
    assert [outcome for command, outcome, _ in ran if command.strip() == "make test"] == ["skipped"]  # as GitHub
    text = summary.read_text("utf-8")
    assert f"| {BROKEN} | {line}:" in text and "| error |" in text  # the table of every problem
    assert "Knowledge base changes (against origin/main)" in text and "Example workload: verdict" in text


def open_pull_request(repo: Path, env: dict[str, str], origin: Path) -> int:
    """Push main to a bare origin, then commit one broken line on branch `pr`; return its line number."""
    for args in (["git", "clone", "--quiet", "--bare", ".", str(origin)],
                 ["git", "remote", "add", "origin", str(origin)],
                 ["git", "fetch", "--quiet", "origin"], ["git", "switch", "--quiet", "--create", "pr"]):
        assert run(args, repo, env).returncode == 0, args
    path = repo / BROKEN
    lines = path.read_text("utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("verdict:"))
    lines[line - 1] = "verdict: maybe\n"
    path.write_text("".join(lines), "utf-8")
    assert run(["git", "commit", "--quiet", "--all", "--message", "Rate the example maybe"], repo, env).returncode == 0
    return line


def run_job(steps: list[dict], repo: Path, env: dict[str, str]) -> list[tuple[dict, str, str]]:
    """Run a job's steps in order as a runner would: (step, outcome, output) for each."""
    outcomes: dict[str, str] = {}
    failed = False
    done: list[tuple[dict, str, str]] = []
    for step in steps:
        outcome, output = "skipped", ""
        if runs(step.get("if"), failed, outcomes):
            outcome = "success"  # an action (checkout, setup-python): this test set the machine up itself
            if "run" in step:
                assert "${{" not in step["run"], "a run: interpolates an expression; pass it through env:"
                script = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], repo,
                             {**env, **{k: substitute(str(v)) for k, v in (step.get("env") or {}).items()}})
                outcome, output = ("success" if script.returncode == 0 else "failure"), script.stdout + script.stderr
        failed = failed or (outcome == "failure" and step.get("continue-on-error") is not True)
        outcomes[step.get("id", f"__{len(done)}")] = outcome
        done.append((step, outcome, output))
    return done


def substitute(value: str) -> str:
    """`${{ github.X }}` in an env: value, from the pull request's context; anything else is refused."""
    def one(match: re.Match) -> str:
        name = match[1].strip()
        assert name.startswith("github.") and name[7:] in PULL_REQUEST, f"unsupported expression {name!r}"
        return PULL_REQUEST[name[7:]]
    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


def runs(condition: object, failed: bool, outcomes: dict[str, str]) -> bool:
    """A step's `if:` on a pull_request event, with GitHub's rule that one without a status function means success()."""
    text = str(condition if condition is not None else "success()").strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()
    terms = [term.strip() for term in text.split("&&")]
    values = [term_value(term, failed, outcomes) for term in terms]
    if not any(STATUS.match(term.removeprefix("!")) for term in terms):
        values.append(not failed)
    return all(values)


def term_value(term: str, failed: bool, outcomes: dict[str, str]) -> bool:
    """One operand of `&&`: a status function, possibly negated, or one comparison the workflow makes."""
    if term.startswith("!"):
        return not term_value(term[1:].strip(), failed, outcomes)
    if status := STATUS.match(term):
        return {"always": True, "success": not failed, "failure": failed, "cancelled": False}[status[1]]
    if compared := COMPARISON.match(term):
        found = PULL_REQUEST["event_name"] if compared[2] is None else outcomes[compared[2]]
        return found == compared[3]
    raise AssertionError(f"unsupported expression {term!r}: teach this test GitHub's meaning of it first")


def test_the_if_expressions_are_read_as_github_reads_them():
    setup = {"setup": "success"}
    assert runs(None, False, {}) and not runs(None, True, {})
    assert not runs("github.event_name == 'pull_request'", True, {})  # success() is implied
    assert runs("always() && github.event_name == 'pull_request'", True, {})
    cancelled_form = "${{ !cancelled() && steps.setup.outcome == 'success' && github.event_name == 'pull_request' }}"
    assert runs(cancelled_form, True, setup) and not runs(cancelled_form, True, {"setup": "failure"})
    assert not runs("github.event_name == 'push'", False, {})
    with pytest.raises(AssertionError, match="unsupported expression"):
        runs("github.event_name == 'push' || always()", False, {})

"""`kb init`, and a generator that knows no domain: a new knowledge base in other words
checks and builds from the package alone, and the package names nothing of ours."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, kb
from generator.cli import main
from generator.registry import TYPES
from generator.tools import init as init_module
from generator.tools.init import FIRST_COMMIT, Pin, first_commit, init, pin, requirement

PACKAGE = ROOT / "generator"


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("init") / "cloud-map"
    result = kb("init", str(target), "--title", "European Cloud Exposure Map")
    assert result.returncode == 0, result.stderr
    return target


def test_init_writes_a_whole_repository(started: Path):
    names = {p.relative_to(started).as_posix() for p in started.rglob("*") if p.is_file()}
    assert {"mkdocs.yml", "README.md", "Makefile", "requirements.txt", ".gitignore", "docs/contributing.md",
            "data/kb.yaml", ".github/workflows/check.yml", ".github/workflows/pages.yml",
            ".github/dependabot.yml"} <= names
    folders = {name.split("/")[1] for name in names if name.startswith("data/") and name.count("/") == 2
               and not name.startswith("data/.")}
    assert "data/.schemas/use-case.json" in names  # the composed schemas its $schema lines name
    assert folders == {t.folder for t in TYPES}  # an example entry of every type
    contributing = (started / "docs" / "contributing.md").read_text("utf-8")
    assert f"(types: {', '.join(t.name for t in TYPES)})" in contributing
    assert not any(name.endswith(".j2") for name in names)
    config = (started / "mkdocs.yml").read_text("utf-8")
    assert "site_name: \"European Cloud Exposure Map\"" in config and "- kb:" in config
    assert re.fullmatch(r"kb-atlas(==[\w.]+)?", (started / "requirements.txt").read_text("utf-8").splitlines()[-1])


def test_init_refuses_a_folder_that_is_not_empty(started: Path):
    again = kb("init", str(started))
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr


def test_the_started_knowledge_base_checks_and_builds_in_its_own_words(started: Path, tmp_path: Path):
    checked = kb("check", "--data", "data", cwd=started)
    assert checked.returncode == 0 and checked.stdout.strip() == "0 errors, 0 warnings", checked.stdout
    built = kb("build", "--data", "data", "--site-dir", str(tmp_path / "site"), cwd=started)
    assert built.returncode == 0, built.stderr
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "<title>European Cloud Exposure Map</title>" in home
    assert "Where it runs" in home and "Whose platform" in home  # its own axes, from its kb.yaml
    downloads = {p.name for p in (tmp_path / "site" / "downloads").iterdir()}
    assert {"european-cloud-exposure-map.pdf", "european-cloud-exposure-map-offline.zip"} <= downloads
    assert (tmp_path / "site" / "assets" / "kb.css").is_file()  # the theme overrides came with the plugin


def test_other_axes_and_verdicts_replace_ours(started: Path, tmp_path: Path):
    """A knowledge base in another domain: its axes and verdict scale come from its kb.yaml."""
    data = tmp_path / "data"
    for path in (started / "data").rglob("*.yaml"):
        target = data / path.relative_to(started / "data")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text("utf-8"), "utf-8")
    meta = yaml.safe_load((data / "kb.yaml").read_text("utf-8"))
    meta["axes"][1] = {"field": "hyperscaler", "title": "Which hyperscaler",
                       "values": {"us": {"label": "A US hyperscaler"}, "eu": {"label": "A European cloud"}}}
    meta["verdicts"] = {"board": "Adopt or hold", "values": {"adopt": {"label": "Adopt", "tone": "good"},
                                                             "hold": {"label": "Hold", "tone": "bad"}}}
    (data / "kb.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), "utf-8")
    checked = kb("check", "--data", str(data))
    assert checked.returncode == 1
    assert "missing required field(s) 'hyperscaler'" in checked.stdout
    assert "'verdict': expected one of 'adopt', 'hold', found 'conditional'" in checked.stdout
    for path in data.rglob("*.yaml"):
        text = path.read_text("utf-8").replace("provider: third-party", "hyperscaler: us")
        text = re.sub(r"verdict: (safe|conditional)", "verdict: adopt", text).replace("verdict: risky", "verdict: hold")
        path.write_text(text, "utf-8")
    assert kb("schemas", "--data", str(data)).returncode == 0  # what a team runs after editing kb.yaml
    fixed = kb("check", "--data", str(data))
    assert fixed.returncode == 0, fixed.stdout
    export = kb("export", "--data", str(data), "--out", str(tmp_path / "pages"))
    assert export.returncode == 0, export.stderr
    board = (tmp_path / "pages" / "boards" / "verdicts.md").read_text("utf-8")
    assert "# Adopt or hold" in board
    assert "/ Which hyperscaler |" in board  # the map names the axis
    assert re.search(r'kb-case-meta">[^<]* · A US hyperscaler', board)  # each case its value's label


def _domain_words() -> set[str]:
    """This knowledge base's words: named in the issue, and every id of the shipped data."""
    words = {"china", "chinese", "reuters", "alibaba", "huawei", "asia tech lens", "compute exposure"}
    return words | {p.stem for p in (ROOT / "data").rglob("*.yaml") if p.name != "kb.yaml"}


def test_the_generator_names_no_domain():
    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(files) > 50
    found = [(p.relative_to(ROOT).as_posix(), w) for p in files for w in _domain_words()
             if w in p.read_text("utf-8", errors="replace").lower()]
    assert found == []


@pytest.mark.parametrize("vendored, npm", [
    ("iframe-worker-shim.js", "iframe-worker/shim/index.js"),
    ("js-yaml.min.js", "js-yaml/dist/browser/js-yaml.umd.min.js"),
])
def test_vendored_scripts_are_the_npm_packages_own(vendored: str, npm: str):
    text = (PACKAGE / "site_overrides" / "assets" / "javascripts" / vendored).read_text("utf-8")
    header, body = text.split("*/\n", 1)
    assert "MIT" in header and body == (ROOT / "node_modules" / npm).read_text("utf-8")


SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("direct_url, line, note", [
    (None, "kb-atlas==1.2.0", ""),  # from an index: no install record at all
    ({"url": "https://github.com/o/r", "vcs_info": {"vcs": "git", "commit_id": SHA, "requested_revision": "v1"}},
     f"kb-atlas @ git+https://github.com/o/r@{SHA}", ""),
    ({"url": "https://github.com/o/r", "subdirectory": "tools/kb", "vcs_info": {"vcs": "git", "commit_id": SHA}},
     f"kb-atlas @ git+https://github.com/o/r@{SHA}#subdirectory=tools/kb", ""),
    ({"url": "https://files.example.org/kb_atlas-1.2.0-py3-none-any.whl", "archive_info": {}},
     "kb-atlas @ https://files.example.org/kb_atlas-1.2.0-py3-none-any.whl", ""),
    ({"url": "file:///tmp/w/kb_atlas-1.2.0-py3-none-any.whl", "archive_info": {"hashes": {}}},
     "kb-atlas==1.2.0", "file:///tmp/w/kb_atlas-1.2.0-py3-none-any.whl, a file on this machine"),
    ({"url": "file:///src/kb", "dir_info": {}}, "kb-atlas==1.2.0", "file:///src/kb, a file on this machine"),
    ({"url": "file:///src/kb", "dir_info": {"editable": True}}, "kb-atlas==1.2.0", "an editable install of file:///src/kb"),
])
def test_the_requirement_follows_the_install_record(monkeypatch, direct_url: dict | None, line: str, note: str):
    class Installed:
        version = "1.2.0"

        def read_text(self, name: str) -> str | None:
            assert name == "direct_url.json"
            return None if direct_url is None else json.dumps(direct_url)

    monkeypatch.setattr(init_module.metadata, "distribution", lambda name: Installed())
    found = requirement()
    assert found.line == line
    assert (note in found.note and "no one else can install" in found.note) if note else found.note == ""


def test_a_checkout_that_was_never_installed_gets_the_bare_name_and_a_note():
    found = pin(None, None)
    assert found.line == "kb-atlas" and "not installed as a package" in found.note


def test_requirements_txt_carries_the_note_as_comments_above_the_line(tmp_path: Path):
    note = pin("1.2.0", json.dumps({"url": "file:///src/kb", "dir_info": {"editable": True}})).note
    init(tmp_path / "kb", "T", dt.date(2026, 1, 2), Pin("kb-atlas==1.2.0", note))
    lines = (tmp_path / "kb" / "requirements.txt").read_text("utf-8").splitlines()
    assert lines[-1] == "kb-atlas==1.2.0" and all(line.startswith("#") for line in lines[:-1])
    assert " ".join(line.lstrip("# ") for line in lines[2:-1]) == note


@pytest.fixture
def git_user(tmp_path: Path, monkeypatch) -> Path:
    """A git that knows only the author this test sets (no system or user config of the machine)."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = New Team\n\temail = team@example.org\n", "utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    return config


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True).stdout


def test_init_makes_a_git_repository_with_one_commit_and_says_what_to_set_on_github(git_user: Path, tmp_path: Path):
    target = tmp_path / "supplier-map"
    result = CliRunner().invoke(main, ["init", str(target), "--title", "Supplier Risk Map"])
    assert result.exit_code == 0, result.output
    assert git(target, "log", "--format=%an|%s", "main").splitlines() == [f"New Team|{FIRST_COMMIT}"]
    assert git(target, "status", "--porcelain") == ""  # every file written is in the commit
    assert "Settings → Pages → Source: GitHub Actions" in result.stderr
    assert f"cd {target}\n  make site" in result.stderr and "make test" in result.stderr
    assert "first commit" in result.stderr


def test_without_an_author_init_makes_the_repository_and_says_how_to_commit(git_user: Path, tmp_path: Path):
    git_user.write_text("", "utf-8")
    said = first_commit(tmp_path)
    assert git(tmp_path, "symbolic-ref", "HEAD") == "refs/heads/main\n"
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True).returncode != 0
    assert "without a commit" in said and "git config --global user.name" in said and "git commit" in said


def test_without_git_init_writes_the_files_and_says_so(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    target = tmp_path / "kb"
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "git was not found" in result.stderr and (target / "mkdocs.yml").is_file()
    assert not (target / ".git").exists()


def _constraints_script():
    spec = importlib.util.spec_from_file_location("constraints", ROOT / "scripts" / "constraints.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_starter_constraints_are_the_lock_s_runtime_pins():
    script = _constraints_script()
    shipped = (PACKAGE / "starter" / "constraints.txt").read_text("utf-8")
    assert shipped == script.render(), "stale: run .venv/bin/python scripts/constraints.py"
    pinned = {script.normalize(line.split("==")[0]) for line in shipped.splitlines() if not line.startswith("#")}
    direct = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert {script.normalize(re.split(r"[<>=!~ ;\[]", d)[0]) for d in direct} <= pinned
    assert not pinned & {"pytest", "ruff", "mypy", "playwright", "hypothesis", "pip-tools", "check-jsonschema"}

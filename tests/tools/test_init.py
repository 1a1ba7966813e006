"""`kb init`, and a generator that knows no domain: a new knowledge base in other words
checks and builds from the package alone, and the package names nothing of ours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, kb

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
    folders = {name.split("/")[1] for name in names if name.startswith("data/") and name.count("/") == 2}
    assert folders == {"decisions", "use-cases", "signals", "sectors", "vendors", "policies", "reading"}
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
    fixed = kb("check", "--data", str(data))
    assert fixed.returncode == 0, fixed.stdout
    export = kb("export", "--data", str(data), "--out", str(tmp_path / "pages"))
    assert export.returncode == 0, export.stderr
    board = (tmp_path / "pages" / "boards" / "verdicts.md").read_text("utf-8")
    assert "# Adopt or hold" in board and "*Which hyperscaler:* A US hyperscaler." in board


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

"""The release path: the tag workflow, and scripts/check-dist that it and `make dist` run."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from conftest import ROOT

RELEASE = ROOT / ".github" / "workflows" / "release.yml"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def check_dist(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "scripts/check-dist", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def release() -> dict:
    return yaml.safe_load(RELEASE.read_text(encoding="utf-8"))


def test_a_tag_that_names_another_version_is_refused_before_anything_is_installed(tmp_path: Path):
    result = check_dist("--tag", "v9.9.9", str(tmp_path), str(tmp_path / "sbom"))
    assert result.returncode == 1
    assert result.stderr == (f"check-dist: the tag v9.9.9 does not name the version in pyproject.toml ({VERSION}): "
                             f"tag v{VERSION}, or change the version\n")


def test_missing_distributions_are_named(tmp_path: Path):
    (tmp_path / "kb_atlas-0.0.1-py3-none-any.whl").write_bytes(b"")
    result = check_dist("--tag", f"v{VERSION}", str(tmp_path), str(tmp_path / "sbom"))
    assert result.returncode == 1
    assert f"{tmp_path}/kb_atlas-{VERSION}-py3-none-any.whl is missing" in result.stderr
    assert "kb_atlas-0.0.1-py3-none-any.whl" in result.stderr  # what was there instead
    assert not (tmp_path / "sbom").exists()


def test_check_dist_is_clean_under_shellcheck():
    shellcheck = Path(sys.executable).parent / "shellcheck"
    result = subprocess.run([str(shellcheck), "scripts/check-dist"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_release_runs_on_version_tags_and_builds_with_make_dist():
    workflow = release()
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # PyYAML reads the key `on` as True
    build = workflow["jobs"]["build"]
    runs = [str(step.get("run", "")) for step in build["steps"]]
    assert 'make dist RELEASE_TAG="$RELEASE_TAG"' in runs
    dist_step = next(step for step in build["steps"] if "make dist" in str(step.get("run", "")))
    assert dist_step["env"] == {"RELEASE_TAG": "${{ github.ref_name }}"}
    uploaded = {step["with"]["name"]: step["with"]["path"] for step in build["steps"]
                if str(step.get("uses", "")).startswith("actions/upload-artifact@")}
    assert uploaded == {"dist": "build/dist/", "sbom": "build/sbom/"}


def test_make_dist_writes_where_the_workflow_uploads_from():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^dist:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe is not None
    assert "--outdir build/dist" in recipe[1]
    assert 'scripts/check-dist $(if $(RELEASE_TAG),--tag "$(RELEASE_TAG)") build/dist build/sbom' in recipe[1]


def test_only_the_publishing_job_may_mint_an_identity_and_it_runs_in_the_pypi_environment():
    jobs = release()["jobs"]
    minting = [name for name, job in jobs.items() if (job.get("permissions") or {}).get("id-token") == "write"]
    assert minting == ["pypi"]
    pypi = jobs["pypi"]
    assert pypi["permissions"] == {"id-token": "write"}
    assert pypi["environment"]["name"] == "pypi"
    assert pypi["needs"] == "build"
    uses = [str(step.get("uses", "")) for step in pypi["steps"]]
    assert uses[-1].startswith("pypa/gh-action-pypi-publish@")
    assert all("with" not in step or "password" not in step["with"] for step in pypi["steps"])  # no token


def test_the_github_release_carries_the_distributions_and_the_sbom_after_pypi():
    job = release()["jobs"]["github-release"]
    assert job["needs"] == "pypi"
    assert job["permissions"] == {"contents": "write"}
    download = job["steps"][0]
    assert download["uses"].startswith("actions/download-artifact@")
    assert download["with"] == {"path": "release/", "merge-multiple": True}  # every artifact: dist and sbom
    assert job["steps"][-1]["run"].startswith('gh release create "$RELEASE_TAG" release/* ')


def test_nothing_in_the_release_reads_a_cache():
    for job in release()["jobs"].values():
        for step in job["steps"]:
            options = step.get("with") or {}
            assert "cache" not in options, step
            if str(step.get("uses", "")).startswith("actions/setup-node@"):
                assert options.get("package-manager-cache") is False

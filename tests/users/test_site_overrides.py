"""A site's own theme parts: its `custom_dir` sits over the generator's theme parts, which
sit over Material's, the way any site using the plugin adds a logo, colours or a partial.

The site is built once per module by `kb build` in this process (tens of seconds)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from conftest import FIXTURE, ROOT
from generator.cli import main
from generator.pipeline import _AnyTags
from generator.tools.init import init, requirement

OWN_SOURCE = '<a class="md-source" href="{{ config.repo_url }}" data-own-partial>Our own repository link</a>\n'
OWN_CSS = ":root > * { --md-primary-fg-color: #123456; }\n"


def own_site(root: Path) -> Path:
    """A site with its own `partials/source.html` (one the generator also ships) and its own
    stylesheet in its custom_dir, the fixture knowledge base as its data; its mkdocs.yml."""
    shutil.copytree(FIXTURE, root / "data")
    (root / "docs").mkdir()
    (root / "site_overrides" / "partials").mkdir(parents=True)
    (root / "site_overrides" / "partials" / "source.html").write_text(OWN_SOURCE, "utf-8")
    (root / "site_overrides" / "assets").mkdir()
    (root / "site_overrides" / "assets" / "own.css").write_text(OWN_CSS, "utf-8")
    config = {"site_name": "Own parts", "site_url": "https://example.org/own/",
              "repo_url": "https://example.org/own/repo", "repo_name": "own/repo",
              "theme": {"name": "material", "custom_dir": "site_overrides"}, "extra_css": ["assets/own.css"],
              "plugins": ["search", "tags", {"kb": {"data": "data", "pdf": False, "offline": False}}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Result, Path]:
    config = own_site(tmp_path_factory.mktemp("own-parts"))
    result = CliRunner().invoke(main, ["build", "--data", str(config.parent / "data"),
                                       "--site-dir", str(config.parent / "site"), "--config", str(config)])
    return result, config.parent / "site"


def test_a_sites_own_partial_wins_over_the_generators(built):
    result, site = built
    assert result.exit_code == 0, result.output
    page = (site / "sectors" / "ports" / "index.html").read_text("utf-8")
    assert "data-own-partial>Our own repository link</a>" in page
    generators = (ROOT / "generator" / "site_overrides" / "partials" / "source.html").read_text("utf-8")
    assert 'class="md-source__repository"' in generators and 'class="md-source__repository"' not in page


def test_the_generators_other_parts_stay_under_the_sites_own(built):
    """The site replaced one partial, not the generator's theme: its main.html and assets still apply."""
    _, site = built
    page = (site / "sectors" / "ports" / "index.html").read_text("utf-8")
    assert 'href="../../assets/kb.css"' in page and 'src="../../assets/kb.js"' in page
    assert 'href="../../assets/own.css"' in page
    assert (site / "assets" / "own.css").read_text("utf-8") == OWN_CSS


def test_this_sites_own_parts_live_in_its_custom_dir():
    """This repository's mkdocs.yml names site_overrides/ as its custom_dir, and every
    stylesheet it adds is there to be published."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_AnyTags)
    own = ROOT / config["theme"]["custom_dir"]
    assert own == ROOT / "site_overrides"
    assert config["extra_css"] and all((own / name).is_file() for name in config["extra_css"])


def test_the_starter_shows_the_same_place(tmp_path: Path):
    init(tmp_path / "team", "Team Map", dt.date(2026, 1, 1), requirement())
    config = yaml.load((tmp_path / "team" / "mkdocs.yml").read_text("utf-8"), Loader=_AnyTags)
    assert config["theme"]["custom_dir"] == "site_overrides"
    assert "partials/" in (tmp_path / "team" / "site_overrides" / "README.md").read_text("utf-8")

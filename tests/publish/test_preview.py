"""`mkdocs serve`: a data error keeps the preview running, on the last good pages, with every
problem in the terminal and on each page; `build` still refuses."""

from __future__ import annotations

import shutil

import pytest
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort

from conftest import FIXTURE, ROOT
from generator.publish.site import site_config

BROKEN = "name: Ports\nsummary: A sector.\nexposure: very-high <b>x</b>\nreviewed: 2026-01-15\n"


@pytest.fixture
def data(tmp_path, monkeypatch):
    shutil.copytree(FIXTURE, tmp_path / "data")
    monkeypatch.setenv("KB_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _build(command: str, out):
    config, plugin = site_config(ROOT / "mkdocs.yml", out)
    config.plugins.on_startup(command=command, dirty=False)
    return config, plugin


def test_an_error_while_serving_keeps_the_last_good_pages_and_shows_the_problems(data, tmp_path, capfd):
    config, _ = _build("serve", tmp_path / "one")
    build(config)
    good = (tmp_path / "one" / "sectors" / "ports" / "index.html").read_text("utf-8")
    assert "kb-problems" not in good
    (data / "sectors" / "ports.yaml").write_text(BROKEN, "utf-8")
    config.site_dir = str(tmp_path / "two")
    build(config)  # no Abort: the preview goes on
    page = (tmp_path / "two" / "sectors" / "ports" / "index.html").read_text("utf-8")
    assert 'class="kb-problems"' in page and "ports.yaml:3:" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page  # a problem quotes data: as text
    assert "<h1" in page and "Ports" in page  # the page itself, as it was
    assert "ports.yaml:3:11: error:" in capfd.readouterr().err  # and in the terminal
    (data / "sectors" / "ports.yaml").write_text((FIXTURE / "sectors" / "ports.yaml").read_text("utf-8"), "utf-8")
    config.site_dir = str(tmp_path / "three")
    build(config)
    assert "kb-problems" not in (tmp_path / "three" / "sectors" / "ports" / "index.html").read_text("utf-8")


def test_an_error_in_a_build_still_aborts(data, tmp_path):
    (data / "sectors" / "ports.yaml").write_text(BROKEN, "utf-8")
    config, _ = _build("build", tmp_path / "site")
    with pytest.raises(Abort, match=r"ports\.yaml:3:"):
        build(config)

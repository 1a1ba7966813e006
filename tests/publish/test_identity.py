"""One source for the site's name and description: the knowledge base's kb.yaml. A data
folder built with another MkDocs configuration keeps its own identity."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import FIXTURE, ROOT


def test_a_site_takes_its_name_and_description_from_kb_yaml(fixture_site: Path):
    info = yaml.safe_load((FIXTURE / "kb.yaml").read_text("utf-8"))
    configured = yaml.safe_load(re.sub(r"!ENV \[?[^\n]*", "x", (ROOT / "mkdocs.yml").read_text("utf-8")))
    assert configured["site_name"] != info["title"]  # the fixture is built with this repository's mkdocs.yml
    home = (fixture_site / "index.html").read_text("utf-8")
    page = (fixture_site / "vendors" / "cloud-co" / "index.html").read_text("utf-8")
    assert f"<title>{info['title']}</title>" in home
    assert f" - {info['title']}</title>" in page
    assert configured["site_name"] not in home + page

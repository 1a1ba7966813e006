"""`mkdocs serve`: a data error keeps the preview running, on the last good pages, with every
problem in the terminal and on each page; `build` still refuses; with `--dirty` a save
rebuilds only the pages it changes, and the search index stays whole."""

from __future__ import annotations

import json
import shutil
import time

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


def test_a_save_rebuilds_only_the_pages_it_changes_and_the_whole_search_index(data, tmp_path):
    """`mkdocs serve --dirty` (make serve): the saved entry, the pages that show it, nothing else."""
    config, _ = _build("serve", tmp_path / "site")
    config.plugins.on_startup(command="serve", dirty=True)
    config.strict = False  # as make serve runs it (--no-strict: MkDocs warns about every dirty build)
    build(config, dirty=True)
    site = tmp_path / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    index_before = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    ports = data / "sectors" / "ports.yaml"
    ports.write_text(ports.read_text("utf-8").replace("Container terminals.", "Container terminals, renamed."), "utf-8")
    time.sleep(0.01)
    build(config, dirty=True)
    rebuilt = sorted(p.relative_to(site).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t)
    assert "sectors/ports/index.html" in rebuilt and "sectors/index.html" in rebuilt  # the entry, its index
    assert "policies/data-rules/index.html" not in rebuilt and "about/index.html" not in rebuilt
    assert len(rebuilt) < len(before) / 2, rebuilt
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    ports_entries = [d for d in docs if d["location"].split("#")[0] == "sectors/ports/"]
    assert len(docs) == len(index_before)  # every page still indexed, each once
    assert ports_entries and any("renamed" in d["text"] for d in ports_entries)
    assert len(ports_entries) == len([d for d in index_before if d["location"].split("#")[0] == "sectors/ports/"])
    clinics = data / "sectors" / "clinics.yaml"  # a second save: the index kept from the first stays whole
    clinics.write_text(clinics.read_text("utf-8").replace("name: Clinics", "name: Clinics and wards"), "utf-8")
    build(config, dirty=True)
    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    assert len(docs) == len(index_before) and any(d["title"] == "Clinics and wards" for d in docs)
    assert any("renamed" in d["text"] for d in docs if d["location"].startswith("sectors/ports/"))
    hits = {d["location"]: d for d in docs if "#" not in d["location"]}  # kept and rebuilt alike: each a card
    assert 'class="kb-hit"' in hits["sectors/ports/"]["text"] and 'class="kb-hit"' in hits["vendors/crane-co/"]["text"]
    assert "renamed" in hits["sectors/ports/"]["details"] and "kb-hit" not in hits["vendors/crane-co/"]["details"]
    assert "renamed" in hits["sectors/ports/"]["text"]  # the saved entry's card is made again, the others kept


def test_a_kb_yaml_edit_that_fails_the_check_keeps_the_last_good_pages_whole(data, tmp_path, capfd):
    """Renaming an axis in kb.yaml, before the use cases follow, fails the check: the preview
    shows the last good pages, drawn with the last good kb.yaml's words, and the problems."""
    config, _ = _build("serve", tmp_path / "one")
    build(config)
    kb_yaml = data / "kb.yaml"
    kb_yaml.write_text(kb_yaml.read_text("utf-8").replace("- field: stack", "- field: platform"), "utf-8")
    config.site_dir = str(tmp_path / "two")
    build(config)  # no crash, no Abort
    page = (tmp_path / "two" / "use-cases" / "crane-maintenance" / "index.html").read_text("utf-8")
    assert 'class="kb-problems"' in page and "missing required field(s) &#39;platform&#39;" in page
    assert "Whose system it runs on" in page and "Chinese vendor stack" in page  # the last good axis, in full
    assert "crane-maintenance.yaml:" in capfd.readouterr().err


def test_the_preview_reads_the_commit_dates_again_only_after_a_commit(data, monkeypatch):
    """git log runs once per commit, not once per save; a new commit is seen at the next save."""
    import subprocess

    from generator import preview as preview_module

    calls = []
    monkeypatch.setattr(preview_module, "data_dates", lambda folder: calls.append(folder) or {folder: len(calls)})
    git = ["git", "-C", str(data), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    preview = preview_module.Preview()
    assert preview.data_dates(data) == preview.data_dates(data) == {data: 1} and len(calls) == 1
    (data / "sectors" / "ports.yaml").write_text("name: Ports\n", "utf-8")  # a save: no commit, no git log
    assert preview.data_dates(data) == {data: 1}
    subprocess.run([*git, "commit", "-qam", "two"], check=True)
    assert preview.data_dates(data) == {data: 2}


def test_the_theme_is_compiled_once_while_serving(data, tmp_path, monkeypatch):
    """MkDocs makes a new Jinja environment for every build; the preview hands each the
    templates compiled by the first, so a save compiles none of Material's templates."""
    import jinja2

    compiled, compile_ = [], jinja2.Environment.compile

    def counted(env, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    config, _ = _build("serve", tmp_path / "site")
    build(config)
    assert "main.html" in compiled and "404.html" in compiled
    compiled.clear()
    ports = data / "sectors" / "ports.yaml"
    ports.write_text(ports.read_text("utf-8").replace("Container terminals.", "Container terminals, saved."), "utf-8")
    build(config)
    assert compiled == []
    assert "saved." in (tmp_path / "site" / "sectors" / "ports" / "index.html").read_text("utf-8")


def test_a_template_is_compiled_again_when_its_source_or_its_syntax_changes():
    """What the preview keeps of a compiled template holds only for the same source, compiled
    the same way: an edited template, or one read with other settings, is compiled anew."""
    import jinja2

    from generator.preview import CompiledTemplates

    kept, sources = CompiledTemplates(), {"page.html": "{% if x %}\n{{ x }}\n{% endif %}"}

    def render(**settings) -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=kept, **settings)
        return env.get_template("page.html").render(x="one")

    assert render() == "\none\n" and len(kept.code) == 1
    assert render() == "\none\n" and len(kept.code) == 1  # the same: taken from what was kept
    assert render(trim_blocks=True) == "one\n" and len(kept.code) == 2  # other settings: compiled anew
    sources["page.html"] = "{{ x }}!"
    assert render() == "one!"  # an edited source: compiled anew, never the old code


def test_a_save_hands_mkdocs_the_unchanged_files_it_made_before(data, tmp_path):
    """A page the save did not change is the same MkDocs file as before, without the page
    object of the last build (MkDocs makes a new one); the saved entry's file is new."""
    config, plugin = _build("serve", tmp_path / "site")
    build(config)
    before = {path: made for path, (_, made) in plugin.preview.made_for(config).items()}
    page = before["policies/data-rules.md"].page
    ports = data / "sectors" / "ports.yaml"
    ports.write_text(ports.read_text("utf-8").replace("Container terminals.", "Container terminals, saved."), "utf-8")
    build(config)
    after = {path: made for path, (_, made) in plugin.preview.made_for(config).items()}
    assert after.keys() == before.keys()
    assert after["policies/data-rules.md"] is before["policies/data-rules.md"]
    assert after["sectors/ports.md"] is not before["sectors/ports.md"]
    assert after["policies/data-rules.md"].page is not None
    assert after["policies/data-rules.md"].page is not page  # this build's page
    assert "saved." in (tmp_path / "site" / "sectors" / "ports" / "index.html").read_text("utf-8")

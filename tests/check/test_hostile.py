"""Hostile and broken input: a clear message or safe escaping, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from conftest import FIXTURE, KB_YAML, YamlAsEditors, kb, write_tree
from generator.check.fields import type_fields
from generator.domain import BASE
from generator.load import MAX_BYTES
from generator.pipeline import generate, load_and_check
from generator.registry import BY_NAME

VALID_SECTOR = "name: S\nsummary: S.\nexposure: low\nexposure_why: W.\nsources: [r]\nreviewed: 2026-01-01\n"
READING = "name: R\nsummary: R.\npublisher: P\nabout: [s]\nsources: [r]\nreviewed: 2026-01-01\n"

CORPUS: dict[str, tuple[bytes, str]] = {
    # name: (content of data/sectors/s.yaml, text the report must contain)
    "malformed": (b"name: [oops\n", "YAML syntax"),
    "tabs": (b"name: S\n\tsummary: x\n", "a tab: indent with spaces"),
    "non-utf8": ("name: café\n".encode("latin-1"), "not UTF-8"),
    "duplicate-keys": (VALID_SECTOR.encode() + b"name: again\n", "duplicate field 'name'"),
    "alias-bomb": (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                   b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
                   "anchors and aliases"),
    "huge": (b"name: " + b"x" * (MAX_BYTES + 1) + b"\n", "the limit is"),
    "deep": (b"name: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nesting depth"),
    "python-tag": (b"name: !!python/object/apply:os.system ['echo hi']\n", "unsupported YAML tag"),
    "wrong-types": (b"name: [1]\nsummary: {a: b}\nexposure: 3\nexposure_why: true\nsources: r\nreviewed: 5\n",
                    "expected text, found a list"),
    "id-traversal": (VALID_SECTOR.encode() + b"id: ../../etc/passwd\n", "expected an id"),
    "ref-traversal": (VALID_SECTOR.encode() + b"vendors: [../../x]\n", "expected an id"),
    "empty": (b"", "found an empty file"),
    "nul-bytes": (b"name: a\x00b\n", "YAML syntax"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_bad_file_gives_a_located_message(name, tmp_path, monkeypatch):
    content, expected = CORPUS[name]
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "data", {"kb.yaml": KB_YAML, "reading/r.yaml": READING})
    (tmp_path / "data" / "sectors").mkdir()
    (tmp_path / "data" / "sectors" / "s.yaml").write_bytes(content)
    _, problems = load_and_check(Path("data"))
    mine = [p for p in problems if p.file == "data/sectors/s.yaml" and p.severity == "error"]
    assert mine, problems
    assert any(expected in p.message for p in mine), [p.as_text() for p in mine]
    assert all(p.line >= 1 and p.col >= 1 for p in problems)


def test_bom_is_accepted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "data", {"kb.yaml": KB_YAML, "reading/r.yaml": READING})
    (tmp_path / "data" / "sectors").mkdir()
    (tmp_path / "data" / "sectors" / "s.yaml").write_bytes(b"\xef\xbb\xbf" + VALID_SECTOR.encode())
    _, problems = load_and_check(Path("data"))
    assert [p for p in problems if p.severity == "error"] == []


def test_file_names_with_spaces_or_dots_are_refused_and_nothing_is_written(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    (data / "sectors" / "my sector.yaml").write_text(VALID_SECTOR.replace("[r]", "[field-report]"), "utf-8")
    (data / "sectors" / "..hidden.yaml").write_text(VALID_SECTOR, "utf-8")
    out = tmp_path / "out"
    result = kb("export", "--data", str(data), "--out", str(out))
    assert result.returncode == 1 and "rename the file to 'my-sector.yaml'" in result.stdout
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)> **b** [l](javascript:alert(3)) {: #x onclick="y"}'


def _text_fields(kind: str) -> list[str]:
    plain = ("text", "one plain sentence on a single line")
    return [f.name for f in type_fields(BASE, kind) if f.shape == "value" and f.kind in plain]


OWN_SCRIPTS = re.compile(r'<script src="[^"<>]*"></script>'
                         r'|<script type="application/json" id="kb-assess-data">[^<]*</script>'
                         r'|<script (?:type="application/json" class="kb-filters"|class="kb-filters" '
                         r'type="application/json")>[^<]*</script>')
"""Scripts the generator writes itself; a data block holding a `<` was broken open by data."""


@pytest.mark.parametrize("kind", ["sector", "vendor", "signal", "use-case", "policy", "reading"])
def test_script_in_every_text_field_stays_text(kind, tmp_path):
    """Each plain-text field of the type carries a payload; site pages stay clean (the PDF prints
    it as text: tests/publish/test_offline.py and tests/render/test_sinks.py)."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    path = sorted((data / BY_NAME[kind].folder).glob("*.yaml"))[0]
    entry = yaml.load(path.read_text("utf-8"), Loader=YamlAsEditors)  # dates stay text
    entry.update({f: PAYLOAD for f in _text_fields(kind)})
    path.write_text(yaml.safe_dump(entry, allow_unicode=True), "utf-8")
    site = generate(data)
    for page in site.pages:
        html = markdown.markdown(get_data(page.text)[0], extensions=["tables", "toc", "attr_list", "md_in_html"])
        html = OWN_SCRIPTS.sub("", html)  # the assessment page's own scripts, its data block whole
        assert "<script" not in html and "<img" not in html and 'href="javascript' not in html, page.path
        assert "onerror=" not in html.replace("onerror&#61;", "").replace("onerror=alert(2)&gt;", ""), page.path


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.lists(inner, max_size=4) |
                           st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_text_as_a_file_never_crashes_the_checker(text, tmp_path_factory):
    root = tmp_path_factory.mktemp("prop") / "data"
    write_tree(root, {"kb.yaml": KB_YAML, "sectors/s.yaml": text})
    _, problems = load_and_check(root)
    assert all(p.line >= 1 and p.col >= 1 and p.severity in ("error", "warning") for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.dictionaries(st.sampled_from(["name", "summary", "exposure", "exposure_why", "sources",
                                              "reviewed", "vendors", "tags", "body", "stack", "extra"]),
                             yaml_values, max_size=8))
def test_any_structure_of_fields_never_crashes_the_checker(value, tmp_path_factory):
    import yaml as pyyaml
    root = tmp_path_factory.mktemp("prop") / "data"
    write_tree(root, {"kb.yaml": KB_YAML, "sectors/s.yaml": pyyaml.safe_dump(value, allow_unicode=True)})
    _, problems = load_and_check(root)
    assert all(p.file.endswith(".yaml") and p.line >= 1 for p in problems)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_any_bytes_as_a_file_never_crash_the_checker(raw, tmp_path_factory):
    root = tmp_path_factory.mktemp("prop") / "data"
    write_tree(root, {"kb.yaml": KB_YAML})
    (root / "sectors").mkdir()
    (root / "sectors" / "s.yaml").write_bytes(raw)
    load_and_check(root)


def test_symlinks_are_refused_at_their_file_and_never_read(tmp_path, monkeypatch):
    """A pull request can add a link to any file of the machine that builds it."""
    monkeypatch.chdir(tmp_path)
    outside = write_tree(tmp_path / "outside", {"secret.yaml": VALID_SECTOR.replace("name: S", "name: SECRET"),
                                                "more/x.yaml": VALID_SECTOR})
    data = write_tree(tmp_path / "data", {"kb.yaml": KB_YAML, "reading/r.yaml": READING,
                                          "sectors/s.yaml": VALID_SECTOR})
    (data / "sectors" / "leak.yaml").symlink_to(outside / "secret.yaml")
    (data / "vendors").symlink_to(outside / "more", target_is_directory=True)
    records, problems = load_and_check(Path("data"))
    assert "SECRET" not in repr([r.data for r in records])
    located = {(p.file, p.line, p.col) for p in problems if "symbolic link" in p.message}
    assert located == {("data/sectors/leak.yaml", 1, 1), ("data/vendors", 1, 1)}
    out = tmp_path / "out"
    result = kb("export", "--data", str(data), "--out", str(out))
    assert result.returncode == 1 and "symbolic link" in result.stdout and not out.exists()


def test_an_entry_cannot_replace_a_hand_written_page(tmp_path, monkeypatch):
    """kb check finds the clash the build would refuse, at the entry's file."""
    monkeypatch.chdir(tmp_path)
    write_tree(tmp_path / "data", {"kb.yaml": KB_YAML, "reading/r.yaml": READING, "sectors/s.yaml": VALID_SECTOR})
    write_tree(tmp_path / "docs", {"sectors/s.md": "# Hand-written\n"})
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nextra: !ENV [X, y]\n", "utf-8")
    result = kb("check", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    expected = "data/sectors/s.yaml:1:1: error: id 's' would replace the hand-written page docs/sectors/s.md"
    assert expected in result.stdout

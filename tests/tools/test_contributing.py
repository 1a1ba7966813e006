"""The contributor's path: kb new, editor schemas, annotations, rules, renames, kb diff."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE, kb
from generator.check import fields as fields_module
from generator.domain import Domain
from generator.registry import BY_NAME, TYPES
from generator.render.reference import render_reference
from generator.tools.scaffold import render_new

OWN = {"name", "aliases", "former_ids"}
"""Fields that belong to the new entry itself, never copied from another."""


def _unfilled(value: object) -> bool:
    """A placeholder the scaffold leaves: empty, or a skeleton with an empty value inside."""
    if isinstance(value, dict):
        return not value or any(_unfilled(v) for v in value.values())
    if isinstance(value, list):
        return not value or any(_unfilled(v) for v in value)
    return value is None


def fill(text: str, kind: str) -> str:
    """Fill each placeholder `kb new` wrote as the type's fixture entry fills that field: the
    scaffold must name every field an entry needs, in the shape the schema expects."""
    example = yaml.safe_load(sorted((FIXTURE / BY_NAME[kind].folder).glob("*.yaml"))[0].read_text("utf-8"))
    data = yaml.safe_load(text)
    filled = {k: example[k] if _unfilled(v) and k in example and k not in OWN else v for k, v in data.items()}
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("# yaml-language-server"))
    return header + yaml.safe_dump(filled, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize("kind", [t.name for t in TYPES])
def test_new_file_fails_until_filled_then_passes(kind, fixture_copy: Path):
    result = kb("new", kind, "Tencent Cloud", "--data", "data", cwd=fixture_copy.parent)
    assert result.returncode == 0, result.stderr
    path = fixture_copy / BY_NAME[kind].folder / "tencent-cloud.yaml"
    assert result.stdout.strip() == f"data/{BY_NAME[kind].folder}/tencent-cloud.yaml"
    text = path.read_text("utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../.schemas/{kind}.json")  # in data/, committed
    assert f'reviewed: "{dt.date.today().isoformat()}"' in text
    assert kb("check", "--data", "data", cwd=fixture_copy.parent).returncode == 1
    path.write_text(fill(text, kind), encoding="utf-8")
    checked = kb("check", "--data", "data", cwd=fixture_copy.parent)
    assert checked.returncode == 0, checked.stdout


def test_schema_comment_points_at_the_real_schema(fixture_copy: Path):
    kb("new", "vendor", "Tencent Cloud", "--data", "data", cwd=fixture_copy.parent)
    path = fixture_copy / "vendors" / "tencent-cloud.yaml"
    target = path.read_text("utf-8").splitlines()[0].split("$schema=")[1]
    written = json.loads((path.parent / target).read_text("utf-8"))  # the schema as this kb.yaml composes it
    assert written["properties"]["kind"]["enum"] == ["cloud", "automation-platform", "other"]  # kb.yaml's values
    use_case = json.loads((path.parent / target).with_name("use-case.json").read_text("utf-8"))
    assert {"data_location", "stack"} <= set(use_case["required"])  # kb.yaml's axes


def test_new_refuses_to_overwrite_or_reuse_an_id(fixture_copy: Path):
    again = kb("new", "sector", "Ports", "--data", "data", cwd=fixture_copy.parent)
    assert again.returncode == 1 and "already exists" in again.stderr
    wrong = kb("new", "vendr", "X", "--data", "data", cwd=fixture_copy.parent)
    assert wrong.returncode == 1 and "did you mean 'vendor'" in wrong.stderr
    assert "Traceback" not in again.stderr + wrong.stderr


def test_github_format_annotates_each_problem(fixture_copy: Path):
    (fixture_copy / "sectors" / "ports.yaml").write_text(
        "name: Ports\nsummary: S.\nexposure: hgh\nexposure_why: W.\nsources: [field-report]\nreviewed: 2026-01-01\n",
        encoding="utf-8")
    result = kb("check", "--format", "github", "--data", "data", "--today", "2026-06-01", cwd=fixture_copy.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=data/sectors/ports.yaml,line=3,col=11,title=kb check::'exposure': expected one of "
        "'high', 'medium', 'low', found 'hgh' (did you mean 'high'?)")


def test_strict_turns_overdue_reviews_into_failures():
    late = kb("check", "--data", str(FIXTURE), "--today", "2028-01-01")
    assert late.returncode == 0 and "[reviewed-recently]" in late.stdout
    strict = kb("check", "--data", str(FIXTURE), "--today", "2028-01-01", "--strict")
    assert strict.returncode == 1


def test_field_reference_follows_the_schema(monkeypatch):
    before = render_reference(Domain(), ["vendor"])
    original = fields_module.raw_schema

    def patched(domain, kind):
        schema = json.loads(json.dumps(original(domain, kind)))
        if kind == "vendor":
            schema["properties"]["founded"] = {"type": "integer", "description": "Year the vendor was founded."}
        return schema

    monkeypatch.setattr(fields_module, "raw_schema", patched)
    after = render_reference(Domain(), ["vendor"])  # a new domain: nothing read before is cached on it
    assert "founded" not in before
    assert "| <code>founded</code> | no | whole number | Year the vendor was founded. |" in after


def test_reference_lists_the_fields_every_entry_has_once():
    """Each type's table holds only its own fields; the shared ones have a table of their own."""
    text = render_reference(Domain())
    assert text.count("| <code>summary</code>") == 1 and text.count("| <code>reviewed</code>") == 1
    shared = text.index("## Fields every entry has")
    assert text.index("## kb.yaml") < shared < text.index("## Vendor")
    vendor = render_reference(Domain(), ["vendor"])  # `kb fields vendor`: its own fields and the shared ones
    assert "## Fields every entry has" in vendor and "| <code>home_market</code>" in vendor
    assert "## kb.yaml" not in vendor


def test_reference_lists_every_rule():
    from generator.check.rules import RULES
    text = render_reference(Domain())
    for rule in RULES:
        assert f"<code>{rule.id}</code>" in text


def test_scaffold_quotes_the_name_safely():
    text = render_new(Domain(), "vendor", 'Evil: "x" #y', dt.date(2026, 1, 1), "x.json")
    assert yaml.safe_load(text)["name"] == 'Evil: "x" #y'


def test_former_id_redirects_to_the_new_page(fixture_site: Path):
    page = (fixture_site / "vendors" / "crane-company" / "index.html").read_text("utf-8")
    assert 'content="0; url=../crane-co/"' in page and 'href="../crane-co/"' in page


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_diff_lists_what_a_change_does(tmp_path: Path):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    subprocess.run(["cp", "-r", f"{FIXTURE}/.", str(repo / "data")], check=True)
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "base", "--allow-empty")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    data = repo / "data"
    use = data / "use-cases" / "clinic-triage.yaml"
    use.write_text(use.read_text("utf-8").replace("verdict: conditional", "verdict: risky\nsignals: [rules-tighten]"),
                   encoding="utf-8")
    (data / "vendors" / "cloud-co.yaml").unlink()
    cross = data / "use-cases" / "cross-border-relay.yaml"
    cross.write_text(cross.read_text("utf-8").replace("vendors: [cloud-co]\n", ""), encoding="utf-8")
    result = kb("diff", "HEAD", "--data", str(data))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "**Removed (1)**\n\n- Cloud Co (<code>" in out
    assert "- Clinic triage: signals, verdict" in out
    assert "- Clinic triage: Conditional → **Risky**" in out  # labels, not values
    assert re.search(r"- Rules tighten: now linked from clinic-triage", out)


def test_diff_outside_git_is_a_clear_error(tmp_path: Path):
    result = kb("diff", "HEAD", "--data", str(tmp_path))
    assert result.returncode == 1 and "git" in result.stderr and "Traceback" not in result.stderr


def _git(where: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True)


def test_changed_since_warns_only_about_the_files_a_change_touches(fixture_copy: Path):
    root = fixture_copy.parent
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    ports = fixture_copy / "sectors" / "ports.yaml"
    ports.write_text(ports.read_text("utf-8") + "# edited\n", "utf-8")
    everything = kb("check", "--data", "data", "--today", "2028-01-01", cwd=root)
    touched = kb("check", "--data", "data", "--today", "2028-01-01", "--changed-since", "HEAD", cwd=root)
    assert everything.stdout.count("[reviewed-recently]") > 5
    warned = {line.split(":")[0] for line in touched.stdout.splitlines() if ": warning: " in line}
    assert warned == {"data/sectors/ports.yaml"}, touched.stdout
    (fixture_copy / "vendors" / "cloud-co.yaml").write_text("name: [\n", "utf-8")  # errors show wherever they are
    broken = kb("check", "--data", "data", "--today", "2028-01-01", "--changed-since", "HEAD~0", cwd=root)
    assert broken.returncode == 1 and "data/vendors/cloud-co.yaml" in broken.stdout


def test_github_format_writes_every_problem_to_the_job_summary(fixture_copy: Path, tmp_path: Path):
    summary = tmp_path / "summary.md"
    (fixture_copy / "sectors" / "ports.yaml").write_text(
        "name: Ports\nsummary: S.\nexposure: \"<b>x</b>|y\"\nexposure_why: W.\nsources: [field-report]\n"
        "reviewed: 2026-01-01\n", encoding="utf-8")
    result = kb("check", "--format", "github", "--data", "data", "--today", "2026-06-01", cwd=fixture_copy.parent,
                env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    table = summary.read_text("utf-8")
    assert table.startswith("### kb check: 1 error, 0 warnings")
    row = next(line for line in table.splitlines() if "ports.yaml" in line)
    assert row.count(" | ") == 3 and "<b>" not in row  # the value stays text inside its cell


def test_kb_yaml_has_a_reference_of_its_own():
    """`kb fields kb` and the site's field reference document kb.yaml from its schema."""
    result = kb("fields", "kb")
    assert result.returncode == 0 and "## kb.yaml" in result.stdout
    for field_ in ("title", "question", "review_interval_days", "axes", "verdicts", "enums"):
        assert f"| <code>{field_}</code>" in result.stdout
    assert "| <code>action.tree</code>" in result.stdout  # a mapping's own fields, by their path
    assert "## kb.yaml" in render_reference(Domain())

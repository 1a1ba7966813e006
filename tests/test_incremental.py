"""The preview's incremental build equals a clean build of the same data, after every edit
of a random sequence: change a field or a choice (a verdict, a status: what the boards, the
home page and the indexes group by), add, delete or rename an entry (`former_ids`), break
and fix a file, edit kb.yaml. Same pages, same files, same problems; while the data has
errors, the last good site with every problem."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE
from generator.errors import CheckFailed
from generator.graph.link import link
from generator.pipeline import Options, Session, load_and_check, render_site
from generator.tools.synth import synthesize

WORDS = st.sampled_from(["Alpha", "Beta", "Gamma", "Delta"])
EDITS = st.one_of(
    st.tuples(st.just("field"), st.integers(0, 999), st.sampled_from(["name", "summary", "reviewed", "tags"]), WORDS),
    st.tuples(st.just("choice"), st.integers(0, 999)),
    st.tuples(st.just("link"), st.integers(0, 999)),
    st.tuples(st.just("add"), st.integers(0, 999)),
    st.tuples(st.just("delete"), st.integers(0, 999)),
    st.tuples(st.just("rename"), st.integers(0, 999)),
    st.tuples(st.just("break"), st.integers(0, 999)),
    st.tuples(st.just("fix")),
    st.tuples(st.just("kb"), WORDS),
)


def _entries(data: Path) -> list[Path]:
    return sorted(data.glob("*/*.yaml"))


def _field(text: str, name: str, word: str) -> str:
    """Change one field in place: a new name or summary, another review date, one more tag."""
    if name == "reviewed":
        day = 10 + len(word) + text.count(word)
        return re.sub(r"^reviewed: .*$", f"reviewed: 2026-02-{day}", text, count=1, flags=re.M)
    if name == "tags":
        return re.sub(r"^tags: \[", f"tags: [{word.lower()}, ", text, count=1, flags=re.M)
    return re.sub(rf"^{name}: (.*)$", rf"{name}: {word} \1", text, count=1, flags=re.M)


CHOICES = {"verdict": ["safe", "conditional", "risky"], "status": ["watching", "emerging"]}
"""Values of the choices both test knowledge bases' kb.yaml and schemas allow."""


def _choice(text: str) -> str:
    """The next value of the entry's verdict or status; the file as it was if it has neither."""
    for name, values in CHOICES.items():
        found = re.search(rf"^{name}: (\S+)$", text, flags=re.M)
        if found and found[1] in values:
            following = values[(values.index(found[1]) + 1) % len(values)]
            return text[:found.start()] + f"{name}: {following}" + text[found.end():]
    return text


LINKS = re.compile(r"^(about|policies|sectors|signals|vendors): \[([^\]]*)\]$", re.M)
"""A link field written as a flow list, as both test knowledge bases write them."""


def _link(text: str) -> str:
    """The entry's first link list without its first link: the entry's page, the pages of the
    entry it linked to and the boards change (an empty list a type requires is a problem)."""
    found = LINKS.search(text)
    if not found:
        return text
    ids = [i.strip() for i in found[2].split(",") if i.strip()][1:]
    return text[:found.start()] + f"{found[1]}: [{', '.join(ids)}]" + text[found.end():]


def _rename(data: Path, path: Path, count: int) -> None:
    """Rename an entry as a contributor does: a new file name, the old id in `former_ids`,
    and every reference to it rewritten."""
    old, new = path.stem, f"{path.stem}-r{count}"
    text = path.read_text("utf-8")
    if re.search(r"^former_ids: \[", text, re.M):
        text = re.sub(r"^former_ids: \[", f"former_ids: [{old}, ", text, count=1, flags=re.M)
    else:
        text += f"former_ids: [{old}]\n"
    path.unlink()
    (path.parent / f"{new}.yaml").write_text(text, "utf-8")
    pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
    for other in [*_entries(data), data / "kb.yaml"]:
        if other.stem == new:
            continue
        before = other.read_text("utf-8")
        after = "\n".join(line if line.startswith("former_ids") else pattern.sub(new, line)
                          for line in before.split("\n"))
        if after != before:
            other.write_text(after, "utf-8")


def apply(data: Path, edit: tuple, broken: dict[Path, str], count: int) -> None:
    entries = _entries(data)
    kind = edit[0]
    if kind == "fix":
        for path, text in broken.items():
            path.write_text(text, "utf-8")
        broken.clear()
        return
    if kind == "kb":
        kb = data / "kb.yaml"
        kb.write_text(re.sub(r"^title: .*$", f"title: {edit[1]} Map", kb.read_text("utf-8"), flags=re.M), "utf-8")
        return
    if not entries:
        return
    path = entries[edit[1] % len(entries)]
    text = path.read_text("utf-8")
    if kind == "field":
        path.write_text(_field(text, edit[2], edit[3]), "utf-8")
    elif kind == "choice":
        path.write_text(_choice(text), "utf-8")
    elif kind == "link":
        path.write_text(_link(text), "utf-8")
    elif kind == "add":
        text = re.sub(r"^former_ids: .*\n", "", re.sub(r"^name: (.*)$", r"name: \1 copy", text, count=1, flags=re.M),
                      flags=re.M)
        (path.parent / f"{path.stem}-c{count}.yaml").write_text(text, "utf-8")
    elif kind == "delete":
        path.unlink()
    elif kind == "rename":
        _rename(data, path, count)
    elif kind == "break":
        broken.setdefault(path, text)
        path.write_text(text + "oops: [unclosed\n", "utf-8")


def clean(data: Path, last_good):
    """What a clean build shows: the data's site, or the last good one with every problem."""
    records, problems = load_and_check(data)
    if any(p.severity == "error" for p in problems):
        return last_good, sorted(problems)
    try:
        return render_site(link(records)), []
    except CheckFailed as failed:
        return last_good, sorted(failed.problems)


def _run(data: Path, edits: list[tuple]) -> None:
    session = Session(data)
    first = session.build(Options())
    expected, _ = clean(data, None)
    assert first.site.files == expected.files
    broken: dict[Path, str] = {}
    for count, edit in enumerate(edits):
        apply(data, edit, broken, count)
        expected, problems = clean(data, expected)
        got = session.build(Options())
        assert [p.as_text() for p in got.problems] == [p.as_text() for p in problems], edit
        assert got.site.files.keys() == expected.files.keys(), edit
        different = [path for path, file in expected.files.items() if got.site.files[path] != file]
        assert not different, (edit, different[:5])


SETTINGS = settings(max_examples=6, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(edits=st.lists(EDITS, min_size=2, max_size=6))
def test_random_edits_of_the_fixture_build_as_a_clean_build_does(tmp_path_factory, edits):
    data = tmp_path_factory.mktemp("kb") / "data"
    shutil.copytree(FIXTURE, data)
    _run(data, edits)


@settings(SETTINGS, max_examples=4)
@given(edits=st.lists(EDITS, min_size=2, max_size=4))
def test_random_edits_of_a_larger_knowledge_base_build_as_a_clean_build_does(tmp_path_factory, edits):
    """Forty entries: enough that most pages are kept, so the rule of what a change affects is tried."""
    data = tmp_path_factory.mktemp("kb") / "data"
    synthesize(data, 40, seed=3)
    _run(data, edits)


def test_a_saved_summary_re_renders_only_the_pages_that_show_it(tmp_path):
    """What the preview spares, pinned: a sector's new summary re-renders its own page, the
    pages listing it with its summary, its type's index and CSV, and not the other types'
    indexes, the boards that show no sector's summary (the matrix and the assessment page name
    the sectors only), the review page; a new name reaches those and the use cases' index."""
    from generator.render.affected import kept_files

    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    session = Session(data)
    last = session.build(Options()).site
    ports = data / "sectors" / "ports.yaml"
    ports.write_text(ports.read_text("utf-8").replace("summary: ", "summary: Saved. ", 1), "utf-8")
    records, _ = load_and_check(data)
    kept = kept_files(last.kb, last.files, link(records), "").files
    assert {"vendors/index.md", "use-cases/index.md", "boards/verdicts.md", "boards/matrix.md", "assess/index.md",
            "review.md", "downloads/vendors.csv"} <= kept.keys()
    assert not {"sectors/index.md", "downloads/sectors.csv"} & kept.keys()
    ports.write_text(ports.read_text("utf-8").replace("name: Ports", "name: Harbours", 1), "utf-8")
    records, _ = load_and_check(data)
    kept = kept_files(last.kb, last.files, link(records), "").files
    assert not {"assess/index.md", "boards/matrix.md", "use-cases/index.md", "review.md"} & kept.keys()


def test_an_entry_moved_to_another_type_recounts_the_home_page(tmp_path):
    """The same id under another type (a file moved to the right folder and its fields fixed)
    changes no id but two types' counts, which the home page shows."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    session = Session(data)
    session.build(Options())
    (data / "vendors" / "quiet-co.yaml").unlink()
    (data / "policies" / "quiet-co.yaml").write_text(
        "name: Quiet Co\nsummary: Sells clinic software.\nkind: regulation\nissuer: A regulator\n"
        "sectors: [clinics]\nsources: [field-report]\nreviewed: 2026-01-15\n", "utf-8")
    got = session.build(Options())
    expected, problems = clean(data, None)
    assert not problems and not got.problems
    assert [p for p, f in expected.files.items() if got.site.files.get(p) != f] == []

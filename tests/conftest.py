"""Shared test helpers: the fixture knowledge base, a data-folder builder, golden refresh,
setups started ahead in a thread."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
import yaml

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURE = TESTS / "fixture_kb"

AXES_YAML = """axes:
  - field: data_location
    title: Where the data stays
    values:
      in-market: {label: Stays in one market}
      cross-border: {label: Crosses borders}
      any: {label: Either way}
  - field: stack
    title: Whose system it runs on
    values:
      chinese: {label: Chinese vendor stack}
      non-chinese: {label: Other vendors' stack}
      mixed: {label: Mixed stack}
"""
"""The test knowledge bases' key-question axes (the fixture's kb.yaml declares the same)."""
KB_YAML = "title: T\nquestion: Q?\ndescription: D.\n" + AXES_YAML


def tree_paths(tree: dict) -> list[tuple[dict[str, str], str]]:
    """Every path through a decision tree as written in its YAML: (answers by node id in the
    order asked, outcome id)."""
    found: list[tuple[dict[str, str], str]] = []

    def follow(node_id: str, answers: dict[str, str]) -> None:
        for answer in tree["nodes"][node_id]["answers"]:
            taken = {**answers, node_id: answer["label"]}
            if "outcome" in answer:
                found.append((taken, answer["outcome"]))
            else:
                follow(answer["next"], taken)

    follow(tree["start"], {})
    return found


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files from current output")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create files (path → text) under root; return root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    """Run the test from an empty folder so messages show short `data/...` paths."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fixture_copy(in_tmp) -> Path:
    """A writable copy of the fixture knowledge base at ./data."""
    shutil.copytree(FIXTURE, in_tmp / "data")
    return in_tmp / "data"


def kb(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the `kb` command's entry point in this process, as the console script would run it
    (user errors become a message and exit 1), capturing its output (`env`: added variables).
    In-process: starting Python for each call cost more than most commands' own work."""
    from click.testing import CliRunner

    from generator.cli import run

    before = Path.cwd()
    os.chdir(cwd)
    try:
        with CliRunner().isolation(env=env) as (stdout, stderr, _):
            try:
                run(list(args))
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
            out, err = stdout.getvalue().decode("utf-8"), stderr.getvalue().decode("utf-8")
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["kb", *args], code, out, err)


def kb_script(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the installed `kb` console script in a process of its own: for the tests whose
    subject is the command itself (its exit codes, no traceback on a user's mistake)."""
    script = Path(sys.executable).with_name("kb")
    return subprocess.run([str(script), *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture knowledge base built once with `kb build` (strict MkDocs)."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = kb("build", "--data", str(FIXTURE), "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


ENGINES = ("mkdocs", "properdocs", "zensical")
"""`kb build --engine`'s choices: every engine's output is held to the same tests."""


def build_with(engine: str, data: Path, out: Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Path:
    """`kb build --engine ENGINE` of `data` into `out` (from `cwd`, whose mkdocs.yml it reads),
    which must succeed."""
    result = kb("build", "--engine", engine, "--data", str(data), "--site-dir", str(out), cwd=cwd, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def engine_site(fixture_site, tmp_path_factory) -> Callable[[str], Path]:
    """The fixture knowledge base built by one engine, once per engine per session (MkDocs'
    is `fixture_site`)."""
    built = {"mkdocs": fixture_site}

    def site(engine: str) -> Path:
        if engine not in built:
            built[engine] = build_with(engine, FIXTURE, tmp_path_factory.mktemp(f"built-{engine}") / "site")
        return built[engine]
    return site


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can react to failures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class YamlAsEditors(yaml.SafeLoader):
    """YAML as yaml-language-server reads it: dates stay strings (YAML 1.2 core schema)."""


YamlAsEditors.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, once per run."""
    from playwright.sync_api import sync_playwright

    from browser import FLAGS, chromium_path
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        yield instance
        instance.close()


THEMES = ("mkdocs", "zensical")
"""The engines whose pages differ for a reader's browser: ProperDocs builds MkDocs' files."""
on_every_theme = pytest.mark.parametrize("base_url", THEMES, indirect=True)
"""A browser test run on the site as MkDocs and as Zensical built it (`base_url` is MkDocs' otherwise)."""


@pytest.fixture(scope="module")
def base_url(request, engine_site):
    """The built fixture site, served on a free localhost port: MkDocs' build, or the engine
    a test names (`on_every_theme`)."""
    from browser import serve
    with serve(engine_site(getattr(request, "param", "mkdocs"))) as url:
        yield url


def unzip_offline(site: Path, target: Path) -> Path:
    """The site's offline zip unpacked into `target`; its folder."""
    import zipfile
    with zipfile.ZipFile(site / "downloads" / "fixture-map-offline.zip") as archive:
        archive.extractall(target)
    return target / "fixture-map"


@pytest.fixture
def page(browser, request):
    from browser import close_page, watched_page
    context, page = watched_page(browser)
    yield page
    close_page(context, page, request)


@pytest.fixture
def phone(browser, request):
    """A page at a phone's size, 390 × 844."""
    from browser import PHONE, close_page, watched_page
    context, page = watched_page(browser, viewport=PHONE)
    yield page
    close_page(context, page, request)


Setup = Callable[[pytest.TempPathFactory, dict[str, str]], Any]
AHEAD: dict[str, Setup] = {}
"""Setups that only run other programs (pip, venv, make), by the name of the module fixture
that waits for them: each starts in a thread before the first test, so its programs take the
machine's second core while the tests before its own run. `ahead` declares one."""
_STARTED = pytest.StashKey[dict[str, Future]]()
_PROGRAMS: set[subprocess.Popen] = set()
_PROGRAMS_LOCK = threading.Lock()
_STOPPED = threading.Event()


def ahead(setup: Setup) -> Any:
    """A module fixture named as `setup`, started ahead when the session's tests need it.
    `setup(tmp_path_factory, environ)` gets the environment as the session began, runs its
    programs through `program`, and may assert; a failure fails the tests that wait for it."""
    AHEAD[setup.__name__] = setup

    @pytest.fixture(scope="module", name=setup.__name__)
    def waiting(request, tmp_path_factory):
        started = request.config.stash.get(_STARTED, {}).get(setup.__name__)
        return started.result() if started else setup(tmp_path_factory, dict(os.environ))

    return waiting


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the modules that are all browser tests after the others, and the modules that wait
    for an `ahead` setup last: its programs then share the machine with plain Python tests,
    and Chromium, which wants a core of its own besides, gets the machine after them."""
    modules: dict[Any, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.getparent(pytest.Module) or item.parent, []).append(item)

    def rank(module: list[pytest.Item]) -> int:
        if any(name in AHEAD for item in module for name in getattr(item, "fixturenames", ())):
            return 2
        return 1 if all(item.get_closest_marker("browser") for item in module) else 0

    items[:] = [item for module in sorted(modules.values(), key=rank) for item in module]


@pytest.fixture(scope="session", autouse=True)
def _start_ahead(request, tmp_path_factory) -> Iterator[None]:
    """Start the `ahead` setups this session's tests need; end their programs if it stops first."""
    needed = sorted({name for item in request.session.items for name in getattr(item, "fixturenames", ())
                     if name in AHEAD})
    _STOPPED.clear()
    tmp_path_factory.getbasetemp()  # made once, here, before any thread asks for a folder in it
    request.config.stash[_STARTED] = {name: _in_thread(AHEAD[name], tmp_path_factory, dict(os.environ))
                                      for name in needed}
    yield
    with _PROGRAMS_LOCK:
        _STOPPED.set()
        for process in _PROGRAMS:  # only when the session ended before the tests that wait for them
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)


def _in_thread(setup: Setup, *args: Any) -> Future:
    future: Future = Future()

    def work() -> None:
        try:
            future.set_result(setup(*args))
        except BaseException as error:  # handed to the tests that wait for it
            future.set_exception(error)

    threading.Thread(target=work, name=setup.__name__, daemon=True).start()
    return future


def program(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a program to its end, its output captured, in a process group of its own, so that a
    session that stops before an `ahead` setup is done ends the programs it started."""
    with _PROGRAMS_LOCK:
        if _STOPPED.is_set():
            raise RuntimeError(f"the test session is over; {args[0]} was not started")
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, start_new_session=True)
        _PROGRAMS.add(process)
    try:
        out, err = process.communicate()
    finally:
        with _PROGRAMS_LOCK:
            _PROGRAMS.discard(process)
    return subprocess.CompletedProcess(args, process.returncode, out, err)

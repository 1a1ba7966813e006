"""The editions side by side (publish.site): the offline edition in a forked process, the PDF
in a thread; a failure on either side fails the build and stops the other."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.errors import KbError
from generator.publish.site import _forked, _threaded


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()), "utf-8")


def _user_mistake() -> None:
    raise KbError("a broken link")


def _crash() -> None:
    raise SystemExit(3)


def _linger(path: Path) -> None:
    time.sleep(30)
    path.write_text("finished", "utf-8")


def test_forked_work_runs_in_another_process_and_is_waited_for(tmp_path):
    out = tmp_path / "pid"
    with _forked(_write_pid, out) as wait:
        wait()
    assert out.read_text("utf-8") != str(os.getpid())


def test_a_user_mistake_in_the_fork_is_one_line_and_fails_the_build(capfd):
    with pytest.raises(KbError, match="offline edition could not be built"), _forked(_user_mistake) as wait:
        wait()
    assert "Error: a broken link" in capfd.readouterr().err


def test_a_crash_in_the_fork_fails_the_build():
    with pytest.raises(RuntimeError, match="exit code 3"), _forked(_crash) as wait:
        wait()


def test_a_failed_build_stops_the_fork(tmp_path):
    out = tmp_path / "late"
    started = time.perf_counter()
    with pytest.raises(ValueError), _forked(_linger, out):
        raise ValueError("MkDocs failed")
    assert time.perf_counter() - started < 10 and not out.exists()


def test_kb_jobs_1_runs_it_here(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_JOBS", "1")
    out = tmp_path / "pid"
    with _forked(_write_pid, out) as wait:
        wait()
    assert out.read_text("utf-8") == str(os.getpid())


def test_threaded_work_hands_its_error_to_the_waiting_thread():
    with pytest.raises(KbError, match="a broken link"), _threaded(_user_mistake) as wait:
        wait()

"""The PDF beside the site (publish.site): its thread is waited for, and what it raises fails
the build."""

from __future__ import annotations

import threading
import time

import pytest

from generator.errors import KbError
from generator.publish.site import _threaded


def _user_mistake() -> None:
    raise KbError("a broken link")


def test_threaded_work_runs_beside_the_block_and_is_waited_for():
    seen: list[int] = []
    with _threaded(lambda: seen.append(threading.get_ident())) as wait:
        wait()
    assert seen and seen[0] != threading.get_ident()


def test_threaded_work_hands_its_error_to_the_waiting_thread():
    with pytest.raises(KbError, match="a broken link"), _threaded(_user_mistake) as wait:
        wait()


def _slow(done: threading.Event) -> None:
    time.sleep(0.3)
    done.set()


def test_a_failed_site_build_still_waits_for_the_thread():
    done = threading.Event()
    with pytest.raises(ValueError), _threaded(_slow, done):
        raise ValueError("MkDocs failed")
    assert done.is_set()

"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright.

No browser is ever downloaded. A missing browser fails the tests (never skips them):
`make test` installs Debian's chromium when it can.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a closed network: without them Chromium keeps trying to reach Google's hosts.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def chromium_path() -> str:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium) "
                    "or run `make test`, which does")
    return CHROMIUM


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder on a free localhost port for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output clean
        pass


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


LOCAL = ("http://127.0.0.1", "file:", "data:", "blob:", "about:")


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
"""The two screens readers are tested at."""


def watched_page(browser, **options):
    """A new page that records console errors, script errors and any request off the machine
    in `page.problems`; returns (context, page)."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: page.problems.append(f"request off this machine: {r.url}")
            if not r.url.startswith(LOCAL) else None)
    return context, page


def close_page(context, page, request) -> None:
    """Close a page, keeping a screenshot when the test failed."""
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        save_screenshot(page, request.node.name)
    context.close()

"""kb-atlas, a knowledge base generator: checked YAML in; cross-linked pages, offline edition and PDF out.

`from generator import generate` works as before, but importing any module of the package
no longer imports the whole pipeline first: the names below load on first use (PEP 562).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["CheckFailed", "KbError", "Site", "generate", "load_and_check"]
_HOME = {"CheckFailed": "generator.errors", "KbError": "generator.errors", "Site": "generator.pipeline",
         "generate": "generator.pipeline", "load_and_check": "generator.pipeline"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'generator' has no attribute {name!r}")
    return getattr(import_module(_HOME[name]), name)

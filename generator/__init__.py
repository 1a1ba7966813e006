"""Compute Exposure Map: checked YAML in, cross-linked MkDocs pages out."""

from generator.errors import CheckFailed, KbError
from generator.pipeline import Site, generate, load_and_check

__all__ = ["CheckFailed", "KbError", "Site", "generate", "load_and_check"]

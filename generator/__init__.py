"""kb-atlas, a knowledge base generator: checked YAML in; cross-linked pages, offline edition and PDF out."""

from generator.errors import CheckFailed, KbError
from generator.pipeline import Site, generate, load_and_check

__all__ = ["CheckFailed", "KbError", "Site", "generate", "load_and_check"]

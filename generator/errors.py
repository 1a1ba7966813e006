"""One exception family for mistakes a user can fix; bugs keep their traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.problems import Problem


class KbError(Exception):
    """A mistake in the input or the command line, reported without a traceback."""


class CheckFailed(KbError):
    """The data has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = sum(p.severity == "error" for p in problems)
        super().__init__(f"{errors} error(s) in the data")

"""Problems found in the data, and how they are reported."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

SEVERITIES = ("error", "warning")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake at one place in one file."""

    file: str
    """Path of the file, as given on the command line (e.g. `data/sectors/x.yaml`)."""
    line: int
    """1-based line of the offending value (or key)."""
    col: int
    """1-based column."""
    severity: str
    """`error` or `warning`."""
    message: str
    """What was expected, what was found and, where possible, a suggestion."""

    def as_text(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command: shown on the pull request's diff at this line."""
        props = ",".join(f"{k}={_escape_property(str(v))}" for k, v in
                         (("file", self.file), ("line", self.line), ("col", self.col), ("title", "kb check")))
        return f"::{self.severity} {props}::{_escape_data(self.message)}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'x'?)` for the closest choice, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def quote_list(names: Iterable[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


FORMATS = ("text", "github")


def report(problems: list[Problem], format: str = "text") -> str:
    """Format problems sorted by file and line, then a one-line count."""
    lines = [p.as_github() if format == "github" else p.as_text() for p in sorted(problems)]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}")
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")

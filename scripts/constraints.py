"""Write generator/starter/constraints.txt: the generator's runtime dependencies at the versions
requirements.lock pins, so a new knowledge base installs what this checkout was tested with.

Run it after `make lock` has been installed into .venv (`.venv/bin/python scripts/constraints.py`);
tests/tools/test_init.py fails while the file is stale. The walk reads each installed package's own
metadata, starting from pyproject.toml's dependencies; what only an extra asks for is left out.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
OUT = ROOT / "generator" / "starter" / "constraints.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
HEADER = """\
# The generator's runtime dependencies at the versions it was tested with. `make setup`
# installs requirements.txt with these as constraints (pip -c), so a new release of one of
# them cannot change the build unnoticed. Update it together with the generator.
"""


def normalize(name: str) -> str:
    """A distribution name as indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_names(top: list[str]) -> set[str]:
    """Every distribution that `top` needs at run time, found through installed metadata."""
    seen: set[str] = set()
    todo = [Requirement(line) for line in top]
    while todo:
        needed = todo.pop()
        name = normalize(needed.name)
        if name in seen or (needed.marker and "extra" in str(needed.marker)):
            continue
        seen.add(name)
        try:
            todo += [Requirement(line) for line in metadata.requires(name) or []]
        except metadata.PackageNotFoundError:  # only for another platform; the lock cannot pin it either
            continue
    return seen


def render() -> str:
    """The constraints file's text: the lock's pin of every runtime dependency, sorted."""
    top = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    pins = {normalize(name): version for name, version in PIN.findall(LOCK.read_text("utf-8"))}
    wanted = sorted(runtime_names(top) & pins.keys())
    return HEADER + "".join(f"{name}=={pins[name]}\n" for name in wanted)


if __name__ == "__main__":
    OUT.write_text(render(), "utf-8")
    print(f"Wrote {OUT.relative_to(ROOT)}", file=sys.stderr)

"""ProperDocs as the engine: the maintained fork of MkDocs 1.x, running the same kb plugin.

Importing ProperDocs' `replacement` module turns every later `mkdocs.*` import into its
`properdocs.*` twin, process-wide and for good, and its plugin loader accepts only plugins
built on its own classes. MkDocs and ProperDocs cannot share a process, so ProperDocs runs
in one of its own (this module, as `python -m generator.publish.properdocs`): it redirects
the imports first, then runs the very `run_mkdocs` MkDocs runs. The knowledge base is loaded
again there by the plugin, from the data folder the build was given; what comes back is
the `Built` the steps after the engine need, as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from generator.errors import KbError
from generator.graph import KnowledgeBase


def run_properdocs(config_file: Path, kb: KnowledgeBase | None, out: Path, downloads: tuple[str, ...] = (), *,
                   data_dir: Path):
    """ProperDocs, strict, in a process of its own, over the data in `data_dir`."""
    from generator.publish.engine import Built
    del kb  # a knowledge base cannot cross into the other process; the plugin loads it there
    args = [sys.executable, "-m", "generator.publish.properdocs", str(config_file.resolve()),
            str(data_dir.resolve()), str(out.resolve()), ",".join(downloads)]
    done = subprocess.run(args, capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["ProperDocs stopped"])[-1].removeprefix("error: ")
        raise KbError(last)
    built = json.loads(done.stdout.strip().splitlines()[-1])
    return Built(built["site_url"], built["home"], frozenset(built["nav_files"]))


def main(config_file: str, data_dir: str, out: str, downloads: str) -> None:
    """The child's side: redirect `mkdocs.*` to ProperDocs, then build as MkDocs would."""
    import logging

    import properdocs.replacement  # noqa: F401  first: every mkdocs.* import from here on is ProperDocs'

    from generator.publish.engine import run_mkdocs

    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s", stream=sys.stderr)
    built = run_mkdocs(Path(config_file), None, Path(out), tuple(d for d in downloads.split(",") if d),
                       data_dir=Path(data_dir))
    print(json.dumps({"site_url": built.site_url, "home": built.home, "nav_files": sorted(built.nav_files)}))


if __name__ == "__main__":
    try:
        main(*sys.argv[1:5])
    except KbError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)

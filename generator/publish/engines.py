"""The engines that turn the generated site into HTML, by the name `kb build --engine` takes.

Each is a thin adapter with one signature (`site.Engine`): MkDocs in this process through the
kb plugin; ProperDocs (the maintained MkDocs 1.x fork) through the same plugin in a process
of its own; Zensical (Material's successor) over the rendered `Site` handed over as files.
Whatever the engine, the PDF, the offline edition and the link check run on its output.
"""

from __future__ import annotations

import importlib.util
from functools import partial
from pathlib import Path

from generator.errors import KbError
from generator.publish.engine import Engine, run_mkdocs
from generator.publish.properdocs import run_properdocs
from generator.publish.zensical import Render, run_zensical

ENGINES = {"mkdocs": "MkDocs", "properdocs": "ProperDocs", "zensical": "Zensical"}
"""`--engine` value → the engine's name, as messages say it."""
PACKAGES = {"properdocs": "properdocs==1.6.7", "zensical": "zensical==0.0.73"}
"""The engines that are not the generator's own dependencies, and the version it is tested with."""
MAINTAINED = ("kb: MkDocs 1.x and Material for MkDocs are no longer developed (Material's end of life: 2027-05-05); "
              "--engine properdocs keeps this site on a maintained path (README: Engines).")
"""What `kb build` on MkDocs says, in place of Material's own notice."""


def engine(name: str, data_dir: Path, render: Render) -> Engine:
    """The engine `name`, or one clear error saying how to install it."""
    if name in PACKAGES and importlib.util.find_spec(name) is None:
        raise KbError(f"--engine {name} needs the {name} package: pip install '{PACKAGES[name]}'")
    if name == "properdocs":
        return partial(run_properdocs, data_dir=data_dir)
    if name == "zensical":
        return partial(run_zensical, render=render)
    return run_mkdocs

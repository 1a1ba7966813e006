"""The `kb` command: check the data, build the site, export the generated pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from generator.errors import CheckFailed, KbError
from generator.output import replace_dir, write_pages
from generator.pipeline import generate, load_and_check
from generator.problems import report

DATA = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"),
                    show_default=True, help="Folder holding kb.yaml and one folder per entity type.")


def say(message: str) -> None:
    """Progress goes to stderr so stdout stays clean for piping."""
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="compute-exposure-map")
def main() -> None:
    """Build a static-site knowledge base from checked YAML."""


@main.command()
@DATA
def check(data_dir: Path) -> None:
    """Report every problem in the data as FILE:LINE:COL; exit 1 on any error."""
    records, problems = load_and_check(data_dir)
    click.echo(report(problems))
    if any(p.severity == "error" for p in problems):
        sys.exit(1)
    say(f"Checked {len(records)} files in {data_dir}.")


@main.command()
@DATA
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Where the built site goes. Replaced only when the build succeeds.")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("mkdocs.yml"), show_default=True, help="MkDocs configuration file.")
def build(data_dir: Path, site_dir: Path, config_file: Path) -> None:
    """Check the data, then build the site with MkDocs (strict)."""
    site = _generate_or_exit(data_dir)
    say(f"Checked {len(site.kb.entities)} entities; {len(site.pages)} pages to build.")
    if not config_file.is_file():
        raise click.UsageError(f"no MkDocs configuration at {config_file}; run from the repository root or pass --config")
    env = {**os.environ, "KB_DATA": str(data_dir.resolve()), "NO_MKDOCS_2_WARNING": "1"}

    def run_mkdocs(tmp: Path) -> None:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                   "--config-file", str(config_file), "--site-dir", str(tmp)]
        if subprocess.run(command, env=env).returncode != 0:
            raise KbError("mkdocs build failed (messages above); the previous site was left untouched")

    say("Building the site with MkDocs...")
    replace_dir(site_dir, run_mkdocs)
    say(f"Site written to {site_dir}/")


@main.command()
@DATA
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Folder to write the generated Markdown into (replaced as a whole).")
def export(data_dir: Path, out: Path) -> None:
    """Check the data and write the generated Markdown pages to a folder."""
    site = _generate_or_exit(data_dir)
    replace_dir(out, lambda tmp: write_pages(site.pages, tmp))
    say(f"Wrote {len(site.pages)} pages to {out}/")


def _generate_or_exit(data_dir: Path):
    try:
        return generate(data_dir)
    except CheckFailed as failed:
        click.echo(report(failed.problems))
        say("Nothing was written.")
        sys.exit(1)


def run() -> None:
    """Entry point that turns user errors into a message and exit code 1, never a traceback."""
    try:
        main(standalone_mode=True)
    except KbError as error:
        say(f"error: {error}")
        sys.exit(1)


if __name__ == "__main__":
    run()

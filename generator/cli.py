"""The `kb` command: check the data, build the site, export the generated pages."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from generator.check.editor import check_schemas
from generator.domain import read_folder, schemas_dir, write_schemas
from generator.errors import CheckFailed, KbError
from generator.pipeline import docs_pages, generate, knowledge_base, load_and_check, render_site
from generator.problems import FORMATS, report
from generator.publish.engines import ENGINES, MAINTAINED, engine
from generator.publish.output import replace_dir, write_files
from generator.publish.pdf import PROGRESS_STEPS, data_revision, write_pdf
from generator.publish.site import build_offline, build_site, kb_url, site_config
from generator.render.data import file_stem
from generator.render.reference import render_reference
from generator.render.templating import environment, html_environment
from generator.tools.assess import as_json, load_workloads
from generator.tools.diff import changed_files, diff
from generator.tools.init import DIST, first_commit, init, requirement
from generator.tools.scaffold import entity_type, new_entry
from generator.tools.synth import synthesize

DATA = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"),
                    show_default=True, help="Folder holding kb.yaml and one folder per entity type.")


def say(message: str) -> None:
    """Progress goes to stderr so stdout stays clean for piping."""
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=DIST)
def main() -> None:
    """Build a static-site knowledge base from checked YAML."""


CONFIG = click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
                      default=Path("mkdocs.yml"), show_default=True,
                      help="MkDocs configuration file (its hand-written pages are checked for clashes too).")
TODAY = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Judge review dates as of this day (YYYY-MM-DD) instead of the real date.")


@main.command()
@DATA
@click.option("--format", "format_", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people; github for annotations on a pull request's diff.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (overdue reviews, orphan entries).")
@click.option("--changed-since", metavar="REVISION", default=None,
              help="Warn only about files changed since this git revision (a pull request's base); "
                   "errors are reported wherever they are.")
@TODAY
@CONFIG
def check(data_dir: Path, format_: str, strict: bool, changed_since: str | None, today, config_file: Path) -> None:
    """Report every problem in the data as FILE:LINE:COL; exit 1 on any error.

    With --format github, each problem is also a row of a table in the job's summary
    ($GITHUB_STEP_SUMMARY), which has no cap where annotations stop at ten per step."""
    records, problems = load_and_check(data_dir, today.date() if today else None, docs_pages(config_file))
    problems += check_schemas(data_dir, records)  # the copies editors read, once kb.yaml's domain is active
    if changed_since:
        touched = changed_files(changed_since, data_dir)
        problems = [p for p in problems if p.severity == "error" or Path(p.file).resolve() in touched]
    click.echo(report(problems, format_))
    if format_ == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(environment().get_template("summary.md.j2").render(
                problems=sorted(problems), count=report(problems).splitlines()[-1], page_path=""))
    failing = {"error", "warning"} if strict else {"error"}
    if any(p.severity in failing for p in problems):
        sys.exit(1)
    say(f"Checked {len(records)} files in {data_dir}.")


@main.command()
@DATA
@click.option("--site-dir", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Where the built site goes. Replaced only when the whole build succeeds.")
@CONFIG
@click.option("--pdf/--no-pdf", default=None,
              help="Also build downloads/<name>.pdf.  [default: the kb plugin's `pdf` in mkdocs.yml, true]")
@click.option("--zip/--no-zip", "offline_zip", default=None,
              help="Also build the offline edition as downloads/<name>-offline.zip.  "
                   "[default: the kb plugin's `offline`, true]")
@click.option("--offline", is_flag=True, help="Build only the offline edition, as a folder, into --site-dir.")
@click.option("--engine", "engine_name", type=click.Choice(list(ENGINES)), default="mkdocs", show_default=True,
              help="What turns the pages into HTML: MkDocs, ProperDocs (its maintained fork) or Zensical "
                   "(Material's successor); see the README's Engines.")
def build(data_dir: Path, site_dir: Path, config_file: Path, pdf: bool | None, offline_zip: bool | None,
          offline: bool, engine_name: str) -> None:
    """Check the data, then build the site (strict), its PDF and its offline zip."""
    _, plugin = site_config(config_file)
    run_engine = engine(engine_name, data_dir, render_site)
    if engine_name == "mkdocs":
        say(MAINTAINED)
    pdf = plugin.config.pdf if pdf is None else pdf
    offline_zip = plugin.config.offline if offline_zip is None else offline_zip
    # Loaded once: the site, the offline edition and the PDF all use it.
    kb = _or_exit(lambda d: knowledge_base(d, docs_pages(config_file), history=True), data_dir)
    say(f"Checked {len(kb.entities)} entities.")
    if offline:
        def fill(tmp: Path) -> None:
            build_offline(config_file, kb, tmp, run_engine)

        replace_dir(site_dir, fill)
        say(f"Offline edition written to {site_dir}/ (open index.html)")
        return
    build_site(kb, data_dir, site_dir, config_file, pdf=pdf, offline_zip=offline_zip, say=say, engine=run_engine,
               engine_name=ENGINES[engine_name])
    say(f"Site written to {site_dir}/")


@main.command("pdf")
@DATA
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="PDF file to write [default: site/downloads/<name>.pdf].")
def pdf_command(data_dir: Path, output: Path | None) -> None:
    """Check the data and write the whole knowledge base as one PDF."""
    kb = _or_exit(lambda d: knowledge_base(d, history=True), data_dir)
    target = output or Path("site") / "downloads" / f"{file_stem(kb)}.pdf"
    with click.progressbar(length=PROGRESS_STEPS, label="PDF", file=sys.stderr, show_pos=True) as bar:
        def progress(message: str) -> None:
            bar.label = message
            bar.update(1)
        tmp = target.with_name(f".{target.name}.tmp")
        pages = write_pdf(kb, tmp, data_revision(data_dir), progress)
    tmp.replace(target)  # only a finished PDF replaces the old one
    say(f"Wrote {pages} pages to {target}")


@main.command()
@DATA
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="Folder to write the generated Markdown into (replaced as a whole).")
def export(data_dir: Path, out: Path) -> None:
    """Check the data and write the generated Markdown pages to a folder."""
    site = _or_exit(lambda d: generate(d, history=True), data_dir)  # the pages as the site has them
    replace_dir(out, lambda tmp: write_files(site.files.values(), tmp))
    say(f"Wrote {len(site.pages)} pages and {len(site.files) - len(site.pages)} other files to {out}/")


@main.command()
@click.argument("type_")
@click.argument("name")
@DATA
def new(type_: str, name: str, data_dir: Path) -> None:
    """Start a new entry: kb new vendor "Acme Cloud" writes data/vendors/acme-cloud.yaml."""
    kind = entity_type(type_)
    path = new_entry(data_dir, kind, name, dt.date.today())
    click.echo(path)
    say(f"Fill in the fields marked required in {path}, then run: kb check --data {data_dir}")


@main.command()
@click.argument("type_", required=False)
@DATA
def fields(type_: str | None, data_dir: Path) -> None:
    """Show the fields of one type, of kb.yaml (`kb fields kb`) or of all, read from the
    schemas and kb.yaml."""
    kinds = (["kb"] if type_ == "kb" else [entity_type(type_)]) if type_ else None
    click.echo(render_reference(read_folder(data_dir), kinds), nl=False)


@main.command("diff")
@click.argument("revision")
@DATA
def diff_command(revision: str, data_dir: Path) -> None:
    """What the data gained, lost and changed since a git revision (Markdown for a PR)."""
    change = diff(revision, data_dir)
    text = environment().get_template("diff.md.j2").render(revision=revision, change=change, page_path="",
                                                           domain=read_folder(data_dir))
    click.echo(text, nl=False)


@main.command()
@click.argument("workloads", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@DATA
@click.option("--format", "format_", type=click.Choice(["md", "json", "html"]), default="md", show_default=True)
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write the report to [default: standard output].")
@click.option("--site-url", default=None, help="Where the site is published, for links [default: mkdocs.yml's].")
@CONFIG
def assess(workloads: Path, data_dir: Path, format_: str, output: Path | None, site_url: str | None,
           config_file: Path) -> None:
    """Walk your own workloads through the decision trees: each one's outcome, verdict,
    reasoning, signals to watch and reading. The file stays on your machine."""
    kb = _or_exit(knowledge_base, data_dir)
    reports, problems = load_workloads(workloads, kb)
    if problems:
        click.echo(report(problems), err=not any(p.severity == "error" for p in problems))
    if any(p.severity == "error" for p in problems):
        sys.exit(1)
    if site_url is None:
        site_url = kb_url(config_file) if config_file.is_file() else ""
        if urlsplit(site_url).hostname in ("127.0.0.1", "localhost"):
            say(f"Links point at the local preview ({site_url}), the site_url {config_file.name} gives without "
                "KB_SITE_URL; pass --site-url (or set KB_SITE_URL) for the published site's address.")
    data = as_json(kb, reports, site_url)
    if format_ == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif format_ == "html":
        text = html_environment().get_template("assess.html.j2").render(report=data)
    else:
        text = environment().get_template("assess.md.j2").render(report=data, page_path="")
    if output:
        output.write_text(text, "utf-8")
        say(f"Wrote the assessment of {len(reports)} workload(s) to {output}")
    else:
        click.echo(text, nl=False)


@main.command("init")
@click.argument("target", type=click.Path(path_type=Path, file_okay=False))
@click.option("--title", default="Knowledge Base", show_default=True, help="The site's and the PDF's title.")
def init_command(target: Path, title: str) -> None:
    """Start a new knowledge-base repository in TARGET: mkdocs.yml, data/ with one example
    entry per type, a README, a Makefile and GitHub workflows. It checks and builds at once."""
    pin = requirement()
    written = init(target, title, dt.date.today(), pin)
    if pin.note:
        say(f"Warning: {pin.note}")
    say(f"Wrote {len(written)} files to {target}/. {first_commit(target)}")
    say(f"Next, its two commands:\n  cd {target}\n  make site   # .venv with the generator, then check and"
        " build site/\n  make test   # what CI runs: the check, then a strict build with every link checked")
    say("Before the first push, on GitHub: Settings → Pages → Source: GitHub Actions. Then:\n"
        "  git remote add origin URL\n  git push --set-upstream origin main")


@main.command()
@DATA
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder to write them into.  [default: .schemas in the data folder]")
def schemas(data_dir: Path, out: Path | None) -> None:
    """Write the schemas as this knowledge base sees them (the generator's plus kb.yaml's
    axes and values) into the data folder's .schemas/, where each data file's $schema line
    points, for editors that check YAML as you type. Commit them: kb check fails when stale."""
    written = write_schemas(read_folder(data_dir), out or schemas_dir(data_dir))
    say(f"Wrote {len(written)} schemas to {written[0].parent}/")


@main.command()
@click.option("--entities", type=click.IntRange(min=10), required=True, help="How many entries to write.")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to create (must not exist yet).")
@click.option("--seed", type=int, default=1, show_default=True, help="Same seed, same files.")
def synth(entities: int, out: Path, seed: int) -> None:
    """Write a synthetic knowledge base of N entries (for benchmarks and trying things out)."""
    if out.exists():
        raise KbError(f"{out} already exists; choose a new folder")
    counts = synthesize(out, entities, seed)
    say(f"Wrote {sum(counts.values())} entries to {out}/: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


def _or_exit(step, data_dir: Path):
    """Run a pipeline step; on data errors print them all and exit 1 without writing."""
    try:
        return step(data_dir)
    except CheckFailed as failed:
        click.echo(report(failed.problems))
        say("Nothing was written.")
        sys.exit(1)


def run(args: list[str] | None = None) -> None:
    """Entry point that turns user errors into a message and exit code 1, never a traceback;
    `args` default to the command line's."""
    try:
        main(args=args, standalone_mode=True)
    except KbError as error:
        say(f"error: {error}")
        sys.exit(1)


if __name__ == "__main__":
    run()

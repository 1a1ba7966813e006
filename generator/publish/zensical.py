"""Zensical as the engine: the same generated site, handed over as files.

Zensical (Material's successor, pre-1.0) reads mkdocs.yml but runs no MkDocs plugin, and
its module API is not public yet. So, in a staging folder: the site's hand-written pages
with the rendered `Site` beside them, the theme overrides (the generator's, then the site's
own, which win), and a configuration written from the site's mkdocs.yml with what the kb
plugin would have set (the site's name and description from kb.yaml, the feed's folder).
Zensical builds that; its pages then go through the same steps as MkDocs' (PDF, offline
edition, link check). What it cannot take from a plugin, the pages carry: each one's
YAML file as `kb_edit_url` in its front matter, which the Zensical-only `actions.html`
(zensical_overrides/) prefers to the page's own Markdown file.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from markupsafe import escape
from mkdocs.utils.yaml import yaml_load

from generator.errors import KbError
from generator.graph import KnowledgeBase
from generator.publish.engine import Built, site_config
from generator.publish.output import write_files
from generator.render.site import TAGS_PLUGINS, SiteFile, mount_prefix

OVERRIDES = Path(__file__).parent.parent / "site_overrides"
ZENSICAL_OVERRIDES = Path(__file__).parent.parent / "zensical_overrides"
Render = Callable[..., Any]
"""`pipeline.render_site`: handed in, as the pipeline comes after the publishing steps."""


def run_zensical(config_file: Path, kb: KnowledgeBase, out: Path, downloads: tuple[str, ...] = (), *,
                 render: Render) -> Built:
    """Zensical, strict, in this process, over the knowledge base already loaded."""
    config, plugin = site_config(config_file)  # MkDocs' own validation of the site's configuration
    raw = _raw_config(config_file)
    root = mount_prefix(plugin.config.prefix)
    tags = any(name in config.plugins for name in TAGS_PLUGINS)  # as the plugin decides it on MkDocs
    with tempfile.TemporaryDirectory(prefix="kb-zensical-") as scratch:
        stage = Path(scratch)
        shutil.copytree(config.docs_dir, stage / "docs")
        taken = {p.relative_to(stage / "docs").as_posix(): f"{Path(config.docs_dir).name}/"
                 f"{p.relative_to(stage / 'docs').as_posix()}" for p in (stage / "docs").rglob("*") if p.is_file()}
        site = render(kb, downloads, config.site_url or "", config.use_directory_urls, taken, root, tags,
                      source_links=True)
        editing = _edit_base(config)
        write_files(_with_edit_urls(site.files.values(), editing, Path(config.docs_dir)), stage / "docs")
        _theme(stage / "overrides", config_file.parent, raw)
        (stage / "mkdocs.yml").write_text(yaml.safe_dump(_zensical_config(raw, kb, root), allow_unicode=True),
                                          "utf-8")
        _build(stage / "mkdocs.yml")
        for built in (stage / "site").iterdir():
            shutil.move(built, out / built.name)
    return Built(config.site_url or "", root, frozenset())


def _raw_config(config_file: Path) -> dict[str, Any]:
    """The site's mkdocs.yml as written, with `!ENV` resolved as MkDocs resolves it."""
    with config_file.open(encoding="utf-8") as source:
        return yaml_load(source) or {}


def _zensical_config(raw: dict[str, Any], kb: KnowledgeBase, root: str) -> dict[str, Any]:
    """The staging configuration: the site's, in the staging folders, with the plugin's part
    done (Zensical drops plugins it does not know, and would drop kb silently)."""
    config = {k: v for k, v in raw.items() if k not in ("docs_dir", "site_dir", "plugins")}
    plugins = [p for p in raw.get("plugins") or [] if p != "kb" and not (isinstance(p, dict) and "kb" in p)]
    config |= {"docs_dir": "docs", "site_dir": "site", "strict": True, "plugins": plugins,
               "theme": {**(raw.get("theme") or {}), "custom_dir": "overrides"},
               "extra": {**(raw.get("extra") or {}), "kb_root": root, "kb_problems": []}}
    if not root:  # a site the knowledge base owns is named by its kb.yaml, as the plugin does.
        # Escaped here, as the plugin does: Zensical's templates print these raw, as MkDocs' do.
        if kb.info.title.strip():
            config["site_name"] = str(escape(kb.info.title.strip()))
        if kb.info.description.strip():
            config["site_description"] = str(escape(" ".join(kb.info.description.split())))
    if not config.get("repo_url"):
        config.pop("edit_uri", None)
    return config


def _theme(target: Path, site_root: Path, raw: dict[str, Any]) -> None:
    """One overrides folder: the generator's, its Zensical-only parts, then the site's own."""
    shutil.copytree(OVERRIDES, target)
    shutil.copytree(ZENSICAL_OVERRIDES, target, dirs_exist_ok=True)
    custom = (raw.get("theme") or {}).get("custom_dir")
    if custom:
        shutil.copytree(site_root / custom, target, dirs_exist_ok=True)


def _edit_base(config) -> str | None:
    """Where edit links start (repo_url + edit_uri, which names docs/), as MkDocs joins them."""
    if not config.repo_url or not config.edit_uri:
        return None
    return urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.rstrip("/") + "/")


def _with_edit_urls(files: Iterable[SiteFile], base: str | None, docs: Path) -> Iterator[SiteFile]:
    """Each generated page with its YAML file's edit address in its front matter, joined as
    MkDocs joins the plugin's (the file relative to docs/, which edit_uri names)."""
    repo = docs.resolve().parent
    for file in files:
        source = Path(file.source).resolve() if file.source else None
        if not (base and file.is_page and source and source.is_relative_to(repo)):
            yield file
            continue
        url = urljoin(base, os.path.relpath(source, docs.resolve()).replace(os.sep, "/"))
        line = "kb_edit_url: " + yaml.safe_dump(url, default_style='"').strip() + "\n"
        text = file.text[:4] + line + file.text[4:] if file.text.startswith("---\n") else f"---\n{line}---\n{file.text}"
        yield replace(file, text=text)


def _build(config_file: Path) -> None:
    """Run Zensical; its messages go to stderr, as every step's progress does."""
    try:
        import zensical
    except ImportError:
        raise KbError("--engine zensical needs the zensical package: pip install 'zensical==0.0.73'") from None
    with _stdout_to_stderr():
        try:
            zensical.build(str(config_file), {"clean": True, "strict": True})
        except Exception as error:  # Zensical's own errors carry no type of ours
            raise KbError(f"zensical build failed: {error} The previous site was left untouched.") from None


@contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Zensical writes to file descriptor 1 from Rust: point it at stderr while it runs."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)

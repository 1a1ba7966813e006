"""MkDocs hook: hand the generated pages to MkDocs as virtual files. Nothing touches docs/.

The data folder is $KB_DATA when set (`kb build --data DIR` sets it), else `data/` next
to mkdocs.yml. `watch: [data]` in mkdocs.yml makes `mkdocs serve` rebuild on YAML edits.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from generator import CheckFailed, generate
from generator.pipeline import other_files
from generator.problems import report


def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).parent
    data = Path(os.environ.get("KB_DATA") or root / "data")
    try:
        # What kb build adds after MkDocs (pdf, zip); plain `mkdocs build/serve` adds neither.
        site = generate(data, tuple(filter(None, os.environ.get("KB_DOWNLOADS", "").split(","))),
                        config.use_directory_urls)
    except CheckFailed as failed:
        raise Abort(f"The knowledge base has errors; fix them and build again:\n{report(failed.problems)}")
    for page in site.pages:
        level = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, page.path, content=page.text, inclusion=level)
        file.edit_uri = _edit_uri(page.source, root, config.docs_dir)
        files.append(file)
    for other in other_files(site, config.site_url or "", config.use_directory_urls):
        files.append(File.generated(config, other.path, content=other.content))
    return files


def _edit_uri(source: str | None, root: Path, docs_dir: str) -> str | None:
    """The YAML file behind a page, relative to docs/ (edit links are built from docs/)."""
    if source is None:
        return None
    path = Path(source).resolve()
    if not path.is_relative_to(root.resolve()):
        return None  # data outside the repository has nowhere to edit
    return os.path.relpath(path, docs_dir).replace(os.sep, "/")

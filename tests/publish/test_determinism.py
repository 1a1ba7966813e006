"""The same data gives byte-identical pages and identical PDF text, whatever the hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from conftest import FIXTURE, ROOT
from generator.pipeline import generate
from generator.publish.pdf import write_pdf


def export(runs: dict[Path, str]) -> list[dict[str, bytes]]:
    """`kb export` into each folder in a process of its own with the given hash seed, the
    processes side by side; the files each wrote."""
    started = [subprocess.Popen([sys.executable, "-m", "generator.cli", "export", "--data", str(ROOT / "data"),
                                 "--out", str(out)], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE) for out, seed in runs.items()]
    for process in started:
        _, err = process.communicate()
        assert process.returncode == 0, err.decode()
    return [{p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
            for out in runs]


def test_generated_markdown_is_byte_identical_across_runs_and_hash_seeds(tmp_path: Path):
    first, second = export({tmp_path / "a": "1", tmp_path / "b": "4242"})
    assert first.keys() == second.keys() and len(first) > 40
    assert first == second


def test_pdf_text_is_identical_across_builds(tmp_path: Path):
    kb = generate(FIXTURE).kb
    texts = []
    for name in ("one.pdf", "two.pdf"):
        write_pdf(kb, tmp_path / name, revision="abc1234")
        texts.append([page.extract_text() for page in PdfReader(tmp_path / name).pages])
    assert texts[0] == texts[1]


def test_file_order_on_disk_does_not_matter(tmp_path: Path):
    """Copy the files in reverse order: directory listing order changes, output must not."""
    import shutil
    target = tmp_path / "data"
    for path in sorted(FIXTURE.rglob("*"), reverse=True):
        if path.is_file():
            dest = target / path.relative_to(FIXTURE)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    original = [(p.path, p.text.replace("fixture_kb", "data")) for p in generate(FIXTURE).pages]
    copied = [(p.path, p.text) for p in generate(target).pages]
    assert [path for path, _ in original] == [path for path, _ in copied]

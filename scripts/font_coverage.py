"""Write generator/templates/typst/coverage.json: the PDF's font families, in the order the
book sets text in them, each with the characters it has (as ranges). The book's template
takes its font list from this file and `kb check` its coverage, so the check refuses at its
line any text the PDF could not print.

Read from the font files of the packages pyproject.toml pins exactly. A family's characters
are those all its faces (upright, italic) have. `make lock` runs this after the fonts
change; a test fails while the file is stale.
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "generator" / "templates" / "typst" / "coverage.json"
PACKAGES = ("fontpkg-noto-serif", "manimgx-fonts", "manimgx-fonts-cjk")
FIRST = ("Noto Serif", "Noto Sans")
"""The text's faces, before the scripts they lack; the emoji come last."""
CJK = "Noto Sans CJK SC"
"""The one family of the CJK collection the book names (the collection holds one per region)."""
LAST = ("Noto Sans Symbols", CJK, "Noto Emoji")


def faces() -> list[TTFont]:
    found = []
    for package in PACKAGES:
        for file in sorted(metadata.files(package) or [], key=str):
            path = Path(str(file.locate()))
            if path.name.endswith(".ttc"):
                found += TTCollection(str(path), lazy=True).fonts
            elif path.suffix in (".ttf", ".otf"):
                found.append(TTFont(str(path), lazy=True))
    return found


def family(font: TTFont) -> str:
    names = font["name"]
    return str(names.getDebugName(16) or names.getDebugName(1))


def ranges(points: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for p in sorted(points):
        if out and out[-1][1] == p - 1:
            out[-1][1] = p
        else:
            out.append([p, p])
    return out


def coverage() -> dict:
    families: dict[str, set[int]] = {}
    for font in faces():
        name = family(font)
        if name.startswith("Noto Sans CJK") and name != CJK:
            continue
        points = set(font.getBestCmap() or {})
        families[name] = families[name] & points if name in families else points
    middle = sorted(set(families) - {*FIRST, *LAST})
    order = [name for name in (*FIRST, *middle, *LAST) if name in families]
    return {"about": "The PDF's font families in the order it uses them, with their characters; "
                     "written by scripts/font_coverage.py.",
            "packages": {p: metadata.version(p) for p in PACKAGES},
            "families": [[name, ranges(families[name])] for name in order]}


def text() -> str:
    return json.dumps(coverage(), separators=(",", ":")) + "\n"


if __name__ == "__main__":
    OUT.write_text(text(), "utf-8")
    print(f"Wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)", file=sys.stderr)

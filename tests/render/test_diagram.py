"""The tree overview reads cleanly: every answer's label clear of every box, every other
label and every line, for every shipped tree and the fixture's."""

from __future__ import annotations

from itertools import pairwise

import pytest

from conftest import FIXTURE, ROOT
from generator.pipeline import knowledge_base
from generator.render.diagram import LABEL_CHAR, LABEL_LINE, _crosses, _overlap, layout

KBS = (knowledge_base(ROOT / "data"), knowledge_base(FIXTURE))
TREES = [(kb, tree) for kb in KBS for tree in kb.of_type("decision")]


def _label_area(arrow) -> tuple[float, float, float, float]:
    width = max(len(line) for line in arrow.label) * LABEL_CHAR
    left = arrow.label_x - width if arrow.label_anchor == "end" else arrow.label_x
    top = arrow.label_y - LABEL_LINE + 3
    return left, top, left + width, top + len(arrow.label) * LABEL_LINE


@pytest.mark.parametrize(("kb", "tree"), TREES, ids=[t.id for _, t in TREES])
def test_every_label_is_clear_of_boxes_labels_and_lines(kb, tree):
    d = layout(kb.domain, tree)
    labels = [_label_area(a) for a in d.arrows if a.label]
    boxes = [(b.x, b.y, b.x + b.w, b.y + b.h) for b in d.boxes]
    lines = [segment for a in d.arrows for segment in pairwise(a.points)]
    found = [f"label {i} over a box" for i, area in enumerate(labels) if any(_overlap(area, b) for b in boxes)]
    found += [f"labels {i} and {j} overlap" for i, a in enumerate(labels) for j, b in enumerate(labels)
              if i < j and _overlap(a, b)]
    found += [f"a line runs through label {i}" for i, area in enumerate(labels)
              if any(_crosses(area, segment) for segment in lines)]
    assert found == []
    assert all(area[0] >= 0 and area[2] <= d.width for area in labels)  # inside the drawing

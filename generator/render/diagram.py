"""The static overview of a decision tree: layered layout by grandalf, drawn by a template.

grandalf implements Sugiyama layered drawing (layers, crossing reduction, routing of
long edges through dummy points) in pure Python, so the build needs no system binary.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from itertools import pairwise

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout

from generator.check.fields import verdict
from generator.domain import Domain
from generator.model import Decision, Outcome

BOX_WIDTH = 200
CHARS_PER_LINE = 28
LABEL_CHARS = 24
LINE_HEIGHT = 16
PADDING = 10
MARGIN = 16
LABEL_LINE = 14
"""Line height of an answer's label (11 px text): its lines never touch."""
LABEL_CHAR = 6.2
"""A generous average advance of an 11 px character, to keep labels clear of each other."""


@dataclass(frozen=True)
class Box:
    """A question or an outcome, placed; x and y are its top-left corner."""

    id: str
    anchor: str
    kind: str
    """`question` or `outcome`."""
    tone: str | None
    """An outcome's verdict tone (`good`, `caution`, `bad`): the box's border says it in shape too."""
    lines: tuple[str, ...]
    title: str
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Arrow:
    """An answer, drawn from one box to the next, with its label."""

    points: tuple[tuple[float, float], ...]
    label: tuple[str, ...]
    label_x: float
    label_y: float
    label_anchor: str
    """`start` or `end`: labels sit on the outer side of their edge, so siblings do not collide."""


@dataclass(frozen=True)
class Diagram:
    id: str
    title: str
    desc: str
    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    label_line: float = LABEL_LINE
    """The distance between the lines of an answer's label."""


class _View:
    """What grandalf needs to know of a vertex (size) and gives back (position)."""

    def __init__(self, w: float, h: float):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


class _EdgeView:
    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []

    def setpath(self, points) -> None:
        self.points = [tuple(p) for p in points]


def number_steps(decision: Decision) -> dict[str, int]:
    """Questions numbered 1, 2, … in reading order (outcomes are not numbered)."""
    questions = [i for i in decision.reading_order() if not isinstance(decision.step(i), Outcome)]
    return {id_: n for n, id_ in enumerate(questions, 1)}


def layout(domain: Domain, decision: Decision, prefix: str = "") -> Diagram:
    """Place every node and outcome in layers from the start, and route the answers.

    `prefix` goes before each box's anchor (the print edition holds several trees)."""
    numbers = number_steps(decision)
    order = decision.reading_order()
    vertices = {id_: Vertex(id_) for id_ in order}
    texts = {id_: _box_text(domain, decision, id_, numbers) for id_ in order}
    for id_, vertex in vertices.items():
        vertex.view = _View(BOX_WIDTH, _height(texts[id_][0]))
    edges, labels = [], []
    for id_ in order:
        for answer in getattr(decision.step(id_), "answers", ()):
            edge = Edge(vertices[id_], vertices[answer.target])
            edge.view = _EdgeView()
            edges.append(edge)
            labels.append(tuple(textwrap.wrap(answer.label, LABEL_CHARS)))
    graph = Graph(list(vertices.values()), edges)
    sugiyama = SugiyamaLayout(graph.C[0])
    sugiyama.xspace, sugiyama.yspace = 40, 90
    sugiyama.init_all(roots=[vertices[decision.start]])
    sugiyama.draw(3)
    return _place(domain, decision, vertices, texts, edges, labels, prefix)


def _box_text(domain: Domain, decision: Decision, id_: str, numbers: dict[str, int]) -> tuple[tuple[str, ...], str]:
    step = decision.step(id_)
    if isinstance(step, Outcome):
        shown = verdict(domain, step.verdict).label.upper()
        text = f"{shown}: {step.title}"
        lines = [f"{shown}:", *textwrap.wrap(step.title, CHARS_PER_LINE)]  # verdict in words, not colour alone
    else:
        text = f"Q{numbers[id_]}. {step.question}"
        lines = textwrap.wrap(text, CHARS_PER_LINE)
    return tuple(lines), text


Area = tuple[float, float, float, float]
"""left, top, right, bottom."""


Segment = tuple[tuple[float, float], tuple[float, float]]
OFFSETS = (6, 16, 30, 48)
"""How far from its edge a label may sit, nearest first."""
ALONG = (0.5, 0.65, 0.35, 0.8, 0.2, 0.9, 0.1)
"""Where along a segment a label may sit, middle first."""


def _label_place(points: tuple[tuple[float, float], ...], lines: tuple[str, ...], taken: list[Area],
                 segments: list[Segment]) -> tuple[float, float, str, Area]:
    """Where an answer's label goes: beside its edge (either side, or above or below a
    shallow one), at the first spot along it, nearest the edge first, that overlaps no box,
    no label placed before it and no line (greedy, in order); failing that, the spot with
    the fewest overlaps. Returns the text's start, its baseline, its anchor and its area."""
    width = max((len(line) for line in lines), default=0) * LABEL_CHAR
    height = len(lines) * LABEL_LINE
    areas: list[Area] = []
    for offset in OFFSETS:
        for (x0, y0), (x1, y1) in pairwise(points):
            for t in ALONG:
                x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                sides = ((x + offset, y - height / 2), (x - offset - width, y - height / 2),
                         (x - width / 2, y - offset - height), (x - width / 2, y + offset))
                if x1 < x0:  # an edge going left: its label first on its outer, left side
                    sides = (sides[1], sides[0], *sides[2:])
                areas += [(left, top, left + width, top + height) for left, top in sides]

    def clashes(area: Area) -> int:
        return (area[0] < 0 or area[1] < 0) * 99 + sum(_overlap(area, other) for other in taken) + sum(
            _crosses(area, segment) for segment in segments)

    best = next((a for a in areas if not clashes(a)), None) or min(areas, key=clashes)
    return best[0], best[1] + LABEL_LINE - 3, "start", best


def _overlap(a: Area, b: Area) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(area: Area, segment: Segment) -> bool:
    """Whether a line segment passes through a label's box (Liang-Barsky clipping, with a
    pixel of room so a label may not touch a line either)."""
    (x0, y0), (x1, y1) = segment
    left, top, right, bottom = area[0] - 1, area[1] - 1, area[2] + 1, area[3] + 1
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low > high:
            return False
    return True


def _height(lines: tuple[str, ...]) -> float:
    return len(lines) * LINE_HEIGHT + 2 * PADDING


def _route(edge: Edge, left: float, top: float) -> tuple[tuple[float, float], ...]:
    """An answer's line, from the bottom of its question to the top of where it leads."""
    source, target = edge.v[0].view, edge.v[1].view
    start = (source.xy[0] - left, source.xy[1] + source.h / 2 - top)
    end = (target.xy[0] - left, target.xy[1] - target.h / 2 - top)
    return (start, *((x - left, y - top) for x, y in edge.view.points[1:-1]), end)


def _place(domain, decision, vertices, texts, edges, labels, prefix) -> Diagram:
    """Shift grandalf's centred coordinates so the drawing starts at the margin."""
    left = min(v.view.xy[0] - v.view.w / 2 for v in vertices.values()) - MARGIN
    top = min(v.view.xy[1] - v.view.h / 2 for v in vertices.values()) - MARGIN
    boxes = []
    for id_, v in vertices.items():
        step = decision.step(id_)
        tone = verdict(domain, step.verdict).tone if isinstance(step, Outcome) else None
        x, y = v.view.xy[0] - v.view.w / 2 - left, v.view.xy[1] - v.view.h / 2 - top
        boxes.append(Box(id_, prefix + decision.anchor(id_), "outcome" if tone else "question", tone,
                         texts[id_][0], texts[id_][1], x, y, v.view.w, v.view.h))
    arrows = []
    taken = [(b.x, b.y, b.x + b.w, b.y + b.h) for b in boxes]  # labels keep clear of boxes and each other
    routes = [_route(edge, left, top) for edge in edges]
    segments = [segment for points in routes for segment in pairwise(points)]  # ... and of every line
    for points, label in zip(routes, labels, strict=True):
        lx, ly, anchor_side, area = _label_place(points, label, taken, segments)
        taken.append(area)
        arrows.append(Arrow(tuple((round(x, 1), round(y, 1)) for x, y in points), label,
                            round(lx, 1), round(ly, 1), anchor_side))
    width = max(right for _, _, right, _ in taken) + MARGIN
    height = max(bottom for _, _, _, bottom in taken) + MARGIN
    questions = sum(b.kind == "question" for b in boxes)
    desc = (f"Flowchart of {questions} questions and {len(boxes) - questions} outcomes, starting at Q1. "
            "The same questions and answers follow below as linked sections.")
    return Diagram(prefix + decision.id, decision.name, desc, round(width, 1), round(height, 1),
                   tuple(boxes), tuple(arrows))

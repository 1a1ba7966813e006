"""Decision trees: shape checks on the raw record, before anything is linked.

A tree is a graph: nodes and outcomes may be shared by several answers. The checks
make sure every node is reachable from `start`, every path ends in an outcome, and no
path loops.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from generator.check.fields import Choice, scale
from generator.check.schema import field_name
from generator.domain import Domain
from generator.load import Record
from generator.problems import Problem, did_you_mean


def _check_signal_answers(node_id: str, node: object, statuses: tuple[Choice, ...], add: Callable[..., None]) -> None:
    """A question answered by a signal has one answer for each of the signal's statuses, so
    today's answer is always known; `when` means nothing on other questions."""
    if not isinstance(node, dict):
        return
    answers = [a for a in _answers(node) if isinstance(a, dict)]
    if not node.get("signal"):
        for i, answer in enumerate(answers):
            if "when" in answer:
                add(("nodes", node_id, "answers", i, "when"),
                    "'when' needs a 'signal' on the question, the signal whose status it names", key=True)
        return
    for status in (c.value for c in statuses):
        standing = [i for i, a in enumerate(answers) if status in (a.get("when") or ())]
        if len(standing) != 1:
            found = "no answer" if not standing else f"answers {', '.join(str(i + 1) for i in standing)}"
            add(("nodes", node_id, "signal"), f"status '{status}' of signal '{node['signal']}' must be named in "
                                             f"the 'when' of exactly one answer; found {found}")


def check_tree(record: Record, domain: Domain) -> list[Problem]:
    """Every shape problem of one decision record; parts the schema already rejects are skipped."""
    data, marks, problems = record.data, record.marks, []
    nodes = _mapping(data.get("nodes"))
    outcomes = _mapping(data.get("outcomes"))
    start = data.get("start") if isinstance(data.get("start"), str) else None

    def add(path: tuple, message: str, key: bool = False) -> None:
        line, col = marks.key(path) if key else marks.value(path)
        problems.append(Problem(record.file, line, col, "error", message))

    shared = sorted(set(nodes) & set(outcomes))
    for id_ in shared:
        add(("outcomes", id_), f"'{id_}' names both a node and an outcome; rename one", key=True)
    if start is not None and start not in nodes:
        add(("start",), f"'start': unknown node '{start}'{did_you_mean(start, nodes)}")
    for node_id, node in nodes.items():
        _check_signal_answers(node_id, node, scale(domain, "status"), add)
    edges: Edges = {}
    broken = bool(shared) or start not in nodes  # then the graph itself is not what was meant
    for node_id, node in nodes.items():
        edges[node_id] = []
        for i, answer in enumerate(_answers(node)):
            target = _answer_target(answer, nodes, outcomes, ("nodes", node_id, "answers", i), add)
            if target:
                edges[node_id].append((target, i))
            else:
                broken = True
    if broken or start is None:
        return problems  # reachability and loops would only repeat the mistakes above
    for cycle, path in _cycles(start, edges):
        add(path, "cycle: " + " → ".join(cycle) + "; a tree must always move on towards an outcome")
    reachable = _reachable(start, edges)
    for section, kind, table in (("nodes", "node", nodes), ("outcomes", "outcome", outcomes)):
        for id_ in table:
            if id_ not in reachable:
                add((section, id_), f"{kind} '{id_}' cannot be reached from start '{start}'", key=True)
    finishing = _reaching_outcomes(edges, set(outcomes))
    for node_id in nodes:
        if node_id in reachable and node_id not in finishing:
            add(("nodes", node_id), f"no path from node '{node_id}' reaches an outcome", key=True)
    return problems


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _answers(node: Any) -> list[dict[str, Any]]:
    answers = node.get("answers") if isinstance(node, dict) else None
    return [a if isinstance(a, dict) else {} for a in answers] if isinstance(answers, list) else []


def _answer_target(answer: dict[str, Any], nodes, outcomes, path: tuple, add) -> str | None:
    """The id an answer leads to, or None after reporting why it leads nowhere.

    Answers with both or neither of `next`/`outcome`, or a non-text target, are the
    schema's to report; they simply add no edge here."""
    if ("next" in answer) == ("outcome" in answer):
        return None
    key, table, other, kind = (("next", nodes, outcomes, "node") if "next" in answer
                               else ("outcome", outcomes, nodes, "outcome"))
    target = answer[key]
    if not isinstance(target, str):
        return None
    if target in table:
        return target
    if target in other:
        swap = "outcome" if key == "next" else "next"
        hint = f" ('{target}' is {'an outcome' if key == 'next' else 'a node'}: write '{swap}: {target}')"
    else:
        hint = did_you_mean(target, table)
    add((*path, key), f"'{field_name((*path, key))}': unknown {kind} '{target}'{hint}")
    return None


Edges = dict[str, list[tuple[str, int]]]


def _reachable(start: str, edges: Edges) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for target, _ in edges.get(queue.popleft(), ()):
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _reaching_outcomes(edges: Edges, outcomes: set[str]) -> set[str]:
    """Nodes from which some path ends in an outcome (walk the edges backwards)."""
    back: dict[str, list[str]] = {}
    for source, targets in edges.items():
        for target, _ in targets:
            back.setdefault(target, []).append(source)
    done, queue = set(outcomes), deque(outcomes)
    while queue:
        for source in back.get(queue.popleft(), ()):
            if source not in done:
                done.add(source)
                queue.append(source)
    return done


def _cycles(start: str, edges: Edges) -> Iterator[tuple[list[str], tuple]]:
    """Each loop once, as the ids around it and the answer that closes it (iterative DFS)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in [start, *edges]:
        if root not in edges or root in state:
            continue
        trail, stack = [root], [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            if i == len(edges[node]):
                stack.pop()
                trail.pop()
                state[node] = 2
                continue
            stack[-1] = (node, i + 1)
            target, answer = edges[node][i]
            if state.get(target) == 1:
                loop = [*trail[trail.index(target):], target]
                yield loop, ("nodes", node, "answers", answer, "next")
            elif target in edges and target not in state:
                state[target] = 1
                trail.append(target)
                stack.append((target, 0))

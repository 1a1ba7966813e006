"""`kb synth`: a synthetic knowledge base of any size, valid and deterministic for a seed.

Used by the benchmark. Each type makes up its `synth_share` of the entries (registry.py).
Text lengths, link counts and tags follow the shipped knowledge base; a type without a
writer of its own here is filled from its schema. References only point at entries that
exist, so `kb check` reports no errors.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.domain import Domain
from generator.domain import schema as schema_of
from generator.registry import BY_NAME, TYPES

WORDS = tuple("""compute data cluster vendor stack market region province cloud pricing port crane yard
factory inspection grid monitoring policy plan pilot signal capacity workload operator platform governance
security review access utility network surplus demand energy logistics""".split())
AXES = [{"field": "place", "title": "Where the work happens", "values": {
            "local": {"label": "Locally"}, "remote": {"label": "Remotely"}}},
        {"field": "platform", "title": "Whose platform", "values": {
            "own": {"label": "Our own"}, "partner": {"label": "A partner's"}, "mixed": {"label": "Both"}}}]
"""The synthetic knowledge base's key question, declared in its kb.yaml as any other's."""
TAGS_PER_ENTRY = 25
"""One tag per 25 entries, as in taxonomies that grow with their knowledge base."""


class _Writer:
    def __init__(self, out: Path, rng: random.Random, tags: list[str], domain: Domain):
        self.out, self.rng, self.tags, self.domain = out, rng, tags, domain
        self.ids: dict[str, list[str]] = {t.name: [] for t in TYPES}
        self.written: Counter[str] = Counter()

    def sentence(self, low: int = 8, high: int = 20) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return (" ".join(words)).capitalize() + "."

    def paragraphs(self, count: int) -> str:
        return "\n\n".join(" ".join(self.sentence() for _ in range(self.rng.randint(2, 5))) for _ in range(count))

    def pick(self, kind: str, low: int, high: int) -> list[str]:
        pool = self.ids[kind] if kind != "*" else [i for ids in self.ids.values() for i in ids]
        return sorted(self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))) if pool else []

    def common(self, id_: str) -> dict:
        return {"name": f"{id_.replace('-', ' ').capitalize()}", "summary": self.sentence(),
                "body": self.paragraphs(self.rng.randint(1, 3)), "tags": sorted(self.rng.sample(self.tags, 2)),
                "sources": self.pick("reading", 1, 2), "reviewed": "2026-11-01"}

    def write(self, kind: str, id_: str, data: dict) -> None:
        path = self.out / BY_NAME[kind].folder / f"{id_}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), "utf-8")
        self.written[kind] += 1


def synthesize(out: Path, entities: int, seed: int = 1) -> dict[str, int]:
    """Write `entities` entries (plus kb.yaml) under `out`, each type by its `synth_share`;
    return how many of each type were written."""
    rng = random.Random(seed)
    meta = {"title": "Synthetic Map", "question": "Where does the work happen, and on whose platform?",
            "description": f"{entities} synthetic entries generated with seed {seed}.", "axes": AXES}
    w = _Writer(out, rng, [f"topic-{i}" for i in range(max(10, entities // TAGS_PER_ENTRY))], Domain.from_kb(meta))
    for t in TYPES:
        if t.synth_share:
            w.ids[t.name] = [f"{t.name}-{i:05d}" for i in range(max(1, round(entities * t.synth_share)))]
    out.mkdir(parents=True, exist_ok=True)
    (out / "kb.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), "utf-8")
    for kind in [*WRITERS, *(t.name for t in TYPES if t.name not in WRITERS)]:  # the shaped ones in their old order
        for id_ in w.ids[kind]:
            w.write(kind, id_, WRITERS.get(kind, _from_schema)(w, kind, id_))
    return {t.name: w.written[t.name] for t in TYPES if w.written[t.name]}


def _reading(w: _Writer, kind: str, id_: str) -> dict:
    return {**w.common(id_), "sources": [id_], "publisher": "Synthetic Press",
            "about": w.pick("sector", 1, 2) + w.pick("use-case", 0, 2)}


def _sector(w: _Writer, kind: str, id_: str) -> dict:
    return {**w.common(id_), "exposure": w.rng.choice(["high", "medium", "low"]), "exposure_why": w.sentence(),
            "stack": [w.sentence(3, 6)]}


def _vendor(w: _Writer, kind: str, id_: str) -> dict:
    return {**w.common(id_), "kind": w.rng.choice(["cloud", "automation-platform", "other"]),
            "home_market": "Elsewhere", "sectors": w.pick("sector", 1, 3)}


def _policy(w: _Writer, kind: str, id_: str) -> dict:
    return {**w.common(id_), "kind": w.rng.choice(["plan", "regulation", "pilot"]), "issuer": "A ministry",
            "sectors": w.pick("sector", 1, 3)}


def _signal(w: _Writer, kind: str, id_: str) -> dict:
    return {**w.common(id_), "status": w.rng.choice(["watching", "emerging", "triggered"]),
            "fires_when": w.sentence(), "if_fires": w.sentence(),
            "observations": [{"date": "2026-10-01", "note": w.sentence(), "source": w.ids["reading"][0]}],
            "affects": [{"use_case": u, "shift": w.sentence()} for u in w.pick("use-case", 1, 3)]}


def _use_case(w: _Writer, kind: str, id_: str) -> dict:
    verdict = w.rng.choice(["safe", "risky", "conditional"])
    return {**w.common(id_), "sources": w.pick("reading", 1, 2), "verdict": verdict,
            "why": w.sentence(), **{a["field"]: w.rng.choice(list(a["values"])) for a in AXES},
            "sectors": w.pick("sector", 1, 2), "vendors": w.pick("vendor", 1, 2),
            "signals": w.pick("signal", 1, 2), "policies": w.pick("policy", 0, 2)}


def _from_schema(w: _Writer, kind: str, id_: str) -> dict:
    """An entry of a type with no writer of its own: every required field, and every field
    that names other entries (so it links like the others), filled as its schema asks."""
    schema = schema_of(w.domain, kind)
    required = set(schema.get("required", ()))
    data = w.common(id_)
    for name, sub in schema.get("properties", {}).items():
        if name in required or "x-kb-ref" in json.dumps(sub):
            data[name] = _value(w, _resolve(w.domain, sub))
    return data


def _resolve(domain: Domain, sub: dict[str, Any]) -> dict[str, Any]:
    """Merge a reference to a definition of common.json into its siblings (the siblings win)."""
    ref = sub.get("$ref", "")
    if "#/$defs/" not in ref:
        return sub
    target = _resolve(domain, schema_of(domain, "common")["$defs"][ref.rsplit("/", 1)[1]])
    merged = {**target, **{k: v for k, v in sub.items() if k != "$ref"}}
    if "items" in target and "items" in sub:
        merged["items"] = {**target["items"], **sub["items"]}
    return merged


def _value(w: _Writer, sub: dict[str, Any]) -> Any:
    """A value `sub` (resolved) accepts."""
    if "enum" in sub:
        return w.rng.choice(sub["enum"])
    if "x-kb-ref" in sub:
        return next(iter(w.pick(w.rng.choice(sub["x-kb-ref"]), 1, 1)), None)
    kind = sub.get("type")
    if kind == "array":
        items = _resolve(w.domain, sub.get("items", {}))
        if "x-kb-ref" in items:
            return w.pick(w.rng.choice(items["x-kb-ref"]), 1, 2)
        return [_value(w, items) for _ in range(max(1, sub.get("minItems", 1)))]
    if kind == "object":
        needed = set(sub.get("required", ()))
        return {k: _value(w, _resolve(w.domain, v)) for k, v in sub.get("properties", {}).items() if k in needed}
    if kind == "integer":
        return w.rng.randint(int(sub.get("minimum", 0)), int(sub.get("maximum", 100)))
    if kind == "number":
        return round(w.rng.uniform(sub.get("minimum", 0), sub.get("maximum", 100)), 2)
    if kind == "boolean":
        return w.rng.random() < 0.5
    if sub.get("format") == "date":
        return "2026-10-01"
    if sub.get("pattern", "").startswith("^https?://"):
        return "https://example.org/synthetic"
    return w.sentence(2, 6)[: sub.get("maxLength", 2000)]


def _tree(w: _Writer, kind: str, id_: str) -> dict:
    """A small DAG: three questions, the last two sharing an outcome."""
    def outcome(verdict):
        return {"verdict": verdict, "title": w.sentence(2, 4), "reasoning": w.sentence(),
                                   "use_cases": w.pick("use-case", 1, 3), "signals": w.pick("signal", 1, 2)}
    return {**w.common(id_), "question": w.sentence(6, 10).rstrip(".") + "?", "start": "first",
            "nodes": {"first": {"question": w.sentence(5, 9), "answers": [
                          {"label": "One market", "next": "second"}, {"label": "Across borders", "next": "third"}]},
                      "second": {"question": w.sentence(5, 9), "answers": [
                          {"label": "Our own platform", "outcome": "safe"}, {"label": "Other", "outcome": "mixed"}]},
                      "third": {"question": w.sentence(5, 9), "answers": [
                          {"label": "Through a partner", "outcome": "risky"},
                          {"label": "Elsewhere", "outcome": "mixed"}]}},
            "outcomes": {"safe": outcome("safe"), "mixed": outcome("conditional"), "risky": outcome("risky")}}


WRITERS: dict[str, Callable[[_Writer, str, str], dict]] = {
    "reading": _reading, "sector": _sector, "vendor": _vendor, "policy": _policy, "signal": _signal,
    "use-case": _use_case, "decision": _tree}
"""The types written in the shipped knowledge base's shape; any other is filled from its schema."""

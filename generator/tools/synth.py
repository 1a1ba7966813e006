"""`kb synth`: a synthetic knowledge base of any size, valid and deterministic for a seed.

Used by the benchmark. Text lengths, link counts and tags follow the shipped knowledge
base; references only point at entries that exist, so `kb check` reports no errors.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

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
    def __init__(self, out: Path, rng: random.Random, tags: list[str]):
        self.out, self.rng, self.tags = out, rng, tags
        self.ids: dict[str, list[str]] = {t.name: [] for t in TYPES}

    def sentence(self, low: int = 8, high: int = 20) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(low, high))
        return (" ".join(words)).capitalize() + "."

    def paragraphs(self, count: int) -> str:
        return "\n\n".join(" ".join(self.sentence() for _ in range(self.rng.randint(2, 5))) for _ in range(count))

    def pick(self, kind: str, low: int, high: int) -> list[str]:
        pool = self.ids[kind]
        return sorted(self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))) if pool else []

    def common(self, id_: str) -> dict:
        return {"name": f"{id_.replace('-', ' ').capitalize()}", "summary": self.sentence(),
                "body": self.paragraphs(self.rng.randint(1, 3)), "tags": sorted(self.rng.sample(self.tags, 2)),
                "sources": self.pick("reading", 1, 2), "reviewed": "2026-11-01"}

    def write(self, kind: str, id_: str, data: dict) -> None:
        path = self.out / BY_NAME[kind].folder / f"{id_}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), "utf-8")


def synthesize(out: Path, entities: int, seed: int = 1) -> dict[str, int]:
    """Write `entities` entries (plus kb.yaml) under `out`; return how many of each type."""
    rng = random.Random(seed)
    w = _Writer(out, rng, [f"topic-{i}" for i in range(max(10, entities // TAGS_PER_ENTRY))])
    counts = {t.name: max(2, round(entities * t.synth_share)) for t in TYPES if t.synth_share}
    counts["decision"] = max(1, entities // 500)
    for kind in ("reading", "sector", "vendor", "policy", "signal", "use-case", "decision"):
        w.ids[kind] = [f"{kind}-{i:05d}" for i in range(counts[kind])]
    out.mkdir(parents=True, exist_ok=True)
    (out / "kb.yaml").write_text(yaml.safe_dump({
        "title": "Synthetic Map", "question": "Where does the work happen, and on whose platform?",
        "description": f"{entities} synthetic entries generated with seed {seed}.", "axes": AXES}, sort_keys=False),
        "utf-8")
    for id_ in w.ids["reading"]:
        w.write("reading", id_, {**w.common(id_), "sources": [id_], "publisher": "Synthetic Press",
                                 "about": w.pick("sector", 1, 2) + w.pick("use-case", 0, 2)})
    for id_ in w.ids["sector"]:
        w.write("sector", id_, {**w.common(id_), "exposure": rng.choice(["high", "medium", "low"]),
                                "exposure_why": w.sentence(), "stack": [w.sentence(3, 6)]})
    for id_ in w.ids["vendor"]:
        w.write("vendor", id_, {**w.common(id_), "kind": rng.choice(["cloud", "automation-platform", "other"]),
                                "home_market": "Elsewhere", "sectors": w.pick("sector", 1, 3)})
    for id_ in w.ids["policy"]:
        w.write("policy", id_, {**w.common(id_), "kind": rng.choice(["plan", "regulation", "pilot"]),
                                "issuer": "A ministry", "sectors": w.pick("sector", 1, 3)})
    for id_ in w.ids["signal"]:
        w.write("signal", id_, {**w.common(id_), "status": rng.choice(["watching", "emerging", "triggered"]),
                                "fires_when": w.sentence(), "if_fires": w.sentence(),
                                "observations": [{"date": "2026-10-01", "note": w.sentence(),
                                                  "source": w.ids["reading"][0]}],
                                "affects": [{"use_case": u, "shift": w.sentence()} for u in w.pick("use-case", 1, 3)]})
    for id_ in w.ids["use-case"]:
        verdict = rng.choice(["safe", "risky", "conditional"])
        w.write("use-case", id_, {**w.common(id_), "sources": w.pick("reading", 1, 2), "verdict": verdict,
                                  "why": w.sentence(), **{a["field"]: rng.choice(list(a["values"])) for a in AXES},
                                  "sectors": w.pick("sector", 1, 2), "vendors": w.pick("vendor", 1, 2),
                                  "signals": w.pick("signal", 1, 2), "policies": w.pick("policy", 0, 2)})
    for id_ in w.ids["decision"]:
        w.write("decision", id_, _tree(w, id_))
    return counts


def _tree(w: _Writer, id_: str) -> dict:
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

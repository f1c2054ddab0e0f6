"""Score predictions against gold, exactly as gold-format.md §5 says.

Entities: strict (same type, same offsets) and partial (same type, overlapping, each span
used once); attributes over strict pairs. Facts: overlapping offsets, same kind and value
(and value_max/total where gold gives them); attributes over matched pairs. Article
fields: accuracy where gold gives them, null counting as a value. Duplicate predictions are
counted once.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any


from pipeline.evaluate.goldfile import GoldLine
from pipeline.models import EntitySpan, FactSpan
from pipeline.names import body_key, plain

ENTITY_TYPES = ("ORG", "DOC", "PER", "LOC")
ENTITY_ATTRIBUTES = {"kind": "ORG", "doc_kind": "DOC", "canonical": "DOC", "role": "PER"}
FACT_ATTRIBUTES = ("qualifier", "unit", "metric", "subject", "year")
ARTICLE_FIELDS = ("province", "title", "published", "author", "source")


def same_string(a: Any, b: Any) -> bool:
    """Equal after NFC, new-style tone marks, lower case and collapsed spaces (null == null)."""
    if a is None or b is None:
        return a is None and b is None
    return _key(str(a)) == _key(str(b))


def _key(text: str) -> str:
    return plain(text)


def same_subject(gold: str | None, pred: str | None) -> bool:
    """Subjects match when, read as organisations, one contains the other."""
    if gold is None or pred is None:
        return gold is None and pred is None
    g, p = body_key(gold), body_key(pred)
    return bool(g and p) and (g in p or p in g)


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def value(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None


@dataclass
class Miss:
    """A false positive or false negative, for people to read."""

    doc_id: str
    what: str          # "FP" or "FN"
    layer: str         # "entity" or "fact"
    label: str
    start: int
    end: int
    text: str


@dataclass
class Scores:
    """Everything the evaluator counts; `as_json` is the §5 machine-readable form."""

    strict: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    partial: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    entity_attributes: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    facts: PRF = field(default_factory=PRF)
    fact_attributes: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    documents: dict[str, Accuracy] = field(default_factory=lambda: defaultdict(Accuracy))
    per_article: dict[str, dict[str, PRF]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    articles: int = 0
    layers: tuple[str, ...] = ("entities", "attributes", "facts", "documents")

    def micro(self, table: dict[str, PRF]) -> PRF:
        total = PRF()
        for prf in table.values():
            total.add(prf)
        return total

    def as_json(self) -> dict[str, Any]:
        types = sorted(set(self.strict) | set(self.partial))
        return {
            "entities": {
                "strict": self.micro(self.strict).as_dict(),
                "partial": self.micro(self.partial).as_dict(),
                "by_type": {t: {"strict": self.strict[t].as_dict(), "partial": self.partial[t].as_dict()} for t in types},
            },
            "entity_attributes": {k: v.value() for k, v in sorted(self.entity_attributes.items())},
            "facts": {**self.facts.as_dict(),
                      "attributes": {k: v.value() for k, v in sorted(self.fact_attributes.items())}},
            "documents": {k: v.value() for k, v in sorted(self.documents.items())},
            "articles": self.articles,
            "per_article": {d: {k: v.as_dict() for k, v in t.items()} for d, t in sorted(self.per_article.items())},
        }


def _dedupe_entities(items: list[EntitySpan]) -> list[EntitySpan]:
    seen, out = set(), []
    for e in items:
        key = (e.type, e.start, e.end)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _dedupe_facts(items: list[FactSpan]) -> list[FactSpan]:
    seen, out = set(), []
    for f in items:
        key = (f.start, f.end, f.kind, f.value, f.value_max, f.total)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _overlap(a: Any, b: Any) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _pair_greedy(gold: list, pred: list, fits) -> list[tuple[int, int]]:
    """One-to-one pairs, largest overlap first (each span used once)."""
    candidates = sorted(
        ((_overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
         if _overlap(g, p) > 0 and fits(g, p)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _score_entities(scores: Scores, doc_id: str, gold: list[EntitySpan], pred: list[EntitySpan],
                    attributes: bool) -> dict[str, PRF]:
    article = defaultdict(PRF)
    pred = _dedupe_entities(pred)
    by_offsets = {(p.type, p.start, p.end): p for p in pred}
    matched_pred = set()
    for g in gold:
        p = by_offsets.get((g.type, g.start, g.end))
        if p is None:
            scores.strict[g.type].fn += 1
            article["entities"].fn += 1
            scores.misses.append(Miss(doc_id, "FN", "entity", g.type, g.start, g.end, g.text))
            continue
        matched_pred.add((p.type, p.start, p.end))
        scores.strict[g.type].tp += 1
        article["entities"].tp += 1
        for name, etype in ENTITY_ATTRIBUTES.items():
            if attributes and g.type == etype and name in g.model_fields_set:
                scores.entity_attributes[name].add(same_string(getattr(g, name), getattr(p, name)))
    for p in pred:
        if (p.type, p.start, p.end) not in matched_pred:
            scores.strict[p.type].fp += 1
            article["entities"].fp += 1
            scores.misses.append(Miss(doc_id, "FP", "entity", p.type, p.start, p.end, p.text))
    pairs = _pair_greedy(gold, pred, lambda g, p: g.type == p.type)
    paired_g = Counter(gold[gi].type for gi, _ in pairs)
    for etype in set(e.type for e in gold) | set(e.type for e in pred):
        tp = paired_g[etype]
        scores.partial[etype].add(PRF(tp, sum(p.type == etype for p in pred) - tp, sum(g.type == etype for g in gold) - tp))
    for etype in ENTITY_TYPES:  # every type appears in the table, even with no spans
        scores.strict[etype]
        scores.partial[etype]
    return article


def _fact_fits(g: FactSpan, p: FactSpan) -> bool:
    if g.kind != p.kind or not _same_number(g.value, p.value):
        return False
    if "value_max" in g.model_fields_set and not _same_number(g.value_max, p.value_max):
        return False
    return not ("total" in g.model_fields_set and not _same_number(g.total, p.total))


def _score_facts(scores: Scores, doc_id: str, gold: list[FactSpan], pred: list[FactSpan]) -> PRF:
    pred = _dedupe_facts(pred)
    pairs = _pair_greedy(gold, pred, _fact_fits)
    result = PRF(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
    scores.facts.add(result)
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        for name in FACT_ATTRIBUTES:
            if name in g.model_fields_set:
                if name == "subject":
                    ok = same_subject(g.subject, p.subject)
                elif name == "qualifier":
                    ok = (g.qualifier or "exact") == (p.qualifier or "exact")
                else:
                    ok = same_string(getattr(g, name), getattr(p, name))
                scores.fact_attributes[name].add(ok)
    paired_g, paired_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, g in enumerate(gold):
        if gi not in paired_g:
            scores.misses.append(Miss(doc_id, "FN", "fact", f"{g.kind} {g.value:g}", g.start, g.end, g.text))
    for pi, p in enumerate(pred):
        if pi not in paired_p:
            scores.misses.append(Miss(doc_id, "FP", "fact", f"{p.kind} {p.value:g}", p.start, p.end, p.text))
    return result


def score(gold: list[GoldLine], predictions: list[GoldLine],
          layers: tuple[str, ...] = ("entities", "attributes", "facts", "documents")) -> Scores:
    """Score the predictions of the gold articles that were also predicted.

    `layers` limits what is scored: a generic NER baseline has spans but no attributes,
    facts or article fields, and must not be credited or blamed for them.
    """
    predicted = {p.doc_id: p for p in predictions}
    scores = Scores(layers=layers)
    for g in gold:
        p = predicted.get(g.doc_id)
        if p is None:
            continue
        scores.articles += 1
        table: dict[str, PRF] = {}
        if "entities" in layers:
            table.update(_score_entities(scores, g.doc_id, g.entities, p.entities, "attributes" in layers))
        if "facts" in layers:
            table["facts"] = _score_facts(scores, g.doc_id, g.facts, p.facts)
        if "documents" in layers:
            for name in ARTICLE_FIELDS:
                if name in g.model_fields_set:
                    scores.documents[name].add(same_string(getattr(g, name), getattr(p, name)))
        scores.per_article[g.doc_id] = table
    return scores

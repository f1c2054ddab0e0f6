"""Show scores to people: a compact table, the §5 JSON, and an HTML page per run.

The HTML page renders every article with gold and predicted spans side by side (spaCy's
displaCy) and lists every false positive and false negative with its sentence.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from pipeline.evaluate.goldfile import GoldLine
from pipeline.evaluate.score import ENTITY_TYPES, Scores
from pipeline.models import SourceDoc
from pipeline.sentences import sentence

COLOURS = {"ORG": "#f7c873", "DOC": "#9fd3f5", "PER": "#c4b5fd", "LOC": "#a7e3b0", "FACT": "#f9a8a8"}


def _f(value: float | None) -> str:
    return "  –  " if value is None else f"{value:5.3f}"


def table(rows: dict[str, Scores]) -> str:
    """The compact text table: one block per scored system (vnie, underthesea)."""
    out = []
    for name, scores in rows.items():
        data = scores.as_json()
        ents = data["entities"]
        out.append(f"{name}  ({data['articles']} articles)")
        out.append(f"  {'entities':<12}{'strict P':>9}{'R':>7}{'F1':>7}   {'partial P':>9}{'R':>7}{'F1':>7}")
        for label, strict, partial in [("all", ents["strict"], ents["partial"])] + [
            (t, ents["by_type"][t]["strict"], ents["by_type"][t]["partial"]) for t in ENTITY_TYPES if t in ents["by_type"]
        ]:
            out.append(f"  {label:<12}{_f(strict['precision']):>9}{_f(strict['recall']):>7}{_f(strict['f1']):>7}   "
                       f"{_f(partial['precision']):>9}{_f(partial['recall']):>7}{_f(partial['f1']):>7}"
                       f"   (gold {strict['tp'] + strict['fn']}, predicted {strict['tp'] + strict['fp']})")
        if data["entity_attributes"]:
            out.append("  entity attributes: " + ", ".join(f"{k} {_f(v)}" for k, v in data["entity_attributes"].items()))
        facts = data["facts"]
        if "facts" not in scores.layers:
            out.append("")
            continue
        out.append(f"  {'facts':<12}{_f(facts['precision']):>9}{_f(facts['recall']):>7}{_f(facts['f1']):>7}"
                   f"   (gold {facts['tp'] + facts['fn']}, predicted {facts['tp'] + facts['fp']})")
        if facts["attributes"]:
            out.append("  fact attributes: " + ", ".join(f"{k} {_f(v)}" for k, v in facts["attributes"].items()))
        if data["documents"]:
            out.append("  article fields: " + ", ".join(f"{k} {_f(v)}" for k, v in data["documents"].items()))
        out.append("")
    return "\n".join(out)


SOURCE_COLUMNS = ("articles", "ent F1", "ORG", "DOC", "PER", "LOC", "facts F1", "metric", "subject",
                  "year", "unit", "qualifier")


def source_table(by_source: dict[str, Scores]) -> str:
    """One line per source (strict entity F1 overall and by type, fact F1 and attributes)."""
    out = ["by source (vnie)", "  " + f"{'source':<12}" + "".join(f"{c:>10}" for c in SOURCE_COLUMNS)]
    for name, scores in by_source.items():
        data = scores.as_json()
        ents, facts = data["entities"], data["facts"]
        by_type = [ents["by_type"].get(t, {}).get("strict", {}).get("f1") for t in ENTITY_TYPES]
        cells = [str(data["articles"]), _f(ents["strict"]["f1"]), *map(_f, by_type), _f(facts["f1"]),
                 *(_f(facts["attributes"].get(k)) for k in ("metric", "subject", "year", "unit", "qualifier"))]
        out.append("  " + f"{name:<12}" + "".join(f"{c:>10}" for c in cells))
    return "\n".join(out) + "\n"


def write_json(rows: dict[str, Scores], by_source: dict[str, Scores], path: Path) -> None:
    """The machine-readable scores: the first row at the top level (§5), every row under
    "systems", and the first row's scores per source under "by_source"."""
    first = next(iter(rows.values())).as_json()
    payload: dict[str, Any] = {**first, "systems": {name: s.as_json() for name, s in rows.items()},
                               "by_source": {name: s.as_json() for name, s in by_source.items()}}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _render(text: str, spans: list[tuple[int, int, str]], title: str) -> str:
    from spacy import displacy  # rendering only: spaCy is imported when a report is written

    spans = sorted(spans)
    flat, last_end = [], -1
    for start, end, label in spans:  # displaCy draws flat spans: facts may sit inside entities
        if start >= last_end:
            flat.append({"start": start, "end": end, "label": label})
            last_end = end
    return displacy.render({"text": text, "ents": flat, "title": title}, style="ent", manual=True,
                           page=False, options={"colors": COLOURS})


def _spans(line: GoldLine | None) -> list[tuple[int, int, str]]:
    if line is None:
        return []
    return [(e.start, e.end, e.type) for e in line.entities] + [(f.start, f.end, "FACT") for f in line.facts]


def write_html(rows: dict[str, Scores], gold: list[GoldLine], predictions: dict[str, GoldLine],
               docs: dict[str, SourceDoc], path: Path) -> None:
    """One page: the table of every system (the baseline too), then per article gold beside
    the first system's prediction and its misses with their sentences."""
    scores = next(iter(rows.values()))
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>vnie evaluation</title><style>",
             "body{font-family:sans-serif;margin:1em} .pair{display:flex;gap:1em} .pair>div{flex:1;"
             "border:1px solid #ccc;padding:.5em;max-height:40em;overflow:auto} table{border-collapse:collapse}"
             " td,th{border:1px solid #ddd;padding:2px 6px;font-size:90%} .FP{color:#a00} .FN{color:#00a}",
             "</style></head><body><h1>vnie evaluation</h1>",
             f"<pre>{html.escape(table(rows))}</pre>"]
    parts.append("<h2>Per article</h2><table><tr><th>article</th><th>entities P</th><th>R</th><th>F1</th>"
                 "<th>facts P</th><th>R</th><th>F1</th></tr>")
    for doc_id, layers in sorted(scores.per_article.items()):
        cells = []
        for layer in ("entities", "facts"):
            figures = layers[layer].as_dict() if layer in layers else None
            spans = figures and figures["tp"] + figures["fp"] + figures["fn"]
            # neither gold nor prediction has any: no score, not a zero
            cells += [_f(figures[k]) if spans else "—" for k in ("precision", "recall", "f1")]
        parts.append(f"<tr><td><a href='#{html.escape(doc_id)}'>{html.escape(doc_id)}</a></td>"
                     + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    misses_by_doc: dict[str, list] = {}
    for miss in scores.misses:
        misses_by_doc.setdefault(miss.doc_id, []).append(miss)
    for line in gold:
        if line.doc_id not in predictions:
            continue
        text = docs[line.doc_id].text
        parts.append(f"<h2 id='{html.escape(line.doc_id)}'>{html.escape(line.doc_id)}</h2><div class='pair'>")
        parts.append("<div>" + _render(text, _spans(line), "gold") + "</div>")
        parts.append("<div>" + _render(text, _spans(predictions.get(line.doc_id)), "predicted") + "</div></div>")
        rows = misses_by_doc.get(line.doc_id, [])
        if rows:
            parts.append("<table><tr><th></th><th>layer</th><th>label</th><th>span</th><th>sentence</th></tr>")
            for miss in sorted(rows, key=lambda m: m.start):
                parts.append(f"<tr class='{miss.what}'><td>{miss.what}</td><td>{miss.layer}</td>"
                             f"<td>{html.escape(miss.label)}</td><td>{html.escape(miss.text)}</td>"
                             f"<td>{html.escape(sentence(text, miss.start, miss.end))}</td></tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")

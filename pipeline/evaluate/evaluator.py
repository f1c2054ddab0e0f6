"""`vnie eval`: score predictions (a file, or a fresh run) and the underthesea row on gold."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import StageFailure
from pipeline.evaluate import report
from pipeline.evaluate.baseline import baseline_line
from pipeline.evaluate.goldfile import GoldError, GoldLine, load_gold, parse_lines
from pipeline.evaluate.score import Scores, score
from pipeline.evaluate.sources import source_of
from pipeline.models import Prediction, SourceDoc
from pipeline.normalise import normalise
from pipeline.stages import process


@dataclass
class Evaluation:
    rows: dict[str, Scores]
    by_source: dict[str, Scores]
    table: str
    unpredicted: list[str]   # gold articles the predictions do not cover (left out of every figure)


def _run_pipeline(docs: dict[str, SourceDoc]) -> list[GoldLine]:
    lines = []
    for doc in docs.values():
        try:
            article = process(doc)
        except StageFailure:
            continue  # an article the pipeline rejects counts as predicted nothing
        lines.append(GoldLine.model_validate(Prediction.of(article).model_dump(mode="json")))
    return lines


def evaluate(gold_path: Path, inputs: list[str], out_dir: Path, pred_path: Path | None = None,
             baseline: bool = True) -> Evaluation:
    """Score `pred_path` (or a fresh run of the pipeline) against the gold; write the reports."""
    gold, docs = load_gold(gold_path, inputs)
    if pred_path is not None:
        predictions = parse_lines(pred_path)
    else:
        predictions = _run_pipeline(docs)
    if not {p.doc_id for p in predictions} & {g.doc_id for g in gold}:
        raise GoldError("no gold article was predicted: check that the predictions are for these articles")
    rows = {"vnie" if pred_path is None else pred_path.name: score(gold, predictions)}
    by_source = _score_by_source(gold, predictions, docs)
    if baseline:
        baseline_lines = [baseline_line(normalise(docs[g.doc_id])) for g in gold if g.doc_id in docs]
        rows["underthesea ner (baseline)"] = score(gold, baseline_lines, layers=("entities",))
    out_dir.mkdir(parents=True, exist_ok=True)
    report.write_json(rows, by_source, out_dir / "scores.json")
    report.write_html(rows, gold, {p.doc_id: p for p in predictions}, docs, out_dir / "report.html")
    predicted = {p.doc_id for p in predictions}
    return Evaluation(rows=rows, by_source=by_source,
                      table=report.table(rows) + "\n" + report.source_table(by_source),
                      unpredicted=[g.doc_id for g in gold if g.doc_id not in predicted])


def _score_by_source(gold: list[GoldLine], predictions: list[GoldLine],
                     docs: dict[str, SourceDoc]) -> dict[str, Scores]:
    """The first system's scores again, once per source, so one source cannot hide another."""
    groups: dict[str, list[GoldLine]] = {}
    for line in gold:
        if line.doc_id in docs:
            groups.setdefault(source_of(docs[line.doc_id]), []).append(line)
    return {name: score(lines, predictions) for name, lines in sorted(groups.items())}

"""The pipeline in one place: the stages an article passes through, in order.

ingest (SourceDoc) -> normalise (Article) -> ... -> validate. Each stage after normalise
takes an Article and returns it enriched; none calls back into an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.entities.stage import extract_entities
from pipeline.errors import Rejected, StageFailure
from pipeline.facts.stage import extract_facts
from pipeline.models import Article, SourceDoc
from pipeline.normalise import normalise
from pipeline.validate import validate

ArticleStage = Callable[[Article], Article]

# Stages after normalisation, in the order data flows.
ARTICLE_STAGES: list[tuple[str, ArticleStage]] = [
    ("entities", extract_entities),
    ("facts", extract_facts),
    ("validate", validate),
]


def process(doc: SourceDoc) -> Article:
    """Run one ingested article through every stage.

    A rejection or an unexpected error becomes a StageFailure naming the stage, so one bad
    article never stops a batch.
    """
    stage = "normalise"
    try:
        article = normalise(doc)
        for stage, run_stage in ARTICLE_STAGES:
            article = run_stage(article)
    except Rejected as exc:
        raise StageFailure(stage, exc.reason, exc.detail) from exc
    except Exception as exc:  # noqa: BLE001 - any crash is reported for that article only
        raise StageFailure(stage, "internal_error", f"{type(exc).__name__}: {exc}") from exc
    return article

"""The pipeline in one place: the stages an article passes through, in order.

ingest (SourceDoc) -> normalise (Article) -> ... -> validate. Each stage after normalise
takes an Article and returns it enriched; none calls back into an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.budget import OverBudget, time_budget
from pipeline.entities.stage import extract_entities
from pipeline.errors import Rejected, StageFailure
from pipeline.facts.stage import extract_facts
from pipeline.models import Article, SourceDoc
from pipeline.normalise import normalise
from pipeline.validate import validate

ArticleStage = Callable[[Article], Article]
Stages = tuple[tuple[str, ArticleStage], ...]

# Stages after normalisation, in the order data flows.
ARTICLE_STAGES: Stages = (
    ("entities", extract_entities),
    ("facts", extract_facts),
    ("validate", validate),
)


def process(doc: SourceDoc, stages: Stages = ARTICLE_STAGES, timeout: float = 0) -> Article:
    """Run one ingested article through every stage, within `timeout` seconds (0: no limit).

    A rejection, an unexpected error or running out of time becomes a StageFailure naming
    the stage, so one bad article never stops a batch.
    """
    stage = "normalise"
    try:
        with time_budget(timeout):
            article = normalise(doc)
            for stage, run_stage in stages:
                article = run_stage(article)
    except OverBudget:
        raise StageFailure(stage, "too_slow", f"not done after {timeout:g} s (--article-timeout), in {stage}") from None
    except Rejected as exc:
        raise StageFailure(stage, exc.reason, exc.detail) from exc
    except Exception as exc:  # noqa: BLE001 - any crash is reported for that article only
        raise StageFailure(stage, "internal_error", f"{type(exc).__name__}: {exc}") from exc
    return article

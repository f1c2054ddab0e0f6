"""The facts stage: quantity expressions of the normalised text become Facts in reference
offsets, with kind, value, qualifier, unit, metric, subject, year, sentence and warnings."""

from __future__ import annotations

from pipeline.facts import checks
from pipeline.facts.breakdown import link_parts
from pipeline.facts.attributes import kind_of, metric_of, qualifier_of, unit_of
from pipeline.facts.find import find_expressions
from pipeline.facts.subject import Subjects
from pipeline.facts.year import Years
from pipeline.models import Article, Fact
from pipeline.names import body_key
from pipeline.normalise.characters import fold
from pipeline.sentences import sentence


def _key_subjects(article: Article, facts: list[Fact]) -> None:
    """Each subject's org_key: the key of the ORG mention written as the subject, else of the
    body the subject's name reads as (a board's subject is written without its board)."""
    by_text: dict[str, str] = {}
    by_body: dict[str, str] = {}
    for entity in article.entities:
        if entity.type == "ORG" and entity.org_key:
            by_text.setdefault(entity.text, entity.org_key)
            by_body.setdefault(body_key(entity.name or entity.text), entity.org_key)
    for fact in facts:
        if fact.subject:
            fact.subject_key = by_text.get(fact.subject) or by_body.get(body_key(fact.subject))


def extract_facts(article: Article) -> Article:
    """Fill `article.facts`; numbers inside entities (codes, names, places) are no facts."""
    text = article.normalised_text
    entity_spans = [article.offsets.from_ref(e.start, e.end) for e in article.entities]
    subjects = Subjects(article)
    body = next((b for b in article.blocks if b.kind == "body"), None)
    years = Years(article.text, article.published.year if article.published else None, body.start if body else 0,
                  [e.end for e in article.entities if e.type == "ORG"])
    facts = []
    for exp in find_expressions(text, entity_spans):
        unit, unit_end = unit_of(text, exp.end, exp.percent)
        start, end = article.offsets.to_ref(exp.start, exp.end)
        kind = kind_of(unit, exp.percent, exp.total is not None, exp.value, text[max(0, exp.start - 30):exp.start],
                       text[exp.start:exp.end])
        metric = metric_of(text, exp.start, exp.end, unit, kind)
        written_unit = fold(unit).lower() if unit else None
        facts.append(Fact(
            start=start, end=end, text=article.text[start:end],
            kind=kind,
            value=exp.value, value_max=exp.value_max, total=exp.total,
            qualifier=qualifier_of(text, exp.start, unit_end),
            unit=written_unit,
            metric=metric,
            subject=subjects.of(start, metric, written_unit,
                                (facts[-1].end, facts[-1].subject) if facts else None),
            year=years.of(start, written_unit),
            sentence=sentence(text, exp.start, exp.end),
        ))
    _key_subjects(article, facts)
    link_parts(article.text, facts)
    checks.check(article.text, facts)
    article.facts = facts
    return article

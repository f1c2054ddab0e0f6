"""One article as a web page: its text with entities and facts highlighted, and its facts table.

The highlighting is spaCy's displaCy (manual mode: our spans, not a spaCy model's), so the
page looks like any other displaCy view analysts know. Entities are labelled by type (ORG,
PER, LOC, DOC); facts by their metric (party_members, rating, ...), all in one colour.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from spacy import displacy

from pipeline.analysis.page_shell import page, table
from pipeline.models import Article

ENTITY_COLOURS = {"ORG": "#7aecec", "PER": "#aa9cfc", "LOC": "#ff9561", "DOC": "#bfe1d9"}
FACT_COLOUR = "#ffd966"
_FACT_COLUMNS = ["#", "text", "value", "unit", "metric", "subject", "year", "qualifier", "kind"]


def page_file(doc_id: str) -> str:
    """The file name of an article's page: the doc_id, made safe for any file system."""
    return quote(doc_id, safe="") + ".html"


def _spans(article: Article) -> list[dict]:
    """displaCy's spans: entities and facts by start, a span overlapping an earlier one left out."""
    candidates = sorted([(e.start, e.end, e.type) for e in article.entities]
                        + [(f.start, f.end, f.metric or "fact") for f in article.facts],
                        key=lambda span: (span[0], -span[1]))
    kept: list[dict] = []
    for start, end, label in candidates:
        if not kept or start >= kept[-1]["end"]:
            kept.append({"start": start, "end": end, "label": label})
    return kept


def _highlighted(article: Article) -> str:
    labels = {span["label"] for span in _spans(article)}
    colours = {**{label: FACT_COLOUR for label in labels}, **ENTITY_COLOURS}
    return displacy.render({"text": article.text, "ents": _spans(article), "title": None},
                           style="ent", manual=True, page=False, options={"colors": colours})


def _legend() -> str:
    chips = [f'<mark style="background: {colour}">{label}</mark>' for label, colour in ENTITY_COLOURS.items()]
    chips.append(f'<mark style="background: {FACT_COLOUR}">fact (its metric)</mark>')
    return f'<p class="legend">{"".join(chips)}</p>'


def _facts_table(article: Article) -> str:
    def cell(value: object) -> str:
        return "" if value is None else escape(f"{value:g}" if isinstance(value, float) else str(value))
    rows = [[str(i), *(cell(getattr(fact, column)) for column in _FACT_COLUMNS[1:])]
            for i, fact in enumerate(article.facts, 1)]
    return table(_FACT_COLUMNS, rows, "facts", numeric=frozenset({"#", "value"}))


def article_html(article: Article) -> str:
    """The whole page of one article."""
    meta = " · ".join(escape(str(part)) for part in (article.doc_id, article.province, article.published,
                                                     article.source, article.author) if part)
    link = f' · <a href="{escape(article.url)}">original</a>' if article.url else ""
    body = (f'<p><a href="index.html">all articles</a></p>\n<h1>{escape(article.title or article.doc_id)}</h1>\n'
            f'<p class="meta">{meta}{link}</p>\n{_legend()}\n<section id="text">{_highlighted(article)}</section>\n'
            f"<h2>Facts ({len(article.facts)})</h2>\n{_facts_table(article)}")
    return page(article.title or article.doc_id, body)

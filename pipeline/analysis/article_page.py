"""One article as a web page: its text with entities and facts highlighted, and its facts table.

The highlighting is spaCy's displaCy (manual mode: our spans, not a spaCy model's), so the
page looks like any other displaCy view analysts know. Entities are labelled by type (ORG,
PER, LOC, DOC); facts by their metric (party_members, rating, ...), all in one colour.
"""

from __future__ import annotations

import hashlib
import unicodedata
from html import escape

import regex
from spacy import displacy

from pipeline.analysis.page_shell import page, table
from pipeline.models import Article

ENTITY_COLOURS = {"ORG": "#7aecec", "PER": "#aa9cfc", "LOC": "#ff9561", "DOC": "#bfe1d9"}
FACT_COLOUR = "#ffd966"
_FACT_COLUMNS = ["#", "text", "value", "unit", "metric", "subject", "year", "qualifier", "kind"]


def page_file(doc_id: str) -> str:
    """The file name of an article's page, safe and unique for any id: a short readable slug
    (ASCII letters, digits, "-", "_"; at most 40) and a hash of the whole id. A long id, a
    Vietnamese one, one with "/", "%", "?" or spaces, and "index" all get a name of their own
    under 60 characters that needs no escaping in a link."""
    folded = unicodedata.normalize("NFKD", doc_id.replace("đ", "d").replace("Đ", "D"))
    slug = regex.sub(r"[^A-Za-z0-9_-]+", "-", "".join(c for c in folded if not unicodedata.combining(c))).strip("-")
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug[:40].strip('-') or 'article'}-{digest}.html"


def _web_link(url: str | None) -> str | None:
    """Only http(s) addresses become links ("javascript:…" in a record is shown, never run)."""
    return url if url and url.strip().lower().startswith(("http://", "https://")) else None


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
    url = _web_link(article.url)
    link = f' · <a href="{escape(url)}">original</a>' if url else ""
    body = (f'<p><a href="index.html">all articles</a></p>\n<h1>{escape(article.title or article.doc_id)}</h1>\n'
            f'<p class="meta">{meta}{link}</p>\n{_legend()}\n<section id="text">{_highlighted(article)}</section>\n'
            f"<h2>Facts ({len(article.facts)})</h2>\n{_facts_table(article)}")
    return page(article.title or article.doc_id, body)

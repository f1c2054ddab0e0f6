"""`vnie show`: write the web pages of a run: one article, or the index and every article.

The tables of a run hold no article text, so pages are built from the run's
`records.jsonl` (the reference text with every entity and fact); the database answers
which articles exist and feeds the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.analysis.article_page import article_html, page_file
from pipeline.analysis.index_page import index_html, index_rows
from pipeline.analysis.rundb import AnalysisError, run_query
from pipeline.models import Article
from pipeline.write import RECORDS


def _records(out_dir: Path, wanted: set[str] | None) -> Iterator[Article]:
    """The articles of records.jsonl (only `wanted` doc_ids, when given), read line by line."""
    path = out_dir / RECORDS
    if not path.is_file():
        raise AnalysisError(f"no {RECORDS} in {out_dir}/ to take the article texts from")
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if wanted is None or any(doc_id in line for doc_id in wanted):  # cheap test before parsing
                article = Article.model_validate_json(line)
                if wanted is None or article.doc_id in wanted:
                    yield article


def write_article(out_dir: Path, doc_id: str, pages_dir: Path) -> Path:
    """Write the page of one article; an unknown doc_id is the analyst's error."""
    known = run_query(out_dir, "SELECT count(*) AS n FROM articles WHERE doc_id = ?", [doc_id])
    if not known["n"].iloc[0]:
        raise AnalysisError(f"no article {doc_id!r} in {out_dir}/ (`vnie show {out_dir}` lists them all)")
    article = next(_records(out_dir, {doc_id}), None)
    if article is None:
        raise AnalysisError(f"article {doc_id!r} is in the database but not in {out_dir}/{RECORDS}")
    pages_dir.mkdir(parents=True, exist_ok=True)
    path = pages_dir / page_file(doc_id)
    path.write_text(article_html(article), encoding="utf-8")
    return path


def write_site(out_dir: Path, pages_dir: Path) -> Path:
    """Write the index page and the page of every article it links to; return the index."""
    rows = index_rows(out_dir)
    pages_dir.mkdir(parents=True, exist_ok=True)
    for article in _records(out_dir, None):
        (pages_dir / page_file(article.doc_id)).write_text(article_html(article), encoding="utf-8")
    index = pages_dir / "index.html"
    index.write_text(index_html(rows, out_dir.resolve().name), encoding="utf-8")
    return index

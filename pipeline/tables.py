"""Flatten processed articles into the five analyst tables of a run.

records.jsonl keeps one nested Article per line; analysts want flat tables they can join
(docs/data-model.md): `articles`, `entities`, `documents` (DOC mentions), `persons` and
`facts`, keyed by `doc_id` and the character offsets of each span. The Arrow schemas are
fixed here, so an empty batch still writes a typed Parquet file and every partition of a
run has the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from pipeline.duplicates import signature
from pipeline.models import Article

_TEXT, _INT, _FLOAT, _DATE, _TEXTS = pa.string(), pa.int64(), pa.float64(), pa.date32(), pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("doc_id", _TEXT), ("text_sha256", _TEXT), ("input", _TEXT), ("line", _INT), ("format", _TEXT),
        ("url", _TEXT), ("feed", _TEXT), ("title", _TEXT), ("published", _DATE), ("year", _INT),
        ("author", _TEXT), ("source", _TEXT), ("province", _TEXT), ("chars", _INT),
        ("entities", _INT), ("facts", _INT), ("warnings", _TEXTS), ("pipeline_version", _TEXT),
        ("minhash", pa.list_(_INT)), ("duplicate_of", _TEXT),
    ]),
    "entities": pa.schema([
        ("doc_id", _TEXT), ("start", _INT), ("end", _INT), ("type", _TEXT), ("text", _TEXT),
        ("entity", _TEXT), ("name", _TEXT), ("kind", _TEXT), ("doc_kind", _TEXT), ("canonical", _TEXT),
        ("role", _TEXT), ("org_key", _TEXT), ("province", _TEXT), ("published", _DATE), ("sentence", _TEXT),
        ("warnings", _TEXTS),
    ]),
    "documents": pa.schema([
        ("doc_id", _TEXT), ("start", _INT), ("end", _INT), ("text", _TEXT), ("doc_kind", _TEXT),
        ("canonical", _TEXT), ("number", _TEXT), ("symbol", _TEXT), ("issuer", _TEXT), ("issued", _DATE),
        ("plenum", _TEXT), ("term", _TEXT), ("official_title", _TEXT), ("official_date", _DATE),
        ("province", _TEXT), ("published", _DATE), ("sentence", _TEXT),
    ]),
    "persons": pa.schema([
        ("doc_id", _TEXT), ("start", _INT), ("end", _INT), ("name", _TEXT), ("entity", _TEXT),
        ("role", _TEXT), ("province", _TEXT), ("published", _DATE), ("sentence", _TEXT),
    ]),
    "facts": pa.schema([
        ("doc_id", _TEXT), ("start", _INT), ("end", _INT), ("text", _TEXT), ("kind", _TEXT),
        ("value", _FLOAT), ("value_max", _FLOAT), ("total", _FLOAT), ("qualifier", _TEXT), ("unit", _TEXT),
        ("metric", _TEXT), ("subject", _TEXT), ("subject_key", _TEXT), ("year", _TEXT), ("part_of", _INT),
        ("province", _TEXT),
        ("published", _DATE), ("sentence", _TEXT), ("warnings", _TEXTS),
    ]),
}
TABLES = tuple(SCHEMAS)


def _article_row(article: Article) -> dict[str, Any]:
    return {
        **article.model_dump(include={"doc_id", "text_sha256", "input", "line", "format", "url", "feed", "title",
                                      "published", "author", "source", "province", "warnings", "pipeline_version"}),
        "year": article.published.year if article.published else None,
        "chars": len(article.text),
        "entities": len(article.entities),
        "facts": len(article.facts),
        "minhash": signature(article.text),
        "duplicate_of": None,     # known only once every article is in: set when the database is built
    }


def rows(article: Article) -> dict[str, list[dict[str, Any]]]:
    """The rows one article contributes to each table."""
    where = {"doc_id": article.doc_id, "province": article.province, "published": article.published}
    dumped = article.model_dump(include={"entities", "facts"})   # one call, not one per span
    entities = [{**e, **where} for e in dumped["entities"]]
    return {
        "articles": [_article_row(article)],
        "entities": entities,
        "documents": [row for row in entities if row["type"] == "DOC"],
        "persons": [{**row, "name": row["text"]} for row in entities if row["type"] == "PER"],
        "facts": [{**f, **where} for f in dumped["facts"]],
    }


def to_arrow(articles: Iterable[Article]) -> dict[str, pa.Table]:
    """The five tables of a batch of articles, with the fixed schemas (extra fields dropped)."""
    columns: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for article in articles:
        for name, table_rows in rows(article).items():
            columns[name].extend(table_rows)
    return {name: _table(name, table_rows) for name, table_rows in columns.items()}


def _table(name: str, table_rows: list[dict[str, Any]]) -> pa.Table:
    """One table from its rows, column by column (fields not in the schema are dropped)."""
    schema = SCHEMAS[name]
    return pa.table({field: [row.get(field) for row in table_rows] for field in schema.names}, schema=schema)

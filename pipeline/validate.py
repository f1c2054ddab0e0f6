"""Validate stage: an article leaves the pipeline only if its records are sound.

Pydantic checks types and enums when the models are built; this stage checks what types
cannot: that every span's text is the reference text at its offsets, and that spans lie
inside the text.
"""

from __future__ import annotations

from pipeline.models import Article
from pipeline.errors import Rejected


def validate(article: Article) -> Article:
    """Return the article unchanged, or raise Rejected naming the first broken span."""
    size = len(article.text)
    for label, spans in (("entity", article.entities), ("fact", article.facts)):
        for span in spans:
            if not 0 <= span.start < span.end <= size:
                raise Rejected("bad_span", f"{label} {span.text!r} has offsets {span.start}:{span.end} outside the text")
            if article.text[span.start : span.end] != span.text:
                raise Rejected(
                    "bad_span",
                    f"{label} {span.text!r} at {span.start}:{span.end} does not match the reference text "
                    f"{article.text[span.start:span.end]!r}",
                )
    return article

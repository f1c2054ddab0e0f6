"""Ingest stage: find the inputs, read them strictly, yield SourceDocs or Problems.

`read_inputs(paths)` is the stage's entry point; nothing here looks at article content
beyond what decoding needs.
"""

from pipeline.ingest.readers import IngestLimits, count_articles, read_inputs

__all__ = ["IngestLimits", "count_articles", "read_inputs"]

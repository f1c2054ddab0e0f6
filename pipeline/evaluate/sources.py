"""Which source an article comes from, so that scores are reported per source as well as in total.

Rules tuned on one aggregator and one era can fall apart on another paper or another decade;
a single total hides that. The source is read from the input itself, not from a list kept
here: a JSON Lines record's id names its collection before the first "-" (`baomoi-22318339`,
`vntc-XH_NLD_4381`), otherwise its `source` domain; a text or HTML file is grouped by the
folder it was read from (the bundled seeds are `corpus/`).
"""

from __future__ import annotations

from pathlib import Path

from pipeline.models import SourceDoc


def source_of(doc: SourceDoc) -> str:
    """The row an article is scored under in the per-source table."""
    if doc.format == "jsonl":
        prefix, dash, _ = doc.doc_id.partition("-")
        if dash and prefix:
            return prefix
        return doc.source or Path(doc.input).stem
    return Path(doc.input).parent.name + "/"

"""The library call for integrators: one text in, one extracted Article out.

`extract(text, title=…)` runs the same stages as `vnie run` (normalise, entities, facts,
validate) on a text given as a JSON Lines record would give it, so an integrator gets the
records a batch run would write for that article. The rules are loaded once per process and
kept (every finder caches its compiled grammar), so calling `extract` on many texts costs
the loading only once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from pipeline.errors import StageFailure
from pipeline.models import Article, SourceDoc
from pipeline.stages import process


class ExtractionError(ValueError):
    """The text was rejected or a stage failed on it; `stage` and `reason` say where and why."""

    def __init__(self, failure: StageFailure) -> None:
        super().__init__(str(failure))
        self.stage = failure.stage
        self.reason = failure.reason
        self.detail = failure.detail


def extract(text: str, *, title: str | None = None, published: dt.date | str | None = None,
            source: str | None = None, url: str | None = None, doc_id: str | None = None) -> Article:
    """Extract one article: entities, facts and their attributes, every span in `text`'s offsets.

    `text` is the article's body (with no `title`, its first line is read as the headline,
    as for a JSON Lines record); `published` is a date or an ISO date string ("2017-05-18");
    `source` the publishing site's domain. `doc_id` defaults to a hash of the text, so the
    same text always gets the same id. Raises ExtractionError when the article is rejected
    (empty text, no Vietnamese, …) or a stage fails, and ValueError for a malformed date.
    """
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    text = unicodedata.normalize("NFC", text)   # as every reader of `vnie run` gives it
    doc = SourceDoc(doc_id=doc_id or "text-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16],
                    input="extract()", format="jsonl", text=text, decoding="str", title=title,
                    published=published, source=source, url=url)
    try:
        return process(doc)
    except StageFailure as failure:
        raise ExtractionError(failure) from failure

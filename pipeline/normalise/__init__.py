"""Normalise stage: clean characters, recognise the page layout, recover metadata.

`normalise(doc)` turns a `SourceDoc` into an `Article` whose `normalised_text` is what the
extractors read, with an offset map back to the reference text.
"""

from pipeline.normalise.stage import normalise

__all__ = ["normalise"]

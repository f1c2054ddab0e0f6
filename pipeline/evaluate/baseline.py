"""The reference row: underthesea's generic `ner` on the same articles.

underthesea tags PER/LOC/ORG over its own word segmentation; its tokens are found again in
the normalised text (the same text vnie's extractors read) and mapped to reference offsets,
so the evaluator scores both on equal terms.
"""

from __future__ import annotations

import regex

from pipeline.evaluate.goldfile import GoldLine
from pipeline.models import Article, EntitySpan

TYPES = ("PER", "LOC", "ORG")


def _bio_spans(line: str, tagged: list[tuple[str, ...]]) -> list[tuple[str, int, int]]:
    """Entity spans (type, start, end) of one line from underthesea's BIO-tagged tokens."""
    spans: list[tuple[str, int, int]] = []
    pos = 0
    current: list | None = None
    for token, *_, tag in tagged:
        found = line.find(token, pos)
        label = tag[2:] if tag[:2] in ("B-", "I-") else None
        if found < 0 or label not in TYPES:
            current = None
            continue
        pos = found + len(token)
        if tag.startswith("B-") or current is None or current[0] != label:
            current = [label, found, pos]
            spans.append(current)  # type: ignore[arg-type]
        else:
            current[2] = pos
    return [tuple(s) for s in spans]  # type: ignore[misc]


def _sentences(text: str) -> list[tuple[int, str]]:
    """underthesea's own sentence split of one line, each sentence with where it starts.

    underthesea's users tag sentence by sentence; over a whole 5 KB paragraph its tagger is
    about 15 times slower, which would flatter vnie in the benchmark's ratio."""
    from underthesea import sent_tokenize  # imported here: loading underthesea is slow

    found, pos = [], 0
    for sentence in sent_tokenize(text):
        start = text.find(sentence, pos)
        if start < 0:   # a sentence underthesea rewrote: tag it where the last one ended
            start = pos
        found.append((start, sentence))
        pos = start + len(sentence)
    return found


def underthesea_entities(article: Article) -> list[EntitySpan]:
    """underthesea.ner per sentence of the normalised text, as reference-offset entities."""
    from underthesea import ner  # imported here: loading its model is slow

    out = []
    for line in regex.finditer(r"[^\n]+", article.normalised_text):
        for offset, sentence in _sentences(line.group()):
            for label, start, end in _bio_spans(sentence, ner(sentence)):
                begin = line.start() + offset
                if article.normalised_text[begin + start:begin + end] != sentence[start:end]:
                    continue   # not found again where underthesea says it is
                ref_start, ref_end = article.offsets.to_ref(begin + start, begin + end)
                out.append(EntitySpan(type=label, start=ref_start, end=ref_end, text=article.text[ref_start:ref_end]))
    return out


def baseline_line(article: Article) -> GoldLine:
    """A prediction line holding only underthesea's entities (no facts, no metadata)."""
    return GoldLine(doc_id=article.doc_id, text_sha256=article.text_sha256,
                    entities=underthesea_entities(article), facts=[])

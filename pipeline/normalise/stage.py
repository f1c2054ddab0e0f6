"""The normalise stage: SourceDoc in, Article with normalised text and metadata out."""

from __future__ import annotations


from pipeline.errors import Rejected
from pipeline.models import Article, Block, SourceDoc
from pipeline.normalise import metadata
from pipeline.normalise.characters import clean, fold
from pipeline.normalise.layout import layout
from pipeline.normalise.offsets import OffsetMap

# Pieces that extractors read; the rest (furniture, bylines, date lines, credits) are kept
# as blocks for the record but left out of the normalised text.
CONTENT = frozenset({"title", "heading", "body", "caption"})


def normalise(doc: SourceDoc) -> Article:
    """Clean the reference text, separate content from furniture, fill metadata."""
    cleaned, cmap = clean(doc.text)
    # A page keeps its headline on its first line; so does a JSON Lines record that carries
    # no title of its own (the VNTC papers).
    pieces = layout(cleaned, title_in_text=doc.format == "txt" or (doc.format == "jsonl" and not doc.title))

    parts: list[str] = []
    nmap = OffsetMap()
    blocks: list[Block] = []
    previous_end = 0  # reference offset where the last content piece ended
    for piece in pieces:
        ref_start, ref_end = cmap.to_ref(piece.start, piece.end)
        block = Block(kind=piece.kind, start=ref_start, end=ref_end)
        if piece.kind in CONTENT:
            if parts:
                parts.append("\n")
                nmap.add_unit(1, previous_end, previous_end)  # the "\n" between two pieces
            block.norm_start = len(nmap)
            parts.append(cleaned[piece.start : piece.end])
            nmap.extend_from(cmap, piece.start, piece.end)
            block.norm_end = len(nmap)
            previous_end = ref_end
        blocks.append(block)
    if not parts:
        raise Rejected("no_content", "nothing but site furniture is left after normalisation")

    published, warnings = metadata.published(pieces)
    title_piece = next((p for p in pieces if p.kind == "title"), None)
    title = cleaned[title_piece.start : title_piece.end] if title_piece else (fold(doc.title).strip() if doc.title else None)
    return Article(
        doc_id=doc.doc_id,
        input=doc.input,
        line=doc.line,
        format=doc.format,
        url=doc.url,
        feed=doc.feed,
        decoding=doc.decoding,
        text=doc.text,
        text_sha256=doc.sha256(),
        title=title or None,
        published=doc.published or published,
        author=doc.author or metadata.author(pieces),
        source=doc.source or metadata.source(pieces),
        normalised_text="".join(parts),
        blocks=blocks,
        photo_credits=[cleaned[p.start : p.end] for p in pieces if p.kind == "credit"],
        warnings=doc.warnings + warnings,
        offsets=nmap,
    )

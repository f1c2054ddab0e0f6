"""Character clean-up: odd spaces, invisible characters, line breaks, tone-mark style.

Rules come from `rules/characters.yaml` and `rules/tone_marks.yaml`. One compiled pattern
finds every unit to rewrite; everything between is copied, so the offset map stays exact.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import regex

from pipeline import rules
from pipeline.normalise.offsets import OffsetMap


def _escape_all(chars: list[str]) -> str:
    return "".join(regex.escape(c) for c in chars)


@cache
def _compiled() -> tuple[regex.Pattern, dict[str, str]]:
    """Build the one pattern of all rewrites and the tone-mark lookup table."""
    chars = rules.load("characters")
    tones = rules.load("tone_marks")
    pairs: dict[str, str] = {}
    for old, new in tones["pairs"].items():
        pairs[old] = new
        pairs[old.upper()] = new.upper()
        pairs[old[0].upper() + old[1:]] = new[0].upper() + new[1:]
    not_after = _escape_all(tones["not_after"])
    first_letters = _escape_all(sorted({written[0] for written in pairs}))
    # The lookaheads in front of the lookbehinds let the scan reject most positions on one
    # character; without them the whole pattern costs about 1.8 ms an article, with them 1.1.
    alternatives = [
        r"(?P<brk>" + "|".join(regex.escape(b) for b in chars["line_breaks"]) + ")",
        r"(?P<space>[ " + _escape_all(chars["spaces"]) + "]{2,}|[" + _escape_all(chars["spaces"]) + "])",
        r"(?P<invisible>[" + _escape_all(chars["invisible"]) + "]+)",
        # A combining mark that NFC could not attach to a letter.
        r"(?P<orphan>(?=\p{M})(?<![\p{L}\p{M}])\p{M}+)",
        r"(?P<tone>(?=[" + first_letters + "])(?<![" + not_after + "])(?:" + "|".join(regex.escape(k) for k in pairs)
        + r")(?!\p{L}))",
    ]
    return regex.compile("|".join(alternatives)), pairs


def clean(text: str) -> tuple[str, OffsetMap]:
    """Return the cleaned text and its map to `text` (already NFC)."""
    pattern, pairs = _compiled()
    out: list[str] = []
    omap = OffsetMap()
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        if start > pos:
            out.append(text[pos:start])
            omap.add_identity(pos, start)
        kind = match.lastgroup
        if kind == "brk":
            replacement = "\n"
        elif kind == "space":
            replacement = " "
        elif kind == "tone":
            replacement = pairs[match.group()]
        else:  # invisible, orphan
            replacement = ""
        out.append(replacement)
        omap.add_unit(len(replacement), start, end)
        pos = end
    if pos < len(text):
        out.append(text[pos:])
        omap.add_identity(pos, len(text))
    return "".join(out), omap


@lru_cache(maxsize=1 << 14)   # units and names: short strings that recur
def fold(text: str) -> str:
    """The cleaned form of any string: NFC, then the same rewrites as `clean`.

    Used to compare strings the way vnie reads them (tests, gold comparisons).
    """
    return clean(unicodedata.normalize("NFC", text))[0]

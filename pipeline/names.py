"""How an organisation's name reads as the body it stands for.

gold-format §5 compares subjects this way ("Tỉnh ủy X" is "Đảng bộ tỉnh X", "đảng ủy" is
"đảng bộ", "thành phố"/"TP" is "thành", a bracketed abbreviation is dropped); the facts
stage groups an article's mentions of one body the same way, so both read names alike.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from pipeline.normalise.characters import fold

_COMMITTEE = regex.compile(r"\b(tỉnh|huyện|quận|thị|thành) ủy\b")
_BRACKETS = regex.compile(r"\s*\([^)]*\)")
_CITY = regex.compile(r"\b(?:thành phố|tp)(?=\s|$)|\btp\.\s*")
_PARTY_COMMITTEE = regex.compile(r"\bđảng ủy\b")


def plain(text: str) -> str:
    """NFC, new-style tone marks, lower case, spaces collapsed."""
    return " ".join(fold(unicodedata.normalize("NFC", text)).lower().split())


@lru_cache(maxsize=1 << 14)   # an article names the same bodies again and again
def body_key(name: str) -> str:
    """The name read as the organisation it leads: "Tỉnh ủy Lạng Sơn" -> "đảng bộ tỉnh lạng sơn"."""
    text = _BRACKETS.sub("", plain(name))
    text = _CITY.sub("thành ", text)
    text = _COMMITTEE.sub(lambda m: f"đảng bộ {m.group(1)}", text)
    text = _PARTY_COMMITTEE.sub("đảng bộ", text)
    return " ".join(text.split())

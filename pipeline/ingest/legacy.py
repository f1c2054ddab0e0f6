"""Tell whether a string reads as Vietnamese, and convert legacy TCVN3 / VNI font text.

Charset detectors guess Windows-1250 for Windows-1258 and know nothing of the font
encodings; vnie decides instead by asking which reading yields Vietnamese syllables.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from pipeline import rules

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Which vowel may carry which shape mark (circumflex, breve, horn).
_SHAPES = {"\u0302": set("aeo"), "\u0306": set("a"), "\u031b": set("ou")}
_VOWELS = set("aeiouy")
_LETTERS = set("abcdefghijklmnopqrstuvwxyzđ")
_WORD = regex.compile(r"[\p{L}\p{M}]+")


def _is_syllable(word: str) -> bool:
    """A word whose letters and marks all belong to written Vietnamese (loanwords pass)."""
    tones = 0
    base = ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if base not in _VOWELS:
                return False
            tones += 1
        elif ch in _SHAPES:
            if base not in _SHAPES[ch]:
                return False
        elif ch in _LETTERS:
            base = ch
        else:
            return False
    return tones <= 1


def vietnamese_score(text: str) -> float:
    """Share of the words of `text` that are well-formed Vietnamese (or plain Latin) words."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(_is_syllable(w) for w in words) / len(words)


@cache
def _tables() -> tuple[dict[str, str], regex.Pattern, dict[str, str]]:
    data = rules.load("legacy_encodings")
    vni = data["vni"]
    keys = sorted(vni, key=len, reverse=True)
    return data["tcvn3"], regex.compile("|".join(regex.escape(k) for k in keys)), vni


def from_tcvn3(text: str) -> str:
    """Convert TCVN3 (ABC) text read as Latin-1 characters to Unicode."""
    table = _tables()[0]
    return unicodedata.normalize("NFC", "".join(table.get(ch, ch) for ch in text))


def from_vni(text: str) -> str:
    """Convert VNI-Windows text read as Windows-1252 characters to Unicode."""
    _, pattern, table = _tables()
    return unicodedata.normalize("NFC", pattern.sub(lambda m: table[m.group()], text))


CONVERTERS = {"tcvn3": from_tcvn3, "vni": from_vni}

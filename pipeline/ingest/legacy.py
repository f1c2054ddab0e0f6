"""Tell whether a string reads as Vietnamese, and convert legacy TCVN3 / VNI font text.

Charset detectors guess Windows-1250 for Windows-1258 and know nothing of the font
encodings; vnie decides instead by asking which reading yields Vietnamese syllables.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import regex

from pipeline import rules

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ "
    "ưa ưi ươ ưu uy yê iêu oai oay oeo uây uôi ươi ươu uya uyê yêu uyu"
).split()
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = regex.compile(
    _ONSET + "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")" + _CODA
)
_WORD = regex.compile(r"[\p{L}\p{M}]+")


@lru_cache(maxsize=1 << 16)   # a language has a few thousand syllables: most words are seen before
def _is_syllable(word: str) -> bool:
    """A plain-Latin word (loanword, abbreviation), or a well-formed Vietnamese syllable.

    Words with diacritics must parse as onset + vowel nucleus + coda with at most one tone
    mark: that is what separates a right reading from TCVN3 read as VNI or the reverse.
    """
    if word.isascii():
        return True
    marks = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in _TONES for ch in marks)
    if tones > 1:
        return False
    if word.isupper() and len(word) > 1 and tones == 0:
        return True  # an abbreviation: HĐND, ĐBQH
    bare = unicodedata.normalize("NFC", "".join(ch for ch in marks if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


class _TokenCounts(dict[str, int]):
    """Per whitespace-separated token ("Đảng," or "(HĐND)"), its words and well-formed
    words, packed into one int (words << 32 | good) so that summing an article's tokens
    sums both; looked up once, remembered after (a language has a few thousand syllables).

    A plain dict filled on a miss, so that `map` sums an article's tokens in C; cleared
    when full, since numbers and names make the set of tokens grow without end.
    """

    LIMIT = 1 << 17

    def __missing__(self, token: str) -> int:
        if len(self) > self.LIMIT:
            self.clear()
        words = _WORD.findall(token)
        self[token] = counts = len(words) << 32 | sum(map(_is_syllable, words))
        return counts


_TOKENS = _TokenCounts()


def vietnamese_score(text: str) -> float:
    """Share of the words of `text` that are well-formed Vietnamese (or plain Latin) words.

    Every article of a run is scored, in the process that reads the input while the
    workers wait for it, so this is kept cheap: the text is cut at whitespace (no word
    spans it) and each token's counts are looked up, several times faster than a regex
    scan of the text.
    """
    counts = sum(map(_TOKENS.__getitem__, text.split()))
    total, good = counts >> 32, counts & 0xFFFFFFFF
    return good / total if total else 0.0


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

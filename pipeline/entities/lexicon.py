"""Vietnamese two-syllable words, from the word list underthesea ships (Viet74K).

Proper names capitalise only the first syllable of a word ("Tập đoàn Dầu khí", "Cục Tuyên
huấn", "Bệnh viện Đa khoa"): knowing which syllable pairs form a word lets a name run on
over its lower-case second syllable without swallowing the verb that follows it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from pipeline.normalise.characters import fold


@cache
def two_syllable_words() -> frozenset[str]:
    """Lower-case two-syllable words, NFC and new-style tone marks."""
    return frozenset(w for w in _words() if w.count(" ") == 1)


@cache
def three_syllable_words() -> frozenset[str]:
    """Lower-case three-syllable words ("lưu học sinh", "tổng bí thư")."""
    return frozenset(w for w in _words() if w.count(" ") == 2)


@cache
def _words() -> frozenset[str]:
    """Every word of the list, lower case, NFC and new-style tone marks."""
    # Found without importing underthesea: its import takes seconds and vnie needs only the file.
    spec = find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise RuntimeError("underthesea is not installed; vnie needs its word list (Viet74K)")
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        words.add(fold(unicodedata.normalize("NFC", line.strip())).lower())
    return frozenset(words)


def is_word(first: str, second: str, third: str | None = None) -> bool:
    """Whether "first second" (or "first second third") is one Vietnamese word ("Dầu" + "khí",
    "Lưu" + "học" + "sinh")."""
    if third is None:
        return f"{first.lower()} {second.lower()}" in two_syllable_words()
    return f"{first.lower()} {second.lower()} {third.lower()}" in three_syllable_words()

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
    # Found without importing underthesea: its import takes seconds and vnie needs only the file.
    spec = find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise RuntimeError("underthesea is not installed; vnie needs its word list (Viet74K)")
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = fold(unicodedata.normalize("NFC", line.strip())).lower()
        if word.count(" ") == 1:
            words.add(word)
    return frozenset(words)


def is_word(first: str, second: str) -> bool:
    """Whether "first second" is one Vietnamese word ("Dầu" + "khí")."""
    return f"{first.lower()} {second.lower()}" in two_syllable_words()

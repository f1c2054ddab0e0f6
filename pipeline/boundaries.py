"""Where sentences and clauses end, for every stage that reads a span in its context.

A full stop ends a sentence only before a space or the end of the text ("4.294",
"30.11.2016" and "TP.HCM" go on); "!", "?" and "…" likewise; a line break always ends one.
A clause also ends at a semicolon. Searches run backwards from a span to find where its
sentence or clause starts, forwards to find where it ends.
"""

from __future__ import annotations

import regex

_SENTENCE_END = regex.compile(r"[.!?…](?=\s|$)|\n")
_LAST_SENTENCE_END = regex.compile(r"(?r)[.!?…](?=\s|$)|\n")
_LAST_CLAUSE_END = regex.compile(r"(?r)[.!?…;](?=\s|$)|\n")


# How far back a rule reads the sentence of a span at most. No sentence of the shared corpora
# is longer than 1,500 characters but one page with no full stop at all; a hostile page of
# 100 KB with none is one "sentence", and reading all of it back from each of its thousands
# of spans took minutes (quadratic). Beyond this reach a sentence is taken to start here.
READ_BACK = 2000

_OPENS = regex.compile(r"(?:^|[.!?:…\n“”\"'(-]\s*)$")


def ends_between(text: str, start: int, end: int) -> bool:
    """Whether a sentence ends somewhere in text[start:end]."""
    return _SENTENCE_END.search(text, start, end) is not None


def opens_sentence(text: str, pos: int) -> bool:
    """Whether `pos` opens a sentence, a quotation or a bracket: a capitalised word there may
    be any word, not a name."""
    return _OPENS.search(text, max(0, pos - 3), pos) is not None


def sentence_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the sentence holding `pos` starts (right after the previous end), not before
    `floor` nor more than READ_BACK characters before `pos`."""
    floor = max(floor, pos - READ_BACK)
    found = _LAST_SENTENCE_END.search(text, floor, pos)
    return found.end() if found else floor


def sentence_end(text: str, pos: int, ceiling: int | None = None) -> int:
    """Where the sentence holding `pos` ends (after its closing mark), not after `ceiling`
    (default: the end of the text)."""
    stop = len(text) if ceiling is None else min(ceiling, len(text))
    found = _SENTENCE_END.search(text, pos, stop)
    return found.end() if found else stop


def clause_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the clause holding `pos` starts (a sentence's start or right after a ";")."""
    found = _LAST_CLAUSE_END.search(text, floor, pos)
    return found.end() if found else floor

"""Locate and load the rule files kept as data in `rules/`.

Rules live outside the code so that a linguist can fix Vietnamese without reading Python
(the dateparser way); every file carries its own examples, run by `tests/test_rules.py`.
"""

from __future__ import annotations

from functools import cache
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex
import yaml

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return a top-level data folder (`rules` or `corpus`).

    An installed wheel carries them under `pipeline/_data/`; an editable install or a
    checkout finds them beside the package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"vnie data folder {name!r} not found beside {_PACKAGE}")


@cache
def load(name: str) -> dict[str, Any]:
    """Load `rules/<name>.yaml` once per process."""
    path = data_dir("rules") / f"{name}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def alternation(words: Iterable[str], right_to_left: bool = False) -> str:
    """A rule word list as a regex alternation, longest first so "Ban Thường vụ" beats "Ban".

    Words are grouped by their first letter, which is written once ("B(?:an Thường vụ|an)"):
    the regex module then rejects a position on one character instead of trying every
    word, which made the finders' scans about twice as fast. The match is the same as the
    flat list's: words with other first letters cannot match where a group's letter does.
    A letter written in both cases is one group, so that (?i) keeps the longest-first
    order; its first letter is a class ("[Bb](?:à|ác)") when every word comes in both
    cases, and otherwise its words stay whole. A pattern matched right to left ((?r)) can
    meet two words of different groups ending at one place, so it asks for the flat list.
    """
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    if right_to_left:
        return "|".join(regex.escape(w) for w in ordered)
    groups: dict[str, list[str]] = {}
    for word in ordered:
        groups.setdefault(word[0].casefold(), []).append(word)
    return "|".join(_group(group) for group in groups.values())


def _group(words: list[str]) -> str:
    """One first letter's words, longest first, with the letter written once where that keeps the match."""
    firsts = sorted({w[0] for w in words})
    rests = list(dict.fromkeys(w[1:] for w in words))
    if len(firsts) == 1:
        head = regex.escape(firsts[0])
    elif len(words) == len(firsts) * len(rests):   # every rest with every first letter
        head = "[" + "".join(regex.escape(f) for f in firsts) + "]"
    else:
        return "(?:" + "|".join(regex.escape(w) for w in words) + ")"
    return head + "(?:" + "|".join(regex.escape(r) for r in rests) + ")"


def whole_words(words: Iterable[str], flags: int = 0) -> regex.Pattern:
    """Any of a rule's words, as whole words only ("dự" must not match inside "dựng")."""
    return regex.compile(r"(?<!\p{L})(?:" + alternation(words) + r")(?!\p{L})", flags)


@cache
def pattern(source: str) -> regex.Pattern:
    """A compiled pattern, compiled once per process.

    The finders try short patterns at tens of thousands of positions an article; the regex
    module's own per-call cache lookup cost more than the matching itself.
    """
    return regex.compile(source)


# How far a pattern tried at a position reads on at most (see Local): names, numbers and the
# words around them are far shorter.
LOCAL_REACH = 1000


class Local:
    """A pattern tried at many positions of one text, each `match` reading at most LOCAL_REACH
    characters on.

    Before it matches at a position the regex module looks for the pattern's required literal
    ("này" of r"\\s+này") from there to the end of the text: every try cost the rest of the
    text, and a page of 300 KB with thousands of names took seconds (quadratic). Bounding
    the end keeps each try short; a match (and what its lookarounds see) is the same unless
    it would run nearly LOCAL_REACH characters. Other methods are the pattern's own.
    """

    __slots__ = ("pattern",)

    def __init__(self, pattern: regex.Pattern) -> None:
        self.pattern = pattern

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        return self.pattern.match(text, pos, pos + LOCAL_REACH if endpos is None else endpos)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pattern, name)

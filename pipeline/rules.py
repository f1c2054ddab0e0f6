"""Locate and load the rule files kept as data in `rules/`.

Rules live outside the code so that a linguist can fix Vietnamese without reading Python
(the dateparser way); every file carries its own examples, run by `tests/test_rules.py`.
"""

from __future__ import annotations

from functools import cache
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


def alternation(words: list[str] | set[str]) -> str:
    """A rule word list as a regex alternation, longest first so "Ban Thường vụ" beats "Ban"."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


def whole_words(words: list[str] | set[str], flags: int = 0) -> regex.Pattern:
    """Any of a rule's words, as whole words only ("dự" must not match inside "dựng")."""
    return regex.compile(r"(?<!\p{L})(?:" + alternation(words) + r")(?!\p{L})", flags)


@cache
def pattern(source: str) -> regex.Pattern:
    """A compiled pattern, compiled once per process.

    The finders try short patterns at tens of thousands of positions an article; the regex
    module's own per-call cache lookup cost more than the matching itself.
    """
    return regex.compile(source)

"""Read numbers the way Vietnamese newspapers write them (`rules/numbers.yaml`).

Dots group thousands and a comma marks decimals ("4.294", "99,26", "1.038,5"; a point before
one or two digits is a decimal point: "72.84%"); numbers are
also written in words ("hai mươi lăm", "một trăm linh năm"); a multiplier word belongs to
the number ("1,5 triệu", "nửa triệu", "hai triệu rưỡi"). `parse` returns the value, the
finder in `pipeline.facts.find` decides what is a fact.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import regex

from pipeline import rules

DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# Some papers write decimals with a point ("72.84%", "1.5 triệu"): a dot before one or two
# digits groups no thousands, so it can only be a decimal point.
POINT_DECIMAL = r"\d{1,3}\.\d{1,2}(?!\d)"


@cache
def vocabulary() -> dict[str, Any]:
    data = rules.load("numbers")
    vocabulary = (list(data["digits"]) + data["ten"] + data["hundred"] + data["zero_filler"]
                  + list(data["multipliers"]) + data["half"] + data["halves"])
    word = r"(?:" + rules.alternation(vocabulary) + r")"
    return {
        **data,
        "multiplier": regex.compile(r"(?:" + "|".join(data["multipliers"]) + r")(?!\p{L})"),
        "words": regex.compile(r"(?i:" + word + r")(?:\s+(?:" + word + r"))*(?!\p{L})"),
    }


def parse_digits(text: str) -> float:
    """ "2.500" -> 2500, "99,26" -> 99.26, "1.038,5" -> 1038.5, "02" -> 2, "72.84" -> 72.84."""
    if rules.pattern(POINT_DECIMAL).fullmatch(text):
        return float(text)
    whole, _, decimals = text.partition(",")
    whole = whole.replace(".", "")
    value = float(f"{int(whole)}.{decimals}") if decimals else float(int(whole))
    return value


def parse_words(text: str) -> float | None:
    """ "hai mươi lăm" -> 25, "một trăm linh năm" -> 105, "hai triệu rưỡi" -> 2500000.

    The first word must count ("ngàn người" alone is a vague magnitude, not a number).
    """
    data = vocabulary()
    words = text.lower().split()
    if words[0] not in data["digits"] and words[0] not in ("mười", *data["halves"]):
        return None
    if words[0] in data["halves"] and not any(w in data["multipliers"] for w in words):
        return None   # "nửa" counts only halves of a multiplier ("nửa triệu")
    total, group, current = 0.0, 0.0, None
    for index, word in enumerate(words):
        previous = words[index - 1] if index else None
        if word in data["digits"]:
            digit = data["digits"][word]
            # after "mười" or "X mươi" a digit adds the units: "hai mươi lăm" = 25
            current = current + digit if current is not None and current >= 10 and current % 10 == 0 else digit
        elif word == "mười":
            current = (current or 0) + 10
        elif word == "mươi":
            if current is None:
                return None
            current *= 10
        elif word in data["hundred"]:
            group += (current if current is not None else 1) * 100
            current = None
        elif word in data["multipliers"]:
            unit_value = group + (current or 0) or (0.5 if previous in data["halves"] else 1)
            total += unit_value * data["multipliers"][word]
            group, current = 0.0, None
        elif word in data["half"]:
            if previous not in data["multipliers"]:
                return None
            total += data["multipliers"][previous] / 2
        elif word not in data["zero_filler"] and word not in data["halves"]:
            return None
    return total + group + (current or 0)


def parse(text: str) -> float | None:
    """The value of a number as written: digits, words, and a trailing multiplier word."""
    data = vocabulary()
    text = text.strip()
    found = rules.pattern(r"(" + POINT_DECIMAL + "|" + DIGITS + r")(?:\s*(\p{L}+))?$").match(text)
    if found:
        value = parse_digits(found.group(1))
        if found.group(2):
            factor = data["multipliers"].get(found.group(2).lower())
            if factor is None:
                return None
            value *= factor
        return round(value, 6)
    return parse_words(text)

"""The article's province: from the source domain, from explicit mentions, from districts.

"baolangson.vn" names Lạng Sơn; "tỉnh Vĩnh Phúc" or "Đảng bộ Khối các cơ quan tỉnh Nghệ An"
name their province; "huyện Bình Liêu" names Quảng Ninh through the gazetteer. The province
mentioned most wins when its weight is at least two and more than half of all: a local
body ("Huyện ủy Phúc Thọ", "UBND tỉnh Tiền Giang") weighs two, a place one, and a place
given as the venue of an event ("tại Hà Nội") nothing, since central meetings are held in
the capital whatever they are about, and a body named in a person's post half a mention.
Otherwise the answer is null.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache
from collections.abc import Iterable

import regex

from pipeline import rules
from pipeline.entities.gazetteer import gazetteer

_RUN = regex.compile(r"[\p{Lu}][\p{L}]*(?:\s+[\p{Lu}][\p{L}]*)+")
_TYPED = regex.compile(r"(?<!\p{L})(huyện|quận|thị xã|thành phố)\s+([\p{Lu}\d][\p{L}\d]*(?:\s+[\p{Lu}][\p{L}]*)*)")


def ascii_key(text: str) -> str:
    """Lower-case letters without marks or spaces: "Lạng Sơn" -> "langson"."""
    bare = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in bare if ch.isalnum() and not unicodedata.combining(ch))


def from_domain(domain: str | None) -> str | None:
    """The province a local newspaper's domain names ("baonghean.vn" -> Nghệ An)."""
    if not domain:
        return None
    stem = ascii_key(rules.pattern(r"^(?:www\.)?(?:bao)?|\..*$").sub("", domain.lower()))
    return _provinces_by_key().get(stem) if stem else None


@cache
def _provinces_by_key() -> dict[str, str]:
    """Every province under its ascii key ("nghean" -> "Nghệ An")."""
    return {ascii_key(name): name for name in sorted(set(gazetteer().provinces.values()))}


@cache
def _province_names() -> regex.Pattern:
    """Any province name of the gazetteer, longest first."""
    names = sorted(gazetteer().provinces, key=len, reverse=True)
    return regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(n) for n in names) + r")(?![\p{L}])")


def _mentions(spans: Iterable[tuple[str, float]]) -> Counter:
    g = gazetteer()
    pattern = _province_names()
    counts: Counter = Counter()
    for span, weight in spans:
        hits = {g.provinces[m.group()] for m in pattern.finditer(span)}
        for typed in _TYPED.finditer(span):
            province = g.district_types.get((typed.group(1), typed.group(2)))
            if province:
                hits.add(province)
        if not hits:   # a district named inside the span ("Huyện ủy Phúc Thọ", "Chợ Gạo")
            for run in _RUN.finditer(span):
                owners = g.districts.get(run.group())
                if owners and len(owners) == 1:
                    hits |= owners
        for hit in hits:
            counts[hit] += weight
    return counts


def article_province(domain: str | None, spans: Iterable[tuple[str, float]]) -> str | None:
    """Pick the province of an article from its domain and its weighted ORG/LOC spans."""
    by_domain = from_domain(domain)
    if by_domain:
        return by_domain
    counts = _mentions(spans)
    if not counts:
        return None
    (top, n), total = counts.most_common(1)[0], sum(counts.values())
    return top if n >= 2 and n * 2 > total else None


VENUE = regex.compile(r"(?:tại|ở|đến)\s+$")


def weight(kind: str, before: str, in_post: bool) -> float:
    """How much a mention says about the article's province (see the module docstring).

    A body named in someone's post ("Bí thư Thành ủy Hà Nội") says less: national news
    names officials of every province.
    """
    if kind == "ORG":
        return 0.5 if in_post else 2.0
    return 0.0 if VENUE.search(before) else 1.0

"""The article's province: from the source domain, from explicit mentions, from districts.

"baolangson.vn" names Lạng Sơn; "tỉnh Vĩnh Phúc" or "Đảng bộ Khối các cơ quan tỉnh Nghệ An"
name their province; "huyện Bình Liêu" names Quảng Ninh through the gazetteer. The province
mentioned most wins when it has at least two mentions and most of them; otherwise nothing
in the article supports one and the answer is null.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

import regex

from pipeline.entities.gazetteer import gazetteer

_TYPED = regex.compile(r"(?<!\p{L})(huyện|quận|thị xã|thành phố)\s+([\p{Lu}\d][\p{L}\d]*(?:\s+[\p{Lu}][\p{L}]*)*)")


def ascii_key(text: str) -> str:
    """Lower-case letters without marks or spaces: "Lạng Sơn" -> "langson"."""
    bare = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in bare if ch.isalnum() and not unicodedata.combining(ch))


def from_domain(domain: str | None) -> str | None:
    """The province a local newspaper's domain names ("baonghean.vn" -> Nghệ An)."""
    if not domain:
        return None
    stem = ascii_key(regex.sub(r"^(?:www\.)?(?:bao)?|\..*$", "", domain.lower()))
    for name in set(gazetteer().provinces.values()):
        if stem and stem == ascii_key(name):
            return name
    return None


def _mentions(spans: Iterable[str]) -> Counter:
    g = gazetteer()
    names = sorted(g.provinces, key=len, reverse=True)
    pattern = regex.compile(r"(?<![\p{L}])(?:" + "|".join(regex.escape(n) for n in names) + r")(?![\p{L}])")
    counts: Counter = Counter()
    for span in spans:
        hits = {g.provinces[m.group()] for m in pattern.finditer(span)}
        for typed in _TYPED.finditer(span):
            province = g.district_types.get((typed.group(1), typed.group(2)))
            if province:
                hits.add(province)
        if not hits:
            owners = g.districts.get(span.strip())
            if owners and len(owners) == 1:
                hits = set(owners)
        counts.update(hits)
    return counts


def article_province(domain: str | None, spans: Iterable[str]) -> str | None:
    """Pick the province of an article from its domain and its ORG/LOC spans."""
    by_domain = from_domain(domain)
    if by_domain:
        return by_domain
    counts = _mentions(spans)
    if not counts:
        return None
    (top, n), total = counts.most_common(1)[0], sum(counts.values())
    return top if n >= 2 and n * 2 > total else None

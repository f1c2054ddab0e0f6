"""One identity per organisation across articles: the `org_key` of every ORG mention.

An analyst who groups by organisation must see "Đảng ủy Khối", "ĐBKCCQ tỉnh" and "Đảng bộ
Khối các cơ quan tỉnh Lạng Sơn" of one article as one body, and the body of the same name in
Nghệ An as another. The key is the body the mention names, written out in full and scoped
by province: "đảng bộ khối các cơ quan tỉnh | Lạng Sơn", "đảng bộ huyện bình liêu | Quảng Ninh".
- The name: the fullest mention of the same entity in the article (short forms join the
  fuller one they begin), abbreviations written out, a committee read as its body ("Huyện
  ủy Bình Liêu" is "đảng bộ huyện bình liêu", pipeline.names), lower case.
- The province: the one the name writes ("tỉnh Lạng Sơn", or a district of the gazetteer
  after its level word, "huyện Bình Liêu"), which then leaves the name; else, for a local
  body (a name with a level word: tỉnh, huyện, xã, Khối …), the article's province; a
  central or unplaced body (Bộ Chính trị, "… trung ương", Chính phủ, a company) has none.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pipeline import rules
from pipeline.entities.candidates import Candidate
from pipeline.entities.gazetteer import gazetteer
from pipeline.names import body_key


@cache
def _words() -> dict[str, Any]:
    """The word lists of rules/organisations.yaml `org_keys`, compiled once."""
    data = rules.load("organisations")["org_keys"]
    return {"central": rules.whole_words(data["central_words"]),
            "level": rules.whole_words(data["level_words"]),
            "district": set(data["district_words"]),
            "not_province": set(data["not_province_words"])}


@cache
def _places() -> tuple[dict[str, str], dict[str, str]]:
    """Lower-case province names -> province; lower-case district names of one province -> it."""
    g = gazetteer()
    provinces = {name.lower(): province for name, province in g.provinces.items()}
    districts = {name.lower(): next(iter(owners)) for name, owners in g.districts.items()
                 if len(owners) == 1 and not name.isdigit()}
    return provinces, districts


def _scoped(name: str, article_province: str | None) -> str:
    """`name` (a body_key) with its province split off: "đảng bộ tỉnh lạng sơn" -> "đảng bộ tỉnh | Lạng Sơn"."""
    provinces, districts = _places()
    w = _words()
    words = name.split()
    for size in range(min(4, len(words) - 1), 0, -1):       # the longest place name the name ends with
        tail, before = " ".join(words[-size:]), words[-size - 1]
        if tail in provinces and before not in w["not_province"]:
            return f"{' '.join(words[:-size])} | {provinces[tail]}"
        if tail in districts and (before in w["district"] or " ".join(words[-size - 2:-size]) in w["district"]):
            return f"{name} | {districts[tail]}"
    if w["level"].search(name) and not w["central"].search(name) and article_province:
        return f"{name} | {article_province}"
    return name


def org_keys(text: str, cands: list[Candidate], ids: list[str], article_province: str | None) -> list[str | None]:
    """The org_key of every candidate (None for all but ORG), given each one's entity id."""
    fullest: dict[str, str] = {}
    for cand, ident in zip(cands, ids):
        if cand.type == "ORG":
            name = body_key(cand.attrs["canonical"])
            if len(name) > len(fullest.get(ident, "")):
                fullest[ident] = name
    return [_scoped(fullest[ident], article_province) if cand.type == "ORG" else None
            for cand, ident in zip(cands, ids)]

"""Find organisations: a head word, then qualifiers, following `rules/organisations.yaml`.

"Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh": the head "Ban Thường vụ" takes the further
head "Đảng ủy Khối" and the qualifiers "các cơ quan", "tỉnh". The first head gives the kind.
A head that needs a qualifier is not an ORG without one ("Đảng bộ" alone), and a head
after "các"/"những" is generic. A capitalised run that opens with a family name after the
name already has a qualifier is a person, not part of the body ("Bí thư Huyện ủy Bình Liêu
Mai Vũ Tuấn").
"""

from __future__ import annotations

from functools import cache
from typing import Any

import regex

from pipeline import rules
from pipeline.entities.candidates import Candidate, case_variants
from pipeline.entities.lexicon import is_word
from pipeline.entities.places import place_end

_CAP = r"[\p{Lu}\d][\p{L}\p{N}.&’'/-]*(?<![.\-/])"


def _alternation(phrases: list[str]) -> str:
    return "|".join(regex.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


@cache
def _grammar() -> dict[str, Any]:
    data = rules.load("organisations")
    places = rules.load("places")
    kind_of: dict[str, str] = {}
    standalone: set[str] = set()
    for kind, groups in data["heads"].items():
        for group, heads in groups.items():
            for head in heads:
                variants = case_variants(head) if " " in head and head not in data["case_sensitive"] else [head]
                for v in variants:
                    kind_of.setdefault(v, kind)
                    if group == "standalone":
                        standalone.add(v)
    # Writers vary the case inside multi-word heads ("Ban thường vụ", "Ủy ban kiểm tra"); the
    # first letter still decides (a lower-case first letter is a variant listed on its own).
    loose = [h for h in kind_of if " " in h and h not in data["case_sensitive"]]
    kind_of.update({h.lower(): kind_of[h] for h in loose if h.lower() not in kind_of})
    kind_of.update({h[0] + h[1:].lower(): kind_of[h] for h in loose if h[0] + h[1:].lower() not in kind_of})
    standalone |= {h[0] + h[1:].lower() for h in loose if h in standalone} | {h.lower() for h in loose if h in standalone}
    head = regex.compile(r"(?<![\p{L}\p{N}])(?:" + _alternation(list(kind_of)) + r")(?![\p{L}\p{N}])")
    admin = [w for w in places["admin_words"] if w[0].islower() and w not in ("đường", "phố", "sông", "cầu")]
    steps = {
        "term": regex.compile(r"\s+" + data["term"]),
        "dash_head": regex.compile(r"\s*[-–]\s*(?=(?:" + _alternation(list(kind_of)) + r")(?![\p{L}]))"),
        "department": regex.compile(r"\s+(?:" + _alternation(data["departments"]) + r")(?![\p{L}])"),
        "admin": regex.compile(r"\s+(?:" + _alternation(admin) + r")(?![\p{L}])"),
        "abbr_place": regex.compile(r"\s+(?:Q|H|TX|TT|TP)\.(?=\s?[\p{Lu}])"),
        "continuation": regex.compile(r"\s+(?:" + _alternation(data["continuations"]) + r")(?![\p{L}])"),
        "word": regex.compile(r"\s+(" + _CAP + r")"),
        "syllable": regex.compile(r"\s+([\p{Ll}]+)(?![\p{L}])"),
    }
    return {
        "head": head, "kind_of": kind_of, "standalone": standalone, "steps": steps,
        "generic_before": regex.compile(r"(?:^|[\s(])(?:" + _alternation(data["generic_before"]) + r")\s+$"),
        "generic_after": regex.compile(r"\s+(?:" + _alternation(data["generic_after"]) + r")(?![\p{L}])"),
        "surnames": set(rules.load("persons")["surnames"]),
        "post_before": regex.compile(r"(?:Bí thư|Chủ tịch|Ủy viên|Phó Trưởng ban|Trưởng ban)\s+$"),
        "post_heads": {"Thường trực", "thường trực", "Thường vụ", "thường vụ"},
        "closed": set(data["closed"]),
        "abbreviations": data["abbreviations"],
    }


def _next_qualifier(text: str, pos: int, qualified: bool, standalone: bool, closed: bool,
                    g: dict[str, Any]) -> int | None:
    """Where the next qualifier after `pos` ends, or None when the name stops here."""
    steps = g["steps"]
    if found := steps["term"].match(text, pos):
        return found.end()
    if closed:
        return None
    if qualified and (found := steps["dash_head"].match(text, pos)):
        return g["head"].match(text, found.end()).end()  # a parent after a dash stays inside
    if text[pos:pos + 1] == " " and (chained := g["head"].match(text, pos + 1)):
        return chained.end()
    for name in ("department", "admin", "abbr_place", "continuation"):
        found = steps[name].match(text, pos)
        if not found:
            continue
        if name in ("admin", "abbr_place"):
            return place_end(text, found.end())
        if found.group().strip() == "và" and not (
            text[max(0, pos - 4):pos] == "HĐND" or (
                (nxt := steps["word"].match(text, found.end())) and not nxt.group(1)[0].isdigit()
                and not g["head"].match(text, found.end() + 1))
        ):
            return None  # "và" joins parts of one name ("HĐND và UBND"), not two bodies
        return found.end()
    place = place_end(text, pos, known_only=True)
    if place > pos:
        return place
    word = steps["word"].match(text, pos)
    if not word:
        return None
    after = steps["word"].match(text, word.end())
    if word.group(1) in g["surnames"] and after and (qualified or standalone):
        return None  # a person's name follows the body ("Huyện ủy Bình Liêu Mai Vũ Tuấn")
    second = steps["syllable"].match(text, word.end())
    if second and is_word(word.group(1), second.group(1)):
        return second.end()  # "Dầu" + "khí", "Tuyên" + "huấn"
    return word.end()


def _extend(text: str, pos: int, standalone: bool, closed: bool, g: dict[str, Any]) -> tuple[int, bool]:
    """Extend a name from `pos` over qualifiers; also say whether any qualifier was taken."""
    qualified = False
    while (nxt := _next_qualifier(text, pos, qualified, standalone, closed, g)) is not None and nxt > pos:
        pos, qualified = nxt, True
    return pos, qualified


def extend_name(text: str, pos: int) -> int:
    """Where a name that ends at `pos` would end if it took the qualifiers that follow.

    Used for posts: "Trưởng phòng" + "Tài nguyên nước", "Giám đốc" + "Sở Tư pháp TP.HCM".
    """
    return _extend(text, pos, True, False, _grammar())[0]


def canonical_name(surface: str) -> str:
    """The surface name with its abbreviations written out (BTV -> Ban Thường vụ)."""
    abbreviations = _grammar()["abbreviations"]
    pattern = regex.compile(r"(?<![\p{L}.])(" + _alternation(list(abbreviations)) + r")(?![\p{L}])")
    return pattern.sub(lambda m: abbreviations[m.group(1)], surface)


def find_organisations(text: str) -> list[Candidate]:
    """Every organisation mention of the normalised text, with its kind and canonical name."""
    g = _grammar()
    found: list[Candidate] = []
    pos = 0
    while (m := g["head"].search(text, pos)) is not None:
        start, head = m.start(), m.group()
        end, qualified = _extend(text, m.end(), head in g["standalone"], head in g["closed"], g)
        pos = m.end()   # a rejected head is rescanned from its end ("các chi bộ Văn phòng …")
        if g["generic_before"].search(text[max(0, start - 20):start]):
            continue
        if g["post_before"].search(text[max(0, start - 20):start]) and head in g["post_heads"]:
            continue   # "Phó Bí thư Thường trực Tỉnh ủy": "Thường trực" belongs to the post
        if not qualified and g["generic_after"].match(text, m.end()):
            continue
        if head not in g["standalone"] and not qualified:
            continue
        if head in g["standalone"] and head[0].islower() and not qualified and text[max(0, start - 4):start] != "của ":
            continue
        pos = max(end, m.end())
        surface = text[start:end]
        found.append(Candidate("ORG", start, end, {"kind": g["kind_of"][head], "canonical": canonical_name(surface)}))
    return found + _abbreviations(text, found)


_ABBREVIATION = regex.compile(r"\s*\((\p{Lu}[\p{Lu}\p{N}&-]{1,9}|\p{Lu}[\p{L}]{2,12}\p{Lu}[\p{L}]*)\)")


def _abbreviations(text: str, orgs: list[Candidate]) -> list[Candidate]:
    """"Tập đoàn Dầu khí Quốc gia Việt Nam (PVN)": the abbreviation is its own ORG, and so is
    every later mention of it in the article."""
    found: list[Candidate] = []
    for org in orgs:
        m = _ABBREVIATION.match(text, org.end)
        if not m:
            continue
        abbr = m.group(1)
        for use in regex.finditer(r"(?<![\p{L}\p{N}])" + regex.escape(abbr) + r"(?![\p{L}\p{N}])", text):
            found.append(Candidate("ORG", use.start(), use.end(), {"kind": org.attrs["kind"], "canonical": abbr}))
    return found

"""Find documents (chỉ thị, nghị quyết, quy định, …) and give each its canonical id.

Numbered documents: "Chỉ thị số 05-CT/TW", "Chỉ thị 05", "Quy định 97, 98 của Ban Bí thư",
"Nghị định 155/2016/NĐ-CP". Plenum resolutions: "Nghị quyết Trung ương 4 khoá XII",
"Nghị quyết T.Ư 4 (khóa XII)". Congress resolutions, and documents with a proper name
("Điều lệ Đảng", "Luật Đất đai"). Canonical ids follow gold-format §3; a bare number takes
its symbol from a central issuer written beside it, from an earlier full mention in the
article, or from the catalogue when the article's subject makes the identity clear.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import regex

from pipeline import rules
from pipeline.entities.candidates import Candidate, case_variants
from pipeline.spans import Spans

ROMAN = {1: "I", 4: "IV", 5: "V", 9: "IX", 10: "X", 40: "XL", 50: "L", 90: "XC", 100: "C"}


def roman(value: str) -> str:
    """A term number as Roman numerals ("12" -> "XII"); Roman input is returned upper-cased."""
    if not value.isdigit():
        return value.upper()
    number, out = int(value), ""
    for step in sorted(ROMAN, reverse=True):
        while number >= step:
            out += ROMAN[step]
            number -= step
    return out


@cache
def _patterns() -> dict[str, Any]:
    data = rules.load("documents")
    word = "(?P<word>" + rules.alternation(v for k in data["kinds"] for v in case_variants(k)) + ")"
    number = r"(?P<num>\d{1,5})"
    # "-CT/TW", "-QĐ/ĐU-MTTW": the issuer part may name the body's parent after a further dash
    dash_symbol = r"(?P<dash>\s?[-–]\s?[A-ZĐ]{1,6}\s?/\s?[A-ZĐ][A-ZĐ0-9.]{0,10}(?:-[A-ZĐ][A-ZĐ0-9]{0,10})*)"
    # "/QĐ-TTg", "/2016/NĐ-CP", "/2020/QH14", "/QĐ-MTTW-BTT", "/DK": the issuer part may end in
    # lower case or a term number, run over further dashes, or be missing
    slash_symbol = (r"(?P<slash>/(?:\d{4}/)?[A-ZĐ]{1,6}(?:(?:-[A-ZĐ][A-ZĐ0-9]{0,10}[a-z]?)+|\d{1,2})?"
                    r"(?![\p{L}\d]))")
    not_law = r"(?<!(?:[Kk]ỷ|[Pp]háp|[Dd]ự|[Đđ]iều|[Bb]ộ)\s)"   # "kỷ luật 3 đảng viên" is no law
    numbered = regex.compile(
        r"(?<![\p{L}\d])" + not_law + word + r"(?:\s+số)?\s+" + number + "(?:" + dash_symbol + "|" + slash_symbol
        + r")?(?![\p{L}\d]|[.,/]\d)"
    )
    centre = r"(?:Hội nghị\s+)?(?:Trung ương|T\.Ư|TƯ|TW|BCH Trung ương)"
    term = r"(?:khóa|Khóa)\s+(?P<term>[IVXLC]+|\d{1,2})"
    plenum = regex.compile(
        r"(?<!\p{L})[Nn]gh[ịi] quyết\s+" + centre + r"\s*(?P<plenum>\d{1,2})(?!\d)"
        r"(?:\s*\(lần\s*(?P<session>\d)\))?"
        r"(?:\s*,\s*" + term + r"|\s+" + term.replace("term", "term2") + r"|\s*\(" + term.replace("term", "term3") + r"\))?"
    )
    congress = regex.compile(
        r"(?<!\p{L})[Nn]ghị quyết\s+[Đđ]ại hội(?:\s+(?:[Đđ]ảng|toàn quốc|đại biểu|bộ|[\p{Lu}][\p{L}]*|xã|huyện|tỉnh"
        r"|thành phố|quận|thị xã)){0,5}?"
        r"\s+(?:lần thứ\s+(?:[IVXLC]+|\d{1,3})|nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}|(?:khóa\s+)?[IVXLC]+|\d{1,2})(?![\p{L}\d])"
    )
    list_next = regex.compile(r"(?:\s*,\s*|\s+và\s+)(?P<num>\d{1,5})(?![\p{L}\d]|[.,/]\d)")
    # "Giấy giới thiệu số 45/TCMT-GGT và số 46/TCMT-GGT": a further symbolled number of the list
    list_symbolled = regex.compile(r"(?:\s*,\s*|\s+và\s+)(?P<item>số\s+(?P<num>\d{1,5})" + slash_symbol.replace("slash", "slash2")
                                   + ")")
    named = [(regex.compile(r"(?<!\p{L})" + not_law + n["pattern"]), n["doc_kind"]) for n in data["named"]]
    party = sorted(data["central_issuers"]["party"], key=len, reverse=True)
    government = data["central_issuers"]["government"]
    issuer = regex.compile(
        r"\s*(?:ngày\s+\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\s*)?(?:của\s+|do\s+)?(?:(?P<party>"
        + "|".join(regex.escape(i) for i in party) + r")|(?P<government>"
        + "|".join(regex.escape(i) for i in government) + r"))(?!\p{L})"
    )
    kinds = {k.lower(): v for k, v in data["kinds"].items()}
    issued = regex.compile(r"\s*,?\s*ngày\s+(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})")
    # tried right after each mention: each try reads near it (rules.Local)
    issued, list_next, list_symbolled, issuer = map(rules.Local, (issued, list_next, list_symbolled, issuer))
    return {"numbered": numbered, "issued": issued, "symbol_issuers": data["symbol_issuers"], "plenum": plenum, "congress": congress, "list_next": list_next,
            "list_symbolled": list_symbolled,
            "named": named, "issuer": issuer, "kinds": kinds, "symbols": data["symbols"]}


def _canonical_with_symbol(number: str, dash: str | None, slash: str | None) -> str:
    if slash:
        return number + rules.pattern(r"\s+").sub("", slash)
    symbol = rules.pattern(r"\s+").sub("", dash or "").lstrip("-–")
    return f"{int(number):02d}-{symbol.upper()}"


def _symbol_issuer(symbol: str | None) -> str | None:
    """The issuer a symbol names: "CT/TW" -> Trung ương, "NQ/TU" -> Tỉnh ủy, "NĐ-CP" -> Chính phủ."""
    if not symbol:
        return None
    tail = rules.pattern(r"[/-]").split(symbol)[-1].upper()
    return _patterns()["symbol_issuers"].get(tail)


def _from_issuer(text: str, end: int, kind: str, number: str) -> str | None:
    """A central issuer right after the mention supplies the symbol (§3)."""
    pats = _patterns()
    found = pats["issuer"].match(text, end)
    symbol = pats["symbols"].get(kind)
    if not found or not symbol:
        return None
    if found.group("party"):
        return f"{int(number):02d}-{symbol}/TW"
    return f"{int(number)}/{symbol}-CP"


@cache
def _catalogue() -> list[dict[str, Any]]:
    return rules.load("document_catalogue")["documents"]


def catalogue_entry(canonical: str | None, year: int | None) -> dict[str, Any] | None:
    """The catalogue entry of a canonical id; where a number was reused, the one of `year`."""
    entries = [e for e in _catalogue() if e["canonical"] == canonical]
    if len(entries) > 1:
        entries = [e for e in entries if year and e["years"][0] <= year <= e["years"][1]]
    return entries[0] if len(entries) == 1 else None


def _from_catalogue(kind: str, number: str, text: str) -> str | None:
    """A bare central number whose catalogue subject the article names ("Chỉ thị 05" + Hồ Chí Minh)."""
    symbol = _patterns()["symbols"].get(kind)
    if not symbol:
        return None
    wanted = f"{int(number):02d}-{symbol}/TW"
    for entry in _catalogue():
        if entry["canonical"] == wanted and any(word in text for word in entry.get("context", [])):
            return wanted
    return None


def find_documents(text: str, year: int | None = None) -> list[Candidate]:
    """Every document mention of the normalised text, with doc_kind and canonical."""
    pats = _patterns()
    found: list[Candidate] = []
    taken = Spans()

    def free(start: int, end: int) -> bool:
        return not taken.overlaps(start, end)

    def add(start: int, end: int, kind: str, canonical: str | None, key: tuple | None = None,
            **parsed: Any) -> None:
        attrs = {"doc_kind": kind, "canonical": canonical, "key": key, **parsed}
        if (date := pats["issued"].match(text, end)) is not None:
            try:
                attrs["issued"] = dt.date(int(date.group(3)), int(date.group(2)), int(date.group(1)))
            except ValueError:
                pass   # "ngày 31/2/2017" names no day: leave it out rather than guess
        found.append(Candidate("DOC", start, end, attrs))
        taken.add(start, end)

    for m in pats["plenum"].finditer(text):
        term = m.group("term") or m.group("term2") or m.group("term3")
        session = f".{m.group('session')}" if m.group("session") else ""
        plenum = f"{int(m.group('plenum'))}{session}"
        canonical = f"NQ-TW{plenum}-{roman(term)}" if term else None
        add(m.start(), m.end(), "nghi_quyet", canonical, ("plenum", plenum), plenum=plenum,
            term=roman(term) if term else None, issuer="Ban Chấp hành Trung ương")
    for m in pats["congress"].finditer(text):
        if free(*m.span()):
            add(m.start(), m.end(), "nghi_quyet", None)
    for pattern, kind in pats["named"]:
        for m in pattern.finditer(text):
            if free(*m.span()):
                add(m.start(), m.end(), kind, None)
    for m in pats["numbered"].finditer(text):
        if not free(*m.span()):
            continue
        kind = pats["kinds"][m.group("word").lower()]
        numbers = [(m.start(), m.end(), m.group("num"), m.group("dash"), m.group("slash"))]
        tail = m.end()
        if not (m.group("dash") or m.group("slash")):
            while (nxt := pats["list_next"].match(text, tail)) is not None:
                numbers.append((nxt.start("num"), nxt.end("num"), nxt.group("num"), None, None))
                tail = nxt.end()
        elif m.group("slash"):
            while (nxt := pats["list_symbolled"].match(text, tail)) is not None:
                numbers.append((nxt.start("item"), nxt.end("item"), nxt.group("num"), None, nxt.group("slash2")))
                tail = nxt.end()
        for start, end, number, dash, slash in numbers:
            canonical = (_canonical_with_symbol(number, dash, slash) if (dash or slash)
                         else _from_issuer(text, tail, kind, number))
            symbol = rules.pattern(r"\s+").sub("", dash or slash or "").lstrip("-–/") or None
            add(start, end, kind, canonical, ("numbered", kind, int(number)), number=number, symbol=symbol,
                issuer=_symbol_issuer(symbol))
    linked = _link_short_mentions(sorted(found, key=lambda c: c.start), text)
    for cand in linked:
        entry = catalogue_entry(cand.attrs["canonical"], year)
        if entry:
            cand.attrs["official_title"] = entry["title"]
            cand.attrs["official_date"] = dt.date.fromisoformat(str(entry["date"]))
    return linked


def _link_short_mentions(found: list[Candidate], text: str) -> list[Candidate]:
    """A later short mention takes the canonical of an earlier one that gives it (§3)."""
    known: dict[tuple, str] = {}
    for cand in found:
        key, canonical = cand.attrs.pop("key"), cand.attrs["canonical"]
        if key is None:
            continue
        if canonical:
            known.setdefault(key, canonical)
        elif key in known:
            cand.attrs["canonical"] = known[key]
        elif key[0] == "numbered":
            cand.attrs["canonical"] = _from_catalogue(key[1], str(key[2]), text)
    return found

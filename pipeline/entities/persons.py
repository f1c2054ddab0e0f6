"""Find persons and the post written beside each name (gold-format §3, PER `role`).

A name is a capitalised run after a cue ("đồng chí", "ông", "GS", a rank), or a run of two
to five capitalised syllables opening with a family name. Cues and ranks are not part of
the name. The role is the post in apposition: after the name ("Mai Vũ Tuấn, Bí thư Huyện
ủy Bình Liêu, khẳng định"; several posts joined by commas) or right before it ("Phó Chủ
tịch UBND tỉnh Nguyễn Văn Bình"); a post runs to the end of the organisation that follows
its title word.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import regex

from pipeline import rules
from pipeline.rules import alternation
from pipeline.entities.candidates import Candidate, case_variants
from pipeline.entities.gazetteer import gazetteer
from pipeline.entities.lexicon import is_word
from pipeline.entities.organisations import extend_name

_SYLLABLE = r"[\p{Lu}][\p{Ll}’']+"
_INITIAL = r"[\p{Lu}]\."


@cache
def _grammar() -> dict[str, Any]:
    data = rules.load("persons")
    cues = [v for c in data["cues"] for v in case_variants(c)]
    name = (r"(?:(?:" + _INITIAL + r" ?)?" + _SYLLABLE + r"(?: " + _SYLLABLE + r"){0,4}(?: " + _INITIAL + r")?|"
            + _INITIAL + ")")
    return {
        "cued": regex.compile(r"(?<![\p{L}])(?:" + alternation(cues) + r")\s*:?\s+(?P<name>" + name + r")"),
        "surname": regex.compile(r"(?<![\p{L}\p{N}])(?P<name>(?:" + alternation(data["surnames"]) + r")(?: " + _SYLLABLE + r"){1,4}(?: " + _INITIAL + r")?)(?![\p{L}])"),
        "list_next": regex.compile(r"\s*(?:,|và)\s*(?P<name>" + name + r")(?=\s*[,.;]|\s+và\s)"),
        # matched against the lower-cased text (`caseless`): the regex module's (?i) made
        # this scan three times slower, and it runs before every name and entity
        "post": regex.compile(r"(?:(?:nguyên|quyền)\s+)?(?:phó\s+)?(?:"
                              + alternation([p.lower() for p in data["posts"]]) + r")(?![\p{L}])"),
        "cue_alternation": alternation(cues),
        "surnames": set(data["surnames"]),
        "not_name": set(data["not_name_syllables"]),
        "cue_words": {c.split()[0] for c in data["cues"]} | {c.split()[0].capitalize() for c in data["cues"]},
        "credit_before": regex.compile(data["credit_before"]),
        "person_places": set(rules.load("places").get("bare_name_exceptions", [])),
        "starts_badly": regex.compile(r"(?:(?i:" + alternation(data["posts"]) + r")|" + alternation(cues)
                                      + r")(?![\p{L}])"),
    }


def caseless(text: str) -> str:
    """`text` in lower case, character for character, so that offsets hold in both."""
    lowered = text.lower()
    if len(lowered) == len(text):   # no character grew, so each maps to one
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _post_end(text: str, lowered: str, start: int, orgs: list[Candidate], limit: int | None = None) -> int | None:
    """If a post opens at `start`, where it ends: its title, then the body it belongs to.

    The body is the ORG that follows the title, or else the qualifiers that follow it
    ("Trưởng phòng Tài nguyên nước"); nothing runs past `limit` (the name, for a post
    written before it). `lowered` is `caseless(text)`.
    """
    post = _grammar()["post"].match(lowered, start)
    if not post or (limit is not None and post.end() > limit):
        return None
    end = post.end()
    org = next((o for o in orgs if start < o.start <= end + 1 and o.end > end), None)
    if org is not None:
        end = org.end
    elif text[end:end + 1] == " ":
        end = extend_name(text, end)
    return post.end() if limit is not None and end > limit else end


def ends_with_post(text: str) -> bool:
    """Whether `text` ends with a post title ("… Bí thư "), so what follows is someone's post."""
    return any(m.end() >= len(text.rstrip()) for m in _grammar()["post"].finditer(caseless(text)))


def _role_after(text: str, lowered: str, end: int, orgs: list[Candidate]) -> str | None:
    """Posts in apposition after a name: ", Bí thư Huyện ủy X, Chủ tịch Y" or " - Bộ trưởng Z"."""
    sep = rules.pattern(r"\s*(?:,|–|-|\()\s*").match(text[end:end + 20])
    if not sep:
        return None
    start = pos = end + sep.end()
    last = None
    while (post_end := _post_end(text, lowered, pos, orgs)) is not None:
        last = post_end
        more = rules.pattern(r"\s*(?:,|và|;)\s*").match(text[post_end:post_end + 20])
        if not more:
            break
        pos = post_end + more.end()
    return text[start:last].rstrip(" ,;") if last else None


def _role_before(text: str, lowered: str, start: int, orgs: list[Candidate]) -> str | None:
    """Posts written right before the name: "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Quảng Bình X"."""
    g = _grammar()
    head = start
    cue = rules.pattern(r"(?:(?:" + g["cue_alternation"] + r")\s+)+$").search(text[max(0, start - 40):start])
    if cue:
        head = start - len(cue.group())
    first = None
    limit = head
    while True:
        found = None
        for post in g["post"].finditer(lowered, max(0, limit - 150), limit):
            end = _post_end(text, lowered, post.start(), orgs, limit=limit)
            if end is not None and text[end:limit].strip() == "":
                found = post.start()
                break
        if found is None:
            break
        first = found
        comma = rules.pattern(r",\s*$").search(text[max(0, found - 3):found])
        if not comma:
            break
        limit = found - len(comma.group())
    return text[first:head].strip(" ,") if first is not None else None


def _trim(text: str, start: int, end: int) -> int:
    """Cut syllables off the end of a name run that begin the next word or sentence.

    "Đỗ Kim Hội Với những …": "Với" opens the next phrase; "Nông Lâm sản": "Lâm" is the first
    syllable of "lâm sản" (not tried on three-syllable runs, the common full name, where the
    word list would cut too often). Returns the new end.
    """
    g = _grammar()
    while True:
        words = text[start:end].split(" ")
        if len(words) < 2:
            return end
        last = words[-1]
        follower = rules.pattern(r" ([\p{Ll}]+)").match(text[end:end + 20])
        by_word = follower and is_word(last, follower.group(1)) and len(words) != 3
        if last in g["not_name"] or by_word:
            end -= len(last) + 1
            continue
        return end


def _plausible(text: str, start: int, end: int, cued: bool) -> bool:
    """A name neither a place, a word, a post, nor a photo credit."""
    g = _grammar()
    name = text[start:end]
    words = name.split(" ")
    if g["starts_badly"].match(name) or words[0] in g["not_name"] or words[0] in g["cue_words"]:
        return False
    places = gazetteer()
    if not cued and (len(words) < 2 or (name in places.provinces or name in places.districts)
                     and name not in g["person_places"]):
        return False
    if len(words) == 2 and is_word(*words):
        return False   # "Đinh Dậu", "Thông tin": a word, not a name
    before = text[max(0, start - 12):start]
    return not (g["credit_before"].search(before) or text[end:end + 1] == "/")


def find_persons(text: str, orgs: list[Candidate], places: list[Candidate] = ()) -> list[Candidate]:
    """Every person mention, with the role written beside it (None when there is none).

    No person starts inside an organisation, nor after the first word of a place ("thị xã Tây
    Ninh Trần Văn Hùng": "Ninh" closes the place, the person is "Trần Văn Hùng").
    """
    g = _grammar()
    lowered = caseless(text)
    found: dict[tuple[int, int], Candidate] = {}
    in_org = {pos for o in orgs for pos in range(o.start, o.end)}   # positions, for O(1) tests
    in_org.update(pos for p in places for pos in range(p.start + 1, p.end))
    in_person: set[int] = set()

    def add(start: int, end: int, cued: bool) -> None:
        end = _trim(text, start, end)
        if not _plausible(text, start, end, cued):
            return
        if start in in_org or (start, end) in found:
            return
        role = _role_after(text, lowered, end, orgs) or _role_before(text, lowered, start, orgs)
        found[(start, end)] = Candidate("PER", start, end, {"role": role})
        in_person.update(range(start, end))

    for m in g["cued"].finditer(text):
        add(m.start("name"), m.end("name"), True)
        pos = m.end("name")
        role = _role_after(text, lowered, pos, orgs)
        if role:
            pos = text.index(role, pos) + len(role)
        while (nxt := g["list_next"].match(text, pos)) is not None:
            add(nxt.start("name"), nxt.end("name"), True)
            pos = nxt.end("name")
            role = _role_after(text, lowered, pos, orgs)
            if role:
                pos = text.index(role, pos) + len(role)
    for m in g["surname"].finditer(text, overlapped=True):   # "Hà Nội Nguyễn Đức Chung": retry inside
        if m.start("name") not in in_person:
            add(m.start("name"), m.end("name"), False)
    return list(found.values())

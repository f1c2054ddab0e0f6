"""Find places: an administrative word with its name ("huyện Bình Liêu", "xã Quang Sơn",
"phường 12"), a province, district or foreign place named alone ("Hà Nội", "Nga").

Bare names are matched with an Aho-Corasick automaton over the gazetteer (hundreds of
names: one regex alternation would be about 100× slower), then kept only where they stand
as a whole capitalised run, so "Hà" in "Hà Nội" or a district inside a longer name is not
matched on its own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import ahocorasick
import regex

from pipeline import rules
from pipeline.boundaries import opens_sentence
from pipeline.entities.candidates import Candidate
from pipeline.entities.gazetteer import gazetteer

_CAP = r"[\p{Lu}\d][\p{L}\p{N}’'-]*"


@cache
def _grammar() -> dict[str, Any]:
    places = rules.load("places")
    g = gazetteer()
    automaton = ahocorasick.Automaton()
    names = set(g.provinces) | {d for d in g.districts if not d.isdigit()} | set(places["foreign"])
    names -= set(places.get("bare_name_exceptions", []))
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    admin = regex.compile(r"(?<![\p{L}\p{N}])(?P<plural>(?:các|những)\s+)?(?P<word>"
                          + rules.alternation(places["admin_words"] + places["capitalised_admin_words"])
                          + r")(?=\s+[\p{Lu}\d])")
    # "Q.Tân Phú", "P.15", "Q.10", "TP Hải Phòng": a district, ward or city written short, by
    # name or number; after a space only a name of the gazetteer ("TP Anh hùng" is no city)
    abbreviated = regex.compile(r"(?<![\p{L}\p{N}])(?:(?:Q|H|TX|TT|TP|P)\.|TP(?=\s))(?P<space>\s?)(?=[\p{Lu}][\p{Ll}]|\d)")
    return {"automaton": automaton, "admin": admin, "abbreviated": abbreviated,
            "person_named": set(places["person_named"]), "admin_not_after": places["admin_not_after"],
            "foreign_not_after": set(places["foreign_not_after"]), "foreign": set(places["foreign"]),
            "also_words": set(places["foreign_also_words"])}


# No place name runs over this many capitalised words ("Thành phố Hồ Chí Minh" has five): a
# longer run is read no further, so a page of capitalised words costs linear time, not quadratic.
_LONGEST_NAME = 8
_RUN_WORD = regex.compile(r"(?:[^\S\n]+|(?<=\.))(?:-[^\S\n]+)?(" + _CAP + ")")   # never over a line break


def is_place_name(name: str) -> bool:
    """Whether `name` is a province, district or foreign place of the gazetteer ("Hội An")."""
    g = gazetteer()
    return name in g.provinces or name in g.districts or name in _grammar()["foreign"]


def place_end(text: str, pos: int, known_only: bool = False, person_named: bool = False) -> int:
    """End of the place name that starts after `pos` (an administrative word's end), or `pos`.

    The name is the capitalised run that follows. A family name inside the run that opens a
    name of its own starts a person ("UBND tỉnh Hà Nội Nguyễn Đức Chung"), and a run of three
    syllables or more that opens with one is a person ("UBND tỉnh Nguyễn Văn Bình") unless
    the place is named after a person (`person_named`: a street, a bridge). With
    `known_only`, only the longest province or district of the gazetteer at `pos` counts.
    """
    g = gazetteer()
    words: list[tuple[str, int]] = []
    end = pos
    while len(words) < _LONGEST_NAME and (word := _RUN_WORD.match(text, end)) is not None:
        words.append((word.group(1), word.end()))
        end = word.end()
    if not words:
        return pos
    if person_named and not known_only:
        return words[-1][1]
    known = next((count for count in range(len(words), 0, -1)
                  if (name := text[pos:words[count - 1][1]].strip()) in g.provinces or name in g.districts), 0)
    if known_only:
        return words[known - 1][1] if known else pos
    surnames = _surnames()
    if known and (known == len(words) or words[known][0] in surnames):
        return words[known - 1][1]   # "thị xã Tây Ninh Trần Văn Hùng": "Ninh" is no surname here
    name = text[pos:words[-1][1]].strip()
    if words[0][0] in surnames and len(words) >= 3 and name not in g.provinces and name not in g.districts:
        return pos
    for index in range(1, len(words) - 1):
        if words[index][0] in surnames:
            return words[index - 1][1]
    return words[-1][1]


@cache
def _surnames() -> set[str]:
    return set(rules.load("persons")["surnames"])


def _whole_run(text: str, start: int, end: int) -> bool:
    """The match is a whole capitalised run: no capitalised word glued before or after it."""
    before = rules.pattern(r"(\S+)\s*$").search(text[max(0, start - 30):start])
    after = rules.pattern(r"\s*(\S+)").match(text[end:end + 30])
    if start > 0 and text[start - 1].isalnum() or end < len(text) and text[end].isalnum():
        return False
    if before and before.group(1)[0].isupper() and not before.group(1)[-1] in ",.;:)”\"":
        return False
    return not (after and after.group(1)[0].isupper() and text[end:end + 1] == " ")


def find_places(text: str) -> list[Candidate]:
    """Every place mention of the normalised text (overlaps are settled by the stage)."""
    g = _grammar()
    found = []
    for m in g["admin"].finditer(text):
        word = m.group("word")
        previous = rules.pattern(r"(\S+)\s+$").search(text[max(0, m.start("word") - 20):m.start("word")])
        if previous and previous.group(1).lower() in g["admin_not_after"].get(word, []):
            continue   # "yêu cầu Công ty": no bridge
        end = place_end(text, m.end(), person_named=word in g["person_named"])
        name = text[m.end():end].strip()
        if end == m.end() or (name.isupper() and len(name) > 1 and not name.isdigit()):
            continue   # nothing named, or an abbreviation ("thôn NTM")
        if m.group("plural"):
            # "các xã Xuân Dục, Bạch Sam": a plural word names no place; the names do.
            found.append(Candidate("LOC", end - len(name), end))
            pos = end
            while (nxt := rules.pattern(r"\s*(?:,|và)\s*").match(text[pos:pos + 20])) and (
                    after := place_end(text, pos + nxt.end() - 1)) > pos + nxt.end():
                found.append(Candidate("LOC", pos + nxt.end(), after))
                pos = after
            continue
        found.append(Candidate("LOC", m.start("word"), end))
    for m in g["abbreviated"].finditer(text):
        end = place_end(text, m.end() - len(m.group("space")))
        known = text[m.end():end].strip()
        if end > m.end() and (not m.group("space") or known in gazetteer().provinces or known in gazetteer().districts):
            found.append(Candidate("LOC", m.start(), end))
    for end_index, name in g["automaton"].iter(text):
        start, end = end_index - len(name) + 1, end_index + 1
        previous = rules.pattern(r"(\S+)\s+$").search(text[max(0, start - 12):start])
        if name in g["foreign"] and previous and previous.group(1).lower() in g["foreign_not_after"]:
            continue   # "tiếng Anh", "ông Đức"
        if name in g["also_words"] and opens_sentence(text, start):
            continue   # "Anh cho biết", "Áo gối …": the word, not the country
        if _whole_run(text, start, end):
            found.append(Candidate("LOC", start, end))
    return found

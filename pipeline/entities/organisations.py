"""Find organisations: a head word, then qualifiers, following `rules/organisations.yaml`.

"Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh": the head "Ban Thường vụ" takes the further
head "Đảng ủy Khối" and the qualifiers "các cơ quan", "tỉnh". The first head gives the kind.
A head that needs a qualifier is not an ORG without one ("Đảng bộ" alone), and a head
after "các"/"những" is generic. A capitalised run that opens with a family name after a
complete name is a person, not part of the body ("Bí thư Huyện ủy Bình Liêu Mai Vũ Tuấn").
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick
import regex

from pipeline import rules
from pipeline.rules import alternation
from pipeline.entities.candidates import Candidate, case_variants, occurrences
from pipeline.entities.lexicon import is_word
from pipeline.entities.places import is_place_name, place_end

_CAP = r"[\p{Lu}\d][\p{L}\p{N}.&’'/-]*(?<![.\-/])"


def _key(head: str) -> str:
    """Heads compare on their first letter as written and the rest in any case."""
    return head[0] + head[1:].lower()


@dataclass(frozen=True)
class Head:
    kind: str
    standalone: bool
    closed: bool
    descriptive: bool = False   # written capitalised, may run on in lower case (see `_descriptive_run`)


def _automaton(names: list[str]) -> ahocorasick.Automaton:
    """Every head in lower case, for finding where heads may begin in one pass.

    Trying the long alternation of heads at every character was the stage's hottest loop;
    the automaton proposes the few positions worth trying.
    """
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name.lower(), len(name))
    automaton.make_automaton()
    return automaton


def _head_starts(text: str, g: dict[str, Any]) -> list[int]:
    """Sorted positions where a head may begin (the pattern still decides)."""
    lowered = text.lower()
    if len(lowered) != len(text):   # a letter whose lower case is longer: try everywhere
        return list(range(len(text)))
    return sorted({end - length + 1 for end, length in g["head_starts"].iter(lowered)})


def _next_head(text: str, starts: list[int], pos: int, g: dict[str, Any]) -> regex.Match | None:
    for start in starts[bisect_left(starts, pos):]:
        if m := g["head"].match(text, start):
            return m
    return None


def _first_as_written(names: list[str]) -> str:
    """Names, longest first, with the first letter as written and the rest in any case:
    "T(?i:ổng Liên đoàn|ỉnh ủy)". Grouped by first letter, as `rules.alternation` does, so a
    position is rejected on one character."""
    groups: dict[str, list[str]] = {}
    for name in sorted(set(names), key=len, reverse=True):
        groups.setdefault(name[0], []).append(name[1:])
    return "|".join(regex.escape(first) + "(?i:" + "|".join(regex.escape(rest) for rest in rests) + ")"
                    for first, rests in groups.items())


@cache
def _grammar() -> dict[str, Any]:
    data = rules.load("organisations")
    places = rules.load("places")
    heads: dict[str, Head] = {}
    exact: list[str] = []
    loose: list[str] = []
    for kind, groups in data["heads"].items():
        for group, names in groups.items():
            for name in names:
                multiword = " " in name and name not in data["case_sensitive"]
                for variant in case_variants(name) if multiword else [name]:
                    key = _key(variant) if multiword else variant
                    heads.setdefault(key, Head(kind, group == "standalone", name in data["closed"],
                                               variant in data["descriptive_run"]["heads"]))
                    (loose if multiword else exact).append(variant)
    # Writers vary the case inside multi-word heads ("Ban thường vụ", "Hội đồng Thành viên"):
    # the first letter is matched as written, the rest in any case.
    pattern = _first_as_written(loose) + "|" + alternation(exact)
    departments = "(?:" + _first_as_written(data["departments"]) + r")(?![\p{L}])"
    units = data["lowercase_units"]
    admin = [w for w in places["admin_words"] if w[0].islower() and w not in ("đường", "phố", "sông", "cầu")]
    grammar = {
        "head": regex.compile(r"(?<![\p{L}\p{N}])(?:" + pattern + r")(?![\p{L}\p{N}])"),
        "head_starts": _automaton(loose + exact),
        "unit": regex.compile(r"(?<![\p{L}\p{N}])(?P<unit>" + alternation(list(units)) + r")(?=\s+" + departments + ")"),
        "units": units,
        "lowercase_bodies": {_key(name) for name in data["lowercase_bodies"]},
        # "các tỉnh ủy, thành ủy", "cấp ủy, ban thường vụ": members of a plural list; "tỉnh ủy viên": a post
        "plural_list": regex.compile(r"(?:" + alternation(data["generic_before"] + ["cấp ủy"]) + r")\s+[\p{Ll}\s]{2,20}"
                                     r"(?:,\s*[\p{Ll}\s]{2,20})*,\s*$"),
        "member_after": regex.compile(r"\s+(?:viên|các cấp|cấp dưới)(?!\p{L})"),
        "heads": heads,
        "term": regex.compile(r"\s+" + data["term"]),
        "dash": regex.compile(r"\s*[-–]\s*"),
        "verb_head": regex.compile(r"(?:" + alternation(data["verb_heads"]) + r")(?!\p{L})"),
        "and": regex.compile(r"[^\S\n]+và(?=[^\S\n])"),
        "department": regex.compile(r"\s+" + departments),
        "admin": regex.compile(r"\s+(?:" + alternation(admin) + r")(?![\p{L}])"),
        "abroad": regex.compile(r"\s+tại\s+(?:(?P<admin>thành phố|tỉnh|bang)(?![\p{L}])|"
                                + alternation(sorted(places["foreign"])) + r"(?![\p{L}]))"),
        "country": regex.compile(r"\s+(?:" + alternation(sorted(places["foreign"])) + r")(?![\p{L}])"),
        "this_place": regex.compile(r"\s+này(?!\p{L})"),
        "dashed_field": regex.compile(r"(\p{L}+)\s+(\p{Ll}+)(?![\p{L}])"),
        "post_at": regex.compile(r"(?i:" + alternation(rules.load("persons")["posts"]) + r")(?![\p{L}])"),
        "abbr_place": regex.compile(r"\s+(?:Q|H|TX|TT|TP)\.(?=\s?[\p{Lu}])"),
        "continuation": regex.compile(r"\s+(?:" + alternation(data["continuations"]) + r")(?![\p{L}])"),
        # a name never runs over a line break: the next line is a caption, a paragraph, a headline's lead
        "word": regex.compile(r"[^\S\n]+(" + _CAP + r")"),
        "syllable": regex.compile(r"[^\S\n]+([\p{Ll}]+)(?![\p{L}])"),
        "not_second": set(data["not_second_syllable"]),
        "generic_before": regex.compile(r"(?:^|[\s(])(?:" + alternation(data["generic_before"]) + r")\s+$"),
        "centre": set(data["centre"]),
        "centre_after": regex.compile(r"(?:^|\s)(?:" + alternation(data["centre_after"]) + r")\s+$"),
        "needs_body": set(data["needs_body"]),
        "generic_after": regex.compile(r"\s+(?:" + alternation(data["generic_after"]) + r")(?![\p{L}])"),
        "agencies": set(data["agencies"]),
        "surnames": set(rules.load("persons")["surnames"]),
        # the post titles of rules/persons.yaml: "Phó Bí thư Thường trực Tỉnh ủy" is a post
        "post_before": regex.compile(r"(?i:" + alternation(rules.load("persons")["posts"]) + r")\s+$"),
        "post_heads": {"Thường trực", "Thường vụ", "thường trực", "thường vụ"},
        "abbreviations": data["abbreviations"],
        "kind_from_next": set(data["kind_from_next"]),
        "field_heads": set(data["field_heads"]),
        "field": regex.compile(r"\s+(\p{Lu}\p{Ll}*)\s+(\p{L}+)"),
        "counted_after": regex.compile(r"\s+(?i:" + alternation(data["counted_after_number"]) + r")(?!\p{L})"),
        "centre_before": regex.compile(r"(?<!\p{L})(?:" + alternation(data["centre"]) + r")$"),
        # how far back a centre word ending at a position can begin (and "$" before a last "\n")
        "centre_reach": max(map(len, data["centre"])) + 1,
        "roman": regex.compile(r"[IVXLC]+"),
        # the one word of a name after which a lower-case run may follow ("Công ty cổ phần …")
        "first_word": regex.compile(r"\s+(?:\p{Lu}\p{Ll}*(?:\s+\p{Ll}+)?|cổ phần|trách nhiệm hữu hạn|TNHH)"),
        "run_stops": set(data["descriptive_run"]["stops"]) | set(data["not_second_syllable"]),
        "run_admin": regex.compile(r"\s+(?:" + alternation(admin) + r")\s+[\p{Lu}\d]"),
        "run_length": data["descriptive_run"]["longest"],
    }
    # names are extended by trying these at every word of a name: each try reads near its position
    return {key: rules.Local(value) if isinstance(value, regex.Pattern) else value for key, value in grammar.items()}


def _head_at(text: str, pos: int, g: dict[str, Any]) -> regex.Match | None:
    return g["head"].match(text, pos) or g["unit"].match(text, pos)


def _word(text: str, pos: int, complete: bool, g: dict[str, Any]) -> int | None:
    """A capitalised word of the name (with its lower-case second syllable), or None.

    After a complete name, a family name that opens a name of its own is a person.
    """
    word = g["word"].match(text, pos)
    if not word:
        return None
    if complete and word.group(1) in g["surnames"] and g["word"].match(text, word.end()):
        return None
    if word.group(1).isdigit() and (g["counted_after"].match(text, word.end())
                                    or g["centre_before"].search(text, max(0, pos - g["centre_reach"]), pos)):
        return None     # "Hội ND 14 tỉnh" counts, "chi bộ 5 tốt" is a model, "Trung ương 4" a plenum
    second = g["syllable"].match(text, word.end())
    if second and second.group(1) not in g["not_second"]:
        third = g["syllable"].match(text, second.end())
        if third and is_word(word.group(1), second.group(1), third.group(1)):
            return third.end()                 # "Viện Lưu học sinh"
        if is_word(word.group(1), second.group(1)) and not (third and is_word(second.group(1), third.group(1))):
            return second.end()                # not "Thơ báo cáo": "báo" goes right
    return word.end()


def _next(text: str, pos: int, strong: bool, head: Head, g: dict[str, Any],
          taken: int = 0) -> tuple[int, bool] | None:
    """The end of the next qualifier after `pos`, and whether it names (not just describes).

    `taken`: how many words of the name follow its head (0 or 1 where a lower-case
    descriptive run may follow; more otherwise).
    """
    if found := g["term"].match(text, pos):
        return found.end(), True
    if head.closed:
        abroad = g["country"].match(text, pos)
        return (abroad.end(), True) if abroad else None    # "Chính phủ Nhật Bản"
    if (inner := _ABBREVIATION.match(text, pos)) and text[inner.end():inner.end() + 1] == " " \
            and (rest := _next(text, inner.end(), strong, head, g, 2)) is not None and rest[1]:
        return rest[0], True          # "Ủy ban Kiểm tra (UBKT) Thành ủy Đà Nẵng": the name goes on
    if strong and (dash := g["dash"].match(text, pos)) and (parent := g["head"].match(text, dash.end())):
        return parent.end(), True          # a parent after a dash stays inside
    if strong and (field := _dashed_field(text, pos, g)):
        return field, True
    if text[pos:pos + 1] == " " and not g["verb_head"].match(text, pos + 1) and (chained := _head_at(text, pos + 1, g)):
        return chained.end(), True         # "Ban Tổ chức Huyện ủy", not "Thanh tra Chính phủ thanh tra"
    if found := g["department"].match(text, pos):
        return found.end(), True
    if strong and (joined := _conjoined_fields(text, pos, g)):
        return joined, True
    if found := g["admin"].match(text, pos) or g["abbr_place"].match(text, pos):
        if this := g["this_place"].match(text, found.end()):
            return this.end(), True                  # "Sở Y tế tỉnh này": the province just named
        return place_end(text, found.end()), True   # "tỉnh", "UBND tỉnh Hà Tĩnh", "Q.Tân Phú"
    if (found := g["continuation"].match(text, pos)) is not None:
        return found.end(), False
    if text.endswith("Việt Nam", 0, pos) and (abroad := g["abroad"].match(text, pos)):
        end = place_end(text, abroad.end()) if abroad.group("admin") else abroad.end()
        return end, True   # "Đại sứ quán Việt Nam tại Malaysia", "Hội Sinh viên Việt Nam tại thành phố Vũ Hán"
    if (conj := rules.pattern(r"\s+và(?=\s+UBND)").match(text[pos:pos + 20])) and text[max(0, pos - 4):pos] == "HĐND":
        return pos + conj.end(), True      # "Văn phòng HĐND và UBND huyện"
    if (place := place_end(text, pos, known_only=True)) > pos:
        return place, True
    if taken < 2 and head.descriptive and (run := _descriptive_run(text, pos, taken == 0, g)) is not None:
        return run
    end = _word(text, pos, strong or head.standalone, g)
    return (end, True) if end is not None else None


def _dashed_field(text: str, pos: int, g: dict[str, Any]) -> int | None:
    """ "Sở Tài nguyên - môi trường", "Ban Tư tưởng - Văn hóa", "Vụ Kế hoạch-Đầu tư": a second
    field joined by a dash is part of the name; a place after a dash is not ("Đảng bộ quận 5 -
    TPHCM"), nor a post ("Công ty An Phú - Giám đốc …")."""
    dash = g["dash"].match(text, pos)
    field = dash and g["dashed_field"].match(text, dash.end())
    if not field or not is_word(field.group(1), field.group(2)):
        return None
    if place_end(text, dash.end() - 1, known_only=True) > dash.end() - 1 or g["post_at"].match(text, dash.end()):
        return None
    return field.end()


def _conjoined_fields(text: str, pos: int, g: dict[str, Any]) -> int | None:
    """ "Bộ Văn hóa, Thể thao và Du lịch", "Sở Khoa học, Công nghệ và Môi trường", "Công ty TNHH
    Đầu tư và Thương mại Điện Quang": fields of work joined by commas and a closing "và" stay in
    the name. Fields are words of the lexicon (two or three syllables), so that a second body,
    a place, a person or a brand after "và" ("Tập đoàn FLC và FLC Faros", "Tây Ban Nha và Ý",
    "Chủ tịch …") is the sentence's next item, not a field."""
    if not (text.startswith(",", pos) or g["and"].match(text, pos)) or text[pos - 1:pos] == ")":
        return None     # most names go on with neither: ask nothing more of them
    last = _LAST_TWO.search(text, max(0, pos - 30), pos)
    if not last or not is_word(last.group(1), last.group(2)):
        return None
    end = pos
    while text.startswith(",", end) and (field := _field(text, end + 1, g)):
        end = field
    conj = g["and"].match(text, end)
    return _field(text, conj.end(), g) if conj else None


def _field(text: str, pos: int, g: dict[str, Any]) -> int | None:
    """The end of a capitalised field of work at `pos` (after its space): a word of the lexicon
    of two or three syllables, not another body's head, a post or a place."""
    word = g["word"].match(text, pos)
    if not word or _head_at(text, word.start(1), g) or g["post_at"].match(text, word.start(1)) \
            or place_end(text, pos, known_only=True) > pos:
        return None
    end = _word(text, pos, False, g)
    syllables = text[word.start(1):end].split() if end else []
    return end if len(syllables) in (2, 3) and is_word(*syllables) else None


def _descriptive_run(text: str, pos: int, after_head: bool, g: dict[str, Any]) -> tuple[int, bool] | None:
    """Lower-case words of a name that capitalises only its first word, as older papers and
    company registers write them: "Công ty lương thực Hà Nội", "Công ty Cổ phần bóng đèn Điện
    Quang", "Sở Giao thông công chính TP HCM", "Công ty Thiết kế và xây dựng dầu khí (PVECC)".

    The run belongs to the name only when what closes it names the body: a place, an
    administrative word with its place, a capitalised word that is neither another body nor
    a person, or a bracketed abbreviation. A run holding a function word or a verb of
    reporting ("Sở Y tế cho biết Hà Nội …") is the sentence going on, not the name.
    """
    words: list[str] = []
    end = pos
    before = regex.search(r"(\p{L}+)$", text[max(0, pos - 12):pos]) if after_head else None
    while (syllable := g["syllable"].match(text, end)) and not g["run_admin"].match(text, end):
        words.append(syllable.group(1))
        end = syllable.end()
    if not words or len(words) > g["run_length"] or (before and is_word(before.group(1), words[0])):
        return None         # "Báo cáo": the head was the first half of a word
    if any((word in g["run_stops"] and not (word == "và" and i < len(words) - 1))
           or " ".join(words[i:i + 2]) in g["run_stops"] for i, word in enumerate(words)):
        return None         # "và" only between the words of one name ("Thiết kế và xây dựng dầu khí")
    if _ABBREVIATION.match(text, end):
        return end, True
    if g["run_admin"].match(text, end) or place_end(text, end, known_only=True) > end:
        return end, False
    word = g["word"].match(text, end)
    if not word or not word.group(1)[0].isalpha() or g["roman"].fullmatch(word.group(1)):
        return None         # "nhiệm kỳ 2015", "lần thứ XX": no name
    if _head_at(text, end + 1, g) or word.group(1) in g["surnames"]:
        return None         # "Sở Y tế phối hợp Công an tỉnh", "… cho ông Nguyễn Văn A"
    return end, False


def _extend(text: str, pos: int, head: Head, g: dict[str, Any]) -> tuple[int, bool]:
    """Extend a name from `pos` over its qualifiers; say whether one of them names it."""
    strong = False
    last_strong = head_end = pos
    steps = 0
    while (step := _next(text, pos, strong, head, g, steps if steps == 0 or (
            steps == 1 and g["first_word"].fullmatch(text, head_end, pos)) else 2)) is not None and step[0] > pos:
        pos = step[0]
        steps += 1
        if step[1]:
            strong, last_strong = True, pos
    # Trailing descriptive words only ("Công ty cổ phần") do not complete a name.
    return (pos, strong) if strong else (last_strong, False)


def extend_name(text: str, pos: int) -> int:
    """Where a name that ends at `pos` would end if it took the qualifiers that follow.

    Used for posts: "Trưởng phòng" + "Tài nguyên nước", "Giám đốc" + "Sở Tư pháp TP.HCM".
    """
    return _extend(text, pos, Head("state", True, False), _grammar())[0]


@cache
def _abbreviation_pattern() -> regex.Pattern:
    abbreviations = _grammar()["abbreviations"]
    return regex.compile(r"(?<![\p{L}.])(" + alternation(list(abbreviations)) + r")(?![\p{L}])")


def canonical_name(surface: str) -> str:
    """The surface name with its abbreviations written out (BTV -> Ban Thường vụ)."""
    abbreviations = _grammar()["abbreviations"]
    return _abbreviation_pattern().sub(lambda m: abbreviations[m.group(1)], surface)


def _not_a_body(text: str, m: regex.Match, end: int, g: dict[str, Any]) -> bool:
    """A city whose name opens like a head ("Hội An", "Hội An 20km"), or a head that needs a
    field and has a proper name instead ("Hội Gióng", "Hội Yên Tử" are festivals; "Hội Nhà
    văn", "Hội Khuyến học" are bodies)."""
    first = g["word"].match(text, m.end(), end)
    if first and is_place_name(text[m.start():first.end()]):
        return True
    if m.group() not in g["field_heads"]:
        return False
    syllables = g["field"].match(text, m.end(), end)
    return not syllables or not is_word(syllables.group(1), syllables.group(2))


def _rejected(text: str, start: int, end: int, name: str, head: Head, strong: bool, g: dict[str, Any]) -> bool:
    before = text[max(0, start - 20):start]
    if g["generic_before"].search(before):
        return True
    if name in g["centre"] and not strong and not g["centre_after"].search(before):
        return True
    if name in g["needs_body"] and not (text[start + len(name):start + len(name) + 1] == " "
                                        and _head_at(text, start + len(name) + 1, g)):
        return True
    if name in g["post_heads"] and g["post_before"].search(before):
        return True        # "Phó Bí thư Thường trực Tỉnh ủy": "Thường trực" belongs to the post
    if name in g["agencies"] and (text[start - 1:start] in "/(" and start > 0 or text[end:end + 1] == "/"):
        return True        # a credit: "Ảnh: Doãn Tấn/TTXVN", "(TTXVN)"
    if not strong and g["generic_after"].match(text, end):
        return True
    if not head.standalone and not strong:
        return True
    if head.standalone and name[0].islower() and _key(name[0].upper() + name[1:]) in g["lowercase_bodies"]:
        return bool(g["plural_list"].search(text, max(0, start - 60), start) or g["member_after"].match(text, end))
    return head.standalone and name[0].islower() and not strong and text[max(0, start - 4):start] != "của "


def _borrowed_kind(text: str, start: int, end: int, g: dict[str, Any]) -> str | None:
    """A board or a committee is of the kind of the body it serves: "Ban Biên tập Tạp chí Mặt
    trận" (other), "Thường trực HĐND tỉnh" (state), "Ủy ban T.Ư MTTQ VN" (mass). The first
    head inside the name decides; "Trung ương" only when no other follows."""
    inner = [g["head"].match(text, pos, end) for pos in range(start + 1, end) if text[pos - 1] == " "]
    heads = [(m.group(), g["heads"].get(_key(m.group())) or g["heads"][m.group()]) for m in inner if m]
    chosen = next((head for name, head in heads if name not in g["centre"]), heads[0][1] if heads else None)
    return chosen.kind if chosen else None


def find_organisations(text: str) -> list[Candidate]:
    """Every organisation mention of the normalised text, with its kind and canonical name."""
    g = _grammar()
    found: list[Candidate] = []
    pos = 0
    starts = _head_starts(text, g)
    next_head = next_unit = None
    heads_left = units_left = True
    while True:
        # each pattern is searched again only once the scan has passed its last match
        if heads_left and (next_head is None or next_head.start() < pos):
            next_head = _next_head(text, starts, pos, g)
            heads_left = next_head is not None
        if units_left and (next_unit is None or next_unit.start() < pos):
            next_unit = g["unit"].search(text, pos)
            units_left = next_unit is not None
        m = next_head
        if next_unit and (m is None or next_unit.start() < m.start()):
            m = next_unit
        if m is None:
            break
        name = m.group()
        if "unit" in m.re.groupindex:     # a lower-case unit before its department ("phòng Tài chính")
            head = Head(g["units"][m.group("unit")], False, False)
        else:
            head = g["heads"].get(_key(name)) or g["heads"][name]
        end, strong = _extend(text, m.end(), head, g)
        if (line_end := text.find("\n", m.start(), end)) != -1:
            end = len(text[:line_end].rstrip())     # a name never runs over a line break
        pos = m.end()   # a rejected head is rescanned from its end ("các chi bộ Văn phòng …")
        if _rejected(text, m.start(), m.end(), name, head, strong, g) or _not_a_body(text, m, end, g):
            continue
        pos = max(end, m.end())
        surface = text[m.start():end]
        kind = _borrowed_kind(text, m.end(), end, g) if name in g["kind_from_next"] else head.kind
        found.append(Candidate("ORG", m.start(), end, {"kind": kind or head.kind,
                                                       "canonical": canonical_name(surface)}))
    return found + _abbreviations(text, found)


# "(PVN)", "(PetroVietnam)", "(Petro VN)"
_LAST_TWO = regex.compile(r"(\p{L}+)\s+(\p{L}+)$")   # the last field before a "và"
_ABBREVIATION = rules.Local(regex.compile(r"\s*\((\p{Lu}[\p{Lu}\p{N}&-]{1,9}|\p{Lu}[\p{L}]{2,12}\p{Lu}[\p{L}]*|\p{Lu}\p{Ll}{2,12} \p{Lu}{2,4})\)"))


def _abbreviations(text: str, orgs: list[Candidate]) -> list[Candidate]:
    """"Tập đoàn Dầu khí Quốc gia Việt Nam (PVN)": the abbreviation is its own ORG, and so is
    every later mention of it in the article; each names the body written out before it, so
    a figure of "PVN" belongs to the Tập đoàn. A short name in brackets with the same head
    ("Công ty cổ phần … Phương Đông (Công ty Phương Đông)") names it too; a different body in
    brackets is a parent ("Tổng cục Kỹ thuật (Bộ Quốc phòng)")."""
    found: list[Candidate] = []
    for org, after in zip(orgs, orgs[1:] + [None]):
        full = org.attrs["canonical"]
        if after and text[org.end:after.start].strip() == "(" and text[after.end:after.end + 1] == ")" \
                and text[after.start:after.end].split()[0] == text[org.start:org.end].split()[0]:
            after.attrs["canonical"] = full
        m = _ABBREVIATION.match(text, org.end)
        if not m:
            continue
        abbr = m.group(1)
        for at in occurrences(text, abbr):     # no pattern compiled (and cached) per abbreviation
            found.append(Candidate("ORG", at, at + len(abbr), {"kind": org.attrs["kind"], "canonical": full}))
    return found

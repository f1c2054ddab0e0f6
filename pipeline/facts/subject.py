"""Whom a fact is about: the subject organisation (gold-format §4).

First, what belongs to no body: a person's age, the dead and wounded of an event ("khiến
36 người thiệt mạng"), what a person holds ("bà A nắm giữ 1,6 triệu cổ phiếu") or people own
("3.288 ý kiến của cử tri"). A part of a breakdown keeps its total's subject; counted units
that belong to a body named right after their noun ("57/59 đơn vị trực thuộc Bộ Quốc
phòng", "bốn đơn vị mà Bộ Công an kiểm tra") are that body's. Then, for the clause before
the number:
1. the last organisation it names ("Đảng bộ Khối các cơ quan tỉnh có gần 2.500 đảng
   viên"), not a document's issuer ("Chỉ thị 05 của Bộ Chính trị") nor a body asked or
   addressed ("đề nghị Ban Bí thư thi hành kỷ luật 6 đảng viên", "phản ánh với Quốc hội");
   a board stands for its body ("Ban Thường vụ Đảng ủy Khối" -> "Đảng ủy Khối"), and a bare
   head opening a later clause part refers back past it ("…, Công ty đã bị phạt");
2. with none named: a count threshold is a condition ("có 200 đảng viên trở lên"), a number
   in a fronted phrase is the main clause's body's ("Với mức phạt 305 triệu đồng, Công ty …");
3. a place acting as the body ("Cần Thơ phát hiện 6 tập thể", "trên địa bàn huyện Phúc Thọ
   có 7.400 đảng viên"): the party committee of that place the article names;
4. otherwise — nothing named, or a generic actor ("cấp ủy các cấp", "toàn tỉnh") — for a
   party-building metric, the article's main local party body (none in national news);
   attendance goes to the session's body, votes to the assembly named before.
A subject is written as the fullest mention of that body in the article, as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import regex

from pipeline import rules
from pipeline.boundaries import clause_start, sentence_start
from pipeline.models import Article, Entity
from pipeline.names import body_key

_PART_END = regex.compile(r"[.!?;](?=\s|$)|[\n)]")   # a breakdown ends with its clause or bracket; not "4.294"
_SUBJECT_KINDS = ("party", "state", "mass", "other")   # "other": enterprises own their figures too
_NOT_PARTY = (None, "other", "target")
# "57/59 đơn vị trực thuộc Bộ Quốc phòng", "8 người của Sở …": the counted units belong to
# the body named right after their noun (short, with no comma or bracket between).
_OWNER_REACH = 25
_CLAUSE_COMMA = regex.compile(r"[,;:.!?\n]")     # the first mark after a fronted phrase: a comma opens the main clause
_LISTED = regex.compile(r",\s+|\s+và\s+")          # what joins the bodies of one list
_OPENS_CLAUSE = regex.compile(r"(?:^|[,;:(\n])\s*$")   # what stands right before a head that begins a clause
# the number before its counted noun, for `_named_after_noun`
_NUMBER = regex.compile(r"\S+\s+")


@dataclass(frozen=True)
class _Grammar:
    """The subject cues of rules/facts.yaml (and the admin words of rules/places.yaml), compiled once."""

    boards: regex.Pattern       # "Ban Thường vụ …" acts for its body
    central: regex.Pattern      # central bodies: never an article's implicit subject
    generic: regex.Pattern      # "cấp ủy các cấp", "toàn tỉnh": no one body
    admin: regex.Pattern        # "huyện", "tỉnh" before a place name
    owner: regex.Pattern        # "57/59 đơn vị trực thuộc Bộ Quốc phòng"
    breakdown: regex.Pattern    # "trong đó", "gồm"
    average: regex.Pattern      # "bình quân": an average age is a body's figure
    addressee: regex.Pattern    # "đề nghị Ban Bí thư …": the body asked is no actor
    press: regex.Pattern        # "báo Tuổi trẻ", "TTXVN": reporters, never owners
    party_work: regex.Pattern   # "kiểm điểm", "chi bộ": a sentence about the party's own work
    anaphor: regex.Pattern      # "Công ty", "doanh nghiệp này": a body named before
    session: regex.Pattern      # "Đại hội", "kỳ họp thứ 4 của": a session of the body named next
    fronted: regex.Pattern      # "Với mức phạt", "Sau khi tiến hành": an adverbial before the main clause
    people_owned: regex.Pattern  # "3.288 ý kiến của cử tri": what people own no body owns
    holding: regex.Pattern      # "nắm giữ", "sở hữu": a person holding shares holds them for no body
    casualties: regex.Pattern   # "36 người thiệt mạng": the dead and wounded are no body's figure
    threshold: regex.Pattern    # " trở lên" after the counted noun: a condition, not a body's count
    after_noun: regex.Pattern   # " ở ", " mà ": what may stand between a counted noun and its owner
    vote_units: frozenset[str]  # "phiếu": votes are cast in an assembly
    assemblies: tuple[str, ...]  # "quốc hội", "ban chấp hành": the bodies that vote
    anaphors: dict[str, list[str]]   # each such head -> the names it may stand for
    indefinite: regex.Pattern   # "một doanh nghiệp", "các công ty": a head that refers to no one body
    personal_units: frozenset[str]
    party_people: frozenset[str]


@cache
def _grammar() -> _Grammar:
    data = rules.load("facts")
    places = rules.load("places")
    return _Grammar(
        boards=regex.compile(r"^(?:" + rules.alternation(data["subject_boards"]) + r")\s+(?=\S)"),
        central=rules.whole_words(data["central_bodies"]),
        generic=rules.whole_words(data["generic_actors"]),
        admin=regex.compile(r"^(?:" + rules.alternation(places["admin_words"]) + r")\.?\s+", regex.I),
        owner=regex.compile(r"[^,;()\n]*?\s(?:" + rules.alternation(data["owner_markers"]) + r")\s+"),
        breakdown=rules.whole_words(data["breakdown_markers"], regex.I),
        average=rules.whole_words(data["average_words"], regex.I),
        addressee=regex.compile(r"(?r)(?<!\p{L})(?:" + rules.alternation(data["addressee_markers"], right_to_left=True)
                                + r")\s+", regex.I),
        party_work=rules.whole_words(data["party_work"], regex.I),
        session=regex.compile(r"(?<!\p{L})(?:" + rules.alternation(data["sessions"]) + r")(?:\s+[^\s.,;]+){0,3}?\s+(?:của\s+)?$",
                              regex.I),
        fronted=regex.compile(r"(?:^|[,:“\"(]|\n)\s*(?:" + rules.alternation(data["fronted_openers"]) + r")\s[^,;:()\n]*$",
                              regex.I),
        holding=rules.whole_words(data["holding_verbs"], regex.I),
        people_owned=regex.compile(r"\S+\s+[^;()\n.]{0,40}?(?<!\p{L})của\s+(?:"
                                   + rules.alternation(data["people_owners"]) + r")(?!\p{L})", regex.I),
        casualties=rules.whole_words(data["casualties"], regex.I),
        threshold=regex.compile(r"\s*(?:" + rules.alternation(list(data["qualifiers_after"])) + r")(?!\p{L})", regex.I),
        after_noun=regex.compile(r"\s+(?:(?:" + rules.alternation(data["noun_owner_links"]) + r")\s+)?"),
        indefinite=regex.compile(r"(?<!\p{L})(?:" + rules.alternation(data["anaphors"]["indefinites"]) + r")\s+$", regex.I),
        vote_units=frozenset(data["votes"]["units"]),
        assemblies=tuple(body_key(a) for a in data["votes"]["assemblies"]),
        anaphors={head: names or [] for head, names in data["anaphors"]["heads"].items()},
        anaphor=regex.compile(r"(?<!\p{L})(?P<head>" + rules.alternation(list(data["anaphors"]["heads"])) + r")(?:\s+(?:"
                              + rules.alternation(data["anaphors"]["pointers"]) + r"))?(?=\s+\p{Ll})", regex.I),
        press=regex.compile(r"(?:" + rules.alternation(data["press"]) + r")(?!\p{L})"),
        personal_units=frozenset(data["personal_units"]),
        party_people=frozenset(data["party_people_units"]),
    )


@dataclass(frozen=True)
class _Mention:
    entity: Entity
    body: str      # the name with a leading board removed, abbreviations written out
    key: str


class Subjects:
    """The organisations of one article, indexed once, and the subject rule over them."""

    def __init__(self, article: Article) -> None:
        self._g = _grammar()
        self.text = article.text
        self.persons = [e for e in article.entities if e.type == "PER"]
        people = {e.start for e in self.persons}
        # "Bí thư Thành ủy TP.HCM Nguyễn Thiện Nhân trao …": a body inside a person's post is no actor
        self.mentions = [_Mention(e, body := self._g.boards.sub("", e.name or e.text), body_key(body))
                         for e in article.entities if e.type == "ORG" and e.kind in _SUBJECT_KINDS
                         and not self._g.press.match(e.text) and e.end + 1 not in people]
        self._starts = [m.entity.start for m in self.mentions]     # in reading order
        self._fullest_of: dict[str, str] = {}
        self.docs = [e for e in article.entities if e.type == "DOC"]
        self.places = [e for e in article.entities if e.type == "LOC"]
        # the bodies whose session is named before them, and the assemblies: the owners of
        # attendance and of votes, found once for the article, not for each figure
        self._sessions = [m for m in self.mentions
                          if self._g.session.search(self.text, max(0, m.entity.start - 30), m.entity.start)]
        self._assemblies = [m for m in self.mentions if m.key.startswith(self._g.assemblies)]
        party = [m for m in self.mentions if m.entity.kind == "party"]
        self.main_key: str | None = self._main_key([m for m in party if not self._g.central.search(m.key)],
                                                   len(party))
        self.main = self._fullest(self.main_key) if self.main_key else None
        self._in_breakdown = False   # whether the last fact asked about was a breakdown's part

    def _between(self, start: int, end: int) -> list[_Mention]:
        """The mentions that begin in [start, end), found by bisection (a page of thousands of
        figures must not scan every mention for each)."""
        return self.mentions[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    def _fullest(self, key: str) -> str:
        """The fullest written mention of the body `key` names: the article's main body
        when `key` is a short form of it ("Đảng ủy Khối"), else the longest mention that
        begins with `key`, written out rather than abbreviated ("Ủy ban", not "UB")."""
        if self.main_key and self.main_key.startswith(key):
            key = self.main_key
        if key in self._fullest_of:
            return self._fullest_of[key]
        best = max((m for m in self.mentions if m.key.startswith(key)),
                   key=lambda m: (len(m.body), len(m.entity.text)))   # written out beats abbreviated
        self._fullest_of[key] = self._g.boards.sub("", best.entity.text)
        return self._fullest_of[key]

    def _main_key(self, local: list[_Mention], party: int) -> str | None:
        """The local party body the article is about: the one its mentions refer to most.

        A mention refers to a body when it contains it ("Ủy ban Kiểm tra Thành ủy Đà Nẵng"
        refers to "Thành ủy Đà Nẵng") or is a short form of it ("Thành ủy"); names are read
        as the body they lead ("Đảng ủy Khối" is "Đảng bộ Khối"); short forms are no
        candidates themselves. The body must account for a third of the article's party
        mentions, two at least: central bodies are never it, and in national news the
        unattributed totals belong to no one body.
        """
        keys = {m.key for m in local}
        candidates = [k for k in keys if not any(other != k and other.startswith(k) for other in keys)]
        scores = {k: (sum(k in m.key for m in local), sum(k.startswith(m.key) and k != m.key for m in local))
                  for k in candidates}
        if not scores:
            return None
        key = max(scores, key=lambda k: (sum(scores[k]), scores[k][0], len(k)))
        referred = sum(scores[key])
        return key if referred >= 2 and referred * 3 >= party else None

    def _not_addressed(self, named: list[_Mention], asked: list[regex.Match]) -> list[_Mention]:
        """The mentions less the bodies an earlier clause part addressed ("… phản ánh với Quốc hội,
        Chính phủ về …, trong đó đã 2 lần …"): the body after the marker and those listed with it."""
        addressed: set[int] = set()
        for marker in asked:
            at = marker.end()
            for mention in named:
                if mention.entity.start == at:
                    addressed.add(mention.entity.start)
                    joiner = _LISTED.match(self.text, mention.entity.end)
                    at = joiner.end() if joiner else -1
        return [m for m in named if m.entity.start not in addressed]

    def _aside(self, org: Entity, start: int) -> bool:
        """A body named in brackets closed before the number is an aside, no actor ("Viện Kinh
        tế xây dựng (Bộ Xây dựng) lập dự toán là 57 triệu USD")."""
        opened = self.text.rfind("(", 0, org.start)
        return opened != -1 and ")" not in self.text[opened:org.start] and ")" in self.text[org.end:start]

    def _issuer(self, org: Entity) -> bool:
        return any(0 <= org.start - d.end <= 25 and "của" in self.text[d.end:org.start] for d in self.docs)

    def _place_body(self, places: Iterable[Entity]) -> str | None:
        """The party committee of the last place named, when the article names one."""
        for place in reversed(list(places)):
            name = body_key(self._g.admin.sub("", place.text))
            owners = [m for m in self.mentions if m.entity.kind == "party" and m.key.endswith(" " + name)]
            if owners:
                return self._fullest(min(owners, key=lambda m: len(m.key)).key)
        return None

    def of(self, start: int, metric: str | None, unit: str | None = None,
           previous: tuple[int, str | None] | None = None) -> str | None:
        """The subject of the fact whose number begins at reference offset `start`.

        A person's age ("(89 tuổi)") is no organisation's figure, an average age is.
        The article's main body stands in for an unnamed subject only for party-building
        metrics: an unattributed economic figure is about a place, not an organisation.
        A part of a breakdown ("21 đồng chí (trong đó có 2 đ/c …, 6 đ/c …)") keeps the
        subject of the total: the `previous` fact (its end, its subject) in the same clause,
        when a breakdown marker stands between them or the previous fact was a part itself.
        """
        in_breakdown, self._in_breakdown = self._in_breakdown, False
        clause = clause_start(self.text, start, max(0, start - 600))
        if unit in self._g.personal_units and not self._g.average.search(self.text, clause, start) \
                or self._casualties(start, unit):
            return None
        if previous and previous[1] and not _PART_END.search(self.text, previous[0], start) \
                and (in_breakdown or self._g.breakdown.search(self.text, previous[0], start)):
            self._in_breakdown = True
            return previous[1]
        if self._held_by_person(clause, start) or self._g.people_owned.match(self.text, start):
            return None
        owner = next((m for m in self._between(start + 1, start + _OWNER_REACH + 1)
                      if self._g.owner.fullmatch(self.text, start, m.entity.start)), None)
        if owner:
            return self._fullest(owner.key)
        if unit and unit != "%" and (own := self._named_after_noun(start, unit)):
            return own
        named = [m for m in self._between(clause, start) if not self._issuer(m.entity)
                 and not self._aside(m.entity, start)]
        asked = list(self._g.addressee.finditer(self.text, clause, start))   # the last one first
        if asked and any(m.entity.start == asked[0].end() for m in named):
            named = [m for m in named if m.entity.start < asked[0].start()]
        named = self._not_addressed(named, asked[1:])
        after = named[-1].entity.end if named else clause
        main = self.main if (metric not in _NOT_PARTY or unit in self._g.party_people
                             or self._g.party_work.search(self.text, sentence_start(self.text, start), start)) else None
        if self._g.generic.search(self.text, after, start):
            return main
        if not named and self._threshold(start, unit):
            return None
        if not named and (actor := self._main_clause_actor(clause, start)):
            return actor
        if named:   # a bare head opening a clause after the last name refers back past it
            return self._referred(after, start, opening=True) or self._fullest(named[-1].key)
        places = [p for p in self.places if clause <= p.start < start]
        return self._place_body(places) or self._referred(clause, start) or main or (
            self._session(start) if metric in ("attendance", "party_members") else None) or (
            self._assembly(start) if unit and unit.split()[0] in self._g.vote_units else None)

    def _session(self, start: int) -> str | None:
        """Attendance at a congress or a conference, and the members its delegates stand for,
        belong to the body whose session it was: "Đại hội Đảng bộ TP HCM … gần 400 đại biểu đại
        diện cho 126.000 đảng viên", the latest such session named before."""
        return _latest_before(self._sessions, start, self._fullest)

    def _main_clause_actor(self, clause: int, start: int) -> str | None:
        """ "Với mức phạt 305 triệu đồng, Công ty … phải nộp", "Sau khi tiến hành 67 cuộc thanh tra,
        thanh tra Hà Nội phát hiện …": a number in an adverbial phrase fronted before the main
        clause is the figure of the body that opens the main clause, right after the comma."""
        if not self._g.fronted.search(self.text[clause:start]):
            return None
        comma = _CLAUSE_COMMA.search(self.text, start)
        if not comma or comma.group() != ",":
            return None
        actor = next(iter(self._between(comma.end(), comma.end() + 2)), None)
        return self._fullest(actor.key) if actor else None

    def _held_by_person(self, clause: int, start: int) -> bool:
        """ "bà Hoa nắm giữ 250.000 cổ phiếu BVM, tương đương 4,9% vốn": what a person named in
        the clause holds is theirs, no body's, even when the company whose shares they are is named."""
        verb = None
        for verb in self._g.holding.finditer(self.text, clause, start):
            pass
        if not verb:
            return False
        person = next((p for p in reversed(self.persons) if clause <= p.end <= verb.start()), None)
        return person is not None and not self._between(person.end, verb.start())

    def _noun_end(self, start: int, unit: str | None) -> int | None:
        """Where the counted noun written right after the number at `start` ends, when that noun
        is the fact's `unit` ("36 người| thiệt mạng"); None when the unit is not written there."""
        number = _NUMBER.match(self.text, start)
        if not number or not unit or self.text[number.end():number.end() + len(unit)].lower() != unit:
            return None
        return number.end() + len(unit)

    def _casualties(self, start: int, unit: str | None) -> bool:
        """ "khiến 36 người thiệt mạng", "3 học sinh tử vong": the dead, wounded and missing of an
        event are no body's figure, whichever body reports them or is named in the sentence."""
        if (at := self._noun_end(start, unit)) is None:
            return False
        after = self.text[at:at + 24].lstrip()
        return bool(self._g.casualties.search(unit) or self._g.casualties.match(after.removeprefix("đã").lstrip()))

    def _threshold(self, start: int, unit: str | None) -> bool:
        """ "đảng bộ cơ sở có 200 đảng viên trở lên": a count threshold that names no body is a
        rule's condition, no body's count (gold-format §4), so the article's body does not stand
        in. A share ("phấn đấu 80% trở lên số chi bộ") is a body's goal and keeps it."""
        at = self._noun_end(start, unit) if unit != "%" else None
        return at is not None and self._g.threshold.match(self.text, at) is not None

    def _assembly(self, start: int) -> str | None:
        """ "… 47 chức danh do Quốc hội bầu. Kết quả bỏ phiếu, ông A được 186 phiếu tín nhiệm cao":
        votes a sentence gives no body for were cast in the assembly named latest before them."""
        return _latest_before(self._assemblies, start, self._fullest)

    def _named_after_noun(self, start: int, unit: str) -> str | None:
        """ "100 đại biểu HĐND", "126.000 đảng viên TP HCM", "11 đảng bộ ở huyện Phú Quốc", "bốn đơn vị
        mà Bộ Công an kiểm tra": a body, or a place standing for its party body, written right after
        the counted noun (or opening the relative clause on it) owns the figure."""
        if (at := self._noun_end(start, unit)) is None or not (noun := self._g.after_noun.match(self.text, at)):
            return None
        at = noun.end()
        body = next(iter(self._between(at, at + 1)), None)
        if body:
            return self._fullest(body.key)
        return self._place_body(p for p in self.places if p.start == at)

    def _referred(self, clause: int, start: int, opening: bool = False) -> str | None:
        """The body a bare head refers back to: "Công ty đã bị phạt 275 triệu đồng", "doanh
        nghiệp này", "của trường" — the latest body named before whose name opens with one of
        the names that head stands for (rules/facts.yaml `anaphors`); any enterprise for
        "doanh nghiệp", "đơn vị". An indefinite head ("một doanh nghiệp bỏ ra 50 tỷ đồng", "các
        công ty") names no one body; an `opening` head must begin a clause ("…, Công ty đã bị phạt"):
        one inside a phrase ("tại một số công ty", "là đơn vị đầu tiên") stands for no one body."""
        found = None
        for found in self._g.anaphor.finditer(self.text, clause, start):
            pass
        if not found or (opening and not _OPENS_CLAUSE.search(self.text, max(0, found.start() - 3), found.start())) \
                or self._g.indefinite.search(self.text, max(0, found.start() - 12), found.start()):
            return None
        names = self._g.anaphors[found.group("head").lower()]
        before = [m for m in self.mentions if m.entity.end <= found.start()]
        if not names:
            before = [m for m in before if m.entity.kind == "other"]
        else:
            before = [m for m in before if m.entity.text.lower().startswith(tuple(n + " " for n in names))]
        return self._fullest(before[-1].key) if before else None


def _latest_before(mentions: list[_Mention], start: int, fullest: Callable[[str], str]) -> str | None:
    """The fullest name of the last of `mentions` (in reading order) that begins before `start`."""
    index = bisect_left([m.entity.start for m in mentions], start)
    return fullest(mentions[index - 1].key) if index else None

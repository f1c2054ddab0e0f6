"""Link the mentions of one entity: an id per mention, shared by its repetitions and its
short forms ("Đảng ủy Khối" after "Đảng ủy Khối các cơ quan tỉnh", "Tuấn" after "Nguyễn Văn
Tuấn").

Each mention is linked in constant time (times the words of its name): comparing it with
every earlier mention made a page with thousands of names quadratic.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from pipeline.entities.candidates import Candidate

Group = tuple[str, str]   # (type, short form): the earlier mentions whose name is a fuller form of it


def _link_key(cand: Candidate, text: str) -> str:
    if cand.type == "DOC" and cand.attrs.get("canonical"):
        return cand.attrs["canonical"]
    if cand.type == "ORG":
        return cand.attrs["canonical"].lower()
    return text[cand.start:cand.end].lower()


def _short_forms(kind: str, key: str) -> list[Group]:
    """The short forms a name is fuller than: an organisation's leading words ("đảng ủy khối"
    of "đảng ủy khối các cơ quan tỉnh"), a person's trailing ones ("tuấn" of "nguyễn văn tuấn")."""
    if kind == "ORG":
        return [(kind, key[:i]) for i, char in enumerate(key) if char == " "]
    if kind == "PER":
        return [(kind, key[i + 1:]) for i, char in enumerate(key) if char == " "]
    return []


def link_mentions(cands: list[Candidate], text: str) -> list[str]:
    """An entity id per mention: a repeated name joins its latest mention; a short form joins
    a fuller mention it begins or ends — of those, the one named most so far ("Đảng ủy Khối"
    is the article's own Đảng ủy Khối các cơ quan tỉnh, not a visiting delegation's named
    once), the latest on a tie.

    Each short form keeps its leader: the id whose (mentions so far, latest fuller mention)
    is highest. Only the id just mentioned gains, so the leader is that id or stays."""
    ids: list[str] = []
    latest: dict[Group, str] = {}                                  # (type, name) -> id of its latest mention
    fuller: dict[Group, dict[str, int]] = defaultdict(dict)        # short form -> id -> its latest fuller mention
    leader: dict[Group, str] = {}
    groups_of: dict[str, set[Group]] = defaultdict(set)           # id -> the short forms it has a fuller mention of
    named: Counter[str] = Counter()
    mentions: Counter[str] = Counter()                             # mentions so far of each type
    for index, cand in enumerate(cands):
        key = _link_key(cand, text)
        ident = latest.get((cand.type, key)) or leader.get((cand.type, key)) or \
            f"{cand.type}-{mentions[cand.type] + 1}"
        ids.append(ident)
        latest[(cand.type, key)] = ident
        mentions[cand.type] += 1
        named[ident] += 1
        for group in _short_forms(cand.type, key):
            fuller[group][ident] = index
            groups_of[ident].add(group)
        for group in groups_of[ident]:
            held = leader.get(group)
            if held is None or (named[ident], fuller[group][ident]) > (named[held], fuller[group][held]):
                leader[group] = ident
    return ids

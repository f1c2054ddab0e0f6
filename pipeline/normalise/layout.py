"""Recognise the layout of a scraped page, line by line.

A page is a header (category labels, headline, date line), paragraphs with headings and
photo captions, and site furniture (related-news lists, comment forms, tag lists). Which
line is which is decided here from `rules/layout.yaml`; what each line *says* (dates,
names, domains) is read by `pipeline.normalise.metadata`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from pipeline import rules

# How far into the page the date line may stand and still belong to the header.
_HEADER_LINES = 6
# A caption is a sentence-like line; shorter lines without final punctuation are headings.
_MIN_CAPTION_WORDS = 9
_MAX_HEADING_WORDS = 14
_MAX_HEADLINE_WORDS = 40   # a first line longer than this is a lead paragraph, not a headline
_TERMINAL = tuple(".!?…:;”\"')»")


@dataclass
class Piece:
    """A stretch of the cleaned text with what it is. Offsets are into the cleaned text."""

    kind: str
    start: int
    end: int
    match: regex.Match | None = None


@cache
def patterns() -> dict[str, list[regex.Pattern]]:
    """Compile every pattern section of `rules/layout.yaml` once."""
    data = rules.load("layout")
    sections = (
        "furniture", "trailing_furniture", "date_line", "source_line", "source_prefix",
        "photo_credit", "byline_line", "byline_tail", "headline_end",
    )
    return {name: [regex.compile(p) for p in data[name]] for name in sections}


# Sections whose patterns end the line ("… Ảnh: Doãn Tấn", "…Thúy HườngTAG:") and match a
# few dozen characters: they are searched in the line's last characters only, since a
# flattened article body is one line of thousands.
_TAIL_SECTIONS = {"trailing_furniture", "photo_credit", "byline_tail"}
_TAIL = 400


def first_match(section: str, text: str) -> regex.Match | None:
    """The first pattern of `section` that matches `text`, searched anywhere in it."""
    pos = max(0, len(text) - _TAIL) if section in _TAIL_SECTIONS else 0
    for pattern in patterns()[section]:
        found = pattern.search(text, pos)
        if found:
            return found
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines, trimmed of surrounding spaces."""
    spans = []
    for found in regex.finditer(r"[^\n]+", text):
        start, end = found.span()
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def _words(line: str) -> int:
    return len(line.split())


def _split_trailing(text: str, start: int, end: int, section: str) -> tuple[int, regex.Match | None]:
    """If a pattern of `section` matches the end of the line, return where it starts."""
    found = first_match(section, text[start:end])
    if found and found.end() == end - start and found.start() > 0:
        cut = start + found.start()
        while cut > start and text[cut - 1] == " ":
            cut -= 1
        return cut, found
    return end, None


def layout(text: str, title_in_text: bool) -> list[Piece]:
    """Cut the cleaned text into pieces: title, body, caption, furniture, metadata lines.

    `title_in_text` says whether the headline is the first line of the text (a .txt page)
    or was carried beside it (a JSON Lines record, an HTML page's <title>).
    """
    lines = _lines(text)
    kinds: list[str] = ["body"] * len(lines)
    matches: list[regex.Match | None] = [None] * len(lines)
    pieces_after: dict[int, list[Piece]] = {}

    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        for section, kind in (("furniture", "furniture"), ("date_line", "dateline"), ("source_line", "source")):
            found = first_match(section, line)
            if found and found.span() == (0, len(line)):
                kinds[i], matches[i] = kind, found
                break

    # Header: the date line near the top marks the headline as the line just above it;
    # anything above the headline is a section or category label.
    content = [i for i, k in enumerate(kinds) if k == "body"]
    if title_in_text and content:
        date_rows = [i for i, k in enumerate(kinds[: _HEADER_LINES + 2]) if k == "dateline"]
        title_row = content[0]
        if date_rows:
            above = [i for i in content if i < date_rows[0]]
            if above:
                title_row = above[-1]
                for i in above[:-1]:
                    kinds[i] = "category"
        kinds[title_row] = "title"
        _split_headline(text, lines, title_row, kinds, pieces_after)
        title_text = text[slice(*lines[title_row])]
        # The headline repeated by the page template further down is furniture.
        for i in content:
            if i > title_row and text[slice(*lines[i])] == title_text:
                kinds[i] = "furniture"

    # The end of the article: a byline line of its own after the last paragraph.
    tail = [i for i, k in enumerate(kinds) if k in ("body",)]
    if tail:
        last = tail[-1]
        s, e = lines[last]
        cut, glued = _split_trailing(text, s, e, "trailing_furniture")
        if glued:
            lines[last] = (s, cut)
            pieces_after.setdefault(last, []).append(Piece("furniture", cut, e))
            s, e = lines[last]
        found = first_match("byline_line", text[s:e])
        if found and found.span() == (0, e - s) and len(tail) > 1:
            kinds[last], matches[last] = "byline", found
        else:
            cut, found = _split_trailing(text, s, e, "byline_tail")
            if found and _words(text[s:cut]) >= 3:
                lines[last] = (s, cut)
                pieces_after.setdefault(last, []).insert(0, Piece("byline", cut + _skip(text, cut, e), e, found))

    # Photo captions: a line closed by a credit, or a long line with no final punctuation.
    for i, (s, e) in enumerate(lines):
        if kinds[i] != "body":
            continue
        line = text[s:e]
        cut, credit = _split_trailing(text, s, e, "photo_credit")
        if credit:
            lines[i] = (s, cut)
            kinds[i] = "caption"
            pieces_after.setdefault(i, []).insert(0, Piece("credit", cut + _skip(text, cut, e), e, credit))
        elif first_match("photo_credit", line) and first_match("photo_credit", line).span() == (0, len(line)):
            kinds[i] = "credit"
        elif not line.endswith(_TERMINAL) and not line.isupper():
            kinds[i] = "caption" if _words(line) >= _MIN_CAPTION_WORDS else "heading"
    for i in range(len(lines) - 1):
        if kinds[i] not in ("heading", "body"):
            continue
        line, following = text[slice(*lines[i])], text[slice(*lines[i + 1])]
        if kinds[i + 1] == "caption" and following.startswith(line):
            kinds[i] = "furniture"          # a caption fragment the template printed twice
        elif kinds[i + 1] == "caption" and kinds[i] == "heading" and i + 2 < len(lines) and kinds[i + 2] == "body":
            kinds[i] = "caption"            # the first half of a caption broken over two lines
    for i, k in enumerate(kinds):
        if k == "body" and text[slice(*lines[i])].isupper() and _words(text[slice(*lines[i])]) <= _MAX_HEADING_WORDS:
            kinds[i] = "heading"

    pieces: list[Piece] = []
    for i, (s, e) in enumerate(lines):
        if s < e:
            pieces.append(Piece(kinds[i], s, e, matches[i]))
        pieces.extend(pieces_after.get(i, []))
    return _split_source_prefix(text, pieces)


def _split_headline(text: str, lines: list[tuple[int, int]], row: int, kinds: list[str],
                    pieces_after: dict[int, list[Piece]]) -> None:
    """Older pages run the headline into the lead on one line, the two parted by a dateline
    tag ("… lãnh đạo (NLĐ)- Ban Bí thư vừa …"): the headline ends there, the tag is furniture
    and the rest is body. A long first line with no such tag is the lead itself: no headline."""
    s, e = lines[row]
    tag = first_match("headline_end", text[s:e])
    if tag is not None:
        lines[row] = (s, s + tag.start())
        after = pieces_after.setdefault(row, [])
        after.append(Piece("furniture", s + tag.start() + _skip(text, s + tag.start(), e), s + tag.end()))
        if s + tag.end() < e:   # a headline whose tag closes the line has no lead after it
            after.append(Piece("body", s + tag.end(), e))
    elif _words(text[s:e]) > _MAX_HEADLINE_WORDS:
        kinds[row] = "body"


def _skip(text: str, start: int, end: int) -> int:
    """Number of spaces at text[start:end]'s start (pieces begin on a visible character)."""
    n = 0
    while start + n < end and text[start + n] == " ":
        n += 1
    return n


def _split_source_prefix(text: str, pieces: list[Piece]) -> list[Piece]:
    """Cut a dateline tag such as "(Baonghean.vn) - " off the first paragraph."""
    for index, piece in enumerate(pieces):
        if piece.kind != "body":
            continue
        found = first_match("source_prefix", text[piece.start : piece.end])
        if found and found.start() == 0:
            cut = piece.start + found.end()
            pieces[index : index + 1] = [Piece("source", piece.start, cut, found), Piece("body", cut, piece.end)]
        break
    return pieces

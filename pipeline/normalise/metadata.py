"""Read article metadata off the lines that layout recognised: date, author, source."""

from __future__ import annotations

import datetime as dt

import regex

from pipeline import rules
from pipeline.normalise.layout import Piece


def published(pieces: list[Piece]) -> tuple[dt.date | None, list[str]]:
    """The date of the page's own date line; a date that does not exist is a warning."""
    for piece in pieces:
        if piece.kind == "dateline" and piece.match is not None:
            groups = piece.match.groupdict()
            try:
                return dt.date(int(groups["y"]), int(groups["m"]), int(groups["d"])), []
            except ValueError:
                return None, [f"date line {piece.match.group()!r} names no real date"]
    return None, []


_DOMAIN = regex.compile(r"[\w-]+(?:\.[\w-]+)*\.(?i:vn|com|net|org|info)")


def _person(name: str | None) -> str | None:
    """A byline name, or None when it names an agency or outlet ("TTXVN", "Thanh Niên", a domain)."""
    if not name:
        return None
    name = regex.sub(r"\s+", " ", name).strip(" -–")
    not_persons = {a.casefold() for a in rules.load("layout")["not_persons"]}
    return None if name.casefold() in not_persons or _DOMAIN.fullmatch(name) else name


def author(pieces: list[Piece]) -> str | None:
    """The byline: beside the date line ("Thanh Lê 22/09/2022 06:50") or closing the article."""
    for piece in pieces:
        if piece.kind in ("dateline", "byline") and piece.match is not None:
            name = _person(piece.match.groupdict().get("author"))
            if name:
                return name
    return None


def source(pieces: list[Piece]) -> str | None:
    """The publishing site's domain, lower case, when the page writes it."""
    for piece in pieces:
        if piece.kind in ("source", "byline") and piece.match is not None:
            groups = piece.match.groupdict()
            for domain in (groups.get("source"), groups.get("outlet"), groups.get("author")):
                if domain and _DOMAIN.fullmatch(domain.strip()):
                    return domain.strip().lower()
    return None

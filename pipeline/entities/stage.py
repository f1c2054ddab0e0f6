"""The entities stage: find ORG, DOC, PER and LOC in the normalised text, settle overlaps,
map every span back to the reference text, link mentions of one entity, set the province and
each organisation's key across articles."""

from __future__ import annotations

from bisect import bisect_right

import regex

from pipeline.boundaries import opens_sentence
from pipeline.entities.candidates import Candidate, occurrences, resolve
from pipeline.entities.documents import find_documents
from pipeline.entities.links import link_mentions
from pipeline.entities.org_keys import org_keys
from pipeline.entities.organisations import find_organisations
from pipeline.entities.persons import ends_with_post, find_persons
from pipeline.entities.places import find_places
from pipeline.entities.province import article_province, weight
from pipeline.models import Article, Entity
from pipeline.sentences import sentence


ENTITY_ATTRIBUTES = ("kind", "doc_kind", "canonical", "role", "number", "symbol", "issuer", "issued", "plenum",
                     "term", "official_title", "official_date")
_LISTED = regex.compile(r"\s*(?:,|và)\s*")
_ISSUED_BY = regex.compile(r"\s*(?:,?\s*ngày\s+[\d./\s-]{6,12}\s*)?(?:của|do)\s+$")


def find_entities(text: str, year: int | None = None) -> list[Candidate]:
    """All entity candidates of a normalised text, flat (no overlaps), in reading order."""
    settled = resolve(find_documents(text, year) + find_organisations(text) + find_places(text))
    orgs = [c for c in settled if c.type == "ORG"]
    found = resolve(settled + find_persons(text, orgs, [c for c in settled if c.type == "LOC"]))
    found = resolve(found + _repeats(text, found))
    _issuers(text, found)
    return found


_NAME_GOES_ON = regex.compile(r"\s+[\p{Lu}\d]")
_NAME_CAME_BEFORE = regex.compile(r"[\p{Lu}][\p{L}.]*\s+$")


def _repeats(text: str, found: list[Candidate]) -> list[Candidate]:
    """A name found once names the same thing wherever the article writes it again.

    Cues that find a name ("ca sĩ Hạ Vi", "Tổng công ty Dầu khí VN (Petro VN)") are written
    once; later mentions stand bare ("Hạ Vi cho biết"). Every further occurrence of a
    capitalised entity's exact text, standing alone (not inside a longer capitalised run)
    and not already taken, gets its type and attributes. A text found with two types is left,
    and so is one the article also writes in lower case: a common word ("Đảng", "Chủ") that
    opened a sentence or a mistaken name.
    """
    types: dict[str, set[str]] = {}
    first: dict[str, Candidate] = {}
    for cand in found:
        surface = text[cand.start:cand.end]
        if cand.type != "DOC" and surface[:1].isupper() and len(surface) >= 3:
            types.setdefault(surface, set()).add(cand.type)
            first.setdefault(surface, cand)
    names = [surface for surface, kinds in types.items()
             if len(kinds) == 1 and next(occurrences(text, surface.lower()), None) is None]
    starts = [c.start for c in found]          # `found` is flat and in reading order
    extra: list[Candidate] = []
    for surface in names:
        for at in occurrences(text, surface):
            end = at + len(surface)
            index = bisect_right(starts, at)
            if (index and found[index - 1].end > at) or (index < len(found) and found[index].start < end):
                continue                        # already part of an entity
            if _NAME_GOES_ON.match(text, end) or _NAME_CAME_BEFORE.search(text, max(0, at - 30), at):
                continue
            if " " not in surface and opens_sentence(text, at):
                continue                        # one capitalised word opening a sentence may be any word
            model = first[surface]
            extra.append(Candidate(model.type, at, end, dict(model.attrs)))
    return resolve(extra)                       # two names met at one place: the longer


def _issuers(text: str, cands: list[Candidate]) -> None:
    """A document followed by "(ngày …) của <ORG>" was issued by that ORG, and so were the
    documents listed just before it ("Quy định 97, 98 của Ban Bí thư")."""
    for index in range(len(cands) - 1):
        doc, org = cands[index], cands[index + 1]
        if doc.type != "DOC" or org.type != "ORG" or not _ISSUED_BY.fullmatch(text[doc.end:org.start]):
            continue
        issuer = text[org.start:org.end]
        doc.attrs["issuer"] = issuer
        while index > 0 and cands[index - 1].type == "DOC" and _LISTED.fullmatch(text[cands[index - 1].end:cands[index].start]):
            index -= 1
            cands[index].attrs["issuer"] = issuer


def extract_entities(article: Article) -> Article:
    """Fill `article.entities` (reference offsets) and `article.province`."""
    text = article.normalised_text
    year = article.published.year if article.published else None
    cands = find_entities(text, year)
    ids = link_mentions(cands, text)
    entities = []
    for cand, ident in zip(cands, ids):
        start, end = article.offsets.to_ref(cand.start, cand.end)
        attrs = {k: v for k, v in cand.attrs.items() if k in ENTITY_ATTRIBUTES}
        if cand.type == "ORG":
            attrs["name"] = attrs.pop("canonical")
        entities.append(Entity(type=cand.type, start=start, end=end, text=article.text[start:end], entity=ident,
                               sentence=sentence(text, cand.start, cand.end), **attrs))
    article.entities = entities
    spans = [(e.text, weight(e.type, article.text[max(0, e.start - 8):e.start],
                             ends_with_post(article.text[max(0, e.start - 30):e.start])))
             for e in entities if e.type in ("ORG", "LOC")]
    article.province = article_province(article.source or article.url, spans)
    for entity, key in zip(entities, org_keys(text, cands, ids, article.province)):
        entity.org_key = key
    return article

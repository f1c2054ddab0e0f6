"""The entities stage: find ORG, DOC, PER and LOC in the normalised text, settle overlaps,
map every span back to the reference text, link mentions of one entity, set the province."""

from __future__ import annotations

from pipeline.entities.candidates import Candidate, resolve
from pipeline.entities.documents import find_documents
from pipeline.entities.organisations import find_organisations
from pipeline.entities.persons import ends_with_post, find_persons
from pipeline.entities.places import find_places
from pipeline.entities.province import article_province, weight
from pipeline.models import Article, Entity
from pipeline.sentences import sentence


def find_entities(text: str, year: int | None = None) -> list[Candidate]:
    """All entity candidates of a normalised text, flat (no overlaps), in reading order."""
    settled = resolve(find_documents(text, year) + find_organisations(text) + find_places(text))
    orgs = [c for c in settled if c.type == "ORG"]
    return resolve(settled + find_persons(text, orgs))


def _link_key(cand: Candidate, text: str) -> str:
    if cand.type == "DOC" and cand.attrs.get("canonical"):
        return cand.attrs["canonical"]
    if cand.type == "ORG":
        return cand.attrs["canonical"].lower()
    return text[cand.start:cand.end].lower()


def _links(cands: list[Candidate], text: str) -> list[str]:
    """An entity id per mention: a short form joins the latest fuller mention it begins or ends."""
    ids: list[str] = []
    seen: list[tuple[str, str, str]] = []   # (type, key, id)
    for cand in cands:
        key = _link_key(cand, text)
        match = next((i for t, k, i in reversed(seen) if t == cand.type and (
            k == key or (cand.type == "ORG" and k.startswith(key + " ")) or (cand.type == "PER" and k.endswith(" " + key))
        )), None)
        ident = match or f"{cand.type}-{sum(1 for t, _, _ in seen if t == cand.type) + 1}"
        seen.append((cand.type, key, ident))
        ids.append(ident)
    return ids


def extract_entities(article: Article) -> Article:
    """Fill `article.entities` (reference offsets) and `article.province`."""
    text = article.normalised_text
    year = article.published.year if article.published else None
    cands = find_entities(text, year)
    entities = []
    for cand, ident in zip(cands, _links(cands, text)):
        start, end = article.offsets.to_ref(cand.start, cand.end)
        attrs = {k: v for k, v in cand.attrs.items() if k in ("kind", "doc_kind", "canonical", "role",
                                                               "official_title", "official_date")}
        if cand.type == "ORG":
            attrs["name"] = attrs.pop("canonical")
        entities.append(Entity(type=cand.type, start=start, end=end, text=article.text[start:end], entity=ident,
                               sentence=sentence(text, cand.start, cand.end), **attrs))
    article.entities = entities
    spans = [(e.text, weight(e.type, article.text[max(0, e.start - 8):e.start],
                             ends_with_post(article.text[max(0, e.start - 30):e.start])))
             for e in entities if e.type in ("ORG", "LOC")]
    article.province = article_province(article.source or article.url, spans)
    return article

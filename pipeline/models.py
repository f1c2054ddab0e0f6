"""Typed records exchanged between stages and written to disk.

Every span carries offsets into the article's *reference text* (gold-format §1: the input
exactly as received, Unicode NFC, nothing else), whatever the stages did internally.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from pipeline import __version__

InputFormat = Literal["txt", "jsonl", "html"]
BlockKind = Literal[
    "category", "title", "dateline", "byline", "source", "furniture", "heading", "body",
    "caption", "credit",
]
EntityType = Literal["ORG", "DOC", "PER", "LOC"]
OrgKind = Literal["party", "state", "mass", "other"]
DocKind = Literal[
    "chi_thi", "nghi_quyet", "quy_dinh", "ket_luan", "quyet_dinh", "de_an", "chuong_trinh",
    "ke_hoach", "huong_dan", "luat", "dieu_le", "other",
]
FactKind = Literal["count", "percent", "ratio", "amount"]
Qualifier = Literal["exact", "approx", "over", "under", "at_least", "at_most"]
Metric = Literal[
    "party_members", "grassroots_orgs", "party_cells", "committee_members", "new_members",
    "inspections", "disciplined", "rating", "documents", "attendance", "target", "other",
]


class Problem(BaseModel):
    """Why an input (or an item in it) was rejected: one line of `errors.jsonl`."""

    input: str = Field(description="path of the input file, or '-' for standard input")
    line: int | None = Field(None, description="1-based line number inside a JSON Lines file")
    doc_id: str | None = None
    stage: str = Field(description="the stage that rejected it: ingest, normalise, ...")
    reason: str = Field(description="a short machine-readable code, e.g. empty, binary, undecodable")
    detail: str = Field(description="a sentence for a person")


class SourceDoc(BaseModel):
    """One article as ingest read it: the reference text plus metadata the input carried."""

    doc_id: str
    input: str
    line: int | None = None
    format: InputFormat
    text: str = Field(description="reference text: the decoded input, Unicode NFC")
    decoding: str = Field(description="how the bytes were read: utf-8, utf-16, cp1258, tcvn3, vni, ...")
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    source: str | None = Field(None, description="publishing site's domain, when the input names it")
    feed: str | None = Field(None, description="the input record's own `source` field, e.g. an aggregator")
    url: str | None = None
    warnings: list[str] = Field(default_factory=list)

    def sha256(self) -> str:
        """The hash of the reference text: with the doc_id, an article's identity across runs."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


class Block(BaseModel):
    """A piece of the page (title, paragraph, caption, furniture, ...) in reference offsets.

    `norm_start`/`norm_end` locate it in the normalised text; they are null for blocks that
    normalisation leaves out (furniture, bylines, date lines, credits).
    """

    kind: BlockKind
    start: int
    end: int
    norm_start: int | None = None
    norm_end: int | None = None


class EntitySpan(BaseModel):
    """A named thing: organisation, document, person or place (gold-format §3).

    The fields of the gold format; gold lines and predictions of any scorer parse into it.
    """

    type: EntityType
    start: int
    end: int
    text: str
    kind: OrgKind | None = None
    doc_kind: DocKind | None = None
    canonical: str | None = None
    role: str | None = None


class Entity(EntitySpan):
    """An entity as vnie reports it: the gold fields plus what a reader needs."""

    entity: str | None = Field(None, description="the article's entity this mention refers to, e.g. ORG-2")
    name: str | None = Field(None, description="ORG: the name with abbreviations written out (BTV -> Ban Thường vụ)")
    org_key: str | None = Field(None, description="ORG: the body across articles, written out and scoped by "
                                                  "province: 'đảng bộ khối các cơ quan tỉnh | Lạng Sơn'")
    number: str | None = Field(None, description="DOC: the number as written (05)")
    symbol: str | None = Field(None, description="DOC: the symbol as written, spaces removed (CT/TW)")
    issuer: str | None = Field(None, description="DOC: who issued it, from the symbol or the words after it")
    issued: dt.date | None = Field(None, description="DOC: the date written after it (ngày 15/5/2016)")
    plenum: str | None = Field(None, description="DOC: the Central Committee plenum (4, or 6.2 for a second session)")
    term: str | None = Field(None, description="DOC: the Congress term in Roman numerals (XII)")
    official_title: str | None = Field(None, description="DOC linked to the catalogue: its official title")
    official_date: dt.date | None = Field(None, description="DOC linked to the catalogue: its date")
    sentence: str | None = Field(None, description="the sentence the span stands in, for people reading")
    warnings: list[str] = Field(default_factory=list)


class FactSpan(BaseModel):
    """A quantity expression with what it counts and about whom (gold-format §4)."""

    start: int
    end: int
    text: str
    kind: FactKind
    value: float
    value_max: float | None = None
    total: float | None = None
    qualifier: Qualifier = "exact"
    unit: str | None = None
    metric: Metric | None = None
    subject: str | None = None
    year: str | None = None

    @field_validator("year", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        """A bare year written as a number (YAML's 2017) means the string "2017"."""
        return str(value) if isinstance(value, int) else value


class Fact(FactSpan):
    """A fact as vnie reports it: the gold fields plus its total, the sentence and warnings."""

    part_of: int | None = Field(None, description="start offset of the total this fact is a part or a share of "
                                                  "(same article); null for a total or a fact on its own")
    subject_key: str | None = Field(None, description="the org_key of the subject's organisation")
    sentence: str | None = None
    warnings: list[str] = Field(default_factory=list)


class Article(BaseModel):
    """An article travelling through the stages; written as one line of `records.jsonl`."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    pipeline_version: str = __version__
    doc_id: str
    input: str
    line: int | None = None
    format: InputFormat
    url: str | None = None
    feed: str | None = Field(None, description="where the input record says it came from (e.g. an aggregator)")
    decoding: str
    text: str = Field(description="reference text; every offset points into it")
    text_sha256: str
    title: str | None = None
    published: dt.date | None = None
    author: str | None = None
    source: str | None = None
    province: str | None = None
    normalised_text: str = Field(
        "", description="title, headings, paragraphs and captions, cleaned; what extractors read"
    )
    blocks: list[Block] = Field(default_factory=list)
    photo_credits: list[str] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    offsets: SkipJsonSchema[Any] = Field(
        None, exclude=True, repr=False,
        description="OffsetMap from normalised_text to text; not written, rebuilt by a re-run",
    )


class Prediction(BaseModel):
    """One line of `predictions.jsonl`: the gold-format line shape, so any scorer reads it."""

    doc_id: str
    text_sha256: str
    province: str | None
    title: str | None
    published: dt.date | None
    author: str | None
    source: str | None
    entities: list[dict[str, Any]]
    facts: list[dict[str, Any]]

    @classmethod
    def of(cls, article: Article) -> Prediction:
        """Project an article onto the gold-format fields, dropping empty attributes."""
        return cls(
            doc_id=article.doc_id,
            text_sha256=article.text_sha256,
            province=article.province,
            title=article.title,
            published=article.published,
            author=article.author,
            source=article.source,
            entities=[e.model_dump(include=set(EntitySpan.model_fields), exclude_none=True) for e in article.entities],
            facts=[f.model_dump(include=set(FactSpan.model_fields), exclude_none=True) for f in article.facts],
        )

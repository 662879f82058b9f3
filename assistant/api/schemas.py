"""Request and response bodies of the JSON API, with the examples the OpenAPI page shows.

The answer body is `assistant.models.Answer` itself (DESIGN §4); these are the other shapes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from assistant.models import Coordinates

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
EXAMPLE_QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"


def _iso_only(value: Any) -> Any:
    # pydantic would read 0 or "1700000000" as a Unix time: a date here is always YYYY-MM-DD.
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("write the date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_only), Field(examples=["2025-08-01"])]


class ErrorBody(BaseModel):
    code: str = Field(examples=["invalid_input"])
    message: str = Field(examples=["the question is empty — type a question"])


class ErrorResponse(BaseModel):
    """Every error the API answers: `{"error": {"code", "message"}}`."""

    error: ErrorBody


class Turn(BaseModel):
    """One earlier exchange of the conversation, oldest first."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=20_000)
    answer: str = Field(default="", max_length=100_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question": EXAMPLE_QUESTION, "as_of": "2025-08-01"},
                {
                    "question": "còn Giấy khen thì sao?",
                    "history": [{"question": EXAMPLE_QUESTION, "answer": "Hồ sơ gồm …"}],
                },
                {"question": "What dossier do I need for a city certificate of merit?"},
            ]
        },
    )

    question: str = Field(
        min_length=1,
        pattern=r"\S",
        description="the question, in Vietnamese or English (at most TDKT_MAX_QUESTION_CHARS)",
    )
    history: list[Turn] = Field(
        default_factory=list,
        max_length=50,
        description="earlier turns, oldest first; [question, answer] pairs are accepted too. "
        "Each earlier question is held to the question limit; only the last 10 turns are read",
    )
    as_of: IsoDate | None = Field(default=None, description="answer for this date (default today)")
    language: Literal["vi", "en"] | None = Field(
        default=None, description="answer language (default: the question's language)"
    )

    @field_validator("history", mode="before")
    @classmethod
    def _pairs_to_turns(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [
                {"question": v[0], "answer": v[1]}
                if isinstance(v, list | tuple) and len(v) == 2
                else v
                for v in value
            ]
        return value


class SearchHit(Coordinates):
    doc: str
    doc_title: str = ""
    provision_id: str
    label: str
    score: float
    in_force: bool
    origin: Literal["pack", "user"] = "pack"
    note: str | None = None
    text: str
    sources: list[str] = Field(default_factory=list)


class SearchResponse(BaseModel):
    question: str
    as_of: date
    hits: list[SearchHit]


class DocumentSummary(BaseModel):
    doc_id: str = Field(examples=["06/2022/QH15"])
    slug: str = Field(examples=["06-2022-qh15"], description="the id used in provision ids")
    kind: Literal["legal", "plan"]
    label: str
    title: str
    so_hieu: str | None = None
    loai: str | None = None
    issuer: str | None = None
    issued: date | None = None
    effective: date | None = None
    expired: date | None = None
    coverage: Literal["full", "excerpt", "missing"]
    in_force: bool
    validity_note: str = ""
    provisions: int
    articles: int = 0
    clauses: int = 0
    points: int = 0
    sections: int = 0
    source_format: str = ""
    user_document: bool = False


class DocumentList(BaseModel):
    as_of: date
    documents: list[DocumentSummary]


class OutlineNode(BaseModel):
    id: str
    kind: str
    number: str | None = None
    title: str | None = None
    label: str
    children: list[OutlineNode] = Field(default_factory=list)


class DocumentDetail(DocumentSummary):
    warnings: list[str] = Field(default_factory=list)
    outline: list[OutlineNode]


class ProvisionRef(BaseModel):
    id: str
    kind: str
    label: str
    title: str | None = None


class ProvisionView(Coordinates):
    provision_id: str = Field(examples=["06-2022-qh15/dieu-84/khoan-2"])
    doc: str
    doc_title: str
    kind: str
    label: str
    number: str | None = None
    title: str | None = None
    text: str = Field(description="the unit's full text: its own lines and its sub-units")
    parent: ProvisionRef | None = None
    children: list[ProvisionRef] = Field(default_factory=list)
    as_of: date
    in_force: bool
    validity_note: str = ""


class CoverageItem(BaseModel):
    doc_id: str
    title: str
    status: Literal["full", "excerpt", "missing"]
    in_force_today: bool
    indexed: bool
    role: str = "other"
    in_framework: bool = True
    via: str | None = None
    note: str = ""


class IndexSummary(BaseModel):
    """The index being served (what answers come from), not whatever is on disk."""

    build_id: str | None = None
    built_at: datetime | None = None
    corpus_hash: str | None = None
    tokenizer_version: str | None = None
    embed_model: str | None = None
    chunks: int | None = None
    docs: int | None = None
    documents: int | None = None
    provisions: int | None = None


class JobView(BaseModel):
    id: str
    kind: str
    status: Literal["queued", "running", "succeeded", "failed"]
    detail: str = ""
    error: str | None = None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: dict[str, Any] = Field(default_factory=dict)


class CorpusStatus(BaseModel):
    documents: list[DocumentSummary]
    framework: list[CoverageItem]
    index: IndexSummary
    jobs: list[JobView] = Field(default_factory=list)


class VectorsState(BaseModel):
    """The dense part of the served index."""

    state: Literal["ready", "building", "pending", "failed", "off"] = Field(
        description="ready: its vectors are served; building: a background build is embedding "
        "(done of total texts); pending: a model is configured and the vectors are still to "
        "come (search is lexical meanwhile); failed: the last vector build failed, search stays "
        "lexical (the server log says why); off: no embedding model (TDKT_EMBED_MODEL=none)"
    )
    done: int | None = None
    total: int | None = None
    model: str | None = None
    vectors: int | None = Field(default=None, description="vectors served, one per chunk")


class Health(BaseModel):
    status: Literal["starting", "ok", "building", "damaged-rebuilding", "failed"] = Field(
        description="ok: an index is served (a re-index may run meanwhile); building: none yet, "
        "it is being built; damaged-rebuilding: the index on disk failed its checks and is "
        "being rebuilt; failed: nothing can be served (the server log says why)"
    )
    ready: bool
    message: str = ""
    version: str
    mode: Literal["extractive", "llm"]
    documents: int = 0
    index: IndexSummary = Field(default_factory=IndexSummary)
    reindexing: bool = Field(default=False, description="a re-index is queued or running")
    pending_uploads: list[str] = Field(
        default_factory=list,
        description="user documents on disk that the served index does not hold yet",
    )
    vectors: VectorsState = Field(default_factory=lambda: VectorsState(state="off"))
    uptime_s: float


class UploadAccepted(BaseModel):
    saved_as: str = Field(description="file name in the corpus' user folder")
    doc_id: str
    title: str
    job_id: str
    job_url: str


class FeedbackIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "rating": "up",
                    "question": EXAMPLE_QUESTION,
                    "answer_id": "3f1c9a0d2b7e4c11",
                    "comment": "Đúng và đủ.",
                }
            ]
        },
    )

    rating: Literal["up", "down"]
    question: str = Field(min_length=1, max_length=20_000)
    answer_id: str | None = Field(default=None, max_length=64)
    answer: str | None = Field(default=None, max_length=100_000)
    comment: str = Field(default="", max_length=5_000)
    as_of: IsoDate | None = None
    citations: list[str] = Field(default_factory=list, max_length=50)


class FeedbackSaved(BaseModel):
    saved: bool
    id: str

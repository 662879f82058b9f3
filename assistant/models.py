"""Typed, frozen records that cross stage boundaries.

corpus → ingest (Document) → parse (ParsedDocument of Provisions) → index (Chunk)
→ retrieve (Hit) → answer (Citation, Answer).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# re-exported: the records below read their coordinates through it
from assistant.locator import QUYET_DINH as QUYET_DINH
from assistant.locator import Locator as Locator


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Coordinates(BaseModel):
    """The coordinates fields of a record that sits in a document (provision, chunk, citation,
    API views, eval gold): declared once here, read as one ``Locator``."""

    part: str | None = None  # "quyet-dinh" for a decision's own articles; None = main text
    article: int | None = None
    article_suffix: str | None = None  # "a" for Điều 58a
    clause: int | None = None
    point: str | None = None
    appendix: str | None = None  # "I", "1"
    section: str | None = None  # plan: "IV.2", "Phụ lục 2.II"; appendix: "Phần I.II.7.b"

    @cached_property  # records are frozen: read once, then kept with the record
    def locator(self) -> Locator:
        return Locator.of(self)

    def model_copy(self, *, update: dict | None = None, deep: bool = False):  # type: ignore[override]
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("locator", None)  # a copy may sit elsewhere: read its own coordinates
        return copy

    def coordinates(self) -> dict[str, object]:
        """The coordinate fields alone, to build another record at the same place."""
        return {name: getattr(self, name) for name in Coordinates.model_fields}


class DocKind(StrEnum):
    LEGAL = "legal"  # laws, decrees, circulars, decisions, consolidated texts
    PLAN = "plan"  # Kế hoạch of a province, ward, commune, agency


class Coverage(StrEnum):
    FULL = "full"
    EXCERPT = "excerpt"
    MISSING = "missing"


class DocMeta(Frozen):
    """Metadata of one document, from its front matter or read from its own header."""

    doc_id: str  # số hiệu for legal texts ("06/2022/QH15"); file stem for plans
    kind: DocKind
    so_hieu: str | None = None  # as printed; plans often have "…/KH-UBND" with a blank number
    loai: str | None = None  # Luật, Nghị định, Thông tư, Quyết định, Văn bản hợp nhất, Kế hoạch …
    title: str = ""  # tên / trích yếu
    issuer: str | None = None  # cơ quan ban hành
    signer: str | None = None
    place: str | None = None  # địa danh in the date line ("Pom Hán")
    issued: date | None = None  # ngày ban hành
    effective: date | None = None  # ngày hiệu lực
    expired: date | None = None  # ngày hết hiệu lực (None = in force as far as known)
    status: str | None = None  # tình trạng as written in the source
    replaces: tuple[str, ...] = ()
    replaced_by: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()
    coverage: Coverage = Coverage.FULL
    source_path: str = ""  # path of the file it was read from
    source_format: str = ""  # md, txt, docx, pdf, html, doc
    sha256: str = ""  # hash of the source bytes
    # "pack": the official document pack; "user": a file a user added (corpus/user, uploads).
    # A user's file is never law by itself: see RegistryEntry.user_document.
    origin: Literal["pack", "user"] = "pack"


class Document(Frozen):
    """A file read into text: front matter split off, Unicode NFC, PDF damage re-flowed."""

    meta: DocMeta
    text: str  # the body
    front_matter: dict = Field(default_factory=dict)
    body_line_offset: int = 0  # 1-based line of the body's first line in the source file


ProvisionKind = Literal[
    "document",  # the root: header, title, preamble (căn cứ)
    "phan",  # Phần
    "chuong",  # Chương
    "muc",  # Mục (legal) or a Roman-numeral part of a plan (I., II. …)
    "dieu",  # Điều
    "khoan",  # Khoản "1." or "(1)"
    "diem",  # Điểm "a)"
    "tiet",  # "-" / "+" items below a point or a plan item
    "section",  # a numbered plan item 1., 1.1., a) below a Roman part
    "phu-luc",  # Phụ lục
    "mau",  # Mẫu số …
    "table",
    "footnotes",
    "signature",  # nơi nhận, chữ ký
]


class Provision(Frozen, Coordinates):
    """One unit of a document's structure.

    ``text`` holds the unit's own lines (its heading line and body up to the first child);
    the full text of a unit is its own text followed by its descendants' (ParsedDocument.full_text).
    """

    id: str  # stable ASCII path: "06-2022-qh15/dieu-84/khoan-2/diem-a", "<plan-id>/muc-iv/3"
    doc_id: str
    kind: ProvisionKind
    number: str | None = None  # as printed, normalised: "84", "2", "a", "IV", "1.4"
    title: str | None = None  # Điều / Chương / Phụ lục title, plan heading
    text: str = ""
    parent_id: str | None = None
    children: tuple[str, ...] = ()
    line: int | None = None  # 1-based line in the source file where the unit starts


class ParsedDocument(Frozen):
    meta: DocMeta
    provisions: tuple[Provision, ...]  # document order, root first
    warnings: tuple[str, ...] = ()  # what the parser could not place

    def by_id(self) -> dict[str, Provision]:
        return {p.id: p for p in self.provisions}

    def get(self, provision_id: str) -> Provision | None:
        for p in self.provisions:
            if p.id == provision_id:
                return p
        return None

    def full_text(self, provision_id: str) -> str:
        index = self.by_id()
        root = index[provision_id]
        parts: list[str] = []

        def walk(p: Provision) -> None:
            if p.text:
                parts.append(p.text)
            for cid in p.children:
                walk(index[cid])

        walk(root)
        return "\n".join(parts)


class Chunk(Frozen, Coordinates):
    """What is indexed: one clause (or short article, or plan section) with its context."""

    id: str  # equals the provision id of the unit it covers
    doc_id: str
    provision_id: str
    text: str  # the unit's full text (verbatim, what a quote shows)
    context: str = ""  # heading context prepended for indexing (document title, Điều title …)
    kind: ProvisionKind = "khoan"
    label: str = ""  # "khoản 2 Điều 84 Luật Thi đua, khen thưởng 2022"
    doc_kind: DocKind = DocKind.LEGAL

    @property
    def index_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text


class Hit(Frozen):
    chunk: Chunk
    score: float
    sources: tuple[
        str, ...
    ] = ()  # which retrievers found it: "bm25", "dense", "catalog", "citation"
    in_force: bool = True
    note: str | None = None
    # cosine of the question and the chunk under the embedding model; None without vectors
    dense: float | None = None


class Citation(Frozen, Coordinates):
    """The citation JSON of DESIGN §4."""

    doc: str
    doc_title: str
    label: str
    quote: str
    provision_id: str
    in_force: bool = True
    origin: Literal["pack", "user"] = "pack"  # the official pack, or a user's upload
    # a legal text, or a plan (which has a period, not a validity: shown without a badge)
    doc_kind: Literal["legal", "plan"] = "legal"


class Answer(Frozen):
    """The answer JSON of DESIGN §4 (``tdkt ask --json``)."""

    question: str
    answer: str
    language: Literal["vi", "en"]
    abstained: bool
    citations: tuple[Citation, ...] = ()
    notes: tuple[str, ...] = ()
    as_of: date
    mode: Literal["extractive", "llm"] = "extractive"
    timings_ms: dict[str, float] = Field(default_factory=dict)

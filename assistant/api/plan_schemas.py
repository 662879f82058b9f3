"""Bodies of the plan endpoints: the drafting request (the fields of `tdkt draft`), the drafted
plan, and the checker's findings."""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.api.schemas import IsoDate
from assistant.draft.spec import IssuerLevel, PlanKind


class DraftIn(BaseModel):
    """What `tdkt draft` takes (DESIGN §4). A yearly plan needs its year (or plan_date); a
    campaign needs its occasion."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"kind": {"const": "annual"}}},
                    "then": {
                        "anyOf": [
                            {"required": ["year"], "properties": {"year": {"type": "integer"}}},
                            {
                                "required": ["plan_date"],
                                "properties": {"plan_date": {"type": "string"}},
                            },
                        ]
                    },
                },
                {
                    "if": {"properties": {"kind": {"const": "campaign"}}, "required": ["kind"]},
                    "then": {
                        "required": ["occasion"],
                        "properties": {"occasion": {"type": "string", "pattern": "\\S"}},
                    },
                },
            ],
            "examples": [
                {
                    "kind": "annual",
                    "issuer": "UBND phường Hòa Bình",
                    "level": "phuong",
                    "place": "Hòa Bình",
                    "year": 2027,
                },
                {
                    "kind": "campaign",
                    "issuer": "UBND xã Tân Lập",
                    "level": "xa",
                    "place": "Tân Lập",
                    "year": 2027,
                    "occasion": "Kỷ niệm 80 năm Ngày Thương binh - Liệt sĩ",
                },
            ],
        },
    )

    kind: PlanKind = "annual"
    issuer: str = Field(min_length=2, max_length=300, description='"UBND phường Hòa Bình"')
    level: IssuerLevel
    place: str = Field(min_length=1, max_length=200, description="địa danh of the date line")
    year: int | None = Field(default=None, ge=2000, le=2100)
    occasion: str | None = Field(default=None, max_length=500, description="campaign: occasion")
    period_start: IsoDate | None = None
    period_end: IsoDate | None = None
    implements: str | None = Field(
        default=None, max_length=500, description="the upper-level plan it implements"
    )
    parent: str | None = Field(default=None, max_length=300, description="cơ quan chủ quản")
    province: str | None = Field(default=None, max_length=200)
    signer: str | None = Field(default=None, max_length=100, description='"Phó Chủ tịch"')
    sign_as: Literal["TM", "KT"] | None = None
    plan_date: IsoDate | None = None
    symbol: str | None = Field(default=None, max_length=50, description='after "KH-"')

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        # These land in a Word file, which cannot hold control characters.
        # A control character separates words like a space; other format marks vanish.
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
            return "".join(_printable_char(ch) for ch in value).strip()
        return value

    @model_validator(mode="after")
    def _what_the_kind_needs(self) -> DraftIn:
        # Said here in the API's own terms (the drafter's message names command-line flags).
        if self.kind == "annual" and self.year is None and self.plan_date is None:
            raise ValueError("a yearly plan needs `year` (e.g. 2027) or `plan_date` (YYYY-MM-DD)")
        if self.kind == "campaign" and not (self.occasion or "").strip():
            raise ValueError(
                'a campaign plan needs `occasion`, e.g. "Kỷ niệm 80 năm Ngày Thương binh - Liệt sĩ"'
            )
        return self


def _printable_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":
        return " "
    return "" if category[0] == "C" else ch


class DraftOut(BaseModel):
    markdown: str
    docx_base64: str = Field(description="the .docx file, base64-encoded")
    file_name: str
    summary: dict[str, Any] = Field(
        default_factory=dict, description="legal bases, awards, period, notes for the drafter"
    )


class FindingLocation(BaseModel):
    section: str | None = Field(default=None, examples=["IV.2"])
    line: int | None = Field(default=None, description="1-based line of the uploaded file")


class Finding(BaseModel):
    severity: Literal["error", "warning", "info"]
    code: str = Field(examples=["basis-not-in-force"])
    message: str
    location: FindingLocation = Field(default_factory=FindingLocation)
    fix: str | None = None


class CheckOut(BaseModel):
    file_name: str
    plan: dict[str, Any] = Field(
        default_factory=dict, description="what was read about the plan: title, issuer, date …"
    )
    findings: list[Finding]
    counts: dict[str, int] = Field(default_factory=dict, description="findings by severity")

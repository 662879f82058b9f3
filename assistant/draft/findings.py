"""Typed results of `tdkt check-plan`: a finding (severity, code, message, location, fix) and the
report of one plan (its findings and what was read about it)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning", "info"]
# "issued": wrong (or worth a look) on the plan's own date, a drafting matter; "since": right when
# issued, changed by a later text (applied with its transitional rule, "lưu ý áp dụng"), never a
# drafting error; "check": rests on a fact the assistant holds unverified, to be checked.
FindingKind = Literal["issued", "since", "check"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Location(_Frozen):
    section: str | None = None  # "IV.2", "Phụ lục 1", "chữ ký"; None for header and preamble
    line: int | None = None  # 1-based line of the source file


class Finding(_Frozen):
    severity: Severity
    code: str  # stable: basis-not-in-force, authority-abolished, duplicate-section-number …
    message: str  # Vietnamese, for the official
    location: Location
    fix: str | None = None  # what to write instead (from the registry's successor chain …)
    kind: FindingKind = "issued"


class PlanDate(_Frozen):
    start: date
    end: date
    precision: str  # day | month | year | estimated
    source: str  # header | appendix | estimated | as-of
    text: str


class PlanMeta(_Frozen):
    name: str
    title: str
    issuer: str | None
    issuer_level: str | None
    kind: str | None  # annual | campaign
    year: int | None
    date: PlanDate | None
    period_start: date | None
    period_end: date | None
    parser_warnings: tuple[str, ...] = ()


class CheckReport(_Frozen):
    plan: PlanMeta
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict:
        data = self.model_dump(mode="json")
        data["counts"] = self.counts()
        return data

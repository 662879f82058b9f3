"""What an official asks for: the typed drafting request and the facts derived from it.

A request names the plan's kind (yearly or campaign), the issuing body and its level, the place
printed in the date line, the year or the campaign's period, the occasion, the upper-level plan
it implements and how the signer signs. What follows from those alone (the issuer's name in
capitals, the "Số: …/KH-UBND" symbol, the signer block) is computed here; the period and the
reference date are in period.py.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from assistant.domain.levels import issuer_levels, unit_words
from assistant.domain.levels import level as level_of
from assistant.errors import InvalidInputError

PlanKind = Literal["annual", "campaign"]
# The levels that issue plans, from the one vocabulary (domain/data/levels.yaml): the request,
# the API schema and the web form read these.
IssuerLevel = Literal[tuple(lv.id for lv in issuer_levels())]  # type: ignore[valid-type]
ISSUER_LEVEL_VI: dict[str, str] = {lv.id: lv.name_vi for lv in issuer_levels()}
SignAs = Literal["TM", "KT"]

PLACEHOLDER = "[…]"  # a place only an official can fill

_UBND = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.I)
_COLLECTIVE = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng)\b", re.I)
_UNIT_WORDS = unit_words("xa", "tinh")  # "đặc khu", "phường", "xã", "thị trấn", "tỉnh" …


MAX_PERIOD_DAYS = 5 * 366


class DraftRequest(BaseModel):
    """One drafting request (CLI `tdkt draft`, API `POST /api/plans/draft`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PlanKind
    issuer: str  # "UBND phường Hòa Bình", "Sở Nội vụ"
    level: IssuerLevel
    place: str  # địa danh of the date line
    year: int | None = None
    period_start: date | None = None  # campaign period; defaults from the plan date
    period_end: date | None = None  # campaign period; defaults from the occasion's date
    occasion: str | None = None  # campaign: what it celebrates
    implements: str | None = None  # "Kế hoạch số 12/KH-UBND ngày 05/01/2027 của UBND tỉnh …"
    parent: str | None = None  # cơ quan chủ quản printed above the issuer ("UBND tỉnh …")
    province: str | None = None  # for the provincial regulation and the recipients
    signer: str | None = None  # title of the signer: "Chủ tịch", "Phó Chủ tịch", "Giám đốc"
    sign_as: SignAs | None = None
    plan_date: date | None = None  # ngày ban hành; blank in the date line when not given
    symbol: str | None = None  # ký hiệu of the issuer after "KH-" (default: UBND for a UBND)

    @model_validator(mode="after")
    def _check(self) -> DraftRequest:
        if not self.issuer.strip():
            raise InvalidInputError("the issuer is empty", fix='e.g. --issuer "UBND phường X"')
        if not self.place.strip():
            raise InvalidInputError("the place is empty", fix='e.g. --place "Hòa Bình"')
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise InvalidInputError(f"year {self.year} is out of range", fix="use e.g. 2027")
        if self.kind == "annual" and self.year is None and self.plan_date is None:
            raise InvalidInputError(
                "a yearly plan needs its year", fix="add --year 2027 (or --date YYYY-MM-DD)"
            )
        if self.kind == "campaign" and not (self.occasion or "").strip():
            raise InvalidInputError(
                "a campaign plan needs the occasion it celebrates",
                fix='add --occasion "Kỷ niệm 80 năm Ngày Thương binh - Liệt sĩ"',
            )
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise InvalidInputError(
                f"the period ends ({self.period_end}) before it starts ({self.period_start})",
                fix="swap --from and --to",
            )
        if (
            self.period_start
            and self.period_end
            and ((self.period_end - self.period_start).days > MAX_PERIOD_DAYS)
        ):
            # a plan's timeline has a row per month: a period of decades is a typing error
            raise InvalidInputError(
                f"the period {self.period_start} – {self.period_end} is longer than 5 years",
                fix="a campaign plan covers months, a yearly plan one year: check --from/--to",
            )
        for day in (self.plan_date, self.period_start, self.period_end):
            if day is not None and not 2000 <= day.year <= 2100:
                raise InvalidInputError(
                    f"the date {day} is out of range", fix="use e.g. 2027-01-05"
                )
        if self.sign_as == "TM" and not self.is_collective:
            raise InvalidInputError(
                f"{self.issuer!r} is not a collective body, so its plan is not signed 'TM.'",
                fix="NĐ 30/2020 Phụ lục I mục II.7.b: omit --sign-as or use KT",
            )
        return self

    # ------------------------------------------------------------------ the issuer

    @property
    def is_collective(self) -> bool:
        """A collective body (UBND, HĐND, a council) signs "TM." (NĐ 30/2020 Phụ lục I II.7.b)."""
        return bool(_COLLECTIVE.match(self.issuer.strip()))

    @property
    def is_people_committee(self) -> bool:
        return bool(_UBND.match(self.issuer.strip()))

    @property
    def province_place(self):
        """The province or centrally governed city of the plan, from the gazetteer
        (domain/places): the one named (--province), else the one whose commune or ward the
        issuer is ("UBND phường Hoàn Kiếm" → Hà Nội), else the one a provincial issuer names;
        None when none is known for sure."""
        from assistant.domain.places import province_by_name, province_of_commune

        if self.province:
            return province_by_name(self.province)
        if self.commune_level:
            return province_of_commune(self.issuer)
        if self.level == "tinh":
            m = re.search(r"\b(?:tỉnh|thành phố|TP\.?)\s+(.+)$", self.issuer.strip(), re.I)
            return province_by_name(m.group(1)) if m else None
        return None

    @property
    def province_label(self) -> str | None:
        """The province as the regulation and the registry name it ("Lào Cai", "Hà Nội")."""
        place = self.province_place
        return place.name if place else self.province

    @property
    def commune_level(self) -> bool:
        return level_of(self.level).commune

    @property
    def unit_word(self) -> str:
        """The administrative word of the issuer's own unit: "phường", "xã", "tỉnh", "Sở"."""
        low = self.issuer.lower()
        for word in _UNIT_WORDS:
            if re.search(rf"\b{word}\b", low):
                return word
        return level_of(self.level).unit_vi or "cơ quan"

    @property
    def short_issuer(self) -> str:
        """ "UBND phường Hòa Bình" (the abbreviation NĐ 30/2020 Phụ lục I II.2.a allows)."""
        name = self.issuer.strip()
        return _UBND.sub("UBND ", name) if _UBND.match(name) else name

    @property
    def short_self(self) -> str:
        """How the plan names its own body in the text: "UBND phường", "Sở"."""
        if self.is_people_committee:
            return f"UBND {self.unit_word}"
        return self.issuer.strip().split()[0] if self.issuer.strip() else self.issuer

    @property
    def issuer_lines(self) -> tuple[str, ...]:
        """The issuing body in capitals, as printed in box 2 of the header."""
        name = self.issuer.strip()
        if _UBND.match(name):
            return ("ỦY BAN NHÂN DÂN", _UBND.sub("", name).upper())
        return (name.upper(),)

    @property
    def parent_line(self) -> str | None:
        if not self.parent:
            return None
        return _UBND.sub("UBND ", self.parent.strip()).upper()

    @property
    def symbol_code(self) -> str:
        """ "KH-UBND": Kế hoạch is "KH" (NĐ 30/2020 Phụ lục III mục I); the issuer's code after."""
        if self.symbol:
            return f"KH-{self.symbol.strip()}"
        if self.is_people_committee:
            return "KH-UBND"
        return f"KH-{PLACEHOLDER}"

    @property
    def number_line(self) -> str:
        return f"Số: …/{self.symbol_code}"

    # ------------------------------------------------------------------ the signer

    @property
    def head_title(self) -> str:
        title = (self.signer or "").strip()
        if title.lower().startswith("phó "):
            title = title[4:].strip()
        if title:
            return title
        if self.is_people_committee:
            return "Chủ tịch"
        return level_of(self.level).head_vi or "Thủ trưởng"

    @property
    def deputy_signs(self) -> bool:
        return self.sign_as == "KT" or (self.signer or "").strip().lower().startswith("phó ")

    def signer_lines(self) -> tuple[str, ...]:
        """Authority and title of the signer (NĐ 30/2020 Phụ lục I II.7.b, box 7a)."""
        # A collective body's plan is signed on its behalf ("TM. ỦY BAN NHÂN DÂN") even when a
        # deputy signs for the chairman ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" below it).
        lines: list[str] = [f"TM. {self.issuer_lines[0]}"] if self.is_collective else []
        head = self.head_title.upper()
        if self.deputy_signs:
            lines += [f"KT. {head}", f"PHÓ {head}"]
        else:
            lines.append(head)
        return tuple(lines)

    # ------------------------------------------------------------------ dates

    @property
    def plan_year(self) -> int:
        if self.year:
            return self.year
        if self.kind == "campaign" and self.period_start:
            return self.period_start.year
        return (self.plan_date or date.today()).year


def vn_date(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2027": a leading zero for days below 10 and for months 1 and 2
    (NĐ 30/2020 Phụ lục I mục II.4.b)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"

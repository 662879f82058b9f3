"""Who does what in a plan of each level, who receives it, and whom it reports to.

Units differ with the level and, for communes, with the date: from 01/07/2025 a commune or ward
of the two-level local government has its own Văn phòng HĐND và UBND and specialised offices
(Phòng Văn hóa - Xã hội, Phòng Kinh tế …) where it had single officers before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.domain.places import commune_kinds
from assistant.draft.spec import PLACEHOLDER, DraftRequest
from assistant.registry.framework import two_level_from


@dataclass(frozen=True)
class Units:
    authority: str  # who decides awards: "Chủ tịch UBND phường"
    council: str  # "Hội đồng Thi đua - Khen thưởng phường"
    standing: str  # the council's standing office
    culture: str  # propaganda
    finance: str  # money
    front: str  # Mặt trận and mass organisations (asked, not ordered)
    members: str  # the units that carry the plan out
    members_short: str  # the same in a table cell
    residential: str | None  # "tổ dân phố", "thôn"
    upper: str  # whom the plan reports to
    province_word: str  # "tỉnh" or "Thành phố" (a centrally governed city)
    province: str = PLACEHOLDER  # "tỉnh Lào Cai", "Thành phố Hà Nội" (the gazetteer's name)


def _province_word(request: DraftRequest) -> str:
    """ "Thành phố" for a centrally governed city (the gazetteer's), "tỉnh" otherwise."""
    place = request.province_place
    if place is not None:
        return "Thành phố" if place.city else "tỉnh"
    text = f"{request.issuer} {request.parent or ''} {request.province or ''}".lower()
    return "Thành phố" if request.level == "tinh" and "thành phố" in text else "tỉnh"


def _province(request: DraftRequest, word: str) -> str:
    place = request.province_place
    if place is not None:
        return f"{word} {place.name}"
    name = (request.province or "").strip()
    if name.lower().startswith(("tỉnh ", "thành phố ")):
        return name
    return f"{word} {name or PLACEHOLDER}"


def units_for(request: DraftRequest, on: date) -> Units:
    word = _province_word(request)
    province = _province(request, word)
    if request.commune_level:
        unit = request.unit_word
        residential = {"phường": "tổ dân phố", "xã": "thôn"}.get(unit, "thôn, tổ dân phố")
        if on >= two_level_from():
            standing = f"Văn phòng Hội đồng nhân dân và Ủy ban nhân dân {unit}"
            culture = f"Phòng Văn hóa - Xã hội {unit}"
            economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if unit == "phường" else "Phòng Kinh tế"
            finance = f"{economy} {unit}"
        else:
            standing = f"Công chức Văn phòng - Thống kê {unit}"
            culture = f"Công chức Văn hóa - Xã hội {unit}"
            finance = f"Công chức Tài chính - Kế toán {unit}"
        return Units(
            authority=f"Chủ tịch Ủy ban nhân dân {unit}",
            council=f"Hội đồng Thi đua - Khen thưởng {unit}",
            standing=standing,
            culture=culture,
            finance=finance,
            front=f"Ủy ban Mặt trận Tổ quốc Việt Nam {unit} và các tổ chức chính trị - xã hội",
            members=f"Các cơ quan, đơn vị, trường học, doanh nghiệp trên địa bàn; các {residential}",
            members_short=f"Các cơ quan, đơn vị, {residential}",
            residential=residential,
            upper=f"Ủy ban nhân dân {province} (qua Sở Nội vụ)",
            province_word=word,
            province=province,
        )
    if request.level == "tinh":
        communes = (
            commune_kinds(request.province_place)
            if on >= two_level_from()
            else "huyện, thị xã, thành phố"
        )
        return Units(
            authority=f"Chủ tịch Ủy ban nhân dân {word}",
            council=f"Hội đồng Thi đua - Khen thưởng {word}",
            standing=f"Sở Nội vụ (cơ quan thường trực Hội đồng Thi đua - Khen thưởng {word})",
            culture=f"Sở Văn hóa, Thể thao và Du lịch; Báo, Đài Phát thanh và Truyền hình {word}",
            finance="Sở Tài chính",
            front=f"Ủy ban Mặt trận Tổ quốc Việt Nam {word} và các tổ chức chính trị - xã hội",
            members=f"Các sở, ban, ngành, đoàn thể {word}; Ủy ban nhân dân các {communes}",
            members_short="Các sở, ban, ngành, địa phương",
            residential=None,
            upper="Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)",
            province_word=word,
            province=province,
        )
    own = request.short_self if request.level == "so" else "cơ quan"
    upper = (
        f"Ủy ban nhân dân {province} (qua Sở Nội vụ)"
        if request.level == "so"
        else (f"cơ quan cấp trên ({request.parent or PLACEHOLDER})")
    )
    return Units(
        authority=f"{request.head_title} {own}",
        council=f"Hội đồng Thi đua - Khen thưởng {own}",
        standing=f"Văn phòng {own}" if request.level == "so" else "Bộ phận tổ chức - hành chính",
        culture=f"Văn phòng {own}" if request.level == "so" else "Bộ phận tổ chức - hành chính",
        finance="Bộ phận tài chính - kế toán",
        front=f"Công đoàn, Đoàn Thanh niên {own}",
        members=f"Các phòng, đơn vị thuộc {own}",
        members_short="Các phòng, đơn vị",
        residential=None,
        upper=upper,
        province_word=word,
        province=province,
    )


def recipients(request: DraftRequest, units: Units) -> tuple[str, ...]:
    """Nơi nhận (box 9b): each "- …;", the last "- Lưu: VT, ….""."""
    if request.commune_level:
        unit = request.unit_word
        items = [
            units.upper.replace(" (qua Sở Nội vụ)", "") + " (để báo cáo)",
            "Sở Nội vụ",
            f"Thường trực Đảng ủy, Hội đồng nhân dân {unit}",
            f"Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân {unit}",
            units.front,
            units.members,
        ]
    elif request.level == "tinh":
        items = [
            units.upper,
            f"Thường trực {units.province_word.capitalize()} ủy, Hội đồng nhân dân {units.province_word}",
            f"Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân {units.province_word}",
            units.members,
            units.front,
        ]
    else:
        items = [units.upper, f"Lãnh đạo {units.authority.split()[-1]}", units.members]
    return tuple(f"- {i};" for i in items) + (f"- Lưu: VT, {PLACEHOLDER}.",)

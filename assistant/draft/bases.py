"""Legal bases of a plan: the texts of the framework in force on the plan's date, never typed.

A plan dated in 2027 cites the 2022 Law (and the 2026 amending law once it applies), NĐ
152/2025/NĐ-CP, NĐ 129/2025/NĐ-CP and TT 15/2025/TT-BNV; a plan dated in 2024 would cite NĐ
98/2023/NĐ-CP and TT 01/2024/TT-BNV instead. Each basis carries what the reader should know
about it: only excerpts or no text in the pack, dates from secondary sources, a change that
falls inside the plan's period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.domain import load_catalog
from assistant.domain.levels import level as level_of
from assistant.domain.places import in_words, province_by_name
from assistant.draft.citing import cite
from assistant.draft.spec import PLACEHOLDER, vn_date
from assistant.models import Coverage
from assistant.registry import Registry
from assistant.registry.entries import RegistryEntry
from assistant.registry.validity import fmt, lapse_note
from assistant.text import fold_lower

# Order of the căn cứ: the Law, the decrees, the circulars, then the province's own rules.
_ROLE_ORDER = {
    "law": 0,
    "amending-law": 1,
    "decree-detail": 2,
    "decree-local-government": 3,
    "circular": 4,
    "provincial": 5,
}


@dataclass(frozen=True)
class Basis:
    doc_id: str | None  # None: a placeholder the official completes
    text: str  # the căn cứ without "Căn cứ" and the final punctuation
    notes: tuple[str, ...] = ()  # Vietnamese notes for the drafter


def _fold(text: str | None) -> str:
    return fold_lower(text).strip()


def _excerpt_or_missing(entry: RegistryEntry) -> Coverage:
    return entry.coverage if entry.indexed else entry.expected


def basis_text(entry: RegistryEntry) -> str:
    """A căn cứ as NĐ 30/2020 Phụ lục I mục II.6.a writes it: type, số hiệu, date, issuer and
    trích yếu; a Law by its name and date only."""
    when = vn_date(entry.issued) if entry.issued else f"ngày {PLACEHOLDER}"
    if entry.loai == "Luật":
        return f"{entry.title} {when}"
    summary = entry.title
    if summary.lower().startswith(entry.loai.lower()):
        summary = summary[len(entry.loai) :].strip()
    issuer = f" của {entry.issuer}" if entry.issuer else ""
    return f"{entry.loai} số {entry.doc_id} {when}{issuer} {summary}"


def _notes(registry: Registry, entry: RegistryEntry, on: date, until: date) -> tuple[str, ...]:
    notes: list[str] = []
    label = entry.label
    coverage = _excerpt_or_missing(entry)
    if coverage is Coverage.EXCERPT:
        notes.append(f"{label}: kho văn bản chỉ có trích đoạn; đối chiếu toàn văn trước khi ký.")
    elif coverage is Coverage.MISSING:
        notes.append(f"{label}: toàn văn chưa có trong kho văn bản; đối chiếu trước khi ký.")
    if entry.unverified:
        notes.append(f"{label}: ngày tháng hoặc quan hệ lấy từ nguồn thứ cấp, chưa xác minh.")
    if entry.expired and on < entry.expired <= until:
        repl = ", ".join(registry.label(r) for r in entry.replaced_by) or "văn bản khác"
        notes.append(
            f"{label} hết hiệu lực từ {fmt(entry.expired)}, trong thời gian thực hiện kế hoạch; "
            f"từ ngày đó áp dụng {repl}."
        )
    if entry.lapse and on >= entry.lapse.date:
        notes.append(lapse_note(entry, "vi"))
    elif entry.lapse and on < entry.lapse.date <= until:
        notes.append(
            f"{label} hết hiệu lực từ {fmt(entry.lapse.date)} theo {entry.lapse.basis}, trong "
            f"thời gian thực hiện kế hoạch, trừ khi {entry.lapse.unless}; kiểm tra lại trước "
            "ngày đó."
        )
    if entry.possible_end and on < entry.possible_end <= until:
        notes.append(
            f"{label}: có nguồn ghi ngày hết hiệu lực dự kiến {fmt(entry.possible_end)} "
            "(chưa xác minh); kiểm tra lại trước ngày đó."
        )
    for amender in entry.amended_by:
        other = registry.get(amender)
        start = other.effective if other else None
        if start and on < start <= until:
            notes.append(f"{label} được sửa đổi bởi {registry.label(amender)} từ {fmt(start)}.")
    return tuple(notes)


def legal_bases(
    registry: Registry,
    on: date,
    level: str,
    *,
    province: str | None = None,
    until: date | None = None,
) -> list[Basis]:
    """The căn cứ of a plan dated `on` whose period ends `until` (default: `on`)."""
    until = until or on
    local_government = level_of(level).local_government
    chosen: list[RegistryEntry] = []
    provincial_found = False
    for entry in registry.governing_on(on):
        if entry.role not in _ROLE_ORDER:
            continue
        if entry.role == "decree-local-government" and not local_government:
            continue
        if entry.role == "provincial":
            if not province or _fold(entry.province) != _fold(province):
                continue
            provincial_found = True
        chosen.append(entry)
    chosen.sort(key=lambda e: (_ROLE_ORDER[e.role], e.issued or date.min))
    bases = [Basis(e.doc_id, basis_text(e), _notes(registry, e, on, until)) for e in chosen]
    if local_government and not provincial_found:
        place = province_by_name(province)
        where = in_words(place) if place else f"tỉnh {province or PLACEHOLDER}"
        word = "Thành phố" if place and place.city else "tỉnh"
        note = (
            f"Quy định về công tác thi đua, khen thưởng của {word}: điền số, ngày của văn bản "
            "đang có hiệu lực"
        )
        # The catalog's general "dossier" provisions include the one that hands the dossiers of
        # the basic titles to the provinces (NĐ 152/2025 Điều 6 khoản 2 điểm c).
        handed = [
            r
            for r in load_catalog().general.get("dossier", ())
            if any(e.doc_id == r.doc and e.role != "law" for e in chosen)
        ]
        if handed:
            note += (
                f" ({word} quy định hồ sơ, thủ tục xét tặng các danh hiệu cơ sở và Giấy khen — "
                f"{cite(handed, registry)})"
            )
        bases.append(
            Basis(
                None,
                f"Quyết định số {PLACEHOLDER} của Ủy ban nhân dân {where} ban hành Quy định về "
                "công tác thi đua, khen thưởng",
                (note + ".",),
            )
        )
    return bases


def finance_texts(registry: Registry, on: date) -> list[RegistryEntry]:
    """Texts on the money for TĐKT work in force on the date (TT 28/2025/TT-BTC …)."""
    return [e for e in registry.in_force_on(on) if e.role == "finance"]

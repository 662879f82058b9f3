"""Is a document in force on a date, what replaced or amended it, and what to tell the reader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from assistant.models import Coverage

if TYPE_CHECKING:
    from assistant.registry.entries import RegistryEntry


@dataclass(frozen=True, slots=True)
class Validity:
    doc_id: str
    on: date
    in_force: bool
    effective: date | None
    expired: date | None
    replaced_by: tuple[str, ...] = ()
    amended_by_in_force: tuple[str, ...] = ()
    note: str = ""  # English
    note_vi: str = ""  # Vietnamese, for answers in Vietnamese
    coverage: Coverage = Coverage.FULL
    unverified: bool = False
    amended_later: tuple[str, ...] = field(default=())  # amendments that take effect after `on`
    lapsed: bool = False  # ended by its own terms (a lapse clause), unless something extended it
    user_document: bool = False  # a user's legal text outside the framework: never law in force

    @property
    def governs(self) -> bool:
        """Whether the text is still the one to apply on the date: in force, or lapsed by its
        own terms with nothing known to replace it (NĐ 152/2025 after 01/03/2027, unless
        extended: still the text that answers, with the lapse said beside it)."""
        return self.in_force or (self.lapsed and not self.replaced_by)


def fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def start_bound(entry: RegistryEntry) -> date | None:
    """The first day the text can be in force: its effective date, else its signing date, else
    1 January of the year in its số hiệu (a text is never in force before it exists)."""
    if entry.effective:
        return entry.effective
    if entry.issued:
        return entry.issued
    if entry.number.year:
        return date(entry.number.year, 1, 1)
    return None


def end_bound(entry: RegistryEntry) -> date | None:
    """The first day the text is no longer in force: its end date, or the date its own lapse
    clause names (whichever comes first)."""
    ends = [d for d in (entry.expired, entry.lapse.date if entry.lapse else None) if d]
    return min(ends) if ends else None


def has_lapsed(entry: RegistryEntry, on: date) -> bool:
    """Ended on `on` by its own lapse clause (and not by a known end date before it)."""
    lapse = entry.lapse
    return bool(lapse and on >= lapse.date and not (entry.expired and entry.expired <= lapse.date))


def is_in_force(entry: RegistryEntry, on: date) -> bool:
    if entry.user_document:
        return False
    start = start_bound(entry)
    if start and on < start:
        return False
    end = end_bound(entry)
    return not (end and on >= end)


def governs(entry: RegistryEntry, on: date) -> bool:
    """Still the text to apply on the date: in force, or lapsed by its own terms with nothing
    known to replace it (``Validity.governs``)."""
    return is_in_force(entry, on) or (has_lapsed(entry, on) and not entry.replaced_by)


def lapse_note(entry: RegistryEntry, lang: str = "vi") -> str:
    """What to tell a reader about a text that lapsed by its own terms."""
    lapse = entry.lapse
    if lapse is None:
        return ""
    if lang == "vi":
        unless = f", trừ khi {lapse.unless}" if lapse.unless else ""
        return (
            f"{entry.label} hết hiệu lực từ {fmt(lapse.date)} theo {lapse.basis}{unless}; "
            "kho văn bản không có thông tin về việc kéo dài hay thay thế, cần kiểm tra trước khi "
            "áp dụng."
        )
    unless = f", unless {lapse.unless_en}" if lapse.unless_en else ""
    return (
        f"{entry.label} ceased to have effect on {fmt(lapse.date)} under {lapse.basis}{unless}; "
        "the documents held say nothing of an extension or a successor, so check before relying "
        "on it."
    )


def compute_validity(
    entry: RegistryEntry, on: date, lookup: Callable[[str], RegistryEntry | None]
) -> Validity:
    if entry.user_document:
        return Validity(
            doc_id=entry.doc_id,
            on=on,
            in_force=False,
            effective=None,
            expired=None,
            note=f"{entry.label} is a document uploaded by a user; it is not in the legal "
            "framework the assistant knows, so it is not cited as a legal text in force.",
            note_vi=f"{entry.label} là tài liệu do người dùng tải lên, không có trong khung văn "
            "bản pháp luật mà hệ thống theo dõi; không được coi là văn bản quy phạm đang có "
            "hiệu lực.",
            coverage=entry.coverage,
            user_document=True,
        )
    in_force = is_in_force(entry, on)
    start = start_bound(entry)
    amend_now: list[str] = []
    amend_later: list[str] = []
    for aid in entry.amended_by:
        amender = lookup(aid)
        when = start_bound(amender) if amender else None
        (amend_now if when is None or when <= on else amend_later).append(aid)

    def name(doc_id: str) -> str:
        other = lookup(doc_id)
        return other.label if other else doc_id

    en: list[str] = []
    vi: list[str] = []
    if start and on < start:
        en.append(
            f"{entry.label} is not yet in force on {fmt(on)}; it takes effect on {fmt(start)}."
        )
        vi.append(
            f"{entry.label} chưa có hiệu lực vào ngày {fmt(on)}; có hiệu lực từ {fmt(start)}."
        )
    elif has_lapsed(entry, on):
        en.append(lapse_note(entry, "en"))
        vi.append(lapse_note(entry, "vi"))
    elif entry.expired and on >= entry.expired:
        repl = ", ".join(name(r) for r in entry.replaced_by)
        en.append(
            f"{entry.label} is no longer in force since {fmt(entry.expired)}"
            + (f"; replaced by {repl}." if repl else ".")
        )
        vi.append(
            f"{entry.label} hết hiệu lực từ {fmt(entry.expired)}"
            + (f"; được thay thế bởi {repl}." if repl else ".")
        )
    elif entry.effective is None and start is not None:
        en.append(f"The exact effective date of {entry.label} is not established.")
        vi.append(f"Chưa xác định được ngày có hiệu lực chính xác của {entry.label}.")
    for aid in amend_now:
        amender = lookup(aid)
        since = f" from {fmt(start_bound(amender))}" if amender and start_bound(amender) else ""
        since_vi = f" từ {fmt(start_bound(amender))}" if amender and start_bound(amender) else ""
        missing = (
            amender is not None and amender.coverage is Coverage.MISSING and not amender.text_via
        )
        en.append(
            f"Amended by {name(aid)}{since}"
            + (
                "; its text is not in the pack, so amended provisions may read differently."
                if missing
                else "."
            )
        )
        vi.append(
            f"Được sửa đổi, bổ sung bởi {name(aid)}{since_vi}"
            + (
                "; văn bản sửa đổi chưa có trong kho, nội dung sửa đổi chưa được phản ánh."
                if missing
                else "."
            )
        )
    if in_force:
        for aid in amend_later:
            amender = lookup(aid)
            when = start_bound(amender) if amender else None
            if when:
                en.append(f"{name(aid)} will amend it from {fmt(when)}.")
                vi.append(f"{name(aid)} sửa đổi, bổ sung văn bản này từ {fmt(when)}.")
        for rid in entry.replaced_by:  # a replacement already announced
            other = lookup(rid)
            when = start_bound(other) if other else None
            if when and when > on:
                en.append(f"{name(rid)} replaces it from {fmt(when)}.")
                vi.append(f"{name(rid)} thay thế văn bản này từ {fmt(when)}.")
    if in_force and entry.possible_end and on >= entry.possible_end:
        en.append(
            f"A planned end date {fmt(entry.possible_end)} is reported for {entry.label} "
            "(basis unverified); check that it is still in force."
        )
        vi.append(
            f"Có nguồn ghi ngày hết hiệu lực dự kiến {fmt(entry.possible_end)} của {entry.label} "
            "(chưa xác minh); cần kiểm tra còn hiệu lực."
        )
    if entry.coverage is Coverage.EXCERPT:
        en.append("Only excerpts of its text are in the pack.")
        vi.append("Kho chỉ có trích đoạn văn bản này.")
    elif entry.coverage is Coverage.MISSING and entry.text_via:
        via = name(entry.text_via)
        en.append(f"Its text is in the pack as {via}.")
        vi.append(f"Nội dung văn bản có trong kho qua {via}.")
    elif entry.coverage is Coverage.MISSING:
        en.append("Its text is not in the pack.")
        vi.append("Toàn văn chưa có trong kho.")
    if entry.unverified:
        en.append("Some dates or relations come from secondary sources and are not verified.")
        vi.append("Một số ngày tháng hoặc quan hệ lấy từ nguồn thứ cấp, chưa được xác minh.")
    return Validity(
        doc_id=entry.doc_id,
        on=on,
        in_force=in_force,
        effective=entry.effective,
        expired=end_bound(entry),
        replaced_by=entry.replaced_by,
        amended_by_in_force=tuple(amend_now),
        note=" ".join(en),
        note_vi=" ".join(vi),
        coverage=entry.coverage,
        unverified=entry.unverified,
        amended_later=tuple(amend_later),
        lapsed=has_lapsed(entry, on),
    )

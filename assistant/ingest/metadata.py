"""DocMeta from a document's YAML front matter, or from its own header when it has none."""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

from assistant.ingest.frontmatter import parse_iso_date
from assistant.models import Coverage, DocKind, DocMeta
from assistant.text import SO_HIEU, ascii_fold, fold_lower

log = logging.getLogger(__name__)

# A số hiệu as printed: "06/2022/QH15", "98/2023/NĐ-CP", "16/VBHN-VPQH", "350a/KH-UBND".
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_WORDY = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_EXPIRED_FROM = re.compile(r"het hieu luc\s+(?:ke\s+)?tu\s+(?:ngay\s+)?")
_FROM = re.compile(r"\btu\s+(?:ngay\s+)?")


def build_meta(
    front: dict,
    text: str,
    *,
    path: Path,
    source_format: str,
    sha256: str,
    kind: DocKind | None = None,
) -> DocMeta:
    """Front matter when there is one, else the header read from the text."""
    common = {"source_path": str(path), "source_format": source_format, "sha256": sha256}
    if front:
        return _from_front_matter(front, path=path, kind=kind, common=common)
    return _from_header(text, path=path, kind=kind, common=common)


def _from_front_matter(front: dict, *, path: Path, kind: DocKind | None, common: dict) -> DocMeta:
    so_hieu = _text(front.get("so_hieu"))
    loai = _text(front.get("loai"))
    if kind is None:
        if loai:
            kind = DocKind.PLAN if _fold(loai).startswith("ke hoach") else DocKind.LEGAL
        else:
            kind = DocKind.PLAN if _in_plans_folder(path) else DocKind.LEGAL
    doc_id = so_hieu if (kind is DocKind.LEGAL and _has_number(so_hieu)) else path.stem
    if kind is DocKind.LEGAL and not _has_number(so_hieu):
        log.warning("%s: front matter has no so_hieu; using the file name as its id", path)
    replaced_by = _id_list(front.get("bi_thay_the_boi"))
    excerpt = bool(re.search(r"\btrich\b", _fold(front.get("do_day_du"))))
    return DocMeta(
        doc_id=doc_id,
        kind=kind,
        so_hieu=so_hieu,
        loai=loai,
        title=_text(front.get("ten")) or "",
        issuer=_text(front.get("co_quan")),
        signer=_text(front.get("nguoi_ky")),
        place=_text(front.get("dia_danh")),
        issued=parse_date(front.get("ngay_ban_hanh")),
        effective=parse_date(front.get("ngay_hieu_luc")),
        expired=expiry_date(front, path=path),
        status=_text(front.get("tinh_trang")),
        replaces=_id_list(front.get("thay_the")),
        replaced_by=replaced_by,
        amended_by=_id_list(front.get("sua_doi_boi")),
        coverage=Coverage.EXCERPT if excerpt or _is_excerpt_name(path) else Coverage.FULL,
        **common,
    )


def _from_header(text: str, *, path: Path, kind: DocKind | None, common: dict) -> DocMeta:
    # Lazy: header.py is a separate module and only documents without front matter need it.
    from assistant.ingest.header import read_header

    fields = read_header(text, source=str(path)).meta_fields()
    so_hieu = _text(fields.get("so_hieu"))
    loai = _text(fields.get("loai"))
    if kind is None:
        plan = (loai and _fold(loai) == "ke hoach") or _in_plans_folder(path)
        kind = DocKind.PLAN if plan else DocKind.LEGAL
    # DESIGN §4: plan numbers repeat and are often blank, so a plan is known by its file stem.
    doc_id = so_hieu if (kind is DocKind.LEGAL and _has_number(so_hieu)) else path.stem
    issued = fields.get("issued")
    return DocMeta(
        doc_id=doc_id,
        kind=kind,
        so_hieu=so_hieu,
        loai=loai,
        title=_text(fields.get("title")) or "",
        issuer=_text(fields.get("issuer")),
        signer=_text(fields.get("signer")),
        place=_text(fields.get("place")),
        issued=issued if isinstance(issued, date) else None,
        coverage=Coverage.EXCERPT if _is_excerpt_name(path) else Coverage.FULL,
        **common,
    )


# --- validity -----------------------------------------------------------------------------


def expiry_date(front: dict, *, path: Path | None = None) -> date | None:
    """The day a text stopped being in force, or None while it is in force as far as known.

    An explicit ngay_het_hieu_luc wins. Otherwise tinh_trang decides whether the text has
    expired (ghi_chu_hieu_luc only when there is no tinh_trang, because notes also mention
    other texts' or planned end dates), and the date is the one after "từ" in either field,
    or in bi_thay_the_boi ("… 06/2022/QH15 (từ 01/01/2024)").
    """
    explicit = parse_date(front.get("ngay_het_hieu_luc"))
    if explicit:
        return explicit
    status = _fold(front.get("tinh_trang"))
    note = _fold(front.get("ghi_chu_hieu_luc"))
    if status:
        # "hết hiệu lực", "đã hết hiệu lực", "không còn hiệu lực"; not "… một phần" (partly).
        expired = bool(re.search(r"\b(?:het|khong con) hieu luc\b(?! mot phan)", status))
        expired = expired and not re.match(r"\W*(?:con|chua)\b", status)
    else:
        expired = bool(re.match(r"\W*het hieu luc (?:ke )?tu\b", note))
    if not expired:
        return None
    # "hết hiệu lực từ …" wherever it is written; then a bare "từ …" in the status or in
    # bi_thay_the_boi, never in the note, whose bare "từ" is usually an effective date.
    replaced_by = [_fold(v) for v in _as_list(front.get("bi_thay_the_boi"))]
    for pattern, sources in ((_EXPIRED_FROM, [status, note]), (_FROM, [status, *replaced_by])):
        for source in sources:
            for m in pattern.finditer(source):
                found = _first_date(source[m.end() : m.end() + 40], anchored=True)
                if found:
                    return found
    log.warning("%s: marked as no longer in force but no end date found", path or "document")
    return None


# --- dates --------------------------------------------------------------------------------


def parse_date(value: object) -> date | None:
    """ISO dates first ("2024-01-01 (…)"), then "01/01/2024" or "ngày 01 tháng 01 năm 2024"."""
    if isinstance(value, datetime):
        return value.date()
    try:
        found = parse_iso_date(value)
    except ValueError:  # "2024-02-31": shaped like a date, not one
        found = None
    if found:
        return found.date() if isinstance(found, datetime) else found
    return _first_date(_fold(value)) if value else None


def _first_date(text: str, *, anchored: bool = False) -> date | None:
    best: tuple[int, date] | None = None
    for pattern, order in ((_ISO, "ymd"), (_DMY, "dmy"), (_WORDY, "dmy")):
        m = pattern.match(text) if anchored else pattern.search(text)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
        try:
            found = date(y, mo, d)
        except ValueError:
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), found)
    return best[1] if best else None


# --- small field helpers ------------------------------------------------------------------


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def _fold(value: object) -> str:
    return fold_lower(str(value or ""))


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [str(v) for v in items if v is not None and str(v).strip()]


def _id_list(value: object) -> tuple[str, ...]:
    """Each entry as the số hiệu it names ("Nghị định 110/2004/NĐ-CP" → "110/2004/NĐ-CP")."""
    out: list[str] = []
    for item in _as_list(value):
        item = unicodedata.normalize("NFC", item).strip()
        m = SO_HIEU.search(item)
        ref = m.group(0) if m else item
        if ref not in out:
            out.append(ref)
    return tuple(out)


def _has_number(so_hieu: str | None) -> bool:
    return bool(so_hieu and re.match(r"\d", so_hieu))


def _in_plans_folder(path: Path) -> bool:
    return any(part.lower() == "plans" for part in path.parent.parts)


def _is_excerpt_name(path: Path) -> bool:
    return ".trich-doan" in ascii_fold(path.name).lower()

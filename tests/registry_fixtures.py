"""Hand-built documents for the registry, citation and cross-reference tests, and the real pack.

The texts are our own short wording in the shape of the real documents (article/clause/point
layout, the way they cite each other); they are not copies of official texts.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from conftest import PACK

from assistant.models import Coverage, DocKind, DocMeta, ParsedDocument, Provision
from assistant.parse.ids import doc_slug

LAW = "06/2022/QH15"
OLD_LAW = "16/VBHN-VPQH"
ND129 = "129/2025/NĐ-CP"
ND152 = "152/2025/NĐ-CP"
ND30 = "30/2020/NĐ-CP"
QD86 = "86/2025/QĐ-UBND"
PLAN = "007_0123456789abcdef"

_KIND_BY_SEGMENT = (
    ("diem-", "diem"),
    ("khoan-", "khoan"),
    ("dieu-", "dieu"),
    ("phu-luc-", "phu-luc"),
)


def build(meta: DocMeta, units: list[tuple[str, dict, str]]) -> ParsedDocument:
    """units: (id below the document, coordinates, text). Parents come from the id path."""
    root_id = doc_slug(meta.doc_id)
    drafts: dict[str, dict] = {root_id: {"id": root_id, "kind": "document", "text": "", "kids": []}}
    for rel, coords, text in units:
        pid = f"{root_id}/{rel}"
        last = rel.rsplit("/", 1)[-1]
        kind = coords.pop("kind", None) or next(
            (k for prefix, k in _KIND_BY_SEGMENT if last.startswith(prefix)), "section"
        )
        parent = pid.rsplit("/", 1)[0]
        while parent not in drafts:
            parent = parent.rsplit("/", 1)[0]
        drafts[pid] = {
            "id": pid,
            "kind": kind,
            "text": text,
            "parent": parent,
            "kids": [],
            **coords,
        }
        drafts[parent]["kids"].append(pid)
    provisions = []
    for d in drafts.values():
        kids = tuple(d.pop("kids"))
        provisions.append(
            Provision(doc_id=meta.doc_id, children=kids, parent_id=d.pop("parent", None), **d)
        )
    return ParsedDocument(meta=meta, provisions=tuple(provisions))


def law_meta(doc_id: str = LAW, **kw) -> DocMeta:
    base = {
        "doc_id": doc_id,
        "kind": DocKind.LEGAL,
        "so_hieu": doc_id,
        "loai": "Luật",
        "title": "Luật Thi đua, khen thưởng",
        "issued": date(2022, 6, 15),
        "effective": date(2024, 1, 1),
    }
    base.update(kw)
    return DocMeta(**base)


def small_law() -> ParsedDocument:
    """Articles 24, 73, 80 and 84 of a law, with the reference styles the real Law uses."""
    a24, a73, a80, a84 = ({"article": n} for n in (24, 73, 80, 84))
    units = [
        ("dieu-24", {**a24}, "Điều 24. Danh hiệu thử nghiệm"),
        ("dieu-24/khoan-1", {**a24, "clause": 1}, "1. Danh hiệu được xét cho cá nhân đạt:"),
        ("dieu-24/khoan-1/diem-a", {**a24, "clause": 1, "point": "a"}, "a) Hoàn thành tốt việc;"),
        ("dieu-24/khoan-1/diem-b", {**a24, "clause": 1, "point": "b"}, "b) Có sáng kiến;"),
        ("dieu-24/khoan-1/diem-c", {**a24, "clause": 1, "point": "c"}, "c) Không vi phạm."),
        (
            "dieu-24/khoan-2",
            {**a24, "clause": 2},
            "2. Người đạt tiêu chuẩn quy định tại điểm a khoản 1 Điều này và điểm b khoản này "
            "thì được xét theo quy định tại Điều 73 của Luật này.",
        ),
        ("dieu-24/khoan-2/diem-a", {**a24, "clause": 2, "point": "a"}, "a) Trường hợp một;"),
        (
            "dieu-24/khoan-2/diem-b",
            {**a24, "clause": 2, "point": "b"},
            "b) Trường hợp không thuộc điểm a khoản này.",
        ),
        ("dieu-73", {**a73}, "Điều 73. Giấy khen thử nghiệm"),
        ("dieu-73/khoan-1", {**a73, "clause": 1}, "1. Giấy khen tặng cho cá nhân đạt:"),
        *[
            (
                f"dieu-73/khoan-1/diem-{seg}",
                {**a73, "clause": 1, "point": pt},
                f"{pt}) Tiêu chí {pt};",
            )
            for pt, seg in (("a", "a"), ("b", "b"), ("c", "c"), ("d", "d"), ("đ", "dd"))
        ],
        (
            "dieu-73/khoan-2",
            {**a73, "clause": 2},
            "2. Tập thể đạt các tiêu chuẩn quy định tại các điểm a, b và c khoản 1 Điều 73 được "
            "xét; tập thể đạt điểm đ khoản 1 Điều này được ưu tiên.",
        ),
        (
            "dieu-73/khoan-3",
            {**a73, "clause": 3},
            "3. Hồ sơ thực hiện theo quy định tại Điều 23, 24 và 25 của Luật này.",
        ),
        ("dieu-80", {**a80}, "Điều 80. Thẩm quyền thử nghiệm"),
        *[
            (f"dieu-80/khoan-{k}", {**a80, "clause": k}, f"{k}. Thẩm quyền cấp {k}.")
            for k in (1, 2, 3, 4)
        ],
        ("dieu-84", {**a84}, "Điều 84. Hồ sơ thử nghiệm"),
        *[
            (f"dieu-84/khoan-{k}", {**a84, "clause": k}, f"{k}. Hồ sơ mục {k}.")
            for k in range(1, 8)
        ],
    ]
    return build(law_meta(), units)


def old_law() -> ParsedDocument:
    meta = law_meta(
        OLD_LAW,
        loai="Văn bản hợp nhất (Luật)",
        issued=date(2013, 12, 13),
        effective=date(2004, 7, 1),
        expired=date(2024, 1, 1),
    )
    units = [
        ("dieu-84", {"article": 84}, "Điều 84. Hồ sơ (luật cũ)"),
        ("dieu-58a", {"article": 58, "article_suffix": "a"}, "Điều 58a. Điều bổ sung"),
    ]
    return build(meta, units)


def decree_129() -> ParsedDocument:
    meta = DocMeta(
        doc_id=ND129,
        kind=DocKind.LEGAL,
        so_hieu=ND129,
        loai="Nghị định",
        issued=date(2025, 6, 11),
        effective=date(2025, 7, 1),
        coverage=Coverage.EXCERPT,
    )
    units = [
        (
            "dieu-59",
            {"article": 59},
            "Điều 59. Thẩm quyền của Chủ tịch Ủy ban nhân dân cấp xã\n"
            "Thẩm quyền quy định tại khoản 2, khoản 3 Điều 80 Luật Thi đua, khen thưởng do Chủ "
            "tịch Ủy ban nhân dân cấp xã thực hiện.",
        ),
    ]
    return build(meta, units)


def decree_152() -> ParsedDocument:
    """A short stand-in for the decree: Điều 4 (items (1)–(7) cited as khoản), Điều 50 khoản 1
    with points, Điều 59."""
    meta = DocMeta(
        doc_id=ND152,
        kind=DocKind.LEGAL,
        so_hieu=ND152,
        loai="Nghị định",
        issued=date(2025, 6, 14),
        effective=date(2025, 7, 1),
        coverage=Coverage.FULL,
        source_path="nd-152-2025-nd-cp.md",
    )
    a4, a50 = {"article": 4}, {"article": 50}
    units = [
        ("dieu-4", {**a4}, "Điều 4. Nguyên tắc"),
        *[
            (f"dieu-4/khoan-{k}", {**a4, "clause": k}, f"({k}) Nguyên tắc {k}.")
            for k in range(1, 8)
        ],
        ("dieu-50", {**a50}, "Điều 50. Mức tiền thưởng"),
        ("dieu-50/khoan-1", {**a50, "clause": 1}, "1. Đối với cá nhân:"),
        *[
            (f"dieu-50/khoan-1/diem-{pt}", {**a50, "clause": 1, "point": pt}, f"{pt}) Mức {pt};")
            for pt in "abcd"
        ],
        ("dieu-59", {"article": 59}, "Điều 59. Hiệu lực thi hành"),
    ]
    return build(meta, units)


def decision_86() -> ParsedDocument:
    meta = DocMeta(
        doc_id=QD86,
        kind=DocKind.LEGAL,
        so_hieu=QD86,
        loai="Quyết định",
        issuer="Ủy ban nhân dân tỉnh Bắc Ninh",
        issued=date(2025, 12, 3),
        effective=date(2025, 12, 15),
    )
    qd = {"part": "quyet-dinh"}
    units = [
        (
            "quyet-dinh/dieu-1",
            {**qd, "article": 1},
            "Điều 1. Ban hành kèm theo Quyết định này Quy định.",
        ),
        ("quyet-dinh/dieu-2", {**qd, "article": 2}, "Điều 2. Quyết định có hiệu lực từ ngày ký."),
        (
            "quyet-dinh/dieu-3",
            {**qd, "article": 3},
            "Điều 3. Các cơ quan chịu trách nhiệm thi hành.",
        ),
        ("dieu-1", {"article": 1}, "Điều 1. Phạm vi"),
        ("dieu-3", {"article": 3}, "Điều 3. Tiêu chuẩn Bằng khen"),
        *[
            (f"dieu-3/khoan-{k}", {"article": 3, "clause": k}, f"{k}. Tiêu chuẩn {k}.")
            for k in (1, 2, 3)
        ],
        (
            "dieu-4",
            {"article": 4},
            "Điều 4. Giấy khen\n"
            "Thực hiện theo Điều 3 Quyết định này và khoản 2 Điều 3 Quy định này.",
        ),
        ("dieu-8", {"article": 8}, "Điều 8. Hội đồng"),
    ]
    return build(meta, units)


def decree_30_appendix() -> ParsedDocument:
    meta = DocMeta(doc_id=ND30, kind=DocKind.LEGAL, so_hieu=ND30, loai="Nghị định")
    app = {"appendix": "I"}
    units = [
        ("phu-luc-i", {**app}, "Phụ lục I. Thể thức"),
        ("phu-luc-i/phan-i", {**app, "section": "Phần I", "kind": "phan"}, "Phần I. Văn bản"),
        (
            "phu-luc-i/phan-i/ii",
            {**app, "section": "Phần I.II", "kind": "muc"},
            "II. Các thành phần",
        ),
        ("phu-luc-i/phan-i/ii/7", {**app, "section": "Phần I.II.7"}, "7. Ký hiệu"),
        ("phu-luc-i/phan-i/ii/7/a", {**app, "section": "Phần I.II.7.a"}, "a) Cách ghi một."),
        ("phu-luc-i/phan-i/ii/7/b", {**app, "section": "Phần I.II.7.b"}, "b) Cách ghi hai."),
        ("phu-luc-ii", {"appendix": "II"}, "Phụ lục II. Viết hoa"),
        ("phu-luc-ii/v", {"appendix": "II", "section": "V", "kind": "muc"}, "V. Viết hoa khác"),
        ("phu-luc-ii/v/2", {"appendix": "II", "section": "V.2"}, "2. Viết hoa tên văn bản."),
    ]
    return build(meta, units)


def plan() -> ParsedDocument:
    meta = DocMeta(
        doc_id=PLAN,
        kind=DocKind.PLAN,
        so_hieu="/KH-UBND",
        loai="Kế hoạch",
        title="Kế hoạch thi đua năm 2026",
    )
    units = [
        ("muc-i", {"section": "I", "kind": "muc"}, "I. MỤC ĐÍCH"),
        ("muc-iv", {"section": "IV", "kind": "muc"}, "IV. TỔ CHỨC THỰC HIỆN"),
        ("muc-iv/1", {"section": "IV.1"}, "1. Văn phòng chủ trì."),
        ("muc-iv/2", {"section": "IV.2"}, "2. Các phòng phối hợp."),
        ("phu-luc-1", {"section": "Phụ lục 1", "kind": "phu-luc"}, "Phụ lục 1. Chỉ tiêu"),
    ]
    return build(meta, units)


def small_docs() -> list[ParsedDocument]:
    return [
        small_law(),
        old_law(),
        decree_129(),
        decree_152(),
        decision_86(),
        decree_30_appendix(),
        plan(),
    ]


# ---------------------------------------------------------------------------- the real pack


@lru_cache(maxsize=1)
def pack_docs() -> tuple[tuple[ParsedDocument, ...], str]:
    """The pack parsed with the real loaders and parsers, or () and the reason it cannot be."""
    if not (Path(PACK) / "luat-06-2022-qh15.md").exists():
        return (), f"document pack not found at {PACK} (set TDKT_PACK)"
    try:
        from assistant.ingest import load_file
        from assistant.parse import parse_document
    except ImportError as exc:  # another helper's stage not built yet
        return (), f"loader/parser not available yet: {exc}"
    files = sorted(p for p in Path(PACK).glob("*.md") if p.name != "MANIFEST.md")
    files += sorted((Path(PACK) / "plans").glob("*.txt"))
    docs = []
    for f in files:
        try:
            docs.append(parse_document(load_file(f)))
        except ImportError as exc:
            return (), f"parser for {f.name} not available yet: {exc}"
    return tuple(docs), ""

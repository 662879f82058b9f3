"""Document metadata: from front matter (every real pack file) or from the document's header."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from assistant.ingest import load_file
from assistant.ingest.frontmatter import split_front_matter
from assistant.ingest.metadata import expiry_date, parse_date
from assistant.models import Coverage, DocKind

# What the pack's MANIFEST establishes for each file (doc id, coverage, end of validity).
PACK_EXPECTED = {
    "luat-06-2022-qh15.md": ("06/2022/QH15", Coverage.FULL, None),
    "vbhn-16-2013-vpqh-luat-thi-dua-khen-thuong-2003.md": (
        "16/VBHN-VPQH",
        Coverage.FULL,
        date(2024, 1, 1),
    ),
    "nd-30-2020-nd-cp.md": ("30/2020/NĐ-CP", Coverage.FULL, None),
    "qd-86-2025-qd-ubnd-bac-ninh.md": ("86/2025/QĐ-UBND", Coverage.FULL, None),
    "qd-71-2025-qd-ubnd-ha-noi.md": ("71/2025/QĐ-UBND", Coverage.FULL, None),
    # the lapse of 01/03/2027 (Điều 60) is conditional: the registry owns it, not the metadata
    "nd-152-2025-nd-cp.md": ("152/2025/NĐ-CP", Coverage.FULL, None),
    "nd-129-2025-nd-cp.trich-doan.md": ("129/2025/NĐ-CP", Coverage.EXCERPT, None),
}


def test_every_pack_legal_text_is_covered_by_these_expectations(pack_dir):
    on_disk = {p.name for p in pack_dir.glob("*.md")} - {"MANIFEST.md", "README.md"}
    assert on_disk == set(PACK_EXPECTED)


@pytest.mark.parametrize("name", sorted(PACK_EXPECTED))
def test_pack_front_matter_gives_doc_id_coverage_and_end_of_validity(pack_dir, name):
    doc_id, coverage, expired = PACK_EXPECTED[name]
    path = pack_dir / name
    doc = load_file(path)
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert doc.meta.doc_id == doc_id
    assert doc.meta.kind is DocKind.LEGAL
    assert doc.meta.coverage is coverage
    assert doc.meta.expired == expired
    assert doc.meta.title == front["ten"]
    assert doc.meta.issued == date.fromisoformat(front["ngay_ban_hanh"])
    assert doc.meta.status == front["tinh_trang"]
    assert doc.meta.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.meta.source_path == str(path)
    assert doc.meta.source_format == "md"
    assert "so_hieu:" not in doc.text and not doc.text.startswith("---")  # YAML split off


def test_pack_relations_are_reduced_to_the_so_hieu_they_name(pack_dir):
    law = load_file(pack_dir / "luat-06-2022-qh15.md").meta
    assert law.replaces == ("15/2003/QH11",)
    assert law.amended_by == ("06/2026/QH16",)
    old = load_file(pack_dir / "vbhn-16-2013-vpqh-luat-thi-dua-khen-thuong-2003.md").meta
    assert old.replaced_by == ("06/2022/QH15",)
    decree = load_file(pack_dir / "nd-152-2025-nd-cp.md").meta
    assert decree.replaces == ("98/2023/NĐ-CP", "28/2024/NĐ-CP")


def test_pack_plans_are_plans_known_by_their_file_stem(pack_dir):
    plans = sorted((pack_dir / "plans").glob("*.txt"))
    assert plans
    for path in plans:
        meta = load_file(path).meta
        assert meta.kind is DocKind.PLAN, path.name
        assert meta.doc_id == path.stem
        assert meta.source_format == "txt"


# --- end of validity rules -----------------------------------------------------------------


def test_expired_status_takes_the_date_after_tu_in_the_note():
    front = {"tinh_trang": "het hieu luc", "ghi_chu_hieu_luc": "Hết hiệu lực từ 01/01/2024 khi…"}
    assert expiry_date(front) == date(2024, 1, 1)


def test_in_force_status_wins_over_a_planned_end_date_mentioned_in_the_note():
    front = {
        "tinh_trang": "còn hiệu lực",
        "ghi_chu_hieu_luc": "vbpl ghi 'Còn hiệu lực' và ngày hết hiệu lực dự kiến 2027-03-01",
    }
    assert expiry_date(front) is None


def test_partly_expired_text_is_still_in_force():
    assert expiry_date({"tinh_trang": "Hết hiệu lực một phần từ 01/07/2025"}) is None


def test_end_date_written_in_words_in_the_status_is_read():
    front = {"tinh_trang": "Đã hết hiệu lực kể từ ngày 01 tháng 7 năm 2025"}
    assert expiry_date(front) == date(2025, 7, 1)


def test_end_date_can_come_from_the_replacing_text():
    front = {"tinh_trang": "het hieu luc", "bi_thay_the_boi": ["152/2025/NĐ-CP (từ 01/07/2025)"]}
    assert expiry_date(front) == date(2025, 7, 1)


def test_note_alone_can_say_a_text_expired():
    assert expiry_date({"ghi_chu_hieu_luc": "Hết hiệu lực từ 2024-01-01."}) == date(2024, 1, 1)
    assert expiry_date({"ghi_chu_hieu_luc": "Có hiệu lực từ 01/01/2024."}) is None


def test_explicit_end_date_field_wins():
    front = {"tinh_trang": "con hieu luc", "ngay_het_hieu_luc": "2027-03-01"}
    assert expiry_date(front) == date(2027, 3, 1)


def test_dates_are_read_in_iso_and_vietnamese_forms():
    assert parse_date("2004-07-01 (Luật 15/2003/QH11); sửa đổi 27/06/2005") == date(2004, 7, 1)
    assert parse_date("15/6/2022") == date(2022, 6, 15)
    assert parse_date("ngày 05 tháng 3 năm 2020") == date(2020, 3, 5)
    assert parse_date(date(2020, 3, 5)) == date(2020, 3, 5)
    assert parse_date("31/02/2024") is None
    assert parse_date("2024-02-31") is None
    assert parse_date(None) is None


# --- front matter and header of users' files -------------------------------------------------


def test_plan_with_front_matter_is_known_by_its_file_stem_and_keeps_its_number(tmp_path):
    path = tmp_path / "kh-thi-dua-2026.md"
    path.write_text(
        '---\nso_hieu: "15/KH-UBND"\nloai: "Kế hoạch"\nten: "Công tác thi đua năm 2026"\n---\n'
        "I. MỤC ĐÍCH\n",
        encoding="utf-8",
    )
    meta = load_file(path).meta
    assert meta.kind is DocKind.PLAN
    assert meta.doc_id == "kh-thi-dua-2026"
    assert meta.so_hieu == "15/KH-UBND"


def test_excerpt_is_recognised_by_file_name_or_completeness_note(tmp_path):
    by_name = tmp_path / "nd-1-2025-nd-cp.trich-doan.md"
    by_name.write_text('---\nso_hieu: "1/2025/NĐ-CP"\n---\nĐiều 1.\n', encoding="utf-8")
    by_note = tmp_path / "nd-2-2025-nd-cp.md"
    by_note.write_text(
        '---\nso_hieu: "2/2025/NĐ-CP"\ndo_day_du: "Chỉ trích Điều 3"\n---\nĐiều 3.\n',
        encoding="utf-8",
    )
    full = tmp_path / "nd-3-2025-nd-cp.md"
    full.write_text('---\nso_hieu: "3/2025/NĐ-CP"\ndo_day_du: "Toàn văn"\n---\nĐ\n', "utf-8")
    assert load_file(by_name).meta.coverage is Coverage.EXCERPT
    assert load_file(by_note).meta.coverage is Coverage.EXCERPT
    assert load_file(full).meta.coverage is Coverage.FULL


def test_plan_without_front_matter_is_recognised_by_its_header(tmp_path):
    path = tmp_path / "ke-hoach-phuong.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA BÌNH\n\nSố: 25/KH-UBND\n\n"
        "Hòa Bình, ngày 10 tháng 01 năm 2026\n\nKẾ HOẠCH\n\nCông tác thi đua, khen thưởng năm 2026\n"
        "\nI. MỤC ĐÍCH, YÊU CẦU\n",
        encoding="utf-8",
    )
    meta = load_file(path).meta
    assert meta.kind is DocKind.PLAN
    assert meta.doc_id == "ke-hoach-phuong"
    assert meta.so_hieu == "25/KH-UBND"
    assert meta.issued == date(2026, 1, 10)
    assert meta.place == "Hòa Bình"
    assert "Công tác thi đua, khen thưởng năm 2026" in meta.title


def test_text_in_a_plans_folder_is_a_plan_even_without_a_readable_header(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "ghi-chu.txt"
    path.write_text("Nội dung thi đua quý I\n", encoding="utf-8")
    meta = load_file(path).meta
    assert meta.kind is DocKind.PLAN
    assert meta.doc_id == "ghi-chu"


def test_caller_can_force_the_kind(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("Nội dung\n", encoding="utf-8")
    assert load_file(path, kind=DocKind.PLAN).meta.kind is DocKind.PLAN


def test_legal_text_with_a_blank_number_falls_back_to_the_file_stem(tmp_path):
    path = Path(tmp_path / "quy-dinh-xa.txt")
    path.write_text("Số:      /QĐ-UBND\n\nQUYẾT ĐỊNH\n\nVề khen thưởng\n", encoding="utf-8")
    meta = load_file(path).meta
    assert meta.kind is DocKind.LEGAL
    assert meta.doc_id == "quy-dinh-xa"

"""Reading a document's own header: issuer, số hiệu, place, date, type, trích yếu, signer."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.ingest.frontmatter import split_front_matter
from assistant.ingest.header import read_header, short_issuer
from assistant.ingest.reflow import reflow


def _plan(pack_dir, prefix: str) -> str:
    (path,) = (pack_dir / "plans").glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# --- small, real-shaped headers -----------------------------------------------------------------


def test_markdown_table_header_of_a_law_gives_number_date_issuer_type_and_title():
    text = (
        "| QUỐC HỘI<br>--------<br>Luật số: 12/2031/QH16 | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        "<br>Độc lập - Tự do - Hạnh phúc<br>---------------<br>Hà Nội, ngày 20 tháng 6 năm 2031 |\n"
        "|---|---|\n\nLUẬT\n\nTHI ĐUA, KHEN THƯỞNG (SỬA ĐỔI)\n\nCăn cứ Hiến pháp nước Cộng hòa xã "
        "hội chủ nghĩa Việt Nam;\n\n## Chương I\n\n#### Điều 1. Phạm vi điều chỉnh\n"
    )
    h = read_header(text)
    assert h.so_hieu == "12/2031/QH16"
    assert h.issued == date(2031, 6, 20)
    assert (h.place, h.year, h.month, h.day) == ("Hà Nội", 2031, 6, 20)
    assert (h.issuer, h.issuer_short) == ("QUỐC HỘI", "Quốc hội")
    assert (h.loai, h.title) == ("Luật", "THI ĐUA, KHEN THƯỞNG (SỬA ĐỔI)")


def test_four_cell_header_row_of_a_provincial_decision():
    text = (
        "| ỦY BAN NHÂN DÂN TỈNH SƠN LA<br>-------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - "
        "Tự do - Hạnh phúc<br>--------------- | Số: 07/2030/QĐ-UBND | Sơn La, ngày 02 tháng 3 "
        "năm 2030 |\n\nQUYẾT ĐỊNH\n\nBAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC THI ĐUA, KHEN THƯỞNG\n\n"
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;\n"
    )
    h = read_header(text)
    assert h.issuer == "ỦY BAN NHÂN DÂN TỈNH SƠN LA"
    assert h.issuer_short == "UBND tỉnh Sơn La"
    assert (h.so_hieu, h.issued, h.place) == ("07/2030/QĐ-UBND", date(2030, 3, 2), "Sơn La")
    assert (h.loai, h.title) == ("Quyết định", "BAN HÀNH QUY ĐỊNH VỀ CÔNG TÁC THI ĐUA, KHEN THƯỞNG")


def test_plain_header_lines_with_a_parent_issuer_and_a_title_over_two_lines():
    text = (
        "UBND TỈNH LÀO CAI\nSỞ NỘI VỤ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 45/KH-SNV\n\nLào Cai, ngày 10 tháng 02 năm 2031\n\n"
        "KẾ HOẠCH\n\nTổ chức Hội nghị điển hình tiên tiến\n\nngành Nội vụ năm 2031\n\n"
        "Thực hiện Kế hoạch số 3/KH-UBND của UBND tỉnh, Sở Nội vụ xây dựng kế hoạch như sau:\n"
        "I. MỤC ĐÍCH\n"
    )
    h = read_header(text)
    assert (h.parent_issuer, h.issuer) == ("UBND TỈNH LÀO CAI", "SỞ NỘI VỤ")
    assert h.issuer_short == "Sở Nội vụ"
    assert h.so_hieu == "45/KH-SNV"
    assert h.title == "Tổ chức Hội nghị điển hình tiên tiến ngành Nội vụ năm 2031"
    assert h.issued == date(2031, 2, 10)


def test_blank_number_and_blank_day_keep_the_code_year_and_month_but_no_date():
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP\n\nSố:       /KH - UBND      Tân Lập, ngày      tháng 01 "
        "năm 2030\n\nKẾ HOẠCH\nPhát động thi đua năm 2030\nCăn cứ …\n"
    )
    h = read_header(text)
    assert h.so_hieu == "/KH-UBND"
    assert (h.place, h.issued, h.year, h.month, h.day) == ("Tân Lập", None, 2030, 1, None)
    assert (h.issuer, h.issuer_short) == ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP", "UBND xã Tân Lập")


def test_issuer_printed_beside_the_national_motto_on_one_line():
    text = (
        "ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "PHƯỜNG HÒA BÌNH            Độc lập - Tự do - Hạnh phúc\n"
        "Số: 5/BC-UBND              Hòa Bình, ngày 01 tháng 12 năm 2030\n"
        "Sơ kết công tác thi đua\nKính gửi: UBND quận\n"
    )
    h = read_header(text)
    assert h.issuer_short == "UBND phường Hòa Bình"
    assert (h.so_hieu, h.loai, h.place) == ("5/BC-UBND", "Báo cáo", "Hòa Bình")


def test_type_comes_from_the_number_code_when_no_type_line_is_printed():
    assert read_header("Số: 120/UBND-VP\nHà Nội, ngày 3 tháng 4 năm 2030\n").loai == "Công văn"
    assert read_header("Số: 9/2030/TT-BNV\n").loai == "Thông tư"
    assert read_header("Số: 9/2030/TT-BNV\n").year == 2030


def test_a_reference_to_another_plan_in_the_body_is_not_taken_as_this_plan_number():
    text = "KẾ HOẠCH\nThi đua năm 2030\nThực hiện Kế hoạch số: 350a/KH-UBND ngày 30/10/2029\n"
    assert read_header(text).so_hieu is None


def test_issuer_is_read_from_the_opening_sentence_when_there_is_no_header_block():
    text = (
        "KẾ HOẠCH\nCông tác thi đua năm 2030\nCăn cứ Kế hoạch số 1/KH-UBND của UBND huyện. "
        "UBND xã Mường\nBú xây dựng Kế hoạch như sau:\nI. MỤC ĐÍCH\n"
    )
    h = read_header(text)
    assert (h.issuer, h.issuer_from_body) == ("UBND xã Mường Bú", True)


def test_signer_is_the_name_under_the_signature_block():
    text = (
        "Nơi nhận:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nLò Thị Hoa\n"
    )
    assert read_header(text).signer == "Lò Thị Hoa"
    inline = "| Nơi nhận: - Lưu: VT. | TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lò Thị Hoa |"
    assert read_header(inline).signer == "Lò Thị Hoa"


def test_short_issuer_forms():
    assert short_issuer("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") == "UBND thành phố Hà Nội"
    assert short_issuer("ỦY BAN NHÂN DÂN THỊ TRẤN PHONG THỔ") == "UBND thị trấn Phong Thổ"
    assert short_issuer("HỘI ĐỒNG NHÂN DÂN TỈNH ĐIỆN BIÊN") == "HĐND tỉnh Điện Biên"
    assert short_issuer("CHÍNH PHỦ") == "Chính phủ"
    assert short_issuer("VĂN PHÒNG QUỐC HỘI") == "Văn phòng Quốc hội"


def test_meta_fields_offer_the_short_issuer_and_leave_out_what_was_not_printed():
    fields = read_header("ỦY BAN NHÂN DÂN\nXÃ TÂN LẬP\nKẾ HOẠCH\nThi đua năm 2030\n").meta_fields()
    assert fields == {"loai": "Kế hoạch", "title": "Thi đua năm 2030", "issuer": "UBND xã Tân Lập"}


# --- the seed plans and legal texts of the pack ----------------------------------------------------

SEEDS = {
    "000": dict(
        issuer="ỦY BAN NHÂN DÂN PHƯỜNG POM HÁN",
        issuer_short="UBND phường Pom Hán",
        issuer_from_body=False,
        so_hieu="/KH-UBND",
        place="Pom Hán",
        issued=None,
        year=2025,
        month=1,
        loai="Kế hoạch",
        title="Phát động phong trào thi đua đặc biệt lập thành tích chào mừng Đại hội Đảng các "
        "cấp nhiệm kỳ 2025 -2030 Đại hội thi đua yêu nước tỉnh Lào Cai lần thứ VI",
        signer="Nguyễn Mạnh Đông",
    ),
    "001": dict(
        issuer_short="UBND huyện Tam Đường",
        issuer_from_body=True,
        so_hieu=None,
        place=None,
        year=None,
        loai="Kế hoạch",
        title="Công tác thi đua, khen thưởng năm 2025",
        signer="Sùng Lử Páo",
    ),
    "002": dict(
        issuer_short="UBND phường Nam Cường",
        issuer_from_body=True,
        so_hieu=None,
        loai="Kế hoạch",
        title="Công tác thi đua - khen thưởng năm 2024",
        signer="Lê Minh Huy",
    ),
    "003": dict(
        issuer_short="UBND thành phố Lào Cai",
        so_hieu="/KH-UBND",
        place="Tp. Lào Cai",
        issued=None,
        year=2020,
        month=10,
        loai="Kế hoạch",
        title="Phát động Đợt thi đua lập thành tích chào mừng kỷ niệm 30 năm Ngày tái lập tỉnh "
        "Lào Cai (01/10/1991 – 01/10/2021)",
        signer="Hoàng Đăng Khoa",
    ),
    "004": dict(
        issuer_short="UBND phường Vĩnh Tuy",
        so_hieu="/KH-UBND",
        place="Vĩnh Tuy",
        issued=None,
        year=2025,
        month=None,
        loai="Kế hoạch",
        title="Công tác thi đua, khen thưởng năm 2025",
        signer="Lưu Xuân Trịch",
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_header_of_each_seed_plan(pack_dir, prefix):
    header = read_header(_plan(pack_dir, prefix))
    for field, expected in SEEDS[prefix].items():
        assert getattr(header, field) == expected, field


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_header_reads_the_same_before_and_after_reflow(pack_dir, prefix):
    raw = _plan(pack_dir, prefix)
    assert read_header(reflow(raw)) == read_header(raw)


@pytest.mark.parametrize(
    ("name", "so_hieu", "issued", "loai", "issuer_short"),
    [
        ("luat-06-2022-qh15.md", "06/2022/QH15", date(2022, 6, 15), "Luật", "Quốc hội"),
        ("nd-30-2020-nd-cp.md", "30/2020/NĐ-CP", date(2020, 3, 5), "Nghị định", "Chính phủ"),
        (
            "qd-71-2025-qd-ubnd-ha-noi.md",
            "71/2025/QĐ-UBND",
            date(2025, 11, 26),
            "Quyết định",
            "UBND thành phố Hà Nội",
        ),
    ],
)
def test_header_of_pack_legal_texts_agrees_with_their_front_matter(
    pack_dir, name, so_hieu, issued, loai, issuer_short
):
    front, body, _ = split_front_matter((pack_dir / name).read_text(encoding="utf-8"))
    h = read_header(body)
    assert (h.so_hieu, h.issued, h.loai, h.issuer_short) == (so_hieu, issued, loai, issuer_short)
    assert h.so_hieu == front["so_hieu"]

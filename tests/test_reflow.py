"""PDF re-flow: sentences cut across printed lines come back whole; structure lines stay apart."""

from __future__ import annotations

import re

import pytest

from assistant.ingest.frontmatter import split_front_matter
from assistant.ingest.reflow import looks_pdf_extracted, reflow, reflow_lines

# A small plan shaped like a PDF extraction: printed lines of ~75 characters, a blank line
# between most of them, the heading number split from its title, a page number.
PDF_PLAN = """\
ỦY BAN NHÂN DÂN
XÃ HÒA BÌNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

Độc lập - Tự do - Hạnh phúc

Số:     /KH-UBND        Hòa Bình, ngày 05 tháng 01 năm 2030

KẾ HOẠCH

Công tác thi đua, khen thưởng năm 2030

Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2030 của UBND tỉnh Sơn La về công

tác thi đua, khen thưởng năm 2030. UBND xã Hòa Bình xây dựng kế hoạch như

sau:
I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích
Động viên cán bộ, công chức, viên chức và Nhân dân trong toàn xã thi đua

thực hiện thắng lợi các nhiệm vụ phát triển kinh tế - xã hội năm 2030 của xã
Hòa Bình, góp phần hoàn thành các chỉ tiêu của Nghị quyết Đại hội Đảng bộ xã.
- Khen thưởng kịp thời, chính xác các tập thể, cá nhân có thành tích xuất sắc

trong các phong trào thi đua do Trung ương, tỉnh và xã phát động trong năm.
2. Yêu cầu

Các phong trào thi đua phải thiết thực, hiệu quả, tránh hình thức; việc bình

xét khen thưởng phải công khai, dân chủ, đúng người, đúng thành tích.

3

II.

NỘI DUNG THI ĐUA

1. Thi đua hoàn thành các chỉ tiêu phát triển kinh tế - xã hội: mỗi thôn đăng

ký ít nhất 01 mô hình sản xuất hiệu quả và báo cáo kết quả trước 15/11/2030.
a) Đối với tập thể:
+ Hoàn thành xuất sắc nhiệm vụ được giao trong năm.
Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2030 của UBND xã Hòa

Bình./.
Nơi nhận:
- UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Lò Văn Minh
"""


def _read(pack_dir, stem_prefix: str) -> str:
    (path,) = (pack_dir / "plans").glob(f"{stem_prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_reflow_joins_a_sentence_cut_over_blank_separated_printed_lines():
    out = reflow(PDF_PLAN).splitlines()
    assert (
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2030 của UBND tỉnh Sơn La về công tác thi "
        "đua, khen thưởng năm 2030. UBND xã Hòa Bình xây dựng kế hoạch như sau:" in out
    )
    # a full printed line followed by a capital ("… của xã" / "Hòa Bình") still runs on
    assert any("năm 2030 của xã Hòa Bình, góp phần hoàn thành" in line for line in out)


def test_reflow_keeps_markers_headings_and_signature_on_their_own_lines():
    out = reflow(PDF_PLAN).splitlines()
    for line in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "2. Yêu cầu",
        "a) Đối với tập thể:",
        "+ Hoàn thành xuất sắc nhiệm vụ được giao trong năm.",
        "KẾ HOẠCH",
        "Công tác thi đua, khen thưởng năm 2030",
        "Số: /KH-UBND Hòa Bình, ngày 05 tháng 01 năm 2030",
        "Nơi nhận:",
        "- UBND huyện;",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Lò Văn Minh",
        "ỦY BAN NHÂN DÂN",
        "XÃ HÒA BÌNH",
    ):
        assert line in out, line
    assert any(line.startswith("- Khen thưởng kịp thời") for line in out)


def test_reflow_joins_a_heading_number_split_from_its_title_and_drops_page_numbers():
    out = reflow(PDF_PLAN).splitlines()
    assert "II. NỘI DUNG THI ĐUA" in out
    assert "3" not in out and "II." not in out


def test_reflow_joins_the_closing_sentence_and_keeps_the_date_range_dash_inline():
    out = reflow(PDF_PLAN).splitlines()
    assert (
        "Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2030 của UBND xã Hòa Bình./." in out
    )
    text = "kỷ niệm ngày thành lập 30/11/2004\n\n- 30/11/2024); 94 năm ngày thành lập Đảng."
    assert (
        reflow(text)
        .splitlines()[0]
        .endswith("30/11/2004 - 30/11/2024); 94 năm ngày thành lập Đảng.")
    )


def test_reflow_lines_point_to_the_source_line_where_each_output_line_starts():
    lines = dict((t, n) for n, t in reflow_lines(PDF_PLAN) if t)
    source = PDF_PLAN.split("\n")
    assert source[lines["I. MỤC ĐÍCH, YÊU CẦU"] - 1] == "I. MỤC ĐÍCH, YÊU CẦU"
    joined = next(t for t in lines if t.startswith("Căn cứ Kế hoạch số 12"))
    assert source[lines[joined] - 1].startswith("Căn cứ Kế hoạch số 12")
    assert source[lines["II. NỘI DUNG THI ĐUA"] - 1] == "II."


def test_reflow_collapses_runs_of_spaces_but_keeps_tab_separated_rows():
    text = "STT\tNội dung\tThời gian\n1\tSơ kết   6 tháng\tTrước 15/7/2030\n"
    assert reflow(text) == "STT\tNội dung\tThời gian\n1\tSơ kết 6 tháng\tTrước 15/7/2030\n"


def test_reflow_passes_yaml_front_matter_through_untouched():
    text = "---\nso_hieu: x\nten: một văn bản\n---\nmột dòng\n\nbị ngắt\n"
    out = reflow(text)
    assert out.startswith("---\nso_hieu: x\nten: một văn bản\n---\n")
    assert out.endswith("một dòng bị ngắt\n")


def test_reflow_is_idempotent_on_a_small_pdf_shaped_plan():
    once = reflow(PDF_PLAN)
    assert reflow(once) == once
    assert not looks_pdf_extracted(once)


def test_looks_pdf_extracted_tells_cut_sentences_from_flowing_paragraphs():
    assert looks_pdf_extracted(PDF_PLAN)
    flowing = "I. MỤC ĐÍCH\n\n1. Mục đích\n\nĐộng viên cán bộ thi đua.\n\n- Khen thưởng kịp thời.\n"
    assert not looks_pdf_extracted(flowing)


# --- the seed plans of the pack ---------------------------------------------------------------

# Sentences printed over two to four lines in the raw files (000–003 are PDF extractions).
SPLIT_SENTENCES = {
    "000": [
        "Thực hiện Kế hoạch số: 350a/KH-UBND, ngày 30/10/2024, của UBND thành phố Lào Cai về "
        "phát động phong trào thi đua đặc biệt lập thành tích chào mừng Đại hội Đảng các cấp "
        "nhiệm kỳ 2025 -2030 và Hội nghị điển hình tiên tiến thành phố Lào Cai.",
        "Công tác đóng góp bằng tiền mặt, vật chất và công sức trong phong trào thi đua có giá "
        "trị từ 200 triệu đồng trở lên đối với tập thể, hộ gia đình và từ 100 triệu đống trở lên "
        "đối với cá nhân.",
        "- Báo cáo thành tích của tập thể, cá nhân có xác nhận của cấp trình khen thưởng thực "
        "hiện theo mẫu số 08 quy định tại Nghị định số 98/2023/NĐ-CP ngày 31/12/2023",
    ],
    "001": [
        "Căn cứ Kế hoạch số 5324/KH-UBND ngày 27/12/2024 của UBND tỉnh Lai Châu về công tác thi "
        "đua, khen thưởng năm 2025.",
        "Mỗi cơ quan, đơn vị đăng ký và xây dựng ít nhất 01 điển hình tập thể, 01 điển hình cá "
        "nhân; kịp thời biểu dương khen thưởng để ghi nhận những cách làm hiệu quả, động viên, "
        "tôn vinh các gương điển hình tiên tiến.",
        "1.2. Tiếp tục triển khai, thực hiện các phong trào thi đua do Thủ tướng Chính phủ phát động;",
    ],
    "002": [
        "3. Đối với phong trào thi đua toàn diện phấn đấu hoàn thành vượt mức các chỉ tiêu phát "
        "triển kinh tế - xã hội về đích trước ngày 30/9/2024.",
        "Thực hiện kế hoạch số: 03/KH-UBND ngày 08/01/2024 của UBND thành phố Lào Cai về triển "
        "khai công tác thi đua - khen thưởng trên địa bàn thành phố Lào Cai năm 2024.",
    ],
    "003": [
        "Tặng 02 Hợp tác xã, 03 doanh nghiệp tiêu biểu trên địa bàn thành phố có thành tích xuất "
        "sắc trong tham gia vào thực hiện các nhiệm vụ chính trị của thành phố và có đóng góp "
        "thiết thực chào mừng kỷ niệm 30 năm Ngày tái lập tỉnh Lào Cai.",
    ],
}


@pytest.mark.parametrize("stem", sorted(SPLIT_SENTENCES))
def test_reflowed_seed_plan_reads_sentences_split_in_the_pdf_whole_on_one_line(pack_dir, stem):
    raw = _read(pack_dir, stem)
    out = reflow(raw).splitlines()
    for sentence in SPLIT_SENTENCES[stem]:
        assert not any(sentence in line for line in raw.splitlines())  # it really is split
        assert any(sentence in line for line in out), sentence


@pytest.mark.parametrize("stem", ["000", "001", "002", "003"])
def test_reflowed_seed_plan_keeps_every_list_item_at_the_start_of_a_line(pack_dir, stem):
    raw_lines = [re.sub(r" {2,}", " ", t.strip()) for t in _read(pack_dir, stem).splitlines()]
    raw_lines = [t for t in raw_lines if t]
    out = reflow(_read(pack_dir, stem)).splitlines()
    marker = re.compile(r"^(?:\*+)?(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+]) ")
    checked = 0
    for prev, line in zip(raw_lines, raw_lines[1:], strict=False):
        if marker.match(line) and re.search(r"[.;:)*]$", prev) and not re.match(r"^- \d", line):
            checked += 1
            assert any(o.startswith(line[:40]) for o in out), line
    assert checked >= 5


def test_reflowed_plan_000_has_its_six_roman_parts_on_their_own_lines(pack_dir):
    out = reflow(_read(pack_dir, "000")).splitlines()
    romans = [line.split(".")[0] for line in out if re.match(r"^[IVX]+\. [A-ZĐ]", line)]
    assert romans == ["I", "II", "III", "IV", "V", "V"]


@pytest.mark.parametrize("stem", ["000", "001", "002", "003", "004"])
def test_reflow_of_a_seed_plan_is_idempotent(pack_dir, stem):
    once = reflow(_read(pack_dir, stem))
    assert reflow(once) == once


@pytest.mark.parametrize("stem", ["000", "001", "002", "003"])
def test_seed_pdf_plans_look_pdf_extracted(pack_dir, stem):
    assert looks_pdf_extracted(_read(pack_dir, stem))


def test_legal_texts_of_the_pack_do_not_look_pdf_extracted(pack_dir):
    for name in ("luat-06-2022-qh15.md", "qd-86-2025-qd-ubnd-bac-ninh.md", "nd-30-2020-nd-cp.md"):
        _, body, _ = split_front_matter((pack_dir / name).read_text(encoding="utf-8"))
        assert not looks_pdf_extracted(body), name


def test_reflow_leaves_the_section_lines_and_tables_of_markdown_plan_004_unchanged(pack_dir):
    raw = _read(pack_dir, "004")
    out = set(reflow(raw).splitlines())
    structural = re.compile(r"^(?:#+ |\*\*(?:[IVX]+|\d+(?:\.\d+)*)\.|\*\*PHỤ LỤC|\d+\t|STT\t|<b>)")
    kept = [line.rstrip(" ") for line in raw.splitlines() if structural.match(line)]
    assert len(kept) > 40
    for line in kept:
        line = re.sub(r" {2,}", " ", line)
        # a heading or row is kept as is; an item whose sentence was cut only gains its tail
        assert line in out or any(o.startswith(line + " ") for o in out), line
    assert sum(line in out for line in kept) >= len(kept) - 3
    # the flowing paragraphs keep their words; only cut sentences were joined
    assert _flat(reflow(raw)) == _flat(raw)

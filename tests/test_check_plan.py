"""Checking plans: the known problems of the pack's plans are found, nothing false is reported,
and a small plan written after 01/07/2025 with yesterday's mistakes gets each one with its fix."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.draft import check_plan_file, check_plan_text
from assistant.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources()


def _seed(pack_dir, prefix: str):
    return next((pack_dir / "plans").glob(f"{prefix}_*.txt"))


def _codes(report) -> list[tuple[str, str, int | None]]:
    return [(f.severity, f.code, f.location.line) for f in report.findings]


# --------------------------------------------------------------------------- the pack's plans


def test_seed_000_has_two_parts_numbered_v_and_cites_a_form_of_decree_98(pack_dir, registry):
    report = check_plan_file(_seed(pack_dir, "000"), registry=registry)
    assert report.plan.date.text == "tháng 01/2025"
    dup = next(f for f in report.findings if f.code == "duplicate-section-number")
    assert dup.severity == "error"
    assert dup.location.section == "V" and dup.location.line == 259
    assert "dòng 229 và dòng 259" in dup.message and "thành VI" in dup.fix
    form = next(f for f in report.findings if f.location.line == 249)  # "Mẫu số 08 … 98/2023"
    # NĐ 98/2023 was in force in January 2025 and its successor (14/06/2025) did not exist yet:
    # a change to apply ("lưu ý áp dụng"), never a drafting error telling it to cite NĐ 152
    assert form.code == "basis-changed-since" and form.severity == "info"
    assert form.kind == "since" and form.message.startswith("Lưu ý áp dụng")
    assert "Mẫu số 08 của Nghị định 98/2023/NĐ-CP" in form.message
    assert "01/07/2025" in form.message and "05/07/2025" in form.message
    assert "14/06/2025" in form.message and "Không phải lỗi soạn thảo" in form.fix
    assert not form.fix.startswith("Dẫn")


def test_seed_000_notes_the_city_office_gone_before_its_july_deadline_as_a_later_change(
    pack_dir, registry
):
    report = check_plan_file(_seed(pack_dir, "000"), registry=registry)
    late = [f for f in report.findings if f.code == "authority-changed-since"]
    assert [(f.location.section, f.location.line) for f in late] == [("V.2", 279)]
    assert "05/07/2025" in late[0].message and "UBND thành phố" in late[0].message
    assert late[0].kind == "since" and late[0].severity == "info"
    # right on the plan's own date (January 2025): no "no longer exists" error
    assert "authority-abolished" not in report.codes()
    assert sorted(_codes(report)) == sorted(
        [
            ("info", "basis-not-in-force-check", 81),  # Chỉ thị 34-CT/TW after 41-CT/TW
            ("info", "basis-changed-since", 249),
            ("error", "duplicate-section-number", 259),
            ("info", "authority-changed-since", 279),
        ]
    )
    # only the duplicate number is a drafting error
    assert [f.code for f in report.findings if f.kind == "issued"] == ["duplicate-section-number"]


def test_seed_002_cites_decree_91_2017_and_the_2013_law_in_2024(pack_dir, registry):
    report = check_plan_file(_seed(pack_dir, "002"), registry=registry)
    errors = [f for f in report.findings if f.severity == "error"]
    assert {f.code for f in errors} == {"basis-not-in-force"}
    by_text = {f.message.split(" không còn")[0]: f for f in errors}
    assert set(by_text) == {
        "Nghị định 91/2017/NĐ-CP",
        "Luật sửa đổi Luật Thi đua, khen thưởng 2013",
    }
    # each on the line of the file where the text is named (a PDF paragraph over several lines)
    assert {f.message.split(" không còn")[0]: f.location.line for f in errors} == {
        "Nghị định 91/2017/NĐ-CP": 76,
        "Luật sửa đổi Luật Thi đua, khen thưởng 2013": 73,
    }
    assert all(f.location.section == "II.1" for f in errors)
    assert "hết hiệu lực từ 01/01/2024" in by_text["Nghị định 91/2017/NĐ-CP"].message
    assert by_text["Nghị định 91/2017/NĐ-CP"].fix.startswith("Dẫn Nghị định 98/2023/NĐ-CP")
    assert "06/2022/QH15" in by_text["Luật sửa đổi Luật Thi đua, khen thưởng 2013"].fix
    # the circular that detailed NĐ 91/2017 ended by unverified dates: to check, not an error
    check = [f for f in report.findings if f.code == "basis-not-in-force-check"]
    assert [(f.severity, f.kind) for f in check] == [("info", "check")]
    assert "08/2017/TT-BNV" in check[0].message and "01/2024/TT-BNV" in check[0].fix


def test_seed_004_dated_january_2025_gets_no_finding_about_its_district(pack_dir, registry):
    report = check_plan_file(_seed(pack_dir, "004"), registry=registry)
    assert report.plan.date.start == date(2025, 1, 13)  # from its appendix; the header is blank
    assert report.plan.date.source == "appendix"
    assert not [c for c in report.codes() if c.startswith(("authority", "issuer", "basis"))]
    assert sorted(_codes(report)) == sorted(
        [
            # "Số: /KH-UBND" left blank while its appendices say "Kế hoạch số 14/KH-UBND"
            ("warning", "number-blank-appendix-numbered", 3),
            ("info", "missing-basis", 7),  # it names no căn cứ before part I (which it may)
            ("warning", "deadline-before-plan-date", 169),  # "Trước ngày 08/01/2025" in Phụ lục 1
            ("warning", "signer-tm-missing", 156),  # "CHỦ TỊCH" without "TM. ỦY BAN NHÂN DÂN"
        ]
    )


def test_seed_003_of_2020_is_clean_and_seed_001_announces_an_appendix_it_lacks(pack_dir, registry):
    # 003 closes its campaign on 30/6/2021 and takes dossiers in July, before the anniversary
    assert check_plan_file(_seed(pack_dir, "003"), registry=registry).findings == ()
    report = check_plan_file(_seed(pack_dir, "001"), registry=registry)
    assert _codes(report) == [
        ("info", "missing-date", 1),  # its text carries no date at all
        ("info", "basis-not-in-force-check", 88),  # Chỉ thị 34-CT/TW in 2025
        ("warning", "appendix-missing", 234),  # "(Có phụ lục chi tiết kèm theo)", none follows
        ("warning", "form-outdated", 246),  # "các phong trào thi đua theo đợt, theo chuyên đề"
    ]


def test_checking_a_pack_plan_as_of_after_the_reform_reports_its_district_bodies(
    pack_dir, registry
):
    report = check_plan_file(_seed(pack_dir, "004"), registry=registry, as_of=date(2025, 9, 1))
    gone = {
        f.message.split("”")[0].strip("“")
        for f in report.findings
        if f.code == "authority-abolished"
    }
    assert {"UBND Quận Hai Bà Trưng", "Phòng Nội vụ quận", "UBND quận"} <= gone


# --------------------------------------------------------------------------- a 2026 ward plan

PLAN_2026 = """\
ỦY BAN NHÂN DÂN
PHƯỜNG HÒA BÌNH
Số:    /KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày 10 tháng 01 năm 2026

KẾ HOẠCH
Công tác thi đua, khen thưởng năm 2026

Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;
Thực hiện Kế hoạch số 05/KH-UBND ngày 05/01/2026 của UBND huyện Lạc Sơn.

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đẩy mạnh phong trào thi đua, chào mừng kỷ niệm 95 năm Ngày thành lập Đảng (03/02/1930 - 03/02/2026).
II. DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG
1. Bằng khen của Chủ tịch UBND phường tặng tập thể, cá nhân tiêu biểu.
2. Giấy khen của Chủ tịch UBND phường.
III. HỒ SƠ, THỜI HẠN
1. Báo cáo thành tích theo mẫu số 08 Nghị định số 98/2023/NĐ-CP.
2. Các đơn vị gửi hồ sơ về phòng Nội vụ huyện trước ngày 20/11/2026; Thường trực Hội đồng tổng hợp trình trước ngày 15/11/2026.
III. TỔ CHỨC THỰC HIỆN
Các cơ quan, đơn vị triển khai thực hiện./.
Nơi nhận:
- UBND huyện Lạc Sơn;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


@pytest.fixture(scope="module")
def plan_2026(registry):
    return check_plan_text(PLAN_2026, "kh-hoa-binh-2026", registry=registry)


def _at(report, code):
    return [(f.location.section, f.location.line) for f in report.findings if f.code == code]


def test_decree_98_and_its_form_after_july_2025_are_errors_with_the_decree_152_fix(plan_2026):
    found = [f for f in plan_2026.findings if f.code == "basis-not-in-force"]
    assert [(f.location.section, f.location.line) for f in found] == [(None, 12), ("III.1", 22)]
    assert all("hết hiệu lực từ 01/07/2025" in f.message for f in found)
    assert all(f.fix.startswith("Dẫn Nghị định 152/2025/NĐ-CP") for f in found)
    assert "Mẫu số 08" in found[1].message and "mẫu tương ứng" in found[1].fix


def test_district_bodies_named_after_july_2025_no_longer_exist(plan_2026):
    gone = [f for f in plan_2026.findings if f.code == "authority-abolished"]
    assert [(f.location.line, f.message.split("”")[0].strip("“")) for f in gone] == [
        (13, "UBND huyện Lạc Sơn"),
        (23, "phòng Nội vụ huyện"),
        (27, "UBND huyện Lạc Sơn"),
    ]
    assert "Điều 59 Nghị định số 129/2025/NĐ-CP" in gone[0].fix
    assert "Sở Nội vụ" in gone[1].fix


def test_a_ward_promising_its_own_bang_khen_is_outside_its_competence(plan_2026):
    found = [f for f in plan_2026.findings if f.code == "award-outside-competence"]
    assert [(f.location.section, f.location.line) for f in found] == [("II.1", 19)]
    assert "Bằng khen của Chủ tịch UBND phường" in found[0].message
    assert "khoản 2 và 4 Điều 79" in found[0].fix  # the minister's and provincial chairman's
    assert not any("Giấy khen" in f.message for f in found)


def test_numbering_deadlines_and_anniversaries_are_checked(plan_2026):
    assert _at(plan_2026, "duplicate-section-number") == [("III", 24)]
    order = [f for f in plan_2026.findings if f.code == "deadline-order"]
    assert [(f.location.line, f.severity) for f in order] == [(23, "warning")]
    assert "15/11/2026" in order[0].message and "20/11/2026" in order[0].message
    count = [f for f in plan_2026.findings if f.code == "anniversary-count"]
    assert [f.location.line for f in count] == [17] and "96 năm" in count[0].fix


def test_every_finding_has_a_location_and_the_report_serialises(plan_2026):
    data = plan_2026.to_dict()
    assert data["plan"]["date"]["start"] == "2026-01-10"
    assert data["counts"]["error"] == sum(f.severity == "error" for f in plan_2026.findings)
    for f in data["findings"]:
        assert set(f) == {"severity", "code", "message", "location", "fix", "kind"}
        assert set(f["location"]) == {"section", "line"} and f["location"]["line"]


def test_the_same_plan_dated_before_the_reform_keeps_its_district_but_not_late_steps(registry):
    report = check_plan_text(PLAN_2026, "kh", registry=registry, as_of=date(2025, 1, 10))
    assert "authority-abolished" not in report.codes()
    assert "basis-not-in-force" not in report.codes()
    # the deadlines of November 2026 fall after both changes, decided after the plan: to apply
    assert "authority-changed-since" in report.codes()
    assert "basis-changed-since" in report.codes()
    assert "authority-abolished-before-deadline" not in report.codes()


def test_missing_parts_are_reported(registry):
    bare = "KẾ HOẠCH\nCông tác thi đua, khen thưởng năm 2026\n\nI. MỤC ĐÍCH\nNội dung.\n"
    report = check_plan_text(bare, "bare", registry=registry)
    assert {
        "missing-basis",
        "missing-organisation",
        "missing-recipients",
        "missing-signer",
        "missing-date",
    } <= set(report.codes())


def test_a_text_named_as_replaced_is_history_not_a_basis(registry):
    text = PLAN_2026.replace(
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi "
        "hành một số điều của Luật Thi đua, khen thưởng;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ (thay thế Nghị định số "
        "98/2023/NĐ-CP);",
    )
    report = check_plan_text(text, "kh", registry=registry)
    lines = [f.location.line for f in report.findings if f.code == "basis-not-in-force"]
    assert lines == [22]  # only the form of NĐ 98/2023 that the dossier still uses


OFFICES_2026 = PLAN_2026.replace(
    "Các cơ quan, đơn vị triển khai thực hiện./.",
    "1. Huyện ủy, Ban Thi đua - Khen thưởng huyện và Trung tâm Văn hóa huyện chỉ đạo.\n"
    "2. Các xã, thị trấn đăng ký danh hiệu Xã, phường, thị trấn tiêu biểu.\n"
    "3. Tổ chức thi đua theo đợt; tặng Huy hiệu cho cá nhân, Huy hiệu 30 năm tuổi Đảng.\n"
    "4. Tiếp tục các phong trào thi đua theo đợt của tỉnh.",
)


def test_district_offices_party_committees_and_towns_are_reported_after_july_2025(registry):
    report = check_plan_text(OFFICES_2026, "kh-2026", registry=registry)
    gone = [
        f.message.split("”")[0].strip("“")
        for f in report.findings
        if f.code == "authority-abolished"
    ]
    assert {"Huyện ủy", "Ban Thi đua - Khen thưởng huyện", "Trung tâm Văn hóa huyện"} <= set(gone)
    party = next(f for f in report.findings if f.message.startswith("“Huyện ủy"))
    assert "Đảng ủy" in party.fix
    towns = [f for f in report.findings if f.code == "unit-abolished"]
    assert len(towns) == 1 and "xã, phường, đặc khu" in towns[0].message  # not the title's name


def test_the_2003_laws_forms_are_reported_once_each_and_the_party_badge_is_not(registry):
    report = check_plan_text(OFFICES_2026, "kh-2026", registry=registry)
    old = [f for f in report.findings if f.code == "form-outdated"]
    # "Tổ chức thi đua theo đợt" and "các phong trào thi đua theo đợt của tỉnh" both name the
    # 2003 Law's form (a reviewer flags both); "Huy hiệu 30 năm tuổi Đảng" is not an award form
    assert sorted(f.message.split("”")[0].strip("“") for f in old) == [
        "Huy hiệu",
        "thi đua theo đợt",
        "thi đua theo đợt",
    ]
    assert any("Điều 16" in f.message for f in old) and any("Điều 9" in f.message for f in old)
    # the same words in a plan of 2020 were the law then
    early = OFFICES_2026.replace("năm 2026", "năm 2020").replace("/2026", "/2020")
    early = early.replace("Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", "Luật Thi đua")
    assert not [
        f
        for f in check_plan_text(early, "kh-2020", registry=registry).findings
        if f.code in ("form-outdated", "unit-abolished")
    ]

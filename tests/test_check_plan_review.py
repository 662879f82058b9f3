"""The plan checker read like a reviewer: each false alarm and each miss found on real plans
(issued around the 2025 reform), on small real-shaped fixtures. A Cần Thơ ward's plan of
November 2025 is the base; each test changes what the case is about."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.draft import check_plan_text
from assistant.errors import NotAPlanError
from assistant.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
WARD = (FIXTURES / "ward-can-tho-2026.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources()


def _check(text: str, registry: Registry, **kw):
    return check_plan_text(text, "kh", registry=registry, **kw)


def _codes(report) -> set[str]:
    return set(report.codes())


def test_the_base_plan_is_clean(registry):
    report = _check(WARD, registry)
    assert report.findings == ()
    assert report.plan.issuer == "UBND phường Ninh Kiều" and report.plan.issuer_level == "xa"


# ------------------------------------------------------------------------- false alarms


def test_a_decision_titled_quy_dinh_of_the_city_is_no_district_level_city(registry):
    # "… của Ủy ban nhân dân thành phố Quy định về công tác thi đua …": "Quy" is no place
    assert "thành phố Quy định" in WARD
    report = _check(WARD, registry)
    assert not [f for f in report.findings if f.code.startswith("authority")]


def test_the_central_citys_committee_is_provincial_not_an_abolished_district(registry):
    text = WARD.replace(
        "2. Đề nghị Chủ tịch Ủy ban nhân dân thành phố tặng Bằng khen",
        "2. Đề nghị Chủ tịch Ủy ban nhân dân thành phố Cần Thơ tặng Bằng khen",
    )
    report = _check(text, registry)
    assert not [f for f in report.findings if f.code.startswith("authority")]
    assert "award-outside-competence" not in report.codes()


@pytest.mark.parametrize(
    "header",
    [
        # a Word table pasted as tab-separated rows
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHƯỜNG NINH KIỀU\tĐộc lập - Tự do - "
        "Hạnh phúc\nSố: 215/KH-UBND\tNinh Kiều, ngày 20 tháng 11 năm 2025\n",
        # a web page's table as Markdown
        "| ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - "
        "Hạnh phúc |\n|---|---|\n| Số: 215/KH-UBND | Ninh Kiều, ngày 20 tháng 11 năm 2025 |\n",
        # a source note above the header, the national motto split over two lines
        "Nguồn: Cổng thông tin điện tử phường Ninh Kiều, đăng ngày 21/11/2025\n\n"
        "ỦY BAN NHÂN DÂN\nPHƯỜNG NINH KIỀU\nSố: 215/KH-UBND\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT "
        "NAM\nĐộc lập - Tự do - Hạnh phúc\nNinh Kiều, ngày 20 tháng 11 năm 2025\n",
    ],
    ids=["tab-rows", "markdown-table", "source-note"],
)
def test_the_header_is_read_however_it_was_pasted(registry, header):
    text = header + WARD[WARD.index("\nKẾ HOẠCH") :]
    report = _check(text, registry)
    assert report.plan.issuer == "UBND phường Ninh Kiều"
    assert report.plan.date.start == date(2025, 11, 20)
    assert report.findings == ()


def test_tasks_assigned_under_another_heading_are_the_organisation_part(registry):
    assert "IV. PHÂN CÔNG NHIỆM VỤ" in WARD
    assert "missing-organisation" not in _codes(_check(WARD, registry))
    # and under a heading that says nothing, by what its items do
    text = WARD.replace("IV. PHÂN CÔNG NHIỆM VỤ", "IV. CÁC CƠ QUAN, ĐƠN VỊ")
    assert "missing-organisation" not in _codes(_check(text, registry))
    # without any such part it is reported
    bare = WARD[: WARD.index("IV. PHÂN CÔNG")] + WARD[WARD.index("Nơi nhận") :]
    assert "missing-organisation" in _codes(_check(bare, registry))


def test_a_news_article_about_a_plan_is_refused_as_not_a_plan(registry):
    text = (FIXTURES / "news-about-a-plan.txt").read_text(encoding="utf-8")
    with pytest.raises(NotAPlanError) as err:
        _check(text, registry)
    assert "không phải là một kế hoạch" in str(err.value) and err.value.fix


def test_a_plan_pasted_without_its_header_is_still_checked(registry):
    body = WARD[WARD.index("I. MỤC ĐÍCH") :]
    report = _check(body, registry, as_of=date(2025, 11, 20))
    assert "missing-basis" in report.codes()


def test_a_january_2025_plan_is_not_told_to_cite_a_decree_of_june_2025(registry):
    text = WARD.replace("ngày 20 tháng 11 năm 2025", "ngày 10 tháng 01 năm 2025").replace(
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ",
    )
    report = _check(text, registry)
    later = [f for f in report.findings if f.code == "basis-changed-since"]
    assert later and all(f.kind == "since" and f.severity == "info" for f in later)
    assert all("Lưu ý áp dụng" in f.message for f in later)
    assert not [f for f in report.findings if f.fix and f.fix.startswith("Dẫn Nghị định 152")]


def test_a_plan_with_no_basis_gets_information_citing_the_right_point_of_nd_30(registry):
    text = WARD.replace(WARD[WARD.index("Căn cứ Luật") : WARD.index("Ủy ban nhân dân phường")], "")
    report = _check(text, registry)
    basis = next(f for f in report.findings if f.code == "missing-basis")
    assert basis.severity == "info" and "II.6.c" in basis.message


# ------------------------------------------------------------------------- misses


def test_a_blank_header_number_against_a_numbered_appendix(registry):
    text = WARD.replace("Số: 215/KH-UBND", "Số:     /KH-UBND") + (
        "\nPhụ lục\nCHỈ TIÊU KHEN THƯỞNG\n(Kèm theo Kế hoạch số 14/KH-UBND ngày 20/11/2025 của "
        "UBND phường Ninh Kiều)\n1. Giấy khen: 20 tập thể.\n"
    )
    report = _check(text, registry)
    blank = next(f for f in report.findings if f.code == "number-blank-appendix-numbered")
    assert "14/KH-UBND" in blank.message
    other = text.replace("Số:     /KH-UBND", "Số: 215/KH-UBND")
    assert "number-mismatch" in _codes(_check(other, registry))
    same = text.replace("Số:     /KH-UBND", "Số: 14/KH-UBND")
    assert not {"number-mismatch", "number-blank-appendix-numbered"} & _codes(
        _check(same, registry)
    )


def test_a_five_year_period_written_2020_2025_beside_2021_2025(registry):
    text = WARD.replace(
        "2. Yêu cầu\n",
        "2. Yêu cầu\nTổng kết phong trào thi đua 05 năm (2020 - 2025) và triển khai kế hoạch "
        "phát triển kinh tế - xã hội giai đoạn 2021 - 2025.\n",
    )
    found = [f for f in _check(text, registry).findings if f.code == "period-inconsistent"]
    assert len(found) == 1 and "2021 - 2025" in found[0].fix
    # a party term of 2020 - 2025 beside the 2021 - 2025 plan is right: no finding
    term = WARD.replace(
        "2. Yêu cầu\n",
        "2. Yêu cầu\nThực hiện Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2020 - 2025 và kế hoạch 05 năm "
        "(2021 - 2025).\n",
    )
    assert "period-inconsistent" not in _codes(_check(term, registry))


def test_one_document_called_a_guide_in_one_place_and_an_official_letter_in_another(registry):
    text = WARD.replace(
        "Ủy ban nhân dân phường Ninh Kiều xây dựng Kế hoạch",
        "Thực hiện Hướng dẫn số 05/HD-HĐTĐKT ngày 02/11/2025 của Hội đồng Thi đua - Khen thưởng "
        "thành phố;\nỦy ban nhân dân phường Ninh Kiều xây dựng Kế hoạch",
    ).replace(
        "triển khai Kế hoạch này;",
        "triển khai Kế hoạch này và Công văn số 05/HD-HĐTĐKT;",
    )
    found = [f for f in _check(text, registry).findings if f.code == "document-type-mismatch"]
    assert len(found) == 1 and "Hướng dẫn" in found[0].message and "Công văn" in found[0].message


def test_an_announced_appendix_that_is_absent(registry):
    text = WARD.replace(
        "2. Thi đua thực hiện tốt công tác bầu cử",
        "2. Chỉ tiêu cụ thể (Có phụ lục kèm theo).\n3. Thi đua thực hiện tốt công tác bầu cử",
    )
    assert "appendix-missing" in _codes(_check(text, registry))
    carried = text + "\nPHỤ LỤC\nCHỈ TIÊU THI ĐUA NĂM 2026\n1. Giấy khen: 20 tập thể.\n"
    assert "appendix-missing" not in _codes(_check(carried, registry))


def test_campaign_dossiers_due_after_the_anniversary_they_celebrate(registry):
    text = (
        WARD.replace(
            "Tổ chức phong trào thi đua năm 2026",
            "Phát động đợt thi đua chào mừng kỷ niệm 80 năm Ngày Toàn quốc kháng chiến "
            "(19/12/1946 - 19/12/2026)",
        )
        .replace("trước ngày 10/12/2026", "trước ngày 25/12/2026")
        .replace("ngày 20 tháng 11 năm 2025", "ngày 20 tháng 01 năm 2026")
    )
    found = [f for f in _check(text, registry).findings if f.code == "dossier-after-occasion"]
    assert len(found) == 1 and "19/12/2026" in found[0].message
    early = text.replace("trước ngày 25/12/2026", "trước ngày 01/12/2026")
    assert "dossier-after-occasion" not in _codes(_check(early, registry))


def test_the_committee_given_the_award_power_the_law_gives_its_chairman(registry):
    text = WARD.replace(
        "1. Chủ tịch Ủy ban nhân dân phường tặng Giấy khen",
        "1. Ủy ban nhân dân phường quyết định khen thưởng và tặng Giấy khen",
    )
    found = [f for f in _check(text, registry).findings if f.code == "authority-body-not-chairman"]
    assert len(found) == 1 and "Chủ tịch" in found[0].fix
    assert "authority-body-not-chairman" not in _codes(_check(WARD, registry))


def test_a_provincial_rule_made_before_the_merger_is_information_to_check(registry):
    text = WARD.replace(
        "Căn cứ Quyết định số 30/2025/QĐ-UBND ngày 10 tháng 9 năm 2025",
        "Căn cứ Quyết định số 12/2024/QĐ-UBND ngày 10 tháng 5 năm 2024",
    )
    found = [
        f for f in _check(text, registry).findings if f.code == "provincial-rule-before-merger"
    ]
    assert [(f.severity, f.kind) for f in found] == [("info", "check")]
    assert "provincial-rule-before-merger" not in _codes(_check(WARD, registry))


def test_what_followed_what_unverified_is_a_point_to_check_never_an_error(registry):
    text = WARD.replace(
        "Ủy ban nhân dân phường Ninh Kiều xây dựng Kế hoạch",
        "Thực hiện Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị;\nỦy ban nhân dân phường "
        "Ninh Kiều xây dựng Kế hoạch",
    )
    report = _check(text, registry)
    directive = [f for f in report.findings if "34-CT/TW" in f.message]
    assert [(f.severity, f.kind) for f in directive] == [("info", "check")]
    assert "41-CT/TW" in directive[0].fix


def test_a_ward_writes_its_own_name_as_the_place_and_the_date_with_leading_zeros(registry):
    assert "place-line" not in _codes(_check(WARD, registry))
    city = WARD.replace(
        "Ninh Kiều, ngày 20 tháng 11 năm 2025", "Cần Thơ, ngày 20 tháng 11 năm 2025"
    )
    assert "place-line" in _codes(_check(city, registry))
    early = WARD.replace("ngày 20 tháng 11 năm 2025", "ngày 5 tháng 1 năm 2026")
    found = [f for f in _check(early, registry).findings if f.code == "date-line-format"]
    assert len(found) == 1 and "ngày 05 tháng 01" in found[0].fix


def test_a_committees_plan_signed_without_tm_is_reported(registry):
    assert "signer-tm-missing" not in _codes(_check(WARD, registry))
    bare = WARD.replace("TM. ỦY BAN NHÂN DÂN\n", "")
    found = [f for f in _check(bare, registry).findings if f.code == "signer-tm-missing"]
    assert len(found) == 1 and "II.7.b" in found[0].fix

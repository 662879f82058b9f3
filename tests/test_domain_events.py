"""Anniversaries for plan drafting, computed from the event table."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant.domain.events import anniversaries, load_events, parse_events
from assistant.errors import ConfigError


def labels(year: int) -> list[str]:
    return [a.label_vi for a in anniversaries(year)]


def test_2025_has_the_great_anniversaries_of_the_real_plans():
    got = labels(2025)
    for expected in (
        "Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025)",
        "Kỷ niệm 80 năm Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam"
        " (02/09/1945 - 02/09/2025)",
        "Kỷ niệm 50 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/04/1975 - 30/04/2025)",
        "Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/05/1890 - 19/05/2025)",
    ):
        assert expected in got


def test_2027_lists_every_year_events_and_round_years_only():
    by_id = {a.event.id: a for a in anniversaries(2027)}
    assert by_id["thanh_lap_dang"].years == 97
    assert by_id["quoc_khanh"].years == 82
    assert by_id["thuong_binh_liet_si"].years == 80
    assert "ngay_sinh_chu_tich_ho_chi_minh" not in by_id  # 137 is not a round number
    assert "giai_phong_mien_nam" not in by_id  # 52
    assert by_id["thanh_lap_dang"].label_vi == (
        "Kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2027)"
    )


def test_anniversaries_come_in_calendar_order_and_know_the_law_s_round_years():
    found = anniversaries(2025)
    assert [a.date for a in found] == sorted(a.date for a in found)
    by_id = {a.event.id: a for a in found}
    assert by_id["giai_phong_mien_nam"].nam_tron  # 50 ends in 0 (Luật Điều 3 khoản 6)
    assert not by_id["ngay_sinh_chu_tich_ho_chi_minh"].nam_tron  # 135
    assert by_id["quoc_khanh"].date == date(2025, 9, 2)


def test_the_round_step_and_categories_are_configurable():
    every_ten = {a.event.id for a in anniversaries(2025, round_step=10)}
    assert "ngay_sinh_chu_tich_ho_chi_minh" not in every_ten
    assert "giai_phong_mien_nam" in every_ten
    assert "thanh_lap_dang" in every_ten  # every year regardless
    national = anniversaries(2025, categories=("national",))
    assert {a.event.category for a in national} == {"national"}


def test_no_anniversary_before_or_in_the_year_of_the_event():
    assert all(a.years > 0 for a in anniversaries(1945))
    assert "quoc_khanh" not in {a.event.id for a in anniversaries(1945)}
    assert "quoc_khanh" in {a.event.id for a in anniversaries(1946)}
    assert "thanh_lap_dang" not in {a.event.id for a in anniversaries(1929)}


def test_the_table_holds_the_events_officials_commemorate():
    ids = {e.id for e in load_events().events}
    assert {
        "thanh_lap_dang",
        "quoc_khanh",
        "loi_keu_goi_thi_dua_ai_quoc",
        "quan_doi_nhan_dan",
        "cong_an_nhan_dan",
        "nha_giao_viet_nam",
        "tong_tuyen_cu_dau_tien",
    } <= ids


def test_a_bad_rule_in_the_table_is_a_clear_error():
    with pytest.raises(ConfigError, match="unknown rule"):
        parse_events({"events": [{"id": "x", "name_vi": "X", "date": "2000-01-01", "rule": "odd"}]})


_ANNIV = re.compile(
    r"(\d+) năm [^()]{5,150}?\((\d{1,2})/(\d{1,2})/(\d{4})\s*[-–]\s*(\d{1,2})/(\d{1,2})/(\d{4})"
)


def test_anniversaries_written_in_the_pack_plans_agree_with_the_computed_ones(pack_dir: Path):
    known = {e.date: e for e in load_events().events}
    checked = 0
    for plan in sorted((pack_dir / "plans").glob("*.txt")):
        text = re.sub(r"\s+", " ", plan.read_text(encoding="utf-8"))
        for m in _ANNIV.finditer(text):
            n, d0, m0, y0, _, _, y1 = (int(g) for g in m.groups())
            event = known.get(date(y0, m0, d0))
            if event is None or y1 - y0 != n:
                continue  # a local event (ward founding, province re-established …)
            computed = {(a.event.date, a.years) for a in anniversaries(y1)}
            assert (event.date, n) in computed, m.group(0)
            checked += 1
    assert checked >= 6

"""Dates in questions resolve to the day the answer should be correct for."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.domain.dates import extract_date, extract_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quyết định khen thưởng ký ngày 15/02/2024 căn cứ luật nào?", date(2024, 2, 15)),
        ("ký ngày 15 tháng 02 năm 2024", date(2024, 2, 15)),
        ("ky ngay 3/7/2025", date(2025, 7, 3)),
        ("signed on 20 December 2023", date(2023, 12, 20)),
        ("signed on March 5, 2024", date(2024, 3, 5)),
        ("2025-07-01", date(2025, 7, 1)),
        ("khen thưởng tổng kết năm 2023", date(2023, 12, 31)),
        ("awards I got in 2019", date(2019, 12, 31)),
        ("which rules applied before 2024?", date(2023, 12, 31)),
        ("trước ngày 01/01/2024", date(2023, 12, 31)),
        ("hồ sơ lập sau ngày 01/7/2025", date(2025, 7, 2)),
        ("từ ngày 01 tháng 7 năm 2025", date(2025, 7, 1)),
        ("since July 2025", date(2025, 7, 1)),
        ("trong tháng 7/2025", date(2025, 7, 31)),
    ],
)
def test_dates_in_questions_resolve_to_one_day(text, expected):
    assert extract_date(text) == expected


def test_the_most_specific_date_wins():
    assert extract_date("Năm 2024, quyết định ký ngày 20/11/2024") == date(2024, 11, 20)
    assert extract_date("tháng 3/2025 hay năm 2026?") == date(2025, 3, 31)


def test_document_numbers_and_law_names_are_not_dates():
    assert extract_date("Luật 06/2022/QH15 và Nghị định 152/2025/NĐ-CP") is None
    assert extract_date("the 2022 law replaced the 2003 law") is None
    assert extract_date("Luật Thi đua, khen thưởng năm 2013") is None
    assert extract_date("Hồ sơ Bằng khen gồm những gì?") is None
    assert extract_date("ngày 31/02/2024") is None


def test_every_mention_is_reported_with_its_span_and_relation():
    text = "Quyết định ký ngày 20/12/2023 và quyết định ký trước ngày 15/02/2024"
    found = extract_dates(text)
    assert [(m.granularity, m.relation) for m in found] == [("day", "on"), ("day", "before")]
    assert [text[a:b] for a, b in (m.span for m in found)] == ["20/12/2023", "15/02/2024"]

"""Drafts a commune signs after filling the blanks: places, levels and bodies from the
gazetteer, a province's general regulation only, no leftovers of the old system, the year's
events, campaigns that close before their anniversary."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.draft import DraftRequest, draft_plan
from assistant.registry import Registry

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources()


def _draft(registry, **kw):
    fields = dict(kind="annual", year=2027, plan_date=date(2027, 1, 8))
    fields.update(kw)
    return draft_plan(DraftRequest(**fields), registry=registry, today=TODAY)


def test_a_hanoi_ward_plan_names_the_city_and_not_a_province(registry):
    plan = _draft(registry, issuer="UBND phường Hoàn Kiếm", level="phuong", place="Hoàn Kiếm")
    text = plan.markdown
    assert "tỉnh Hà Nội" not in text and "Ủy ban nhân dân tỉnh" not in text
    assert "Ủy ban nhân dân Thành phố Hà Nội" in text
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân Thành phố" in text


def test_a_title_rule_of_the_city_is_no_basis_of_its_plans(registry):
    plan = _draft(
        registry,
        issuer="UBND phường Hoàn Kiếm",
        level="phuong",
        place="Hoàn Kiếm",
        province="Hà Nội",
    )
    assert "71/2025/QĐ-UBND" not in plan.legal_bases  # "Công dân Thủ đô ưu tú" only
    assert "Công dân Thủ đô ưu tú" not in plan.markdown


@pytest.mark.parametrize(
    ("province", "kinds"),
    [("Lào Cai", "xã, phường;"), ("Quảng Ninh", "xã, phường, đặc khu;")],
)
def test_a_province_lists_the_special_zones_only_where_it_has_them(registry, province, kinds):
    plan = _draft(registry, issuer=f"UBND tỉnh {province}", level="tinh", place=province)
    assert f"Ủy ban nhân dân các {kinds}" in plan.markdown
    assert f"Nhân dân tỉnh {province}" in plan.markdown
    assert "Nhân dân UBND" not in plan.markdown


def test_a_2027_draft_has_no_leftover_of_the_old_system(registry):
    plan = _draft(registry, issuer="UBND xã Bát Xát", level="xa", place="Bát Xát")
    text = plan.markdown
    assert "thị trấn" not in text and "theo đợt" not in text
    assert "cấp huyện" not in text.replace("không còn cấp huyện", "")
    assert "(Sở Nội vụ (" not in text and "((" not in text


def test_a_2026_plan_greets_the_party_congress_and_the_elections(registry):
    plan = _draft(
        registry,
        issuer="UBND xã Bát Xát",
        level="xa",
        place="Bát Xát",
        year=2026,
        plan_date=date(2026, 1, 5),
    )
    joined = " ".join(plan.anniversaries)
    assert "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng" in joined
    assert "15/3/2026" in joined
    assert "Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 - 19/12/2026)" in joined


def test_a_campaign_closes_and_takes_dossiers_before_the_anniversary_it_celebrates(registry):
    plan = draft_plan(
        DraftRequest(
            kind="campaign",
            issuer="UBND xã Bát Xát",
            level="xa",
            place="Bát Xát",
            occasion="kỷ niệm 80 năm Ngày Toàn quốc kháng chiến",
            plan_date=date(2026, 3, 1),
            province="Lào Cai",
        ),
        registry=registry,
        today=TODAY,
    )
    assert plan.period_end < date(2026, 12, 19)
    assert "trước ngày kỷ niệm 19/12/2026 để kịp khen thưởng tại lễ kỷ niệm" in plan.markdown
    assert "Tại lễ kỷ niệm ngày 19/12/2026" in plan.markdown


def test_every_issuer_level_has_its_one_vietnamese_name():
    from typing import get_args

    from assistant.draft.spec import ISSUER_LEVEL_VI, IssuerLevel

    assert list(ISSUER_LEVEL_VI) == list(get_args(IssuerLevel))

"""Validity on a date, supersession chains, coverage and the notes shown to officials."""

from __future__ import annotations

from datetime import date

import pytest
from registry_fixtures import pack_docs, small_docs

from assistant.errors import DocumentNotFoundError
from assistant.models import Coverage, DocKind, DocMeta
from assistant.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources(None, [d.meta for d in small_docs()])


# -- around 01/01/2024: the 2022 Law replaces the 2003 Law -------------------------------


def test_old_law_is_not_in_force_in_2025_and_names_its_replacement(registry):
    v = registry.validity("16/VBHN-VPQH", date(2025, 1, 1))
    assert not v.in_force
    assert v.expired == date(2024, 1, 1)
    assert v.replaced_by == ("06/2022/QH15",)
    assert "01/01/2024" in v.note and "2022" in v.note
    assert "hết hiệu lực" in v.note_vi


def test_old_law_is_in_force_on_the_last_day_of_2023(registry):
    assert registry.validity("16/VBHN-VPQH", date(2023, 12, 31)).in_force
    assert not registry.validity("16/VBHN-VPQH", date(2024, 1, 1)).in_force


def test_2022_law_is_not_yet_in_force_in_mid_2023(registry):
    v = registry.validity("06/2022/QH15", date(2023, 6, 1))
    assert not v.in_force
    assert "not yet in force" in v.note and "01/01/2024" in v.note
    assert registry.validity("06/2022/QH15", date(2024, 1, 1)).in_force


# -- around 01/07/2025: NĐ 152 replaces NĐ 98 and NĐ 28 ----------------------------------


def test_decree_98_ends_on_1_july_2025_and_152_takes_over(registry):
    assert registry.validity("98/2023/NĐ-CP", date(2025, 6, 30)).in_force
    after = registry.validity("98/2023/NĐ-CP", date(2025, 7, 1))
    assert not after.in_force and after.replaced_by == ("152/2025/NĐ-CP",)
    assert not registry.validity("152/2025/NĐ-CP", date(2025, 6, 30)).in_force
    now = registry.validity("152/2025/NĐ-CP", date(2025, 7, 1))
    assert now.in_force and now.coverage is Coverage.FULL
    assert "excerpts" not in now.note


def test_decree_28_is_also_replaced_by_152(registry):
    v = registry.validity("28/2024/NĐ-CP", date(2025, 7, 1))
    assert not v.in_force and v.replaced_by == ("152/2025/NĐ-CP",)


def test_decree_152_lists_what_it_replaced(registry):
    assert set(registry.get("152/2025/NĐ-CP").replaces) == {"98/2023/NĐ-CP", "28/2024/NĐ-CP"}


def test_successor_chain_of_the_2017_decree_reaches_152(registry):
    assert registry.successor_chain("91/2017/NĐ-CP") == (
        "91/2017/NĐ-CP",
        "98/2023/NĐ-CP",
        "152/2025/NĐ-CP",
    )
    assert registry.current_version("91/2017/NĐ-CP", date(2024, 6, 1)) == "98/2023/NĐ-CP"
    assert registry.current_version("91/2017/NĐ-CP", date(2025, 7, 1)) == "152/2025/NĐ-CP"


def test_circular_01_2024_is_replaced_on_5_august_2025_with_an_unverified_flag(registry):
    before = registry.validity("01/2024/TT-BNV", date(2025, 8, 4))
    assert before.in_force and before.unverified
    assert "15/2025/TT-BNV" in before.note  # announces its replacement
    assert not registry.validity("01/2024/TT-BNV", date(2025, 8, 5)).in_force
    # its effective date is unknown, but it cannot be in force before its year
    assert not registry.validity("01/2024/TT-BNV", date(2023, 6, 1)).in_force


def test_district_chairman_clause_carries_a_note_after_1_july_2025(registry):
    assert registry.provision_notes("06/2022/QH15", 80, 2, on=date(2025, 6, 30)) == []
    notes = registry.provision_notes("06/2022/QH15", 80, 2, on=date(2025, 7, 1))
    assert len(notes) == 1 and "129/2025" in notes[0] and "cấp xã" in notes[0]
    english = registry.provision_notes("06/2022/QH15", 80, 2, on=date(2025, 7, 1), lang="en")
    assert "commune chairman" in english[0]
    assert registry.provision_notes("06/2022/QH15", 80, 3, on=date(2025, 7, 1)) == []
    assert registry.provision_notes("06/2022/QH15", 80, None, on=date(2025, 7, 1))  # whole article


# -- around 01/10/2026: the amending law ------------------------------------------------------


def test_2022_law_in_november_2026_is_amended_by_a_law_missing_from_the_pack(registry):
    v = registry.validity("06/2022/QH15", date(2026, 11, 20))
    assert v.in_force
    assert v.amended_by_in_force == ("06/2026/QH16",)
    assert "01/10/2026" in v.note and "not in the pack" in v.note


def test_2022_law_before_october_2026_announces_the_amendment(registry):
    v = registry.validity("06/2022/QH15", date(2026, 9, 30))
    assert v.in_force and v.amended_by_in_force == ()
    assert v.amended_later == ("06/2026/QH16",)
    assert "will amend" in v.note


def test_in_force_on_lists_framework_texts_of_that_day(registry):
    day_2023 = {e.doc_id for e in registry.in_force_on(date(2023, 6, 1))}
    assert {"16/VBHN-VPQH", "15/2003/QH11", "30/2020/NĐ-CP"} <= day_2023
    assert "06/2022/QH15" not in day_2023 and "152/2025/NĐ-CP" not in day_2023
    day_2026 = {e.doc_id for e in registry.in_force_on(date(2026, 11, 20))}
    assert {"06/2022/QH15", "06/2026/QH16", "152/2025/NĐ-CP", "129/2025/NĐ-CP"} <= day_2026
    assert not {"16/VBHN-VPQH", "98/2023/NĐ-CP", "28/2024/NĐ-CP", "01/2024/TT-BNV"} & day_2026
    assert "007_0123456789abcdef" not in day_2026  # plans are not part of the framework


def test_main_law_is_the_one_in_force_on_the_date(registry):
    assert registry.main_law(date(2023, 6, 1)) == "16/VBHN-VPQH"
    assert registry.main_law(date(2024, 1, 1)) == "06/2022/QH15"
    assert registry.main_law(date(2026, 11, 20)) == "06/2022/QH15"


def test_decree_152_lapses_on_1_march_2027_by_its_article_60_unless_extended(registry):
    assert registry.validity("152/2025/NĐ-CP", date(2027, 2, 28)).in_force
    v = registry.validity("152/2025/NĐ-CP", date(2027, 3, 15))
    assert not v.in_force and v.lapsed and v.expired == date(2027, 3, 1)
    # nothing known replaces it, so it is still the text to apply, with the lapse said
    assert v.governs
    assert "khoản 1 Điều 60" in v.note_vi and "kéo dài" in v.note_vi and "kiểm tra" in v.note_vi
    assert "ceased to have effect on 01/03/2027" in v.note


def test_a_planned_but_unverified_end_date_is_a_warning_not_an_expiry(registry):
    v = registry.validity("129/2025/NĐ-CP", date(2027, 3, 2))
    assert v.in_force and not v.lapsed
    assert "01/03/2027" in v.note and "unverified" in v.note


def test_base_salary_on_a_date_comes_from_the_framework_with_its_source(registry):
    assert registry.base_salary(date(2024, 6, 30)) is None
    assert registry.base_salary(date(2025, 1, 1)).base_salary_vnd == 2_340_000
    on_2026 = registry.base_salary(date(2026, 7, 1))
    assert on_2026.base_salary_vnd == 2_530_000
    assert on_2026.base_salary_basis == "khoản 2 Điều 3 Nghị định 161/2026/NĐ-CP"


def test_competence_and_procedure_articles_of_152_carry_the_2026_law_note_from_october(registry):
    assert not registry.provision_notes("152/2025/NĐ-CP", 35, on=date(2026, 9, 30))
    notes = registry.provision_notes("152/2025/NĐ-CP", 35, on=date(2026, 10, 1))
    assert any("06/2026/QH16" in n and "điểm b khoản 1 Điều 60" in n for n in notes)
    assert not registry.provision_notes("152/2025/NĐ-CP", 51, on=date(2026, 10, 1))


def test_unknown_document_raises_with_a_fix(registry):
    with pytest.raises(DocumentNotFoundError, match="unknown document"):
        registry.validity("999/2099/NĐ-CP", date(2025, 1, 1))


# -- coverage and metadata -----------------------------------------------------------------


def test_coverage_reports_full_excerpt_and_missing_texts(registry):
    rows = {r.doc_id: r for r in registry.coverage(date(2026, 11, 20))}
    assert rows["06/2022/QH15"].status is Coverage.FULL and rows["06/2022/QH15"].indexed
    assert rows["129/2025/NĐ-CP"].status is Coverage.EXCERPT and rows["129/2025/NĐ-CP"].indexed
    assert rows["06/2026/QH16"].status is Coverage.MISSING and not rows["06/2026/QH16"].indexed
    assert rows["06/2026/QH16"].in_force_today
    assert rows["15/2025/TT-BNV"].status is Coverage.MISSING
    assert rows["16/VBHN-VPQH"].indexed and not rows["16/VBHN-VPQH"].in_force_today
    assert rows["15/2003/QH11"].via == "16/VBHN-VPQH"
    plan_row = rows["007_0123456789abcdef"]
    assert plan_row.indexed and not plan_row.in_framework and plan_row.role == "plan"


def test_coverage_lists_framework_documents_before_other_indexed_ones(registry):
    rows = registry.coverage(date(2026, 11, 20))
    flags = [r.in_framework for r in rows]
    assert flags == sorted(flags, reverse=True)


def test_meta_merges_framework_dates_into_the_indexed_metadata(registry):
    meta = registry.meta("16/VBHN-VPQH")
    assert meta.expired == date(2024, 1, 1)
    assert meta.replaced_by == ("06/2022/QH15",)
    missing = registry.meta("06/2026/QH16")
    assert missing.coverage is Coverage.MISSING and missing.effective == date(2026, 10, 1)
    assert registry.meta("06-2022-qh15").doc_id == "06/2022/QH15"  # slug accepted


def test_a_user_document_outside_the_framework_is_registered():
    user = DocMeta(
        doc_id="12/2026/QĐ-UBND",
        kind=DocKind.LEGAL,
        so_hieu="12/2026/QĐ-UBND",
        loai="Quyết định",
        title="Quyết định ban hành Quy chế khen thưởng của tỉnh Lào Cai",
        effective=date(2026, 3, 1),
        replaced_by=("Quyết định số 20/2027/QĐ-UBND ngày 01/02/2027",),
    )
    reg = Registry.from_sources(None, [user])
    assert reg.is_indexed("12/2026/QĐ-UBND")
    assert reg.get("12/2026/QĐ-UBND").replaced_by == ("20/2027/QĐ-UBND",)
    assert not reg.validity("12/2026/QĐ-UBND", date(2026, 2, 1)).in_force
    assert reg.validity("12/2026/QĐ-UBND", date(2026, 3, 1)).in_force


def test_real_pack_coverage_matches_the_manifest():
    docs, reason = pack_docs()
    if not docs:
        pytest.skip(reason)
    reg = Registry.from_sources(None, [d.meta for d in docs])
    rows = {r.doc_id: r for r in reg.coverage(date(2026, 11, 20))}
    for doc_id in (
        "06/2022/QH15",
        "16/VBHN-VPQH",
        "30/2020/NĐ-CP",
        "86/2025/QĐ-UBND",
        "71/2025/QĐ-UBND",
    ):
        assert rows[doc_id].status is Coverage.FULL and rows[doc_id].indexed, doc_id
    assert rows["152/2025/NĐ-CP"].status is Coverage.FULL and rows["152/2025/NĐ-CP"].indexed
    assert rows["129/2025/NĐ-CP"].status is Coverage.EXCERPT and rows["129/2025/NĐ-CP"].indexed
    for doc_id in ("06/2026/QH16", "15/2025/TT-BNV", "98/2023/NĐ-CP"):
        assert rows[doc_id].status is Coverage.MISSING and not rows[doc_id].indexed, doc_id
    plans = [r for r in rows.values() if r.role == "plan"]
    assert len(plans) == 5 and all(r.indexed for r in plans)

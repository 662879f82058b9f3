"""resolve_doc: how officials name a document → its id, on the date asked about."""

from __future__ import annotations

from datetime import date

import pytest
from registry_fixtures import PLAN, small_docs

from assistant.registry import Registry
from assistant.registry.names import DocNumber, normalize_name, parse_doc_number

NOW = date(2026, 11, 20)
IN_2023 = date(2023, 6, 1)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources(None, [d.meta for d in small_docs()])


@pytest.mark.parametrize(
    "ref",
    [
        "Luật Thi đua, khen thưởng",
        "Luật TĐKT",
        "luat thi dua khen thuong",
        "LUẬT THI ĐUA, KHEN THƯỞNG",
        "Luật Thi đua và khen thưởng",
        "Law on Emulation and Commendation",
    ],
)
def test_the_laws_name_means_the_2022_law_today_and_the_old_law_before_2024(registry, ref):
    assert registry.resolve_doc(ref, NOW) == "06/2022/QH15"
    assert registry.resolve_doc(ref, IN_2023) == "16/VBHN-VPQH"


@pytest.mark.parametrize(
    "ref",
    [
        "Luật 2022",
        "Luật 06/2022/QH15",
        "Luật số 06/2022/QH15",
        "06/2022",
        "06/2022/QH15",
        "luật mới",
    ],
)
def test_a_number_or_year_names_the_2022_law_on_any_date(registry, ref):
    assert registry.resolve_doc(ref, NOW) == "06/2022/QH15"
    assert registry.resolve_doc(ref, IN_2023) == "06/2022/QH15"


@pytest.mark.parametrize(
    "ref", ["luật cũ", "Luật 2003", "Luật TĐKT 2003", "VBHN 16/2013", "16/VBHN-VPQH"]
)
def test_old_law_names_resolve_to_the_consolidated_2003_text(registry, ref):
    assert registry.resolve_doc(ref, NOW) == "16/VBHN-VPQH"


def test_the_2003_law_by_number_resolves_to_the_consolidated_text_that_holds_it(registry):
    assert registry.resolve_doc("Luật 15/2003/QH11", NOW) == "16/VBHN-VPQH"
    # an amending law's own "Điều 1" is not the consolidated text's, so it stays itself
    assert registry.resolve_doc("Luật 39/2013/QH13", NOW) == "39/2013/QH13"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("Nghị định 152", "152/2025/NĐ-CP"),
        ("NĐ 152/2025/NĐ-CP", "152/2025/NĐ-CP"),
        ("nghi dinh 152/2025", "152/2025/NĐ-CP"),
        ("nd 129/2025", "129/2025/NĐ-CP"),
        ("Nghị định số 129/2025/NĐ-CP", "129/2025/NĐ-CP"),
        ("Nghị định 30", "30/2020/NĐ-CP"),
        ("Nghị định về công tác văn thư", "30/2020/NĐ-CP"),
        ("Nghị định 98/2023", "98/2023/NĐ-CP"),
        ("Quyết định 86/2025 Bắc Ninh", "86/2025/QĐ-UBND"),
        ("QĐ 86/2025", "86/2025/QĐ-UBND"),
        ("QĐ 71/2025/QĐ-UBND", "71/2025/QĐ-UBND"),
        ("Thông tư 15/2025/TT-BNV", "15/2025/TT-BNV"),
        ("Luật sửa đổi Luật Thi đua, khen thưởng", "06/2026/QH16"),
        ("Decree 152", "152/2025/NĐ-CP"),
    ],
)
def test_decrees_circulars_and_decisions_resolve_by_number_or_name(registry, ref, expected):
    assert registry.resolve_doc(ref, NOW) == expected


def test_plans_resolve_by_file_stem(registry):
    assert registry.resolve_doc(PLAN, NOW) == PLAN
    assert registry.resolve_doc(f"kế hoạch {PLAN}", NOW) == PLAN
    assert registry.resolve_doc("kế hoạch 007", NOW) == PLAN


def test_law_number_06_means_the_indexed_2022_law_not_the_missing_amendment(registry):
    assert registry.resolve_doc("Luật 06", NOW) == "06/2022/QH15"


@pytest.mark.parametrize(
    "ref",
    [
        "Luật Cán bộ, công chức",
        "Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        "Nghị định 999/2030/NĐ-CP",
        "",
        "   ",
    ],
)
def test_unknown_documents_resolve_to_none(registry, ref):
    assert registry.resolve_doc(ref, NOW) is None


def test_normalize_name_ignores_accents_case_punctuation_and_filler_words():
    assert normalize_name("Luật Thi đua, khen thưởng") == normalize_name("luat thi dua khen thuong")
    assert normalize_name("Luật TĐKT") == "luat thi dua khen thuong"
    assert normalize_name("Nghị định số 152") == "nd 152"


def test_parse_doc_number_reads_full_partial_and_year_only_numbers():
    assert parse_doc_number("NĐ 152/2025/NĐ-CP") == DocNumber("nd", 152, 2025, "nd-cp")
    assert parse_doc_number("06/2022") == DocNumber(None, 6, 2022, None)
    assert parse_doc_number("Nghị định 30") == DocNumber("nd", 30, None, None)
    assert parse_doc_number("Luật 2022") == DocNumber("luat", None, 2022, None)
    assert parse_doc_number("16/VBHN-VPQH") == DocNumber("vbhn", 16, None, "vbhn-vpqh")
    assert parse_doc_number("Luật Thi đua, khen thưởng") is None

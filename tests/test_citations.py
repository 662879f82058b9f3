"""Citation strings as officials type them: parse, resolve to an indexed provision, detect in
questions, and explain what is missing."""

from __future__ import annotations

from datetime import date

import pytest
from registry_fixtures import PLAN, pack_docs, small_docs

from assistant.errors import CitationNotFoundError
from assistant.registry import Registry
from assistant.registry.citations import (
    CitationRef,
    find_citations,
    parse_citation,
    parse_citations,
    resolve_citation,
)
from assistant.registry.lookup import ProvisionLookup

NOW = date(2026, 11, 20)

# (citation as typed, expected fields of the parse, expected provision id in the small index)
STYLES = [
    (
        "khoản 2 Điều 84 Luật 06/2022/QH15",
        {"doc_ref": "Luật 06/2022/QH15", "article": 84, "clause": 2},
        "06-2022-qh15/dieu-84/khoan-2",
    ),
    (
        "Điều 84 khoản 2 Luật Thi đua, khen thưởng",
        {"doc_ref": "Luật Thi đua, khen thưởng", "article": 84, "clause": 2},
        "06-2022-qh15/dieu-84/khoan-2",
    ),
    (
        "điểm a khoản 1 Điều 24 Luật số 06/2022/QH15",
        {"article": 24, "clause": 1, "point": "a"},
        "06-2022-qh15/dieu-24/khoan-1/diem-a",
    ),
    (
        "k2 Đ84 Luật TĐKT",
        {"doc_ref": "Luật TĐKT", "article": 84, "clause": 2},
        "06-2022-qh15/dieu-84/khoan-2",
    ),
    (
        "khoan 2 dieu 84 luat thi dua khen thuong",
        {"article": 84, "clause": 2},
        "06-2022-qh15/dieu-84/khoan-2",
    ),
    (
        "Điều 59 Nghị định 129/2025",
        {"doc_ref": "Nghị định 129/2025", "article": 59},
        "129-2025-nd-cp/dieu-59",
    ),
    (
        "điểm c khoản 1 Điều 50 NĐ 152/2025/NĐ-CP",
        {"article": 50, "clause": 1, "point": "c"},
        "152-2025-nd-cp/dieu-50/khoan-1/diem-c",
    ),
    (
        "Article 84(2) of the Law on Emulation and Commendation",
        {"article": 84, "clause": 2},
        "06-2022-qh15/dieu-84/khoan-2",
    ),
    (
        "Điều 2 Quyết định 86/2025/QĐ-UBND",
        {"article": 2, "part": "quyet-dinh"},
        "86-2025-qd-ubnd/quyet-dinh/dieu-2",
    ),
    (
        "khoản 3 Điều 3 Quy định kèm theo QĐ 86/2025",
        {"doc_ref": "QĐ 86/2025", "article": 3, "clause": 3, "part": None},
        "86-2025-qd-ubnd/dieu-3/khoan-3",
    ),
    (
        "Phụ lục I Phần I mục II.7.b NĐ 30/2020",
        {"appendix": "I", "section": "Phần I.II.7.b", "doc_ref": "NĐ 30/2020"},
        "30-2020-nd-cp/phu-luc-i/phan-i/ii/7/b",
    ),
    (
        f"mục IV.2 kế hoạch {PLAN}",
        {"section": "IV.2", "doc_ref": f"kế hoạch {PLAN}"},
        f"{PLAN}/muc-iv/2",
    ),
    ("Điều 58a luật cũ", {"article": 58, "article_suffix": "a"}, "16-vbhn-vpqh/dieu-58a"),
    (
        "Phụ lục II mục V.2 Nghị định 30",
        {"appendix": "II", "section": "V.2"},
        "30-2020-nd-cp/phu-luc-ii/v/2",
    ),
    ("(4) Điều 4 NĐ 152", {"article": 4}, "152-2025-nd-cp/dieu-4"),
    ("Điều 4 khoản 7 Nghị định 152", {"article": 4, "clause": 7}, "152-2025-nd-cp/dieu-4/khoan-7"),
]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources(None, [d.meta for d in small_docs()])


@pytest.fixture(scope="module")
def index() -> ProvisionLookup:
    return ProvisionLookup.from_parsed(small_docs())


@pytest.mark.parametrize(("text", "fields", "_pid"), STYLES, ids=[s[0] for s in STYLES])
def test_citation_styles_parse_into_coordinates(text, fields, _pid):
    ref = parse_citation(text)
    for name, value in fields.items():
        assert getattr(ref, name) == value, name


@pytest.mark.parametrize(("text", "_fields", "pid"), STYLES, ids=[s[0] for s in STYLES])
def test_citation_styles_resolve_to_the_indexed_provision(registry, index, text, _fields, pid):
    assert resolve_citation(text, registry, index, NOW) == pid


def test_resolution_accepts_a_plain_mapping_of_provisions(registry):
    mapping = {p.id: p for d in small_docs() for p in d.provisions}
    assert resolve_citation("điểm đ khoản 1 Điều 73 Luật TĐKT", registry, mapping, NOW) == (
        "06-2022-qh15/dieu-73/khoan-1/diem-dd"
    )
    assert resolve_citation("điểm d khoản 1 Điều 73 Luật TĐKT", registry, mapping, NOW) == (
        "06-2022-qh15/dieu-73/khoan-1/diem-d"
    )
    with pytest.raises(CitationNotFoundError, match="khoản 1–7"):
        resolve_citation("khoản 9 Điều 84 Luật TĐKT", registry, mapping, NOW)


def test_point_d_with_stroke_is_not_point_d(registry, index):
    assert parse_citation("điểm đ khoản 1 Điều 73").point == "đ"
    assert resolve_citation("điểm đ khoản 1 Điều 73", registry, index, NOW).endswith("diem-dd")


def test_a_bare_article_means_the_main_law_in_force_on_the_date(registry, index):
    assert resolve_citation("Điều 84", registry, index, NOW) == "06-2022-qh15/dieu-84"
    assert resolve_citation("Điều 84", registry, index, date(2023, 6, 1)) == "16-vbhn-vpqh/dieu-84"
    assert resolve_citation("Điều 84 Luật TĐKT", registry, index, date(2023, 6, 1)) == (
        "16-vbhn-vpqh/dieu-84"
    )


def test_an_article_of_a_decision_beyond_its_own_articles_is_read_in_the_attached_text(
    registry, index
):
    assert resolve_citation("Điều 8 Quyết định 86/2025 Bắc Ninh", registry, index, NOW) == (
        "86-2025-qd-ubnd/dieu-8"
    )


def test_a_missing_clause_names_the_clauses_the_article_has(registry, index):
    with pytest.raises(CitationNotFoundError) as err:
        resolve_citation("khoản 9 Điều 84 Luật TĐKT", registry, index, NOW)
    assert "khoản 9" in str(err.value) and "Điều 84 has khoản 1–7" in str(err.value)


def test_a_missing_point_names_the_points_the_clause_has(registry, index):
    with pytest.raises(CitationNotFoundError, match=r"has điểm a, b, c"):
        resolve_citation("điểm g khoản 1 Điều 24 Luật TĐKT", registry, index, NOW)


def test_an_article_outside_an_excerpt_says_the_pack_holds_only_excerpts(registry, index):
    with pytest.raises(CitationNotFoundError) as err:
        resolve_citation("Điều 3 NĐ 129/2025", registry, index, NOW)
    message = str(err.value)
    assert "Điều 3 not found" in message and "only excerpts" in message


def test_a_known_but_missing_text_is_reported_as_missing(registry, index):
    with pytest.raises(CitationNotFoundError, match="not in the pack"):
        resolve_citation("Điều 3 Luật 06/2026/QH16", registry, index, NOW)
    with pytest.raises(CitationNotFoundError, match="not in the pack"):
        resolve_citation("Điều 5 Thông tư 15/2025/TT-BNV", registry, index, NOW)


def test_an_unknown_document_is_named_in_the_error(registry, index):
    with pytest.raises(CitationNotFoundError, match="Luật Cán bộ, công chức"):
        resolve_citation("Điều 5 Luật Cán bộ, công chức", registry, index, NOW)


def test_a_plan_section_without_its_plan_asks_for_the_plan(registry, index):
    with pytest.raises(CitationNotFoundError, match="kế hoạch"):
        resolve_citation("mục IV.2", registry, index, NOW)


def test_a_missing_plan_section_lists_the_sections_nearby(registry, index):
    with pytest.raises(CitationNotFoundError, match=r"IV has 1, 2"):
        resolve_citation(f"mục IV.9 kế hoạch {PLAN}", registry, index, NOW)


def test_a_plan_appendix_is_found_under_its_section_path(registry, index):
    assert (
        resolve_citation(f"Phụ lục 1 kế hoạch {PLAN}", registry, index, NOW) == f"{PLAN}/phu-luc-1"
    )


def test_text_without_any_unit_is_rejected():
    with pytest.raises(CitationNotFoundError, match="no article"):
        parse_citation("Luật Thi đua, khen thưởng")


def test_a_list_citation_names_every_unit():
    refs = parse_citations("các điểm a, b và c khoản 1 Điều 73 Luật TĐKT")
    assert [(r.article, r.clause, r.point) for r in refs] == [
        (73, 1, "a"),
        (73, 1, "b"),
        (73, 1, "c"),
    ]


def test_labels_read_smallest_unit_first():
    assert CitationRef(article=84, clause=2, point="a").label() == "điểm a khoản 2 Điều 84"
    assert (
        CitationRef(appendix="I", section="Phần I.II.7.b").label() == "Phần I mục II.7.b Phụ lục I"
    )


# -- explicit citations inside questions ------------------------------------------------------


def test_question_with_a_bare_article_yields_that_article_of_no_named_document():
    found = find_citations("Điều 84 quy định gì?")
    assert len(found) == 1
    (start, end), ref = found[0]
    assert (start, end) == (0, 7) and ref.article == 84 and ref.doc_ref is None


def test_question_with_clause_and_article_inside_a_sentence():
    text = "Theo khoản 2 Điều 80 thì ai tặng giấy khen?"
    [((start, end), ref)] = find_citations(text)
    assert text[start:end] == "khoản 2 Điều 80"
    assert (ref.article, ref.clause) == (80, 2)


def test_question_naming_two_documents_keeps_each_citation_with_its_document():
    text = "So sánh khoản 2 và khoản 3 Điều 80 Luật Thi đua, khen thưởng với Điều 59 NĐ 129/2025"
    found = find_citations(text)
    assert [(r.article, r.clause, r.doc_ref) for _, r in found] == [
        (80, 2, "Luật Thi đua, khen thưởng"),
        (80, 3, "Luật Thi đua, khen thưởng"),
        (59, None, "NĐ 129/2025"),
    ]


def test_document_named_before_the_article_is_attached_to_it():
    [(span, ref)] = find_citations("Luật TĐKT Điều 84 quy định gì?")
    assert ref.doc_ref == "Luật TĐKT" and ref.article == 84 and span == (0, 17)


def test_english_question_with_article_and_clause():
    [(_, ref)] = find_citations(
        "What does Article 84(2) of the Law on Emulation and Commendation require?"
    )
    assert (ref.article, ref.clause) == (84, 2)
    assert ref.doc_ref and "Emulation" in ref.doc_ref


@pytest.mark.parametrize(
    "question",
    [
        "Điều này có đúng không?",
        "Tại thời điểm này ai có thẩm quyền?",
        "Điều kiện tặng Bằng khen là gì?",
        "Hồ sơ gồm 02 bộ, nộp trước ngày 10/12",
        "Khoản tiền thưởng là bao nhiêu?",
    ],
)
def test_questions_without_an_explicit_citation_yield_nothing(question):
    assert find_citations(question) == []


def test_a_count_after_an_article_is_not_another_article():
    found = find_citations("Theo Điều 84, 02 năm liên tục hoàn thành xuất sắc nhiệm vụ")
    assert [r.article for _, r in found] == [84]


def test_found_citations_resolve_like_typed_ones(registry, index):
    from assistant.registry.citations import resolve_ref

    [(_, ref)] = find_citations("theo khoản 2 Điều 80 thì sao")
    assert resolve_ref(ref, registry, index, NOW) == "06-2022-qh15/dieu-80/khoan-2"


# -- the real pack ------------------------------------------------------------------------


REAL = [
    ("khoản 2 Điều 84 Luật 06/2022/QH15", "06-2022-qh15/dieu-84/khoan-2"),
    ("Điều 84 khoản 2 Luật Thi đua, khen thưởng", "06-2022-qh15/dieu-84/khoan-2"),
    ("điểm a khoản 1 Điều 24 Luật số 06/2022/QH15", "06-2022-qh15/dieu-24/khoan-1/diem-a"),
    ("k2 Đ84 Luật TĐKT", "06-2022-qh15/dieu-84/khoan-2"),
    ("khoan 2 dieu 84 luat thi dua khen thuong", "06-2022-qh15/dieu-84/khoan-2"),
    ("Điều 59 Nghị định 129/2025", "129-2025-nd-cp/dieu-59"),
    ("khoản 1 Điều 50 NĐ 152/2025/NĐ-CP", "152-2025-nd-cp/dieu-50/khoan-1"),
    ("Article 84(2) of the Law on Emulation and Commendation", "06-2022-qh15/dieu-84/khoan-2"),
    ("Điều 2 Quyết định 86/2025/QĐ-UBND", "86-2025-qd-ubnd/quyet-dinh/dieu-2"),
    ("khoản 3 Điều 3 Quy định kèm theo QĐ 86/2025", "86-2025-qd-ubnd/dieu-3/khoan-3"),
    ("Phụ lục I Phần I mục II.7.b NĐ 30/2020", "30-2020-nd-cp/phu-luc-i/phan-i/ii/7/b"),
    ("mục IV.2 kế hoạch 004_f5d8082cf000cdee", "004_f5d8082cf000cdee/muc-iv/2"),
    ("Điều 58a luật cũ", "16-vbhn-vpqh/dieu-58a"),
    ("Phụ lục II mục V.2 Nghị định 30", "30-2020-nd-cp/phu-luc-ii/v/2"),
    ("Điều 5 Quy chế kèm theo Quyết định 71/2025/QĐ-UBND", "71-2025-qd-ubnd/dieu-5"),
]


@pytest.fixture(scope="module")
def pack():
    docs, reason = pack_docs()
    if not docs:
        pytest.skip(reason)
    return Registry.from_sources(None, [d.meta for d in docs]), ProvisionLookup.from_parsed(docs)


@pytest.mark.parametrize(("text", "pid"), REAL, ids=[r[0] for r in REAL])
def test_citations_resolve_in_the_real_pack(pack, text, pid):
    registry, index = pack
    assert resolve_citation(text, registry, index, NOW) == pid


def test_real_pack_errors_say_what_exists(pack):
    registry, index = pack
    with pytest.raises(CitationNotFoundError, match="Điều 84 has khoản 1–7"):
        resolve_citation("khoản 9 Điều 84 Luật TĐKT", registry, index, NOW)
    with pytest.raises(CitationNotFoundError, match=r"has Điều 1–61"):
        resolve_citation("Điều 62 Nghị định 152/2025/NĐ-CP", registry, index, NOW)
    with pytest.raises(CitationNotFoundError, match="Luật Thi đua, khen thưởng 2022 has Điều 1–96"):
        resolve_citation("Điều 97 Luật 06/2022/QH15", registry, index, NOW)

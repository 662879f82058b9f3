"""Cross-references: what a provision's text refers to, resolved relative to where it stands."""

from __future__ import annotations

import pytest
from registry_fixtures import (
    decision_86,
    decree_129,
    pack_docs,
    small_docs,
    small_law,
)

from assistant.registry import Registry
from assistant.registry.xref import find_references, reference_report, resolve_references


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources(None, [d.meta for d in small_docs()])


def _provision(doc, pid):
    return doc.get(f"{doc.provisions[0].id}/{pid}")


def test_this_article_and_this_clause_resolve_to_the_citing_provisions_own_units(registry):
    law = small_law()
    p = _provision(law, "dieu-24/khoan-2")
    refs = find_references(p, law.meta, registry)
    assert [r.target_provision_id for r in refs] == [
        "06-2022-qh15/dieu-24/khoan-1/diem-a",
        "06-2022-qh15/dieu-24/khoan-2/diem-b",
        "06-2022-qh15/dieu-73",
    ]
    assert [r.relative for r in refs] == [True, True, False]
    assert not any(r.external for r in refs)


def test_spans_point_at_the_reference_words_in_the_provision_text(registry):
    law = small_law()
    p = _provision(law, "dieu-24/khoan-2")
    spans = [p.text[a:b] for a, b in (r.span for r in find_references(p, law.meta, registry))]
    assert spans == ["điểm a khoản 1 Điều này và điểm b khoản này"] * 2 + ["Điều 73 của Luật này"]


def test_point_of_this_clause_from_inside_a_point(registry):
    law = small_law()
    p = _provision(law, "dieu-24/khoan-2/diem-b")
    [ref] = find_references(p, law.meta, registry)
    assert ref.target_provision_id == "06-2022-qh15/dieu-24/khoan-2/diem-a"
    assert (ref.target.article, ref.target.clause, ref.target.point) == (24, 2, "a")


def test_a_list_of_points_gives_one_target_each(registry):
    law = small_law()
    p = _provision(law, "dieu-73/khoan-2")
    targets = [r.target_provision_id for r in find_references(p, law.meta, registry)]
    assert targets == [
        "06-2022-qh15/dieu-73/khoan-1/diem-a",
        "06-2022-qh15/dieu-73/khoan-1/diem-b",
        "06-2022-qh15/dieu-73/khoan-1/diem-c",
        "06-2022-qh15/dieu-73/khoan-1/diem-dd",
    ]


def test_a_list_of_articles_resolves_those_that_exist_and_reports_the_rest(registry):
    law = small_law()
    report = reference_report([law], registry)
    assert report.resolved["06-2022-qh15/dieu-73/khoan-3"] == ("06-2022-qh15/dieu-24",)
    missing = sorted(
        r.target.article
        for pid, r, why in report.unresolved
        if pid == "06-2022-qh15/dieu-73/khoan-3"
    )
    assert missing == [23, 25]


def test_an_article_heading_is_not_a_reference_to_itself(registry):
    law = small_law()
    assert find_references(_provision(law, "dieu-24"), law.meta, registry) == []


def test_a_decree_citing_the_law_by_name_points_into_the_law(registry):
    decree = decree_129()
    [p] = [p for p in decree.provisions if p.kind == "dieu"]
    refs = find_references(p, decree.meta, registry)
    assert [r.target_provision_id for r in refs] == [
        "06-2022-qh15/dieu-80/khoan-2",
        "06-2022-qh15/dieu-80/khoan-3",
    ]
    assert all(r.external for r in refs)
    assert all(r.target.doc_ref == "06/2022/QH15" for r in refs)


def test_without_a_registry_a_named_document_stays_unresolved():
    decree = decree_129()
    [p] = [p for p in decree.provisions if p.kind == "dieu"]
    refs = find_references(p, decree.meta)
    assert refs and all(r.target_provision_id is None and r.external for r in refs)
    assert refs[0].target.doc_ref == "Luật Thi đua, khen thưởng"


def test_decision_and_attached_regulation_keep_their_own_numberings(registry):
    qd = decision_86()
    p = _provision(qd, "dieu-4")
    targets = [r.target_provision_id for r in find_references(p, qd.meta, registry)]
    assert targets == ["86-2025-qd-ubnd/quyet-dinh/dieu-3", "86-2025-qd-ubnd/dieu-3/khoan-2"]


def test_resolve_references_maps_citing_ids_to_existing_targets_only(registry):
    resolved = resolve_references(small_docs(), registry)
    assert resolved["129-2025-nd-cp/dieu-59"] == (
        "06-2022-qh15/dieu-80/khoan-2",
        "06-2022-qh15/dieu-80/khoan-3",
    )
    assert resolved["06-2022-qh15/dieu-73/khoan-2"][-1] == "06-2022-qh15/dieu-73/khoan-1/diem-dd"
    every_id = {p.id for d in small_docs() for p in d.provisions}
    assert all(t in every_id for targets in resolved.values() for t in targets)
    assert all(pid not in targets for pid, targets in resolved.items())


def test_references_to_the_citing_provisions_own_article_are_left_out():
    from registry_fixtures import build, law_meta

    law = build(
        law_meta(),
        [
            ("dieu-5", {"article": 5}, "Điều 5. Quỹ"),
            ("dieu-5/khoan-1", {"article": 5, "clause": 1}, "1. Quỹ được lập."),
            (
                "dieu-5/khoan-2",
                {"article": 5, "clause": 2},
                "2. Chính phủ quy định chi tiết Điều này.",
            ),
        ],
    )
    assert resolve_references([law], Registry.from_sources(None, [law.meta])) == {}


# -- the real pack ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_report():
    docs, reason = pack_docs()
    if not docs:
        pytest.skip(reason)
    return reference_report(docs, Registry.from_sources(None, [d.meta for d in docs]))


def test_real_decree_129_article_59_points_to_law_article_80_clauses_2_and_3(real_report):
    assert real_report.resolved["129-2025-nd-cp/dieu-59"] == (
        "06-2022-qh15/dieu-80/khoan-2",
        "06-2022-qh15/dieu-80/khoan-3",
    )


def test_real_law_article_84_refers_to_article_83_and_to_its_own_clause_5(real_report):
    assert real_report.resolved["06-2022-qh15/dieu-84/khoan-4"] == (
        "06-2022-qh15/dieu-83/khoan-2",
        "06-2022-qh15/dieu-83/khoan-3",
        "06-2022-qh15/dieu-83/khoan-4",
    )
    assert real_report.resolved["06-2022-qh15/dieu-84/khoan-7"] == ("06-2022-qh15/dieu-84/khoan-5",)


def test_real_bac_ninh_regulation_points_to_law_article_75_points(real_report):
    assert real_report.resolved["86-2025-qd-ubnd/dieu-4/khoan-3"] == (
        "06-2022-qh15/dieu-75/khoan-1/diem-b",
        "06-2022-qh15/dieu-75/khoan-1/diem-c",
        "06-2022-qh15/dieu-75/khoan-1/diem-dd",
    )


def test_every_reference_in_the_real_law_and_provincial_texts_resolves(real_report):
    leftovers = [
        (pid, ref.text, why)
        for pid, ref, why in real_report.unresolved
        if pid.split("/")[0]
        in ("06-2022-qh15", "86-2025-qd-ubnd", "71-2025-qd-ubnd", "129-2025-nd-cp")
    ]
    assert leftovers == []
    law_citing = [pid for pid in real_report.resolved if pid.startswith("06-2022-qh15/")]
    assert len(law_citing) >= 60  # 66 measured: the rest cite only their own article


def test_real_decree_152_forms_it_refers_to_are_reported_missing_not_invented(real_report):
    # the Phụ lục of forms is not in the pack (MANIFEST §5): Mẫu số 01 and 13 stay unresolved
    forms = {
        ref.target.form
        for pid, ref, why in real_report.unresolved
        if pid.startswith("152-2025-nd-cp/") and why == "no such provision" and ref.target.form
    }
    assert {"01", "13"} <= forms

"""The data behind a drafted plan: every dossier item cites the unit of the Law that requires it,
competence follows the award catalog on the date, bases are in force on the date, references
are written the way officials write them."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.domain import Ref, load_catalog
from assistant.draft import awards as award_rules
from assistant.draft.bases import basis_text, legal_bases
from assistant.draft.citing import cite
from assistant.draft.dossier import AWARD_DOSSIER, DOSSIER_COUNT, TITLE_DOSSIER
from assistant.registry import Registry

LAW = "06/2022/QH15"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources()


@pytest.fixture(scope="module")
def law_units(pack_dir) -> dict[tuple, str]:
    from assistant.ingest import load_file
    from assistant.parse import parse_document

    law = parse_document(load_file(pack_dir / "luat-06-2022-qh15.md"))
    return {(p.article, p.clause, p.point): p.text for p in law.provisions if p.article}


@pytest.mark.parametrize("item", [*TITLE_DOSSIER, *AWARD_DOSSIER], ids=lambda i: i.text[:40])
def test_each_dossier_item_is_required_by_the_unit_it_cites(item, law_units):
    ref = item.ref
    text = law_units[(ref.article, ref.clause, ref.point)]
    for word in item.keywords:
        assert word.lower() in text.lower(), f"{word!r} not in {ref.label_vi}: {text!r}"


def test_the_dossier_count_is_left_to_the_province_by_clause_6(law_units):
    unit = law_units[(DOSSIER_COUNT.article, DOSSIER_COUNT.clause, DOSSIER_COUNT.point)]
    assert unit.startswith("6. Số lượng hồ sơ") and "do Bộ, ban, ngành, tỉnh quy định" in unit


@pytest.mark.parametrize(
    "level, on, expected",
    [
        (
            "phuong",
            date(2025, 7, 1),
            {
                "chien_si_thi_dua_co_so",
                "lao_dong_tien_tien",
                "tap_the_lao_dong_tien_tien",
                "thon_to_dan_pho_van_hoa",
                "gia_dinh_van_hoa",
                "giay_khen_xa",
            },
        ),
        ("xa", date(2025, 6, 30), {"lao_dong_tien_tien", "gia_dinh_van_hoa", "giay_khen_xa"}),
        (
            "tinh",
            date(2027, 1, 1),
            {
                "chien_si_thi_dua_bo_tinh",
                "co_thi_dua_bo_tinh",
                "tap_the_lao_dong_xuat_sac",
                "xa_phuong_thi_tran_tieu_bieu",
                "bang_khen_bo_tinh",
            },
        ),
        (
            "so",
            date(2027, 1, 1),
            {
                "chien_si_thi_dua_co_so",
                "lao_dong_tien_tien",
                "tap_the_lao_dong_tien_tien",
                "giay_khen_so",
            },
        ),
    ],
)
def test_competence_of_each_level_on_a_date(level, on, expected):
    assert {e.award.id for e in award_rules.competence(level, on)} == expected


def test_a_commune_never_grants_a_bang_khen_and_the_district_stops_on_1_july_2025():
    catalog = load_catalog()
    bang_khen, giay_khen = catalog.get("bang_khen"), catalog.get("giay_khen")
    assert not award_rules.can_grant("xa", bang_khen, date(2027, 1, 1))
    assert award_rules.can_grant("tinh", bang_khen, date(2027, 1, 1))
    assert award_rules.can_grant("huyen", giay_khen, date(2025, 6, 30))
    assert not award_rules.can_grant("huyen", giay_khen, date(2025, 7, 1))


def test_only_a_commune_proposes_the_model_commune_title():
    def ids(level):
        return {e.award.id for e in award_rules.proposals(level, date(2027, 1, 1))}

    assert "xa_phuong_thi_tran_tieu_bieu" in ids("phuong")
    assert "xa_phuong_thi_tran_tieu_bieu" not in ids("so")
    assert ids("tinh") == {
        "chien_si_thi_dua_toan_quoc",
        "co_thi_dua_chinh_phu",
        "bang_khen_thu_tuong",
    }


@pytest.mark.parametrize(
    "on",
    [date(2024, 3, 1), date(2025, 6, 30), date(2025, 7, 1), date(2026, 10, 1), date(2027, 6, 1)],
)
def test_every_basis_applies_on_the_plan_date(registry, on):
    bases = legal_bases(registry, on, "phuong", until=date(on.year, 12, 31))
    assert bases, on
    for b in bases:
        if b.doc_id:
            # in force, or NĐ 152 after its Điều 60 lapse date: kept, with the caveat
            v = registry.validity(b.doc_id, on)
            assert v.in_force or (v.lapsed and any("Điều 60" in n for n in b.notes)), b
    ids = {b.doc_id for b in bases}
    assert ("152/2025/NĐ-CP" in ids) == (on >= date(2025, 7, 1))
    assert ("98/2023/NĐ-CP" in ids) == (on < date(2025, 7, 1))
    assert ("06/2026/QH16" in ids) == (on >= date(2026, 10, 1))


def test_a_change_inside_the_plan_period_is_noted(registry):
    bases = legal_bases(registry, date(2025, 1, 10), "xa", until=date(2025, 12, 31))
    notes = " ".join(n for b in bases for n in b.notes)
    assert "Nghị định 98/2023/NĐ-CP hết hiệu lực từ 01/07/2025" in notes
    assert "Nghị định 152/2025/NĐ-CP" in notes


def test_a_law_is_cited_by_name_and_date_and_a_decree_by_number_issuer_and_summary(registry):
    assert basis_text(registry.get(LAW)) == "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
    assert basis_text(registry.get("129/2025/NĐ-CP")).startswith(
        "Nghị định số 129/2025/NĐ-CP ngày 11 tháng 6 năm 2025 của Chính phủ quy định về phân định"
    )


def test_references_to_one_article_are_merged_as_officials_write_them(registry):
    refs = [Ref(LAW, 24, 1), Ref(LAW, 24, 3), Ref(LAW, 24, 4), Ref(LAW, 24, 6)]
    assert cite(refs, registry) == "khoản 1, 3, 4 và 6 Điều 24 Luật Thi đua, khen thưởng"
    mixed = [Ref(LAW, 75, 1, "đ"), Ref(LAW, 75, 2), Ref("129/2025/NĐ-CP", 59)]
    assert cite([Ref(LAW, 78, 2), Ref(LAW, 79, 2), Ref(LAW, 79, 4)], registry) == (
        "khoản 2 Điều 78, khoản 2 và 4 Điều 79 Luật Thi đua, khen thưởng"
    )
    assert cite(mixed, registry) == (
        "điểm đ khoản 1 và khoản 2 Điều 75 Luật Thi đua, khen thưởng; "
        "Điều 59 Nghị định số 129/2025/NĐ-CP"
    )

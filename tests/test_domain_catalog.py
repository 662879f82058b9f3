"""The award catalog: name matching, article references, and their check against the pack."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant.domain.catalog import load_catalog, match_awards, parse_catalog, resolve_awards
from assistant.errors import ConfigError, InvalidInputError
from assistant.ingest.frontmatter import split_front_matter


def ids(text: str) -> list[str]:
    return [m.award.id for m in match_awards(text)]


# ----------------------------------------------------------------------------- matching


def test_city_chairman_bang_khen_is_the_provincial_award_flagged_as_ambiguous():
    text = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"
    [m] = match_awards(text)
    assert m.award.id == "bang_khen_bo_tinh"
    assert m.ambiguity == "thanh_pho"
    assert text[m.span[0] : m.span[1]] == "Bằng khen của Chủ tịch UBND thành phố"
    assert "thanh_pho" in load_catalog().ambiguities


def test_city_certificate_of_merit_in_english_is_the_provincial_bang_khen_flagged():
    [m] = match_awards("Which papers are needed for a city certificate of merit?")
    assert (m.award.id, m.lang, m.ambiguity) == ("bang_khen_bo_tinh", "en", "thanh_pho")


def test_naming_a_centrally_governed_city_clears_the_ambiguity():
    [m] = match_awards("Bằng khen của Chủ tịch UBND Thành phố Hồ Chí Minh")
    assert m.award.id == "bang_khen_bo_tinh"
    assert m.ambiguity is None


def test_colloquial_provincial_forms_all_mean_the_provincial_bang_khen():
    for text in (
        "bằng khen tỉnh",
        "Bằng khen của UBND tỉnh",
        "bằng khen chủ tịch UBND tỉnh Bắc Ninh",
        "provincial certificate of merit",
        "Ministerial certificates of merit",
    ):
        assert ids(text) == ["bang_khen_bo_tinh"], text


def test_labour_order_third_class_matches_the_class_not_the_family():
    for text in (
        "Labour Order third class",
        "a third-class Labor Order",
        "Huân chương Lao động hạng Ba",
        "huan chuong lao dong hang 3",
        "Huân chương Lao động hạng III",
    ):
        assert ids(text) == ["huan_chuong_lao_dong_hang_ba"], text
    assert ids("Huân chương Lao động") == ["huan_chuong_lao_dong"]


def test_unaccented_and_differently_cased_names_match():
    assert ids("ho so de nghi bang khen cua chu tich ubnd tinh") == ["bang_khen_bo_tinh"]
    assert ids("TIEU CHUAN CHIEN SI THI DUA CO SO") == ["chien_si_thi_dua_co_so"]
    assert ids("chiến sỹ thi đua toàn quốc") == ["chien_si_thi_dua_toan_quoc"]


def test_longest_name_wins_over_the_names_inside_it():
    assert ids("Tập thể lao động tiên tiến") == ["tap_the_lao_dong_tien_tien"]
    assert ids("Chiến sĩ thi đua cơ sở và Lao động tiên tiến") == [
        "chien_si_thi_dua_co_so",
        "lao_dong_tien_tien",
    ]
    assert ids("Bằng khen của Thủ tướng Chính phủ") == ["bang_khen_thu_tuong"]


def test_commune_and_district_giay_khen_are_told_apart():
    assert ids("Giấy khen của Chủ tịch UBND phường") == ["giay_khen_xa"]
    assert ids("giấy khen huyện") == ["giay_khen_huyen"]
    assert load_catalog().get("giay_khen_huyen").valid_until == date(2025, 6, 30)


def test_bare_certificate_of_merit_is_flagged_as_bang_khen_or_giay_khen():
    [m] = match_awards("certificate of merit")
    assert m.award.id == "bang_khen"
    assert m.ambiguity == "bang_khen_giay_khen"


def test_council_and_movement_words_are_not_mistaken_for_awards():
    assert match_awards("Hội đồng Thi đua - Khen thưởng tỉnh họp xét khen thưởng") == []
    assert match_awards("the emulation and commendation council meets in order to vote") == []


def test_a_generic_name_is_narrowed_by_the_level_named_elsewhere_in_the_question():
    [m] = resolve_awards("Phòng tôi muốn xin UBND tỉnh tặng bằng khen cho tổ công tác")
    assert (m.award.id, m.inferred, m.ambiguity) == ("bang_khen_bo_tinh", True, None)
    [m] = resolve_awards("Trình Chủ tịch UBND thành phố tặng bằng khen được không?")
    assert (m.award.id, m.ambiguity) == ("bang_khen_bo_tinh", "thanh_pho")
    [m] = resolve_awards("Thủ tướng tặng bằng khen cho tập thể nào?")
    assert m.award.id == "bang_khen_thu_tuong"
    [m] = resolve_awards("UBND phường có được tặng giấy khen cho hộ gia đình?")
    assert m.award.id == "giay_khen_xa"


def test_without_a_level_the_generic_name_stays_generic():
    assert [m.award.id for m in resolve_awards("Bằng khen có mấy loại?")] == ["bang_khen"]
    assert [m.inferred for m in resolve_awards("Bằng khen của Chủ tịch UBND tỉnh")] == [False]


# ----------------------------------------------------------------------------- references


def test_provincial_bang_khen_cites_article_74_79_and_84_clause_2():
    a = load_catalog().get("bang_khen_bo_tinh")
    assert [(r.article, r.clause) for r in a.refs_for("criteria")] == [(74, None)]
    assert {(r.article, r.clause) for r in a.refs_for("authority")} == {(79, 2), (79, 4)}
    assert (84, 2) in {(r.article, r.clause) for r in a.refs_for("dossier")}
    assert all(r.doc == "06/2022/QH15" for r in a.refs_for("criteria"))


def test_district_powers_move_to_the_commune_chairman_from_july_2025():
    ltt = load_catalog().get("lao_dong_tien_tien")
    before = {(r.doc, r.article, r.clause) for r in ltt.refs_for("authority", on=date(2025, 6, 1))}
    after = {(r.doc, r.article, r.clause) for r in ltt.refs_for("authority", on=date(2025, 8, 1))}
    assert ("06/2022/QH15", 80, 2) in before and ("129/2025/NĐ-CP", 59, None) not in before
    assert ("129/2025/NĐ-CP", 59, None) in after and ("06/2022/QH15", 80, 2) not in after


def test_no_award_cites_the_district_chairman_after_the_district_level_ended():
    for award in load_catalog().awards:
        for r in award.refs_for("authority", on=date(2025, 7, 1)):
            assert (r.doc, r.article, r.clause) != ("06/2022/QH15", 80, 2), award.id


def test_class_entries_have_their_own_criteria_and_the_family_authority():
    a = load_catalog().get("huan_chuong_lao_dong_hang_ba")
    assert a.name_vi == "Huân chương Lao động hạng Ba"
    # the Law's article, then the decree's for quá trình cống hiến (NĐ 152/2025 Điều 21)
    assert [(r.doc, r.article) for r in a.refs_for("criteria")] == [
        ("06/2022/QH15", 44),
        ("152/2025/NĐ-CP", 21),
    ]
    assert [r.article for r in a.refs_for("authority")] == [77]
    assert [r.label_vi for r in a.refs_for("bonus")] == ["điểm h khoản 1 Điều 51 152/2025/NĐ-CP"]
    assert a.parent == "huan_chuong_lao_dong"


def test_bonus_references_point_to_article_50_of_decree_152():
    cat = load_catalog()
    assert [r.label_vi for r in cat.get("chien_si_thi_dua_co_so").refs_for("bonus")] == [
        "điểm c khoản 1 Điều 50 152/2025/NĐ-CP"
    ]
    assert cat.get("lao_dong_tien_tien").refs_for("bonus")[0].point == "d"


def test_orders_and_certificates_point_to_the_decree_articles_that_state_their_bonus():
    cat = load_catalog()
    tt = cat.get("bang_khen_thu_tuong")
    assert [r.label_vi for r in tt.refs_for("bonus")] == ["điểm a khoản 1 Điều 54 152/2025/NĐ-CP"]
    assert [r.label_vi for r in tt.refs_for("bonus_collective")] == [
        "điểm a khoản 2 Điều 54 152/2025/NĐ-CP"
    ]
    assert [r.label_vi for r in tt.refs_for("bonus_household")] == [
        "khoản 3 Điều 54 152/2025/NĐ-CP"
    ]
    # dossiers of State-level awards are the decree's Điều 36–42 now that it is held in full
    assert ("152/2025/NĐ-CP", 42) in {(r.doc, r.article) for r in tt.refs_for("dossier")}
    assert [r.article for r in cat.get("huan_chuong").refs_for("bonus_collective")] == [51]


def test_unknown_ids_and_reference_kinds_are_clear_errors():
    cat = load_catalog()
    with pytest.raises(InvalidInputError, match="no award with id"):
        cat.get("bang_khen_xyz")
    with pytest.raises(InvalidInputError, match="unknown reference kind"):
        cat.get("giay_khen").refs_for("criterion")


def test_a_malformed_reference_in_the_data_is_rejected_with_the_fix():
    with pytest.raises(ConfigError, match="bad reference"):
        parse_catalog(_one_award("luat:Điều 24", kind="criteria"))


# ----------------------------------------------------------------------------- against the pack

_HEADING = re.compile(r"^#### Điều (\d+)([a-z]?)(?:\[\^\d+\])?(?:\.|\s|$)")
_CLAUSE = re.compile(r"^(?:(\d+)\.(?:\[\^\d+\])?\s|\((\d+)\)\s)")
_POINT = re.compile(r"^([a-zđ])\)\s")


def _articles(body: str) -> dict[str, list[str]]:
    """Article key ("84", "58a") → its lines, split on the pack's "#### Điều N" headings."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.splitlines():
        m = _HEADING.match(line)
        if m:
            current = out.setdefault(m.group(1) + m.group(2), [])
            continue
        if line.startswith("#"):
            current = None
        elif current is not None:
            current.append(line.strip())
    return out


def _resolves(lines: list[str], clause: int | None, point: str | None) -> bool:
    if clause is None:
        return True
    in_clause = False
    for line in lines:
        m = _CLAUSE.match(line)
        if m:
            in_clause = int(m.group(1) or m.group(2)) == clause
            if in_clause and point is None:
                return True
            continue
        if in_clause and point is not None and (p := _POINT.match(line)) and p.group(1) == point:
            return True
    return False


@pytest.fixture(scope="module")
def pack_articles(pack_dir: Path) -> dict[str, dict[str, list[str]]]:
    docs = {}
    for path in sorted(pack_dir.glob("*.md")):
        meta, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
        if meta.get("so_hieu"):
            docs[str(meta["so_hieu"])] = _articles(body)
    return docs


def test_every_reference_in_the_catalog_exists_in_the_pack_text(pack_articles):
    cat = load_catalog()
    refs = [(a.id, r) for a in cat.awards for r in a.all_refs()]
    refs += [("general", r) for rs in cat.general.values() for r in rs]
    assert len(refs) > 300
    missing = []
    for owner, r in refs:
        articles = pack_articles.get(r.doc)
        key = f"{r.article}{r.article_suffix or ''}"
        found = articles is not None and key in articles
        if not (found and _resolves(articles[key], r.clause, r.point)):
            missing.append((owner, r.label_vi))
    assert missing == []


def test_the_reference_checker_itself_rejects_wrong_clauses(pack_articles):
    law = pack_articles["06/2022/QH15"]
    assert _resolves(law["84"], 2, None)
    assert not _resolves(law["84"], 9, None)
    assert _resolves(law["75"], 1, "đ")
    assert not _resolves(law["75"], 2, "a")
    assert "58a" in pack_articles["16/VBHN-VPQH"]


def test_every_title_and_form_listed_by_the_law_is_in_the_catalog(pack_articles):
    law = pack_articles["06/2022/QH15"]
    # Điều 9, 19, 20, 33, 54, 59, 72 list the titles and forms; each item must be recognised.
    items = []
    for art in ("9", "19", "20", "33", "54", "59", "72"):
        for line in law[art]:
            m = re.match(r"^(?:\d+\.|[a-zđ]\))\s+(.*)$", line)
            if m and not m.group(1).endswith(":"):
                items.append(m.group(1))
    assert len(items) > 30
    unmatched = [item for item in items if not match_awards(item)]
    assert unmatched == []


def _one_award(ref: object, kind: str = "authority") -> dict:
    return {
        "docs": {"luat": "06/2022/QH15"},
        "awards": [
            {
                "id": "x",
                "name_vi": "X",
                "kind": "danh_hieu_thi_dua",
                "for": ["ca_nhan"],
                "level": "co_so",
                "refs": {kind: [ref]},
            }
        ],
    }


def test_a_period_named_by_a_framework_event_takes_the_event_date_from_the_framework(
    tmp_path, monkeypatch
):
    from assistant.config import get_settings
    from assistant.registry import framework as fw

    text = fw.DEFAULT_FRAMEWORK_PATH.read_text(encoding="utf-8")
    moved = tmp_path / "framework.yaml"
    moved.write_text(
        text.replace(
            "id: district-level-abolished\n    date: 2025-07-01",
            "id: district-level-abolished\n    date: 2025-08-01",
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("TDKT_CORPUS_DIR", str(tmp_path))  # a corpus with its own framework
    get_settings.cache_clear()
    fw.event_date.cache_clear()
    try:
        ref = {"ref": "luat:80.2", "until": "district-level-abolished"}
        old = parse_catalog(_one_award(ref)).get("x").refs_for("authority")[0]
        assert old.valid_until == date(2025, 7, 31)  # the day before the event, as moved
        ref = {"ref": "luat:80.2", "from": "district-level-abolished"}
        new = parse_catalog(_one_award(ref)).get("x").refs_for("authority")[0]
        assert new.valid_from == date(2025, 8, 1)
    finally:
        get_settings.cache_clear()
        fw.event_date.cache_clear()


def test_a_period_naming_an_event_the_framework_lacks_is_rejected_with_the_events_it_has():
    with pytest.raises(
        ConfigError, match="no event 'district-level-ended'.*district-level-abolished"
    ):
        parse_catalog(_one_award({"ref": "luat:80.2", "until": "district-level-ended"}))

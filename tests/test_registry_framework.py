"""corpus/framework.yaml: it loads, its relations agree, and its dates agree with the pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import PACK

from assistant.errors import ConfigError
from assistant.ingest.frontmatter import parse_iso_date, split_front_matter
from assistant.models import Coverage
from assistant.registry import DEFAULT_FRAMEWORK_PATH, load_framework


@pytest.fixture(scope="module")
def framework():
    return load_framework()


def test_framework_lists_the_law_its_decrees_circulars_and_provincial_texts(framework):
    ids = {d.id for d in framework.documents}
    expected = {
        "06/2022/QH15", "06/2026/QH16", "16/VBHN-VPQH", "15/2003/QH11", "47/2005/QH11",
        "32/2009/QH12", "39/2013/QH13", "91/2017/NĐ-CP", "98/2023/NĐ-CP", "28/2024/NĐ-CP",
        "152/2025/NĐ-CP", "129/2025/NĐ-CP", "12/2019/TT-BNV", "01/2024/TT-BNV", "15/2025/TT-BNV",
        "30/2020/NĐ-CP", "86/2025/QĐ-UBND", "71/2025/QĐ-UBND",
    }  # fmt: skip
    assert expected <= ids


def test_framework_dates_follow_the_manifest(framework):
    docs = {d.id: d for d in framework.documents}
    assert docs["06/2022/QH15"].effective == date(2024, 1, 1)
    assert docs["06/2026/QH16"].effective == date(2026, 10, 1)
    assert docs["16/VBHN-VPQH"].expired == date(2024, 1, 1)
    assert docs["98/2023/NĐ-CP"].expired == date(2025, 7, 1)
    assert docs["98/2023/NĐ-CP"].replaced_by == ("152/2025/NĐ-CP",)
    assert docs["28/2024/NĐ-CP"].expired == date(2025, 7, 1)
    assert docs["152/2025/NĐ-CP"].effective == date(2025, 7, 1)
    assert docs["01/2024/TT-BNV"].expired == date(2025, 8, 5)


def test_third_party_dates_are_marked_unverified(framework):
    docs = {d.id: d for d in framework.documents}
    for doc_id in ("01/2024/TT-BNV", "15/2025/TT-BNV", "06/2026/QH16", "91/2017/NĐ-CP"):
        assert docs[doc_id].unverified, doc_id
        assert docs[doc_id].note, doc_id
    assert not docs["06/2022/QH15"].unverified


def test_framework_says_what_the_pack_holds(framework):
    docs = {d.id: d for d in framework.documents}
    assert docs["06/2022/QH15"].pack is Coverage.FULL
    assert docs["152/2025/NĐ-CP"].pack is Coverage.FULL
    assert [p.name for p in docs["152/2025/NĐ-CP"].missing_parts] == ["Phụ lục mẫu văn bản"]
    assert docs["129/2025/NĐ-CP"].pack is Coverage.EXCERPT
    assert docs["06/2026/QH16"].pack is Coverage.MISSING
    assert docs["15/2025/TT-BNV"].pack is Coverage.MISSING


def test_relations_inside_the_framework_point_to_framework_documents(framework):
    ids = {d.id for d in framework.documents}
    for d in framework.documents:
        for rel in (*d.replaced_by, *d.amends, *d.amended_by, *d.consolidates):
            assert rel in ids, f"{d.id} → {rel}"


def test_district_level_event_points_at_article_80_clause_2(framework):
    event = next(e for e in framework.events if e.id == "district-level-abolished")
    assert event.date == date(2025, 7, 1)
    assert any(a.doc == "06/2022/QH15" and a.article == 80 and a.clause == 2 for a in event.affects)


def test_a_broken_framework_file_names_the_file_and_the_problem(tmp_path: Path):
    bad = tmp_path / "framework.yaml"
    bad.write_text(
        "documents:\n  - id: X\n    loai: Luật\n    title: T\n    colour: red\n", "utf-8"
    )
    with pytest.raises(ConfigError, match="framework.yaml"):
        load_framework(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_framework(tmp_path / "missing.yaml")


def test_expiry_before_effect_is_rejected(tmp_path: Path):
    bad = tmp_path / "framework.yaml"
    bad.write_text(
        "documents:\n  - id: X\n    loai: Luật\n    title: T\n"
        "    effective: 2024-01-01\n    expired: 2023-01-01\n",
        "utf-8",
    )
    with pytest.raises(ConfigError, match="expired"):
        load_framework(bad)


def test_framework_effective_dates_match_the_pack_front_matter(framework):
    if not (PACK / "luat-06-2022-qh15.md").exists():
        pytest.skip(f"document pack not found at {PACK} (set TDKT_PACK)")
    docs = {d.id: d for d in framework.documents}
    checked = 0
    for path in sorted(PACK.glob("*.md")):
        if path.name == "MANIFEST.md":
            continue
        front, _, _ = split_front_matter(path.read_text("utf-8"))
        doc = docs.get(front.get("so_hieu"))
        assert doc is not None, f"{path.name}: {front.get('so_hieu')} missing from framework.yaml"
        assert doc.effective == parse_iso_date(front.get("ngay_hieu_luc")), path.name
        assert doc.issued == parse_iso_date(front.get("ngay_ban_hanh")), path.name
        checked += 1
    assert checked >= 7


def test_default_framework_path_is_the_committed_file():
    assert DEFAULT_FRAMEWORK_PATH.name == "framework.yaml"
    assert DEFAULT_FRAMEWORK_PATH.parent.name == "corpus"
    assert DEFAULT_FRAMEWORK_PATH.exists()

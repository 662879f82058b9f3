"""The README's citation-matching rules, one behaviour per test (../shared/evals/README.md)."""

from __future__ import annotations

import unicodedata

import pytest

from assistant.models import Chunk, Citation
from evals.dataset import Gold
from evals.matching import distinct_golds, matches, to_ref

LAW = "06/2022/QH15"
QD86 = "86/2025/QĐ-UBND"
ND30 = "30/2020/NĐ-CP"
PLAN = "000_e8477a02aad63870"


def chunk(doc: str, **coords) -> Chunk:
    return Chunk(id="x", doc_id=doc, provision_id="x", text="…", **coords)


def test_passage_from_another_document_never_matches():
    gold = Gold(doc=LAW, article=84, clause=2)
    assert not matches(chunk("16/VBHN-VPQH", article=84, clause=2), gold)
    assert not matches(chunk("16/VBHN-VPQH", article=84), gold, "article")


def test_passage_of_another_article_never_matches():
    assert not matches(chunk(LAW, article=85, clause=2), Gold(doc=LAW, article=84, clause=2))
    assert not matches(chunk(LAW, article=85), Gold(doc=LAW, article=84), "article")


def test_whole_article_chunk_satisfies_clause_2_gold():
    assert matches(chunk(LAW, article=84), Gold(doc=LAW, article=84, clause=2))


def test_clause_2_chunk_satisfies_whole_article_gold():
    assert matches(chunk(LAW, article=84, clause=2), Gold(doc=LAW, article=84))


def test_clause_3_chunk_does_not_satisfy_clause_2_gold():
    assert not matches(chunk(LAW, article=84, clause=3), Gold(doc=LAW, article=84, clause=2))


def test_points_must_agree_only_when_both_sides_name_one():
    gold = Gold(doc=LAW, article=75, clause=1, point="d")
    assert matches(chunk(LAW, article=75, clause=1), gold)
    assert matches(chunk(LAW, article=75, clause=1, point="d"), gold)
    assert not matches(chunk(LAW, article=75, clause=1, point="đ"), gold)
    assert matches(chunk(LAW, article=75, clause=1, point="a"), Gold(doc=LAW, article=75, clause=1))


def test_article_level_ignores_clause_and_point():
    gold = Gold(doc=LAW, article=84, clause=2, point="a")
    assert matches(chunk(LAW, article=84, clause=3, point="b"), gold, "article")
    assert not matches(chunk(LAW, article=84, clause=3, point="b"), gold, "clause")


@pytest.mark.parametrize(
    ("candidate", "gold", "expected"),
    [
        ("IV", "IV.2", True),  # a chunk of part IV covers item IV.2
        ("IV.2", "IV", True),  # and item IV.2 lies inside a whole-part gold
        ("IV.2.1", "IV.2", True),
        ("IV.2", "IV.2", True),
        ("IV.1", "IV.2", False),
        ("I", "II", False),  # prefix only at segment boundaries
        ("II", "I", False),
        ("I", "I.3", True),
        ("II.1", "II.1.4", True),
        ("II.1.4", "II.1.5", False),
        ("Phụ lục 1", "Phụ lục 12", False),
    ],
)
def test_plan_section_paths_match_by_prefix_at_segment_boundaries(candidate, gold, expected):
    assert matches(chunk(PLAN, section=candidate), Gold(doc=PLAN, section=gold)) is expected


def test_plan_section_of_another_plan_does_not_match():
    assert not matches(
        chunk("001_6d626cd8a15edca4", section="IV.2"), Gold(doc=PLAN, section="IV.2")
    )


def test_decree_appendix_must_be_equal_and_section_prefix_holds_inside_it():
    gold = Gold(doc=ND30, appendix="I", section="Phần I.II.7.b")
    assert matches(chunk(ND30, appendix="I", section="Phần I.II.7.b"), gold)
    assert matches(chunk(ND30, appendix="I", section="Phần I.II.7"), gold)
    assert matches(chunk(ND30, appendix="I", section="Phần I.II"), gold)
    assert not matches(chunk(ND30, appendix="I", section="Phần I.II.6"), gold)
    assert not matches(chunk(ND30, appendix="II", section="Phần I.II.7.b"), gold)
    assert not matches(chunk(ND30, section="Phần I.II.7.b"), gold)  # appendix missing


def test_appendix_ii_short_paths_without_phan():
    gold = Gold(doc=ND30, appendix="II", section="V.2")
    assert matches(chunk(ND30, appendix="II", section="V"), gold)
    assert not matches(chunk(ND30, appendix="III", section="V.2"), gold)
    assert not matches(chunk(ND30, appendix="II", section="V.1"), gold)


def test_appendix_spelled_with_its_heading_is_the_same_appendix():
    gold = Gold(doc=ND30, appendix="III", section="I")
    assert matches(chunk(ND30, appendix="Phụ lục III", section="I"), gold)


def test_plan_appendix_matches_whether_written_in_section_or_appendix_field():
    gold = Gold(doc="004_f5d8082cf000cdee", section="Phụ lục 2.II")
    assert matches(chunk("004_f5d8082cf000cdee", appendix="2", section="II"), gold)
    assert matches(chunk("004_f5d8082cf000cdee", section="Phụ lục 2"), gold)
    assert not matches(chunk("004_f5d8082cf000cdee", section="Phụ lục 1"), gold)
    assert not matches(chunk("004_f5d8082cf000cdee", section="II"), gold)


def test_article_chunk_of_decree_30_does_not_match_its_appendix_gold():
    gold = Gold(doc=ND30, appendix="I", section="Phần I.I")
    assert not matches(chunk(ND30, article=8, clause=2), gold)
    assert not matches(chunk(ND30, appendix="I", section="Phần I.I"), Gold(doc=ND30, article=8))


def test_document_header_chunk_covers_no_plan_section():
    assert not matches(chunk(PLAN, kind="document"), Gold(doc=PLAN, section="IV.2"))


def test_decision_own_article_needs_part_quyet_dinh():
    gold = Gold(doc=QD86, article=2, part="quyet-dinh")
    assert matches(chunk(QD86, article=2, part="quyet-dinh"), gold)
    assert not matches(chunk(QD86, article=2), gold)  # Điều 2 of the attached Quy định
    assert not matches(chunk(QD86, article=2), gold, "article")


def test_missing_part_means_the_attached_regulation():
    gold = Gold(doc=QD86, article=3, clause=3)
    assert matches(chunk(QD86, article=3, clause=3), gold)
    assert not matches(chunk(QD86, article=3, part="quyet-dinh"), gold)


def test_part_written_in_vietnamese_is_the_same_part():
    assert matches(
        chunk(QD86, article=2, part="Quyết định"), Gold(doc=QD86, article=2, part="quyet-dinh")
    )


def test_shown_citation_matches_like_a_chunk():
    citation = Citation(
        doc="129/2025/NĐ-CP", doc_title="", article=59, label="Điều 59", quote="…", provision_id="p"
    )
    assert matches(citation, Gold(doc="129/2025/NĐ-CP", article=59))
    assert not matches(citation, Gold(doc="152/2025/NĐ-CP", article=59))


def test_decomposed_unicode_sections_match_their_composed_form():
    nfd = unicodedata.normalize("NFD", "Phần I.II")
    assert nfd != "Phần I.II"
    gold = Gold(doc=ND30, appendix="I", section="Phần I.II.7")
    assert matches(chunk(ND30, appendix="I", section=nfd), gold)


def test_distinct_golds_collapse_clauses_of_one_article_at_article_level():
    golds = [Gold(doc=LAW, article=84, clause=2), Gold(doc=LAW, article=84, clause=6)]
    assert len(distinct_golds(golds, "article")) == 1
    assert len(distinct_golds(golds, "clause")) == 2


def test_refs_read_doc_from_doc_or_doc_id():
    assert to_ref({"doc_id": LAW, "article": "84"}) == to_ref(Gold(doc=LAW, article=84))

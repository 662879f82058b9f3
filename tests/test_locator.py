"""One Locator owns citation coordinates: their labels, the unit they group by, their order."""

from __future__ import annotations

from assistant.models import Chunk, Citation, Locator
from assistant.registry.refs import CitationRef
from evals.dataset import Gold


def test_labels_read_smallest_unit_first_with_the_part_form_section_and_appendix():
    assert Locator("06/2022/QH15", article=84, clause=2, point="a").label_vi() == (
        "điểm a khoản 2 Điều 84"
    )
    assert Locator("x", part="quyet-dinh", article=1).label_vi() == "Điều 1 của Quyết định"
    assert Locator("x", appendix="I").label_vi(form="01") == "Mẫu số 01 Phụ lục I"
    assert Locator("x", appendix="I", section="Phần I.II.7").label_vi() == (
        "Phần I mục II.7 Phụ lục I"
    )
    assert Locator("16/VBHN-VPQH", article=58, article_suffix="a").short() == "16/VBHN-VPQH Đ58a"


def test_an_article_with_a_suffix_is_its_own_unit():
    law = "16/VBHN-VPQH"
    assert Locator(law, article=58).unit() != Locator(law, article=58, article_suffix="a").unit()
    assert Locator(law, article=58, clause=2).unit() == Locator(law, article=58).unit()
    # a plan's top section groups its items
    assert Locator("kh", section="IV.2").unit() == Locator("kh", section="IV").unit()


def test_document_order_puts_clause_9_before_clause_10_and_the_suffix_after_its_article():
    law = "06/2022/QH15"
    units = [
        Locator(law, article=58, article_suffix="a"),
        Locator(law, article=9, clause=10),
        Locator(law, article=9, clause=9),
        Locator(law, article=58),
    ]
    assert sorted(units, key=Locator.sort_key) == [units[2], units[1], units[3], units[0]]


def test_every_record_with_coordinates_reads_the_same_locator():
    where = {"article": 84, "clause": 2, "point": "a"}
    chunk = Chunk(id="p", doc_id="06/2022/QH15", provision_id="p", text="t", **where)
    cited = Citation(
        doc="06/2022/QH15", doc_title="", label="", quote="", provision_id="p", **where
    )
    gold = Gold(doc="06/2022/QH15", **where)
    ref = CitationRef(doc_ref="Luật TĐKT", **where)
    assert chunk.locator == cited.locator == gold.locator
    assert ref.label() == chunk.locator.label_vi() == "điểm a khoản 2 Điều 84"


def test_a_copied_record_reads_its_own_coordinates_not_the_original_ones():
    chunk = Chunk(id="p", doc_id="d", provision_id="p", text="t", article=5)
    assert chunk.locator.article == 5
    moved = chunk.model_copy(update={"article": 6})
    assert moved.locator.article == 6 and chunk.locator.article == 5

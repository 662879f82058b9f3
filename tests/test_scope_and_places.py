"""What the pack answers and what it does not: province names come from the gazetteer
(vietnam-provinces), a question asking for the own rule of a province whose texts the pack does
not hold is declined, naming what would answer it, and a question the pack covers is in scope
even without a TĐKT word."""

import pytest

from assistant.domain.places import local_rule_cues, provinces, provinces_named


def test_the_gazetteer_has_the_34_provinces_after_the_reform_with_the_6_cities():
    names = {p.name for p in provinces()}
    assert len(names) == 34 and {"Nghệ An", "Lào Cai", "Bắc Ninh", "Hà Nội"} <= names
    assert "Bắc Giang" not in names  # merged into Bắc Ninh in 2025
    cities = {p.name for p in provinces() if p.city}
    assert cities == {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Theo quy định mới của tỉnh Nghệ An năm 2025", ["Nghệ An"]),
        ("What criteria has Nghệ An province set?", ["Nghệ An"]),
        ("UBND thành phố Hà Nội quy định", ["Hà Nội"]),
        ("TP. Hồ Chí Minh ban hành", ["Hồ Chí Minh"]),
        ("Chủ tịch UBND thành phố Lào Cai tặng Giấy khen", []),  # a former provincial city
        ("Huân chương Hồ Chí Minh", []),  # an award, not a place
        ("tinh nghe an quy dinh", ["Nghệ An"]),  # typed without diacritics
    ],
)
def test_provinces_are_read_where_a_text_names_them_as_places(text, named):
    assert [p.name for p in provinces_named(text)] == named


def test_rule_cues_are_domain_data_in_both_languages():
    cues = local_rule_cues()
    assert cues.search("quy dinh") and cues.search("criteria") and not cues.search("bao nhieu")


@pytest.mark.parametrize(
    "question",
    [
        "What specific criteria has Nghệ An province set for farmers to be Advanced Workers?",
        "Theo quy định mới của tỉnh Nghệ An, hồ sơ khen thưởng của xã gửi trước ngày nào?",
    ],
)
def test_a_province_whose_rules_are_not_held_is_said_first(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained
    assert "Nghệ An" in answer.answer.split("\n")[0]


def test_a_held_provinces_rule_is_answered(assistant):
    answer = assistant.ask("Theo quy định của tỉnh Bắc Ninh, hồ sơ khen thưởng gửi trước ngày nào?")
    assert not answer.abstained
    assert answer.citations[0].doc == "86/2025/QĐ-UBND"


def test_a_province_named_without_asking_for_its_own_rule_is_answered_from_the_law(assistant):
    answer = assistant.ask("Chủ tịch UBND tỉnh Nghệ An có thẩm quyền tặng Bằng khen không?")
    assert not answer.abstained


def test_a_question_the_pack_covers_without_a_tdkt_word_is_answered(assistant):
    """NĐ 30/2020 holds the forms of copies: no award or TĐKT word is needed to be in scope."""
    answer = assistant.ask("Bản sao y có những hình thức nào?")
    assert not answer.abstained
    assert answer.citations[0].doc == "30/2020/NĐ-CP" and answer.citations[0].article == 25


@pytest.mark.parametrize(
    "question",
    [
        "What is Vietnam's corporate income tax rate for small and medium enterprises?",
        "Thủ tục đổi giấy phép lái xe ô tô hết hạn gồm những bước nào?",
    ],
)
def test_a_question_outside_the_pack_is_still_declined(assistant, question):
    assert assistant.ask(question).abstained

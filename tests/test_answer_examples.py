"""Answers over the real pack: the customer's example, languages, dates, follow-ups, notes."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ANSWER_KEYS, CITATION_KEYS

TODAY = date(2026, 11, 20)  # a fixed "today" after 01/07/2025 and 01/10/2026


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _articles(answer) -> set[tuple[str, int | None]]:
    return {(c.doc, c.article) for c in answer.citations}


@pytest.mark.parametrize(
    "question",
    [
        "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?",
        "What dossier do I need for a city certificate of merit?",
    ],
)
def test_city_certificate_of_merit_dossier_lists_the_items_of_clause_2_of_article_84(
    assistant, question
):
    answer = assistant.ask(question, as_of=TODAY)
    assert not answer.abstained
    text = _flat(answer.answer)
    for item in (
        "Tờ trình đề nghị xét tặng hình thức khen thưởng",
        "Báo cáo thành tích của cá nhân, tập thể",
        "Biên bản xét khen thưởng",
    ):
        assert _flat(item) in text
    first = answer.citations[0]
    assert (first.doc, first.article, first.clause) == ("06/2022/QH15", 84, 2)
    assert "a) Tờ trình đề nghị xét tặng hình thức khen thưởng;" in first.quote
    # the criteria of the provincial Bằng khen, and the change of 2025, are cited too
    assert ("06/2022/QH15", 74) in _articles(answer)
    assert ("129/2025/NĐ-CP", 59) in _articles(answer)
    notes = _flat(" ".join(answer.notes))
    assert ("trực thuộc trung ương" in notes) or ("centrally governed city" in notes)
    assert ("cấp xã" in notes) or ("commune chairman" in notes)


def test_english_question_gets_english_framing_and_vietnamese_quotes(assistant):
    answer = assistant.ask("What are the criteria for a grassroots emulation fighter?", as_of=TODAY)
    assert answer.language == "en"
    assert not answer.abstained
    assert answer.answer.split("\n")[0].startswith(("The conditions", "On ", "Also"))
    assert "quoted in Vietnamese" in answer.answer
    quote = answer.citations[0].quote
    assert "Chiến sĩ thi đua cơ sở" in quote or "sáng kiến" in quote
    assert any(ch in quote for ch in "ăâđêôơư")  # the quote is the Vietnamese text


def test_vietnamese_question_is_answered_in_vietnamese(assistant):
    answer = assistant.ask(
        "Điều kiện để được xét danh hiệu chiến sĩ thi đua cấp tỉnh là gì?", as_of=TODAY
    )
    assert answer.language == "vi"
    assert answer.citations[0].doc == "06/2022/QH15"
    assert answer.citations[0].article == 22
    assert "03 lần liên tục" in answer.answer


def test_before_2024_the_old_law_answers_and_its_status_is_noted(assistant):
    answer = assistant.ask(
        "Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?",
        as_of=date(2023, 6, 1),
    )
    assert not answer.abstained
    assert answer.as_of == date(2023, 6, 1)
    assert answer.citations[0].doc == "16/VBHN-VPQH"
    assert answer.citations[0].article == 24
    assert all(c.doc != "06/2022/QH15" for c in answer.citations)
    assert "01/06/2023" in answer.answer
    notes = " ".join(answer.notes)
    assert "thay thế văn bản này từ 01/01/2024" in notes


def test_after_2024_the_2022_law_answers_the_same_question(assistant):
    answer = assistant.ask("Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?", as_of=date(2024, 6, 1))
    assert answer.citations[0].doc == "06/2022/QH15"
    assert answer.citations[0].article == 24
    assert answer.citations[0].in_force


def test_follow_up_carries_the_intent_and_swaps_the_award(assistant):
    first = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"
    previous = assistant.ask(first, as_of=TODAY)
    answer = assistant.ask(
        "còn Giấy khen thì sao?", as_of=TODAY, history=[(first, previous.answer)]
    )
    assert answer.question == "còn Giấy khen thì sao?"
    assert any("Hồ sơ đề nghị tặng Giấy khen gồm những gì?" in n for n in answer.notes)
    assert not answer.abstained
    assert answer.citations[0].article == 84  # still a dossier answer


def test_english_follow_up_is_resolved_from_history(assistant):
    history = [("What dossier do I need for a city certificate of merit?", "…")]
    answer = assistant.ask("What about the Giấy khen?", as_of=TODAY, history=history)
    assert answer.language == "en"
    assert any("Giấy khen" in n and n.startswith("Read as") for n in answer.notes)
    # a dossier answer: the Law's Điều 84, or NĐ 152 Điều 6 that hands the Giấy khen dossier
    # to ministries and provinces since 01/07/2025
    assert {("06/2022/QH15", 84), ("152/2025/NĐ-CP", 6)} & _articles(answer)


def test_out_of_scope_question_is_declined_without_citations(assistant):
    answer = assistant.ask(
        "Thủ tục đổi giấy phép lái xe ô tô hết hạn gồm những bước nào?", as_of=TODAY
    )
    assert answer.abstained
    assert answer.citations == ()
    assert answer.answer.startswith("Các văn bản hiện có không quy định")


def test_english_out_of_scope_question_is_declined_in_english(assistant):
    answer = assistant.ask("How do I register a limited liability company in Hanoi?", as_of=TODAY)
    assert answer.abstained
    assert answer.language == "en"
    assert answer.answer.startswith("The documents do not say")


def test_bonus_answer_quotes_the_coefficient_and_computes_the_sum_as_a_computation(assistant):
    answer = assistant.ask(
        "Danh hiệu Chiến sĩ thi đua cơ sở được thưởng bao nhiêu tiền?", as_of=TODAY
    )
    assert not answer.abstained
    assert "1,0 lần mức lương cơ sở" in answer.answer
    assert "tính toán, không phải lời văn bản" in answer.answer
    assert "1 × 2.530.000 = 2.530.000 → 2.530.000 đồng" in answer.answer


def test_question_about_the_district_level_after_2025_notes_the_commune_chairman(assistant):
    answer = assistant.ask(
        "Chủ tịch UBND cấp huyện có thẩm quyền tặng giấy khen không?", as_of=TODAY
    )
    notes = " ".join(answer.notes)
    assert "Chủ tịch UBND cấp xã" in notes
    assert ("129/2025/NĐ-CP", 59) in _articles(answer)


def test_the_maternity_rule_is_quoted_from_the_full_decree_without_an_excerpt_warning(assistant):
    answer = assistant.ask(
        "Thời gian nghỉ thai sản có được tính để xét khen thưởng không?", as_of=TODAY
    )
    assert answer.citations[0].doc == "152/2025/NĐ-CP"
    assert answer.citations[0].article == 4
    assert not any("trích đoạn" in n for n in answer.notes)


def test_a_decree_answer_asked_after_its_lapse_date_says_it_lapsed_unless_extended(assistant):
    answer = assistant.ask(
        "Thời gian nghỉ thai sản có được tính để xét khen thưởng không?", as_of=date(2027, 3, 15)
    )
    assert answer.citations[0].doc == "152/2025/NĐ-CP"
    notes = " ".join(answer.notes)
    assert "hết hiệu lực từ 01/03/2027 theo khoản 1 Điều 60" in notes
    assert "Quốc hội quyết định kéo dài" in notes and "cần kiểm tra" in notes


def test_amendment_not_in_the_pack_is_noted_after_it_takes_effect(assistant):
    before = assistant.ask(
        "Điều kiện để được xét danh hiệu chiến sĩ thi đua cấp tỉnh là gì?", as_of=date(2026, 6, 1)
    )
    after = assistant.ask(
        "Điều kiện để được xét danh hiệu chiến sĩ thi đua cấp tỉnh là gì?", as_of=date(2026, 11, 1)
    )
    assert any("chưa có trong kho" in n for n in after.notes)
    assert not any("Được sửa đổi, bổ sung" in n for n in before.notes)


def test_answer_json_has_the_contract_fields_and_timings(assistant):
    answer = assistant.ask("Hồ sơ đề nghị tặng Bằng khen cấp tỉnh gồm những gì?", as_of=TODAY)
    data = answer.model_dump(mode="json")
    assert set(data) >= ANSWER_KEYS
    assert data["mode"] == "extractive"
    assert data["as_of"] == "2026-11-20"
    assert set(data["timings_ms"]) == {"analyze", "retrieve", "compose", "total"}
    citation = data["citations"][0]
    assert set(citation) >= CITATION_KEYS


def test_history_that_is_not_pairs_of_strings_is_refused(assistant):
    from assistant.errors import InvalidInputError

    with pytest.raises(InvalidInputError):
        assistant.ask("còn Giấy khen thì sao?", history=[("only a question",)])


_BONUS_ASKED = {
    "bang_khen_tt": "Cá nhân được tặng Bằng khen của Thủ tướng Chính phủ được thưởng bao nhiêu tiền?",
    "hcld_ba": "Huân chương Lao động hạng Ba được thưởng bao nhiêu tiền?",
    "ldtt": "Danh hiệu Lao động tiên tiến được thưởng bao nhiêu tiền?",
}
_BEFORE, _AFTER = date(2026, 3, 1), date(2026, 8, 1)  # either side of the 01/07/2026 base salary


@pytest.mark.parametrize(
    "award,on,line",
    [
        ("bang_khen_tt", _BEFORE, "3,5 × 2.340.000 = 8.190.000 → 8.190.000 đồng"),
        ("bang_khen_tt", _AFTER, "3,5 × 2.530.000 = 8.855.000 → 8.860.000 đồng"),
        ("hcld_ba", _BEFORE, "4,5 × 2.340.000 = 10.530.000 → 10.530.000 đồng"),
        ("hcld_ba", _AFTER, "4,5 × 2.530.000 = 11.385.000 → 11.390.000 đồng"),
        ("ldtt", _BEFORE, "0,3 × 2.340.000 = 702.000 → 710.000 đồng"),
        ("ldtt", _AFTER, "0,3 × 2.530.000 = 759.000 → 760.000 đồng"),
    ],
)
def test_a_bonus_is_computed_from_the_base_salary_of_the_date_and_rounded_up(
    assistant, award, on, line
):
    answer = assistant.ask(_BONUS_ASKED[award], as_of=on)
    assert not answer.abstained, answer.answer
    assert line in answer.answer
    assert "lần mức lương cơ sở" in answer.citations[0].quote


def test_a_collective_gets_twice_the_individual_sum_with_the_clause_that_says_so(assistant):
    answer = assistant.ask(
        "Tập thể được tặng Bằng khen của Thủ tướng Chính phủ được thưởng bao nhiêu tiền?",
        as_of=_AFTER,
    )
    assert "3,5 × 2 × 2.530.000 = 17.710.000 → 17.710.000 đồng" in answer.answer
    assert ("152/2025/NĐ-CP", 54, 2) in {(c.doc, c.article, c.clause) for c in answer.citations}

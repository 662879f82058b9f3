"""Which units an answer cites and quotes: questions that ask two things, long lines, whether a
text still applies, who grants a generic award, the clause of the award asked about, and the
citations a note needs (or not)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answer.items import window
from assistant.answer.parts import split_question

TODAY = date(2026, 11, 20)


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _cited(answer) -> list[tuple[str, int | None, int | None, str | None]]:
    return [(c.doc, c.article, c.clause, c.section) for c in answer.citations]


# -- questions that ask several things -------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "Hồ sơ gồm những gì, gửi đến đâu và hạn chót khi nào?",
            ["Hồ sơ gồm những gì", "gửi đến đâu", "hạn chót khi nào"],
        ),
        ("Ai đề nghị và ai quyết định?", ["Ai đề nghị", "ai quyết định"]),
        ("Who proposes it, and who decides?", ["Who proposes it", "who decides"]),
    ],
)
def test_a_question_asking_several_things_is_cut_into_its_parts(question, parts):
    assert split_question(question) == parts


@pytest.mark.parametrize(
    "question",
    [
        "Đơn vị tôi muốn đề nghị tặng bằng khen cho tập thể xuất sắc, cần chuẩn bị những giấy tờ gì?",
        "Tiêu chuẩn về số năm và số lần để được Bằng khen theo luật cũ và luật mới khác nhau thế nào?",
    ],
)
def test_a_question_asking_one_thing_stays_whole_however_many_commas_it_has(question):
    assert len(split_question(question)) == 1


def test_the_scene_set_before_the_first_question_word_belongs_to_no_part():
    parts = split_question(
        "Trong kế hoạch năm 2025 của huyện X, phòng nào lo kinh phí và ai theo dõi?"
    )
    assert parts == ["phòng nào lo kinh phí", "ai theo dõi"]


def test_a_plan_question_asking_two_things_quotes_the_section_for_each(assistant):
    answer = assistant.ask(
        "Trong đợt thi đua 30 năm tái lập tỉnh Lào Cai, phòng nào tham mưu cấp kinh phí và "
        "phòng nào hướng dẫn, theo dõi việc đăng ký thi đua?",
        as_of=TODAY,
    )
    sections = {s for _, _, _, s in _cited(answer)}
    assert {"V.7", "V.9"} <= sections
    text = _flat(answer.answer)
    assert _flat("Phòng Tài chính - Kế hoạch thành phố") in text
    assert _flat("phòng Nội vụ thành phố") in text


def test_a_council_question_asking_who_chairs_it_and_its_duties_quotes_both_clauses(assistant):
    answer = assistant.ask(
        "Chủ tịch Hội đồng Thi đua - Khen thưởng Trung ương là ai, Hội đồng đó có những nhiệm "
        "vụ gì?",
        as_of=TODAY,
    )
    # the decree's Điều 45 (held in full) names the chair and sends the duties to Luật Điều 90
    text = _flat(answer.answer)
    assert _flat("Chủ tịch Hội đồng là Thủ tướng Chính phủ") in text
    assert _flat("cơ quan tham mưu, tư vấn") in text


# -- long lines --------------------------------------------------------------------------------


def test_a_long_line_is_cut_around_the_phrases_the_question_asks_about():
    line = (
        "2. Bộ trưởng, "
        + ", ".join(f"cơ quan số {i}" for i in range(60))
        + (", Chủ tịch Ủy ban nhân dân cấp tỉnh xem xét, đề nghị Thủ tướng Chính phủ.")
    )

    def weigh(phrases):
        return sum("Chủ tịch Ủy ban" in p or "Thủ tướng" in p for p in phrases)

    shown = window(line, 300, weigh)
    assert len(shown) <= 300 + 10
    assert shown.startswith("2. Bộ trưởng")
    assert "Chủ tịch Ủy ban nhân dân cấp tỉnh xem xét" in shown
    assert "…" in shown
    for piece in shown.replace("…", "\n").split("\n"):  # every piece is verbatim
        assert piece.strip().rstrip(",") in line


def test_a_short_line_is_shown_whole():
    assert window("1. Luật này có hiệu lực.", 300, lambda p: 1.0) == "1. Luật này có hiệu lực."


def test_who_proposes_a_labour_order_quotes_the_end_of_the_long_clause(assistant):
    answer = assistant.ask(
        "Chủ tịch Ủy ban nhân dân cấp tỉnh có đề nghị Thủ tướng trình Chủ tịch nước tặng huân "
        "chương không?",
        as_of=TODAY,
    )
    assert ("06/2022/QH15", 83, 2, None) in _cited(answer)
    assert _flat("đề nghị Thủ tướng Chính phủ trình Chủ tịch nước") in _flat(answer.answer)


# -- whether a text still applies --------------------------------------------------------------


def test_whether_a_replaced_decree_still_applies_is_answered_by_its_successors_effect_article(
    assistant,
):
    answer = assistant.ask("Nghị định 98/2023 bây giờ còn hiệu lực không?", as_of=TODAY)
    assert not answer.abstained
    first = answer.citations[0]
    assert (first.doc, first.article, first.clause) == ("152/2025/NĐ-CP", 59, None)
    assert "01 tháng 7 năm 2025" in answer.answer
    assert all(c.doc != "06/2022/QH15" for c in answer.citations)


def test_which_law_a_decision_of_a_date_rests_on_is_answered_by_the_laws_effect_article(
    assistant,
):
    answer = assistant.ask(
        "Quyết định khen thưởng ký cuối năm 2023 và quyết định ký đầu năm 2024 thì căn cứ "
        "luật nào?",
        as_of=TODAY,
    )
    assert not answer.abstained
    assert ("06/2022/QH15", 94, None, None) in _cited(answer)
    assert "01 tháng 01 năm 2024" in answer.answer


# -- the award asked about ---------------------------------------------------------------------


def test_who_grants_a_giay_khen_is_answered_by_the_list_of_its_kinds(assistant):
    answer = assistant.ask("Giấy khen do những người nào quyết định tặng?", as_of=TODAY)
    first = answer.citations[0]
    assert (first.doc, first.article, first.clause) == ("06/2022/QH15", 75, 1)
    assert _flat("Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã") in _flat(answer.answer)
    # the district chairman's Giấy khen moved to the commune chairman: said and cited
    assert ("129/2025/NĐ-CP", 59) in {(c.doc, c.article) for c in answer.citations}


def test_a_named_office_holder_keeps_the_answer_on_that_holders_powers(assistant):
    answer = assistant.ask(
        "Giám đốc doanh nghiệp có được quyết định tặng giấy khen không?", as_of=TODAY
    )
    assert ("06/2022/QH15", 80, 4, None) in _cited(answer)


def test_a_provincial_rule_is_cited_by_the_clause_of_the_award_asked_not_the_first_one(
    assistant,
):
    answer = assistant.ask(
        "Tiêu chuẩn tặng Bằng khen của Chủ tịch UBND tỉnh Bắc Ninh đối với cá nhân là gì?",
        as_of=TODAY,
    )
    first = answer.citations[0]
    assert (first.doc, first.article, first.clause) == ("86/2025/QĐ-UBND", 3, 3)
    assert first.point in (None, "a")
    assert "Cờ thi đua" not in answer.answer.split("\n")[1]


# -- citations a note needs --------------------------------------------------------------------


def test_who_sets_the_dossier_rules_gets_neither_the_grantors_nor_the_district_change(assistant):
    answer = assistant.ask(
        "Hồ sơ, thủ tục xét tặng Lao động tiên tiến và Giấy khen hiện nay do cấp nào quy định?",
        as_of=TODAY,
    )
    articles = {(c.doc, c.article) for c in answer.citations}
    assert ("129/2025/NĐ-CP", 59) not in articles
    assert not {("06/2022/QH15", 79), ("06/2022/QH15", 80)} & articles


def test_an_article_that_merely_holds_a_changed_clause_gets_the_note_without_the_citation(
    assistant,
):
    answer = assistant.ask("Giấy khen có những tiêu chuẩn xét tặng nào?", as_of=TODAY)
    # Điều 75 (whose khoản 1 điểm d names the former district chairman) answers on criteria
    assert ("06/2022/QH15", 75, None, None) in _cited(answer)
    assert ("129/2025/NĐ-CP", 59) not in {(c.doc, c.article) for c in answer.citations}
    assert any("cấp xã" in n and "129/2025" in n for n in answer.notes)


# -- every member of an award family -----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "articles"),
    [
        ("Huân chương Lao động các hạng có tiêu chuẩn gì?", [42, 43, 44]),
        ("What are the criteria for each class of the Labour Order?", [42, 43, 44]),
        ("Bằng khen của các cấp được tặng cho những đối tượng nào?", [73, 74]),
    ],
)
def test_a_question_about_every_level_of_an_award_cites_each_levels_article_in_order(
    assistant, question, articles
):
    answer = assistant.ask(question, as_of=TODAY)
    cited = [c.article for c in answer.citations if c.doc == "06/2022/QH15"]
    assert cited[: len(articles)] == articles


def test_one_level_asked_cites_that_levels_article_alone(assistant):
    answer = assistant.ask("Tiêu chuẩn Huân chương Lao động hạng Ba là gì?", as_of=TODAY)
    assert [c.article for c in answer.citations] == [44]


def test_members_sharing_one_rule_are_answered_by_that_rule(assistant):
    answer = assistant.ask("Hồ sơ đề nghị Bằng khen các cấp gồm những gì?", as_of=TODAY)
    assert _cited(answer)[0] == ("06/2022/QH15", 84, 2, None)

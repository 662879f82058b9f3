"""Abstention: questions the pack cannot answer are declined with a pointer to what is
missing; ordinary questions are answered. The questions here are our own, written to look like
the gaps an official meets (another province's rule, a form of an excerpted decree, a missing
circular, a time limit no text states, a topic outside TĐKT)."""

from __future__ import annotations

import re
from datetime import date

import pytest

TODAY = date(2026, 11, 20)

UNANSWERABLE = [
    (
        "UBND tỉnh Nghệ An quy định mức tiền thưởng kèm Giấy khen của Chủ tịch UBND xã là bao "
        "nhiêu?",
        "Nghệ An",
    ),
    (
        "Quy chế thi đua, khen thưởng của tỉnh Quảng Ninh quy định tiêu chuẩn Cờ thi đua như thế "
        "nào?",
        "Quảng Ninh",
    ),
    ("Mẫu số 05 ban hành kèm Thông tư 15/2025/TT-BNV gồm những nội dung gì?", "15/2025/TT-BNV"),
    (
        "Theo Thông tư 15/2025/TT-BNV, báo cáo thành tích phải trình bày theo mẫu nào?",
        "15/2025/TT-BNV",
    ),
    ("Mẫu số 03 ban hành kèm Nghị định 152/2025/NĐ-CP có những mục nào?", "152/2025/NĐ-CP"),
    (
        "Hội đồng Thi đua - Khen thưởng Trung ương phải trả lời đơn khiếu nại về khen thưởng trong "
        "bao nhiêu ngày?",
        "Có thể tra",
    ),
    ("Thủ tục cấp hộ chiếu phổ thông lần đầu cần những giấy tờ gì?", "thi đua, khen thưởng"),
    (
        "Mức đóng bảo hiểm xã hội bắt buộc của người lao động năm 2026 là bao nhiêu phần trăm?",
        "thi đua, khen thưởng",
    ),
    ("Lãi suất cho vay mua nhà ở xã hội hiện nay là bao nhiêu?", "thi đua, khen thưởng"),
    ("How do I register a limited liability company in Hanoi?", "emulation and commendation"),
    # a figure of the award asked about that no provision naming that award states
    ("Cờ thi đua của Chính phủ có kích thước bao nhiêu?", "không quy định kích thước"),
    (
        "Mỗi năm một bộ được đề nghị Huân chương Lao động cho tối đa bao nhiêu phần trăm số cán "
        "bộ?",
        "không quy định tỷ lệ",
    ),
]

ANSWERABLE = [
    "Điều kiện để được tặng Huân chương Lao động hạng Ba là gì?",
    "Ai có thẩm quyền tặng Cờ thi đua của Chính phủ?",
    "Hồ sơ đề nghị tặng danh hiệu Lao động tiên tiến gồm những gì?",
    "Quỹ thi đua, khen thưởng được hình thành từ những nguồn nào?",
    "Danh hiệu Tập thể lao động xuất sắc được thưởng bao nhiêu?",
    "Ở Bắc Ninh, hồ sơ khen thưởng theo chuyên đề gửi trước bao nhiêu ngày?",
    "Tên loại văn bản hành chính trình bày cỡ chữ bao nhiêu?",
    "Bằng khen của Thủ tướng Chính phủ tặng cho tập thể cần tiêu chuẩn gì?",
    "What does the law say about revoking an award obtained by fraud?",
    "Gia đình văn hóa cần những tiêu chuẩn gì?",
    "Mỗi năm Hà Nội xét tặng bao nhiêu danh hiệu Công dân Thủ đô ưu tú?",
    "Khẩu hiệu thi đua của phường Pom Hán năm 2025 là gì?",
    "Huân chương Lao động hạng Nhì được thưởng bao nhiêu tiền?",
    "Lề trên của văn bản hành chính có kích thước bao nhiêu?",
]


@pytest.mark.parametrize("question,pointer", UNANSWERABLE)
def test_unanswerable_question_is_declined_with_where_to_look(assistant, question, pointer):
    answer = assistant.ask(question, as_of=TODAY)
    assert answer.abstained, answer.answer
    assert answer.answer.startswith(("Các văn bản hiện có không", "The documents do not"))
    assert pointer in answer.answer


@pytest.mark.parametrize("question,_", UNANSWERABLE)
def test_a_declined_answer_invents_no_figure(assistant, question, _):
    answer = assistant.ask(question, as_of=TODAY)
    quoted = " ".join(c.quote + " " + c.label for c in answer.citations)
    names = " ".join(f"{e.doc_id} {e.label}" for e in assistant.registry.entries())
    # figures in the decline come from the question, a quoted provision or a document's name
    allowed = set(re.findall(r"\d+", f"{question} {quoted} {names}"))
    for figure in re.findall(r"\d+", answer.answer):
        assert figure in allowed, figure


@pytest.mark.parametrize("question", ANSWERABLE)
def test_ordinary_question_is_answered(assistant, question):
    answer = assistant.ask(question, as_of=TODAY)
    assert not answer.abstained, answer.answer
    assert answer.citations


def test_a_deadline_the_full_decree_states_is_answered_not_declined(assistant):
    answer = assistant.ask(
        "What is the deadline in working days for the central commission to appraise a Labour "
        "Order dossier?",
        as_of=TODAY,
    )
    assert not answer.abstained, answer.answer
    assert ("152/2025/NĐ-CP", 35) in {(c.doc, c.article) for c in answer.citations}
    assert "ngày làm việc" in answer.answer


def test_an_amount_in_dong_after_the_decree_lapsed_is_computed_and_carries_the_lapse(assistant):
    answer = assistant.ask(
        "Danh hiệu Lao động tiên tiến được thưởng bao nhiêu tiền?", as_of=date(2027, 3, 15)
    )
    assert not answer.abstained, answer.answer
    assert any("0,3 lần mức lương cơ sở" in c.quote for c in answer.citations)
    assert "0,3 × 2.530.000 = 759.000 → 760.000 đồng" in answer.answer
    notes = " ".join(answer.notes)
    assert "hết hiệu lực từ 01/03/2027 theo khoản 1 Điều 60" in notes and "kéo dài" in notes


def test_a_sum_set_by_a_text_outside_the_pack_is_declined_and_points_to_the_referral(assistant):
    answer = assistant.ask(
        "Người được công nhận Công dân Thủ đô ưu tú nhận bao nhiêu tiền thưởng?", as_of=TODAY
    )
    assert answer.abstained, answer.answer
    assert "không quy định số tiền" in answer.answer
    assert "Nghị quyết số 04/2025/NQ-HĐND" in answer.answer  # where the sum is set


def test_a_form_of_the_decree_held_without_its_appendix_is_said_not_held(assistant):
    answer = assistant.ask(
        "Mẫu tờ trình đề nghị khen thưởng theo Nghị định 152/2025/NĐ-CP gồm những nội dung gì?",
        as_of=TODAY,
    )
    assert answer.abstained
    assert answer.answer.startswith("Các văn bản hiện có không có nội dung")
    assert "không có Phụ lục mẫu văn bản" in answer.answer
    # the clause that refers to the forms is shown as where the forms are named
    assert answer.citations and answer.citations[0].doc == "152/2025/NĐ-CP"
    assert answer.citations[0].article == 33


def test_a_bonus_multiple_no_clause_gives_the_asked_title_is_declined_not_quoted_from_another(
    assistant,
):
    # NĐ 152/2025 Điều 50 sets multiples for named titles; none for Gia đình văn hóa
    held = assistant.ask(
        "Danh hiệu Chiến sĩ thi đua cơ sở được thưởng bao nhiêu lần mức lương cơ sở?",
        as_of=date(2026, 11, 20),
    )
    assert not held.abstained and "1,0 lần mức lương cơ sở" in held.answer
    missing = assistant.ask(
        "Hộ được công nhận danh hiệu Gia đình văn hóa thì được thưởng bao nhiêu lần mức lương "
        "cơ sở?",
        as_of=date(2026, 11, 20),
    )
    assert missing.abstained
    assert missing.answer.startswith("Các văn bản hiện có không quy định mức thưởng")

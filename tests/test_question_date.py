"""The date an answer is for is read in the sentence that asks: a date in a story told before
the question is an event of the story, not the day the answer is for."""

from datetime import date

import pytest

from assistant.retrieve.query import asking_sentence
from assistant.steps import switched


@pytest.mark.parametrize(
    ("question", "day"),
    [
        ("Quyết định ký ngày 15/02/2024 thì theo luật nào?", date(2024, 2, 15)),
        (  # a year in the asking sentence: the answer is for that year (its last day)
            "Năm 2023 muốn đạt Chiến sĩ thi đua cơ sở có bắt buộc phải có sáng kiến không?",
            date(2023, 12, 31),
        ),
        (
            "Ông được tặng Huân chương Lao động hạng Ba năm 2019. Nay ông có đủ điều kiện đề "
            "nghị hạng Nhì không?",
            None,
        ),
        (
            "Our deputy director received the third-class Labour Order in 2019. Is he eligible "
            "for the second class now?",
            None,
        ),
    ],
)
def test_only_the_asking_sentence_names_the_day_of_the_answer(assistant, question, day):
    q = assistant.analyze(question, as_of=date(2026, 12, 1))
    assert q.question_date == day
    assert q.effective_date == (day or date(2026, 12, 1))


def test_the_step_can_be_switched_off_for_measurement(assistant):
    story = "Ông được khen năm 2019. Nay có đủ điều kiện không?"
    with switched(asked_date=False):
        assert assistant.analyze(story, as_of=date(2026, 12, 1)).question_date is not None
    assert assistant.analyze(story, as_of=date(2026, 12, 1)).question_date is None


def test_the_asking_sentence_is_the_last_one_ending_in_a_question_mark():
    assert asking_sentence("Một. Hai? Ba") == " Hai?"
    assert asking_sentence("Không có dấu hỏi") == "Không có dấu hỏi"
    assert asking_sentence("Chỉ một câu?") == "Chỉ một câu?"

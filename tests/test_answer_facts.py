"""The answer's first line states the asked fact, cut from the quoted unit, only when the
question asks a quantity in so many words and the unit states exactly one in that unit."""

from __future__ import annotations

from datetime import date

DAY = date(2026, 12, 1)


def test_an_amount_asked_is_stated_first_in_the_words_of_the_quoted_clause(assistant):
    answer = assistant.ask("Lao động tiên tiến được thưởng bao nhiêu tiền?", as_of=DAY)
    first = answer.answer.split("\n")[0]
    assert first == "Mức thưởng: 0,3 lần mức lương cơ sở"
    fact = first.split(": ", 1)[1]
    assert fact in answer.citations[0].quote  # cut from the unit, never written


def test_a_question_naming_a_bonus_without_asking_a_sum_gets_no_fact_line(assistant):
    answer = assistant.ask("Tiền thưởng kèm Bằng khen của Thủ tướng lấy từ quỹ nào?", as_of=DAY)
    assert not answer.answer.startswith("Mức thưởng:")


def test_the_fact_line_is_a_switchable_step(assistant):
    from assistant.steps import switched

    with switched(fact_line=False):
        answer = assistant.ask("Lao động tiên tiến được thưởng bao nhiêu tiền?", as_of=DAY)
    assert not answer.answer.startswith("Mức thưởng:")

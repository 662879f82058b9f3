"""The quantities a question asks in so many words, read from domain data: the unit, the text
that states one, and what a reply calls it when the documents do not state it."""

from __future__ import annotations

import pytest

from assistant.domain.answer_types import parse_quantities, quantities
from assistant.errors import ConfigError


@pytest.mark.parametrize(
    ("question", "word", "what"),
    [
        ("Thời hạn giải quyết là bao nhiêu ngày làm việc?", "ngay lam viec", "thời hạn"),
        ("How many working days does the council take?", "working days", "thời hạn"),
        ("Lao động tiên tiến được thưởng bao nhiêu tiền?", "tien", "số tiền"),
        ("Tỷ lệ tối đa là bao nhiêu?", "ty le", "tỷ lệ"),
        ("Lề trên có kích thước bao nhiêu?", "kich thuoc", "kích thước"),
        ("Hội đồng họp mấy tháng một lần?", "thang", "thời hạn"),
    ],
)
def test_the_asked_quantity_is_read_with_its_unit(question, word, what):
    found = quantities().asked(question)
    assert found is not None
    assert found[0] == word and found[1].what_vi == what


def test_a_unit_word_that_begins_another_word_asks_no_quantity():
    assert quantities().asked("Cần bao nhiêu phiếu đồng ý thì được đề nghị?") is None
    assert quantities().asked("Hồ sơ gồm những gì?") is None


def test_a_unit_states_its_quantity_only_in_that_unit():
    _, days = quantities().asked("trong bao nhiêu ngày làm việc?")
    assert days.states.search("trong thoi han 20 ngay lam viec")
    assert not days.states.search("truoc 10 ngay")


def test_a_table_without_the_words_a_unit_needs_is_a_config_error():
    with pytest.raises(ConfigError, match="quantities"):
        parse_quantities({"quantities": {"units": [{"before": ["ngày"]}]}})

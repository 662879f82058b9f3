"""EN ↔ VI glossary: query translation for English questions, and language detection."""

from __future__ import annotations

import pytest

from assistant.domain.glossary import (
    detect_language,
    load_glossary,
    parse_glossary,
    translate_query,
)
from assistant.errors import ConfigError


@pytest.mark.parametrize(
    "text",
    [
        "Hồ sơ đề nghị tặng Giấy khen của Chủ tịch UBND xã gồm những gì?",
        "ho so bang khen",
        "tieu chuan lao dong tien tien la gi",
        "co duoc tang bang khen cua chu tich ubnd tinh khong",
        "Thủ tục xét tặng danh hiệu Chiến sĩ thi đua cơ sở",
    ],
)
def test_vietnamese_with_or_without_diacritics_is_detected_as_vietnamese(text):
    assert detect_language(text) == "vi"


@pytest.mark.parametrize(
    "text",
    [
        "Who signs the decision for a commune certificate of merit?",
        "Is a sports trophy an emulation title?",
        "How much is paid with the 'Chiến sĩ thi đua cơ sở' title?",
        "Can a collective get the flag two years running?",
    ],
)
def test_english_is_detected_even_with_a_quoted_vietnamese_title(text):
    assert detect_language(text) == "en"


def test_translation_keeps_the_english_and_adds_the_vietnamese_terms():
    q = "Which papers must a ward send to nominate its staff for a municipal certificate of merit?"
    out = translate_query(q)
    assert out.startswith(q)
    for term in ("hồ sơ", "Bằng khen của Bộ, ban, ngành, tỉnh", "phường", "đề nghị"):
        assert term in out, term
    # The ambiguous "municipal" award brings the reading the law uses for a provincial city.
    assert "thành phố trực thuộc trung ương" in out


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Who has the power to confer a Labour Order second class?",
            "Huân chương Lao động hạng Nhì",
        ),
        ("Who has the power to confer a Labour Order second class?", "thẩm quyền"),
        ("Is time on maternity leave counted for a title?", "nghỉ thai sản"),
        ("When can a fast-track, simplified procedure be used?", "thủ tục đơn giản"),
        ("What bonus comes with the advanced worker title?", "tiền thưởng"),
        ("What bonus comes with the advanced worker title?", "Lao động tiên tiến"),
        ("Which awards may a commune chairman sign now?", "Chủ tịch Ủy ban nhân dân cấp xã"),
        ("Can the decision be revoked if the achievements were falsified?", "hủy bỏ"),
        ("Can the decision be revoked if the achievements were falsified?", "gian dối"),
        ("What are the requirements for an excellent labour collective?", "tiêu chuẩn"),
        ("What are the deadlines for submitting year-end review files?", "thời hạn"),
        ("Which font size should the national title use?", "cỡ chữ"),
        ("Which font size should the national title use?", "Quốc hiệu"),
        ("Can ministries and provinces set their own criteria?", "Bộ, ban, ngành, tỉnh"),
        ("Where does the reward fund come from?", "quỹ thi đua, khen thưởng"),
        ("Is the 2003 law still in force for decisions signed in 2023?", "hiệu lực"),
    ],
)
def test_english_phrasings_map_to_the_terms_of_the_texts(question, expected):
    assert expected in translate_query(question)


def test_words_inside_an_award_name_are_not_translated_twice():
    out = translate_query("Who grants the Prime Minister's certificate of merit?")
    assert "Bằng khen của Thủ tướng Chính phủ" in out
    assert "giấy khen" not in out  # "certificate of merit" alone would add it


def test_a_vietnamese_question_is_returned_unchanged():
    q = "Hồ sơ đề nghị Bằng khen cấp tỉnh gồm những gì?"
    assert translate_query(q) == q


def test_the_glossary_is_large_and_works_both_ways():
    g = load_glossary()
    assert len(g.entries) >= 150
    assert g.vi_for("dossier") == ("hồ sơ",)
    assert "dossier" in g.en_for("hồ sơ")
    assert "maternity leave" in g.en_for("nghỉ thai sản")
    assert g.vi_for("photosynthesis") == ()


def test_an_entry_without_vietnamese_is_rejected():
    with pytest.raises(ConfigError, match="needs both"):
        parse_glossary({"entries": [{"en": ["dossier"], "vi": []}]})

"""Follow-up questions become full questions before retrieval."""

from __future__ import annotations

import pytest

from assistant.answer.followup import core, is_followup, resolve, rewrite

FIRST = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"


def test_vietnamese_follow_up_swaps_the_award_and_keeps_the_intent():
    assert resolve("còn Giấy khen thì sao?", [(FIRST, "…")]) == (
        "Hồ sơ đề nghị tặng Giấy khen gồm những gì?"
    )


def test_english_follow_up_swaps_the_award():
    history = [("What dossier do I need for a city certificate of merit?", "…")]
    assert resolve("What about the Giấy khen?", history) == (
        "What dossier do I need for a Giấy khen?"
    )


def test_a_chain_of_follow_ups_keeps_the_first_question_s_intent():
    history = [
        ("Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?", "…"),
        ("còn Lao động tiên tiến thì sao?", "…"),
    ]
    assert resolve("còn Chiến sĩ thi đua toàn quốc?", history) == (
        "Tiêu chuẩn Chiến sĩ thi đua toàn quốc là gì?"
    )


def test_follow_up_naming_a_level_swaps_the_level():
    out = resolve("còn cấp xã thì sao?", [("Chủ tịch UBND tỉnh tặng những danh hiệu nào?", "…")])
    assert out is not None and "cấp xã" in out and "tỉnh" not in out


def test_follow_up_without_a_known_entity_is_added_to_the_previous_question():
    out = rewrite("còn đối với doanh nghiệp?", "Tiêu chuẩn Bằng khen cấp tỉnh là gì?")
    assert out is not None
    assert out.startswith("Tiêu chuẩn Bằng khen cấp tỉnh là gì") and "doanh nghiệp" in out


@pytest.mark.parametrize(
    "question",
    [
        "Tiêu chuẩn Chiến sĩ thi đua cơ sở là gì?",
        "What are the criteria for the Labour Order third class?",
        "Hồ sơ đề nghị tặng Giấy khen của Chủ tịch UBND xã gồm những gì và nộp ở đâu?",
    ],
)
def test_a_full_question_is_not_a_follow_up(question):
    assert not is_followup(question)
    assert resolve(question, [(FIRST, "…")]) is None


def test_no_history_means_no_rewrite():
    assert resolve("còn Giấy khen thì sao?", []) is None


@pytest.mark.parametrize(
    "question,entity",
    [
        ("còn Giấy khen thì sao?", "Giấy khen"),
        ("What about the Giấy khen?", "Giấy khen"),
        ("thế còn Huân chương Lao động?", "Huân chương Lao động"),
    ],
)
def test_core_is_the_new_entity(question, entity):
    assert core(question) == entity

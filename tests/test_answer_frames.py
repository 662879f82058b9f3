"""The sentence that introduces a quote says what the quote is only when it is that: a Law's
article is never "the plan", and "Về hiệu lực" introduces only a text about validity."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.answer.compose import _frame
from assistant.app.service import _answerer_for

DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def view(assistant):
    with assistant._snapshot() as state:
        return _answerer_for(state, assistant.settings).view


def _q(assistant, question: str):
    from assistant.retrieve.query import analyze

    return analyze(question, as_of=DAY, registry=assistant.registry)


def test_an_article_of_the_law_is_never_introduced_as_the_plan(assistant, view):
    q = _q(assistant, "What does our ward's emulation plan say about reporting?")
    pid = "06-2022-qh15/dieu-83/khoan-1"
    assert pid in view.provisions
    text = _frame(view, pid, "plan", "en", q)
    assert not text.startswith("The plan says"), text
    assert "Điều 83" in text


def test_a_plan_section_asked_about_is_introduced_as_the_plan(assistant, view):
    plan = next(p for p in view.provisions if view.is_plan(p))
    q = _q(assistant, "Kế hoạch thi đua của phường năm 2025 đề ra những chỉ tiêu gì?")
    assert _frame(view, plan, "plan", "en", q).startswith("The plan says")


def test_validity_framing_needs_words_about_validity(assistant, view):
    q = _q(assistant, "Trước đây và theo Luật 2022, ai được xét Nhà giáo ưu tú?")
    criteria = "06-2022-qh15/dieu-64/khoan-1"
    assert not _frame(view, criteria, "temporal", "vi", q, "temporal").startswith("Về hiệu lực")
    effect = next(
        p
        for p in view.provisions
        if p.startswith("06-2022-qh15/dieu-96") and "hiệu lực" in view.text(p)
    )
    assert _frame(view, effect, "temporal", "vi", q, "temporal").startswith("Về hiệu lực")


def test_a_unit_without_the_words_of_the_intent_gets_a_neutral_frame(assistant, view):
    q = _q(assistant, "Hồ sơ đề nghị tặng Giấy khen gồm những gì?")
    definition = "06-2022-qh15/dieu-3"
    assert definition in view.provisions
    assert _frame(view, definition, "dossier", "vi", q).startswith("Theo ")
    assert _frame(view, "06-2022-qh15/dieu-84/khoan-2", "dossier", "vi", q).startswith("Hồ sơ")

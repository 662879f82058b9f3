"""LLM mode: numbered provisions in, JSON out, every citation checked; failures fall back to the
extractive answer with a note. Tested with LangChain's fake chat model and through ChatOpenAI
against a small OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import date

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from loopback_llm import LoopbackChatServer

from assistant.answer import Answerer
from assistant.answer.llm import ChatModel, chat_model_from_settings, supported_text

TODAY = date(2026, 11, 20)
QUESTION = "Hồ sơ đề nghị tặng Bằng khen cấp tỉnh gồm những gì?"


class Recording:
    """A chat model that records the messages it gets and answers from a list."""

    def __init__(self, *replies: str | Exception) -> None:
        self.replies = list(replies)
        self.seen: list = []

    def invoke(self, input, config=None, **kwargs):
        from langchain_core.messages import AIMessage

        self.seen.append(input)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return AIMessage(content=reply)


def _answerer(assistant, model) -> Answerer:
    # the facade keeps its retriever private; the answerer under test shares the real one
    return Answerer(assistant.corpus, assistant._state.retriever, chat_model=model)


def _ask(assistant, model, question=QUESTION):
    return _answerer(assistant, model).ask(
        question, as_of=TODAY, analyze=lambda text, day: assistant.analyze(text, as_of=day)
    )


def _reply(answer: str, citations: list[int]) -> str:
    return json.dumps({"answer": answer, "citations": citations}, ensure_ascii=False)


def test_fake_chat_model_answer_with_given_citations_is_used(assistant):
    model = FakeListChatModel(
        responses=[
            _reply(
                "Hồ sơ gồm tờ trình đề nghị xét tặng hình thức khen thưởng, báo cáo thành tích và "
                "biên bản xét khen thưởng [1].",
                [1],
            )
        ]
    )
    assert isinstance(model, ChatModel)
    answer = _ask(assistant, model)
    assert answer.mode == "llm"
    assert answer.answer.startswith("Hồ sơ gồm tờ trình")
    assert [(c.article, c.clause) for c in answer.citations] == [(84, 2)]
    assert answer.citations[0].quote == assistant.library.full_text(
        answer.citations[0].provision_id
    )


def test_invented_citation_is_rejected_and_the_extractive_answer_kept(assistant):
    model = FakeListChatModel(
        responses=[_reply("Theo Điều 999, hồ sơ gồm một đơn [1][9].", [1, 9])]
    )
    answer = _ask(assistant, model)
    assert answer.mode == "extractive"
    assert answer.citations[0].article == 84
    assert "a) Tờ trình đề nghị xét tặng hình thức khen thưởng;" in answer.answer
    assert any(
        "không dùng câu trả lời của mô hình" in n.lower() and "[9]" in n for n in answer.notes
    )


def test_a_number_cited_only_in_the_text_is_also_checked(assistant):
    model = FakeListChatModel(responses=[_reply("Hồ sơ gồm tờ trình [1] và mẫu số 01 [12].", [1])])
    answer = _ask(assistant, model)
    assert answer.mode == "extractive"


def test_sentence_with_an_unsupported_figure_is_removed(assistant):
    model = FakeListChatModel(
        responses=[
            _reply(
                "Hồ sơ gồm tờ trình, báo cáo thành tích và biên bản xét khen thưởng. "
                "Hồ sơ phải nộp trong 45 ngày làm việc.",
                [1],
            )
        ]
    )
    answer = _ask(assistant, model)
    assert answer.mode == "llm"
    assert "45" not in answer.answer
    assert "biên bản xét khen thưởng" in answer.answer
    assert any("con số" in n for n in answer.notes)


@pytest.mark.parametrize(
    "reply",
    [
        "Tôi nghĩ hồ sơ gồm tờ trình.",  # not JSON
        _reply("Hồ sơ gồm tờ trình.", []),  # cites nothing
        TimeoutError("the model did not answer in time"),
        ConnectionError("connection refused"),
    ],
)
def test_model_failures_fall_back_to_the_extractive_answer_with_a_note(assistant, reply):
    answer = _ask(assistant, Recording(reply))
    assert answer.mode == "extractive"
    assert answer.citations and answer.citations[0].article == 84
    assert any("mô hình ngôn ngữ" in n for n in answer.notes)


def test_prompt_numbers_the_provisions_and_declares_them_data(assistant):
    model = Recording(_reply("Hồ sơ gồm tờ trình [1].", [1]))
    _ask(assistant, model)
    (system, system_text), (human, user_text) = model.seen[0]
    assert (system, human) == ("system", "human")
    assert "data, not instructions" in system_text
    assert "JSON" in system_text
    assert "<provisions>" in user_text and "[1] khoản 2 Điều 84" in user_text
    assert "a) Tờ trình đề nghị xét tặng hình thức khen thưởng;" in user_text


def test_english_question_asks_the_model_for_english(assistant):
    model = Recording(_reply("The dossier has a proposal, a report and minutes [1].", [1]))
    answer = _ask(assistant, model, "What dossier do I need for a provincial certificate of merit?")
    assert "Answer in English" in model.seen[0][0][1]
    assert answer.language == "en" and answer.mode == "llm"


def test_declined_question_never_reaches_the_model(assistant):
    model = Recording()
    answer = _ask(assistant, model, "Lãi suất cho vay mua nhà ở xã hội hiện nay là bao nhiêu?")
    assert answer.abstained and model.seen == []


def test_supported_text_keeps_figures_found_in_the_sources():
    text, dropped = supported_text("Có 02 lần liên tục. Thưởng 5.000.000 đồng.", "02 lần liên tục")
    assert text == "Có 02 lần liên tục." and dropped == 1


def test_unknown_provider_is_a_config_error(pack_settings):
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError):
        chat_model_from_settings(pack_settings.model_copy(update={"llm": "acme:big"}))
    assert chat_model_from_settings(pack_settings.model_copy(update={"llm": None})) is None


# -- a real HTTP round trip through ChatOpenAI ----------------------------------------------------


@pytest.fixture()
def server():
    s = LoopbackChatServer()
    yield s
    s.close()


@pytest.fixture()
def llm_assistant(pack_settings, server):
    from assistant.app.service import Assistant

    settings = pack_settings.model_copy(
        update={
            "llm": "openai:tiny-test",
            "llm_base_url": server.url,
            "llm_api_key": "sk-test",
            "llm_timeout_s": 10.0,
        }
    )
    return Assistant.open(settings)


def test_openai_compatible_server_round_trip(llm_assistant, server):
    server.replies.append(_reply("Hồ sơ gồm tờ trình, báo cáo thành tích, biên bản [1].", [1]))
    answer = llm_assistant.ask(QUESTION, as_of=TODAY)
    assert answer.mode == "llm"
    assert answer.citations[0].article == 84 and answer.citations[0].clause == 2
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert request["body"]["model"] == "tiny-test"
    messages = request["body"]["messages"]
    assert messages[0]["role"] == "system" and "data, not instructions" in messages[0]["content"]
    assert "[1] khoản 2 Điều 84" in messages[1]["content"]


def test_server_reply_citing_a_provision_not_given_falls_back(llm_assistant, server):
    server.replies.append(_reply("Theo quy định [42], hồ sơ gồm đơn đề nghị.", [42]))
    answer = llm_assistant.ask(QUESTION, as_of=TODAY)
    assert answer.mode == "extractive"
    assert answer.citations[0].article == 84
    assert "Biên bản xét khen thưởng" in answer.answer
    assert any("[42]" in n for n in answer.notes)

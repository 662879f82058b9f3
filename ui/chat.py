"""The chat tab: questions with streaming answers, quoted citations, the "as of" date, feedback."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import gradio as gr

from assistant.app.runtime import Runtime
from assistant.app.streaming import answer_pieces
from assistant.app.views import answer_id
from ui.messages import friendly, parse_day
from ui.render import answer_markdown, answer_text

log = logging.getLogger(__name__)

EXAMPLES = [
    "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?",
    "Từ 01/07/2025, ai có thẩm quyền tặng Giấy khen thay Chủ tịch UBND cấp huyện?",
    "Danh hiệu Lao động tiên tiến được xét tặng cho những đối tượng nào?",
    "What dossier do I need for a city certificate of merit?",
]
THINKING = "_Đang tra cứu văn bản…_"
_PIECE_PAUSE_S = 0.012  # lets the browser paint the answer as it arrives

Messages = list[dict[str, Any]]
Turns = list[dict[str, Any]]


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # 12.345, as Vietnamese writes it


def _shortened(question: str, keep: int = 200) -> str:
    return f"{question[:keep]}… _(đã rút gọn khi hiển thị; câu hỏi dài {_n(len(question))} ký tự)_"


def too_long(length: int, limit: int) -> str:
    return (
        f"**Câu hỏi quá dài** ({_n(length)} ký tự; tối đa {_n(limit)} ký tự). "
        "Hãy rút gọn câu hỏi, giữ lại điều cần hỏi; nội dung vẫn còn trong ô nhập để sửa."
    )


class Chat:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def respond(
        self, message: str, messages: Messages | None, as_of_text: str, turns: Turns | None
    ) -> Iterator[tuple[Messages, str, Turns, Any]]:
        """Yield (chat messages, input box, turns, feedback box) as the answer arrives; the
        feedback box shows once there is an answer to rate."""
        messages = list(messages or [])
        turns = list(turns or [])
        rate = gr.update(visible=bool(turns))
        question = (message or "").strip()
        if not question:
            yield list(messages), "", list(turns), rate
            return
        limit = self.runtime.settings.max_question_chars
        if len(question) > limit:
            # refused before anything is read, and not echoed in full: the box keeps it to edit
            messages += [
                {"role": "user", "content": _shortened(question)},
                {"role": "assistant", "content": too_long(len(question), limit)},
            ]
            yield list(messages), question, list(turns), rate
            return
        messages += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": THINKING},
        ]
        yield list(messages), "", list(turns), rate
        try:
            day = parse_day(as_of_text)
            answer = self.runtime.ask(
                question,
                as_of=day,
                history=[(t["question"], t["answer"]) for t in turns],
            )
        except Exception as exc:  # every failure becomes a message in the chat
            messages[-1] = {"role": "assistant", "content": friendly(exc)}
            yield list(messages), "", list(turns), rate
            return
        text = ""
        for piece in answer_pieces(answer.answer):
            text += piece
            messages[-1] = {"role": "assistant", "content": answer_text(text) + " ▌"}
            yield list(messages), "", list(turns), rate
            time.sleep(_PIECE_PAUSE_S)
        messages[-1] = {"role": "assistant", "content": answer_markdown(answer)}
        turns.append(
            {
                "question": question,
                "answer": answer.answer,
                "answer_id": answer_id(answer),
                "as_of": answer.as_of.isoformat(),
                "citations": [c.provision_id for c in answer.citations],
            }
        )
        yield list(messages), "", list(turns), gr.update(visible=True)

    def feedback(self, rating: str, comment: str, turns: Turns | None) -> tuple[str, str]:
        """Save thumbs up/down (and the comment) on the latest answer; (status, comment box)."""
        if not turns:
            return "Chưa có câu trả lời nào để đánh giá.", comment
        last = turns[-1]
        self.runtime.save_feedback(
            {
                "rating": rating,
                "question": last["question"],
                "answer_id": last["answer_id"],
                "answer": last["answer"],
                "comment": (comment or "").strip()[:5000],
                "as_of": last["as_of"],
                "citations": last["citations"],
                "source": "web",
            }
        )
        word = "hữu ích" if rating == "up" else "chưa đúng"
        return f"Đã ghi nhận đánh giá «{word}». Cảm ơn anh/chị!", ""


def build_chat_tab(runtime: Runtime) -> None:
    chat = Chat(runtime)
    turns = gr.State([])
    with gr.Row(equal_height=False, elem_id="tdkt-main-row"):
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                label="Hội thoại",
                show_label=False,
                height="calc(100vh - 260px)",
                min_height=420,
                elem_id="tdkt-chat",
                layout="panel",
                placeholder=(
                    "<div class='tdkt-empty'><b>Hỏi về thi đua, khen thưởng</b><br>"
                    "Câu trả lời trích nguyên văn điều, khoản, điểm của văn bản còn hiệu lực."
                    "</div>"
                ),
                buttons=["copy"],
            )
            with gr.Row(elem_id="tdkt-ask-row"):
                box = gr.Textbox(
                    show_label=False,
                    placeholder="Nhập câu hỏi, ví dụ: Hồ sơ đề nghị tặng Bằng khen gồm những gì?",
                    lines=1,
                    max_lines=6,
                    scale=6,
                    elem_id="tdkt-question",
                    autofocus=True,
                )
                send = gr.Button("Gửi", variant="primary", scale=1, elem_id="tdkt-send")
        with gr.Column(scale=1, min_width=260):
            as_of = gr.Textbox(
                label="Áp dụng pháp luật tại ngày",
                value=date.today().strftime("%d/%m/%Y"),
                info="ngày/tháng/năm; để trống là hôm nay",
                elem_id="tdkt-as-of",
            )
            gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[box], label="Câu hỏi mẫu")
            # shown once there is an answer to rate
            with (
                gr.Column(elem_id="tdkt-feedback", visible=False) as rate_box,
                gr.Group(),
            ):
                gr.Markdown("**Câu trả lời vừa rồi có hữu ích không?**", padding=True)
                comment = gr.Textbox(
                    label="Góp ý (không bắt buộc)", lines=2, elem_id="tdkt-comment"
                )
                with gr.Row():
                    up = gr.Button("Hữu ích", size="sm", elem_id="tdkt-up", min_width=90)
                    down = gr.Button("Chưa đúng", size="sm", elem_id="tdkt-down", min_width=90)
            status = gr.Markdown(elem_id="tdkt-feedback-status")
            clear = gr.Button("Cuộc hội thoại mới", size="sm", variant="secondary")

    outputs = [chatbot, box, turns, rate_box]
    for trigger in (box.submit, send.click):
        trigger(chat.respond, [box, chatbot, as_of, turns], outputs, api_visibility="private")
    up.click(
        lambda c, t: chat.feedback("up", c, t),
        [comment, turns],
        [status, comment],
        api_visibility="private",
    )
    down.click(
        lambda c, t: chat.feedback("down", c, t),
        [comment, turns],
        [status, comment],
        api_visibility="private",
    )
    clear.click(
        lambda: ([], "", [], "", gr.update(visible=False)),
        None,
        [chatbot, box, turns, status, rate_box],
        api_visibility="private",
    )

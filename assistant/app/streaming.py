"""Server-sent events for /api/ask?stream=true, and the pieces an answer is streamed in.

Event order: `progress` (what the assistant is doing), several `partial` (the answer text, in
order; joined they are exactly the answer), `answer` (the full answer JSON, DESIGN §4), `done`
(its id for feedback). A failure after the stream started is sent as an `error` event with the
usual `{"error": {"code", "message"}}` body.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

from assistant.app.views import answer_id
from assistant.errors import AssistantError
from assistant.models import Answer

log = logging.getLogger(__name__)

_WORDS = re.compile(r"\S+\s*|\s+")


def answer_pieces(text: str, words: int = 6) -> Iterator[str]:
    """The answer in runs of a few words; concatenated they give back ``text`` exactly."""
    tokens = _WORDS.findall(text)
    for i in range(0, len(tokens), words):
        yield "".join(tokens[i : i + words])


def sse(event: str, data: Any) -> str:
    payload = json.dumps(data, ensure_ascii=False, default=str)
    return f"event: {event}\ndata: {payload}\n\n"


def ask_events(ask: Callable[[], Answer], language: str = "vi") -> Iterator[str]:
    message = "Searching the documents…" if language == "en" else "Đang tra cứu văn bản…"
    yield sse("progress", {"stage": "searching", "message": message})
    try:
        answer = ask()
    except AssistantError as exc:
        yield sse("error", {"error": exc.to_dict()})
        return
    except NotImplementedError as exc:
        yield sse(
            "error", {"error": {"code": "not_implemented", "message": f"not available yet: {exc}"}}
        )
        return
    except Exception:  # the status line is already sent: report in-band, keep details in the log
        log.exception("ask failed while streaming")
        yield sse(
            "error",
            {"error": {"code": "internal_error", "message": "unexpected error on the server"}},
        )
        return
    for piece in answer_pieces(answer.answer):
        yield sse("partial", {"text": piece})
    yield sse("answer", answer.model_dump(mode="json"))
    yield sse("done", {"answer_id": answer_id(answer)})


def parse_sse(body: str) -> list[tuple[str, Any]]:
    """(event, data) pairs of an SSE body; for clients and tests."""
    out: list[tuple[str, Any]] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        event, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].lstrip())
        if data:
            out.append((event, json.loads("\n".join(data))))
    return out

"""Questions: `POST /api/ask` (JSON or server-sent events) and `GET /api/search`."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from assistant.api.deps import RuntimeDep
from assistant.api.errors import COMMON, JSON_BODY, NOT_AVAILABLE
from assistant.api.render import rendered
from assistant.api.schemas import EXAMPLE_QUESTION, AskRequest, IsoDate, SearchResponse
from assistant.app.service import check_history, visible_text
from assistant.app.streaming import ask_events
from assistant.app.views import answer_id, hit_view
from assistant.errors import InvalidInputError
from assistant.models import Answer

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["questions"])

_SSE_DOC = {
    "description": "the answer (JSON), or with `?stream=true` / `Accept: text/event-stream` "
    "server-sent events: progress, partial (answer text in order), answer (the JSON), done",
    "content": {
        "text/event-stream": {
            "schema": {
                "type": "object",
                "description": "one server-sent event; `data` is JSON",
                "properties": {
                    "event": {
                        "type": "string",
                        "enum": ["progress", "partial", "answer", "done", "error"],
                    },
                    "data": {"type": "string"},
                },
            }
        }
    },
}


def check_question(question: str, limit: int) -> str:
    if not question or not visible_text(question):  # the facade's rule, before any stream
        raise InvalidInputError("the question is empty", fix="type a question")
    if len(question) > limit:
        raise InvalidInputError(
            f"the question has {len(question)} characters", fix=f"keep it under {limit} characters"
        )
    return question


@router.post(
    "/ask",
    response_model=Answer,
    summary="Answer a question with clause-level citations",
    responses={200: _SSE_DOC, **COMMON, **JSON_BODY, **NOT_AVAILABLE},
)
def ask(
    body: AskRequest,
    request: Request,
    runtime: RuntimeDep,
    stream: Annotated[bool, Query(description="stream server-sent events")] = False,
):
    question = check_question(body.question, runtime.settings.max_question_chars)
    runtime.assistant()  # 503 before any stream starts
    # the facade's limits again, so that an over-long turn is a 422 before any stream starts
    history = check_history(
        [(t.question, t.answer) for t in body.history], runtime.settings.max_question_chars
    )
    log.info("ask: %d chars, %d earlier turns, stream=%s", len(question), len(history), stream)

    def call() -> Answer:
        return runtime.ask(question, as_of=body.as_of, history=history, language=body.language)

    if stream or "text/event-stream" in request.headers.get("accept", ""):
        return StreamingResponse(
            ask_events(call, body.language or "vi"),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer = call()
    return JSONResponse(answer.model_dump(mode="json"), headers={"X-Answer-Id": answer_id(answer)})


@router.get(
    "/search",
    response_model=SearchResponse,
    summary="The provisions that answer a question, best first",
    responses={**COMMON},
)
def search(
    runtime: RuntimeDep,
    q: Annotated[str, Query(min_length=1, description="the question", examples=[EXAMPLE_QUESTION])],
    as_of: Annotated[IsoDate | None, Query(description="YYYY-MM-DD (default today)")] = None,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
    mode: Annotated[
        Literal["hybrid", "lexical", "dense"],
        Query(description="hybrid (default), lexical, or dense (the embedding model alone)"),
    ] = "hybrid",
) -> JSONResponse:
    question = check_question(q, runtime.settings.max_question_chars)
    assistant = runtime.assistant()
    with runtime.cpu_slot():
        hits = assistant.search(question, as_of=as_of, k=k, mode=mode)
    library = assistant.library
    return rendered(
        SearchResponse,
        {
            "question": question,
            "as_of": as_of or date.today(),
            "hits": [hit_view(h, library) for h in hits],
        },
    )

"""The FastAPI application: the JSON API under /api (the web chat is mounted at / by `tdkt serve`).

`create_app` loads the Assistant once, at start-up (lifespan). A missing or outdated index does not
stop the server: it starts, builds the index in the background and answers 503 until it is ready.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from assistant.api.errors import install_error_handlers
from assistant.api.guard import SecurityHeaders, WriteRateLimit
from assistant.api.limits import MULTIPART_SLACK, BodyLimitMiddleware
from assistant.api.routers import ALL
from assistant.api.routers.system import VERSION
from assistant.app.runtime import Runtime
from assistant.config import Settings, apply_offline_env, get_settings

log = logging.getLogger(__name__)

JSON_LIMIT = 1024 * 1024  # questions with their history, feedback, draft forms
UPLOAD_PATHS = ("/api/admin/documents", "/api/plans/check")
# Writes limited per client (TDKT_WRITE_RATE_PER_MINUTE): they fill the disk or start converters.
WRITE_PATHS = ("/api/feedback", "/gradio_api/upload", *UPLOAD_PATHS)
WRITE_PREFIXES = ("/api/admin/",)


def is_write(path: str) -> bool:
    return path in WRITE_PATHS or path.startswith(WRITE_PREFIXES)


DESCRIPTION = """Questions on thi đua, khen thưởng (emulation and commendation) answered from the
indexed legal texts and plans, with verbatim clause-level citations; documents and provisions;
plan drafting and checking; administrator uploads.

Every error is `{"error": {"code": "...", "message": "..."}}`."""

TAGS = [
    {"name": "questions", "description": "answers and search"},
    {"name": "documents", "description": "indexed texts, their structure, framework coverage"},
    {"name": "plans", "description": "draft and check plans (Kế hoạch)"},
    {"name": "admin", "description": "uploads (bearer TDKT_ADMIN_TOKEN) and re-index jobs"},
    {"name": "system", "description": "health and feedback"},
]


def create_app(settings: Settings | None = None, assistant: Any | None = None) -> FastAPI:
    """The API app. ``assistant`` (an opened Assistant, or a fake in tests) skips loading."""
    apply_offline_env()
    settings = settings or get_settings()
    runtime = Runtime(settings, assistant)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(runtime.start)
        log.info("ready: %s", runtime.status)
        yield

    app = FastAPI(
        title="Trợ lý TĐKT — API",
        description=DESCRIPTION,
        version=VERSION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # /api/docs is served locally by the system router (no CDN)
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.runtime = runtime
    install_error_handlers(app)

    def limit_for(path: str) -> int | None:
        if path in UPLOAD_PATHS:
            return settings.max_upload_bytes + MULTIPART_SLACK
        if path.startswith("/api/"):
            return JSON_LIMIT
        return None  # the web UI has its own limit (gradio max_file_size)

    app.add_middleware(
        BodyLimitMiddleware, limit_for=limit_for, is_upload=lambda path: path in UPLOAD_PATHS
    )
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            expose_headers=["X-Answer-Id", "Location"],
        )
    app.add_middleware(WriteRateLimit, is_write=is_write, per_minute=settings.write_rate_per_minute)
    app.add_middleware(SecurityHeaders)  # outermost: every response, errors included
    for router in ALL:
        app.include_router(router)
    app.state.api_routers = ALL  # the catch-all route reads the others here (no import back)
    return app


def runtime_of(app: FastAPI) -> Runtime:
    return app.state.runtime

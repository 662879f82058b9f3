"""Health, feedback, the API's own page, and the 404 for unknown /api paths."""

from __future__ import annotations

import time
from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute

from assistant.api.deps import RuntimeDep
from assistant.api.errors import (
    COMMON,
    FEEDBACK_FULL,
    JSON_BODY,
    RATE_LIMITED,
    MethodNotAllowedError,
    RouteNotFoundError,
)
from assistant.api.schemas import FeedbackIn, FeedbackSaved, Health

router = APIRouter(prefix="/api", tags=["system"])

try:
    VERSION = version("tdkt-assistant")
except PackageNotFoundError:  # running from a source tree that was not installed
    VERSION = "0.0.0"


@router.get("/health", response_model=Health, summary="Readiness, served index, documents")
async def health(runtime: RuntimeDep) -> dict:
    # async: answered on the event loop, never queued behind requests in the thread pool
    served = runtime.served_index()
    return {
        "status": runtime.status,
        "ready": runtime.ready,
        "message": runtime.message,
        "version": VERSION,
        "mode": runtime.mode(),
        "documents": served.get("documents", 0),
        "index": served,
        "reindexing": runtime.jobs.busy(),
        "vectors": runtime.vectors_state(),
        "pending_uploads": list(runtime.pending_uploads),
        "uptime_s": round(time.monotonic() - runtime.started_at, 3),
    }


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackSaved,
    summary="Thumbs up/down on an answer, with an optional comment (saved for the evals)",
    responses={**JSON_BODY, 422: COMMON[422], **RATE_LIMITED, **FEEDBACK_FULL},
)
def feedback(body: FeedbackIn, runtime: RuntimeDep):
    fid = runtime.save_feedback(body.model_dump(mode="json"))
    return JSONResponse({"saved": True, "id": fid}, status_code=201)


_DOCS_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>API — Trợ lý TĐKT</title>
<style>
body{font:15px/1.5 system-ui,Segoe UI,Roboto,Arial,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1f2937}
h1{font-size:1.4rem}code,pre{background:#f3f4f6;border-radius:4px;padding:.1rem .3rem}
pre{padding:.6rem;overflow:auto}.op{border:1px solid #e5e7eb;border-radius:6px;margin:.6rem 0;
padding:.5rem .8rem}.m{font-weight:700;display:inline-block;min-width:4rem}
.get{color:#047857}.post{color:#1d4ed8}small{color:#6b7280}
</style></head><body>
<h1>Trợ lý TĐKT — API</h1>
<p>Schema: <a href="/api/openapi.json">/api/openapi.json</a>. Errors:
<code>{"error": {"code", "message"}}</code>.</p><div id="ops">…</div>
<script>
fetch('/api/openapi.json').then(r => r.json()).then(spec => {
  const out = [];
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const d = document.createElement('div'); d.className = 'op';
      const head = document.createElement('div');
      const m = document.createElement('span'); m.className = 'm ' + method;
      m.textContent = method.toUpperCase(); head.appendChild(m);
      const c = document.createElement('code'); c.textContent = path; head.appendChild(c);
      d.appendChild(head);
      const s = document.createElement('div'); s.textContent = op.summary || ''; d.appendChild(s);
      const codes = document.createElement('small');
      codes.textContent = 'responses: ' + Object.keys(op.responses || {}).join(', ');
      d.appendChild(codes); out.push(d);
    }
  }
  const ops = document.getElementById('ops'); ops.textContent = ''; out.forEach(x => ops.appendChild(x));
});
</script></body></html>"""


@router.get("/docs", include_in_schema=False, response_class=HTMLResponse)
def docs_page() -> str:
    # FastAPI's Swagger page loads its scripts from a CDN; this one is self-contained.
    return _DOCS_PAGE


@router.api_route(
    "/{rest:path}",
    methods=["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "QUERY", "CONNECT"],
    include_in_schema=False,
)
def unknown(rest: str, request: Request) -> None:
    path = request.url.path
    allowed: set[str] = set()
    for r in request.app.state.api_routers:  # set by create_app: every router, this one too
        for route in r.routes:
            if (
                isinstance(route, APIRoute)
                and route.endpoint is not unknown
                and route.path_regex.match(path)
            ):
                allowed |= route.methods
    if allowed:
        raise MethodNotAllowedError(
            f"{request.method} is not allowed on {path}",
            allow=sorted(allowed),
            fix=f"use {', '.join(sorted(allowed))}",
        )
    raise RouteNotFoundError(f"no API endpoint /api/{rest}", fix="see /api/docs for the list")

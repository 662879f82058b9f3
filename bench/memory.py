"""Part 3, memory: resident memory of a process with the Assistant open after 100 questions
(in a fresh worker, so nothing of the bench itself is counted), and of the served app
(`tdkt serve`, web UI included) after the same questions over HTTP, each asked and searched
(a search embeds the question, so the embedding model is loaded)."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bench.context import BenchContext, PartResult, settings_payload
from bench.processes import run_worker
from bench.server import Server
from bench.timing import Bar

log = logging.getLogger(__name__)

QUESTIONS = 100
LIMIT_BYTES = 1024**3


def _served(ctx: BenchContext, n: int) -> dict[str, Any]:
    with Server(ctx.settings, ctx.scratch / "serve-memory.log") as server:
        ready_s = server.start()
        after_start = server.memory()
        statuses: dict[str, int] = {}
        op = "ask"
        with httpx.Client(base_url=server.base_url, timeout=60.0, trust_env=False) as client:
            for i in range(n):
                question = ctx.questions[i % len(ctx.questions)]
                if op == "ask":
                    response = client.post("/api/ask", json={"question": question})
                    if i == 0 and response.status_code != 200:
                        op = "search"  # ask not served yet: load the app with searches instead
                if op == "search":
                    response = client.get("/api/search", params={"q": question, "k": 10})
                key = f"{op} {response.status_code}"
                statuses[key] = statuses.get(key, 0) + 1
                if op == "ask":  # searches too: they embed the question (the model is loaded)
                    response = client.get("/api/search", params={"q": question, "k": 10})
                    key = f"search {response.status_code}"
                    statuses[key] = statuses.get(key, 0) + 1
        return {
            "ready_s": round(ready_s, 3),
            "op": op,
            "questions": n,
            "statuses": statuses,
            "rss_after_start_bytes": after_start["rss_bytes"],
            **server.memory(),
        }


def run(ctx: BenchContext) -> PartResult:
    n = 30 if ctx.quick else QUESTIONS
    process = run_worker(
        "memory",
        {"settings": settings_payload(ctx.settings), "questions": ctx.questions, "n": n},
        timeout=600,
    )
    notes = []
    if process.get("note"):
        notes.append(f"assistant process: {process['note']}")
    try:
        served = _served(ctx, n)
    except Exception as exc:  # the API is another helper's work in progress: record and go on
        log.warning("served app not measured: %s", exc)
        served = {"error": str(exc)}
        notes.append(f"served app not measured: {exc}")
    else:
        if served["op"] != "ask":
            notes.append("served app: /api/ask did not answer 200; loaded with /api/search")
    bars = [
        Bar("assistant process peak RSS", process["peak_rss_bytes"], LIMIT_BYTES, "bytes"),
        Bar("served app peak RSS", served.get("peak_rss_bytes"), LIMIT_BYTES, "bytes"),
    ]
    return PartResult(
        name="memory", data={"process": process, "served": served}, bars=bars, notes=notes
    )

"""Part 2, latency: search and ask, warm (in this process, after a warm-up pass, at least 200
queries cycling through the dev questions) and cold (the first query of a fresh process,
measured from process creation, so interpreter start, imports and Assistant.open count)."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import Any

from bench.context import BenchContext, PartResult, settings_payload
from bench.processes import run_worker
from bench.timing import Bar, summarize_ms

log = logging.getLogger(__name__)

SEARCH_P95_MS = 20.0
ASK_P95_MS = 50.0
MIN_QUERIES = 200


def query_count(n_questions: int, minimum: int) -> int:
    """Whole passes over the questions, at least ``minimum`` queries, so each weighs the same."""
    if n_questions <= 0:
        return 0
    return math.ceil(minimum / n_questions) * n_questions


def time_calls(fn: Callable[[str], Any], questions: list[str], n: int) -> tuple[list[float], int]:
    """Call ``fn`` on ``n`` questions in turn; milliseconds of the calls that returned, errors."""
    times: list[float] = []
    errors = 0
    for i in range(n):
        question = questions[i % len(questions)]
        t = time.perf_counter()
        try:
            fn(question)
        except NotImplementedError:
            raise
        except Exception:  # a failing question is counted, not timed
            errors += 1
            continue
        times.append((time.perf_counter() - t) * 1000)
    return times, errors


def _warm(ctx: BenchContext) -> dict[str, Any]:
    from assistant.app.service import Assistant

    assistant = Assistant.open(ctx.settings)
    questions = ctx.questions
    n = query_count(len(questions), 40 if ctx.quick else MIN_QUERIES)
    ops: dict[str, Callable[[str], Any]] = {
        "search": lambda q: assistant.search(q, k=10),
        "ask": lambda q: assistant.ask(q),
    }
    out: dict[str, Any] = {"queries": n}
    for op, fn in ops.items():
        try:
            time_calls(fn, questions, len(questions))  # warm-up: one pass, not counted
            times, errors = time_calls(fn, questions, n)
        except NotImplementedError as exc:
            out[op] = {"available": False, "reason": f"not available: {exc}"}
            continue
        out[op] = {"available": True, "errors": errors, **summarize_ms(times)}
        log.info("warm %s: p50 %.2f ms, p95 %.2f ms", op, out[op]["p50"], out[op]["p95"])
    return out


def _cold(ctx: BenchContext) -> dict[str, Any]:
    runs = 2 if ctx.quick else 5
    question = ctx.questions[0]
    out: dict[str, Any] = {}
    for op in ("search", "ask"):
        answers = [
            run_worker(
                "cold",
                {"settings": settings_payload(ctx.settings), "question": question, "op": op},
                timeout=300,
            )
            for _ in range(runs)
        ]
        if any(a["error"] for a in answers):
            out[op] = {"available": False, "reason": answers[0]["error"]}
            continue
        out[op] = {
            "available": True,
            "runs": runs,
            "first_result_ms": summarize_ms(a["first_result_s"] * 1000 for a in answers),
            "open_ms": summarize_ms(a["opened_s"] * 1000 for a in answers),
            "imports_ms": summarize_ms(a["imported_s"] * 1000 for a in answers),
            "first_query_ms": summarize_ms(a["first_query_ms"] for a in answers),
        }
    return out


def run(ctx: BenchContext) -> PartResult:
    warm = _warm(ctx)
    cold = _cold(ctx)
    bars = [
        Bar("search p95 warm", warm["search"].get("p95"), SEARCH_P95_MS, "ms"),
        Bar("ask p95 warm (extractive)", warm["ask"].get("p95"), ASK_P95_MS, "ms"),
    ]
    notes = [
        f"warm: one warm-up pass, then {warm['queries']} queries cycling through "
        f"{len(ctx.questions)} dev questions, in this process",
        "cold: a new interpreter per run; times from process creation (figures in the cold "
        "columns are medians over the runs)",
    ]
    for op in ("search", "ask"):
        for kind, part in (("warm", warm), ("cold", cold)):
            if not part[op].get("available"):
                notes.append(f"{op} {kind}: {part[op]['reason']}")
    return PartResult(name="latency", data={"warm": warm, "cold": cold}, bars=bars, notes=notes)

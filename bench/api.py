"""Part 5, api: `tdkt serve` on loopback — start → ready time, then /api/search and /api/ask
throughput and latency under 1, 10 and 50 concurrent clients (httpx, keep-alive), each level
for a fixed time. An endpoint that does not answer 200 to a first probe is recorded as not
available and skipped, so the bench runs while the API is still being built."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from typing import Any

import httpx

from bench.context import BenchContext, PartResult
from bench.server import Server
from bench.timing import Bar, summarize_ms

log = logging.getLogger(__name__)

CONCURRENCY = (1, 10, 50)
READY_BAR_S = 10.0


async def _request(client: httpx.AsyncClient, endpoint: str, question: str) -> httpx.Response:
    if endpoint == "ask":
        return await client.post("/api/ask", json={"question": question})
    return await client.get("/api/search", params={"q": question, "k": 10})


async def load(
    base_url: str, endpoint: str, questions: list[str], clients: int, seconds: float
) -> dict[str, Any]:
    """``clients`` loops, each sending its next question as soon as the last one is answered,
    until ``seconds`` have passed; requests in flight at the deadline are waited for."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timings: list[float] = []
    statuses: Counter[str] = Counter()
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=60.0, trust_env=False
    ) as client:
        deadline = time.perf_counter() + seconds

        async def one(start: int) -> None:
            i = start
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                try:
                    response = await _request(client, endpoint, questions[i % len(questions)])
                    statuses[str(response.status_code)] += 1
                    if response.status_code == 200:
                        timings.append((time.perf_counter() - t) * 1000)
                except httpx.HTTPError as exc:
                    statuses[type(exc).__name__] += 1
                i += clients

        began = time.perf_counter()
        await asyncio.gather(*(one(c) for c in range(clients)))
        elapsed = time.perf_counter() - began
    return {
        "clients": clients,
        "seconds": round(elapsed, 3),
        "requests": sum(statuses.values()),
        "ok": len(timings),
        "throughput_rps": round(len(timings) / elapsed, 2) if elapsed else None,
        "statuses": dict(statuses),
        "latency_ms": summarize_ms(timings),
    }


def _pct(cpu_seconds: float, result: dict[str, Any]) -> float | None:
    return round(100 * cpu_seconds / result["seconds"], 1) if result["seconds"] else None


def probe(base_url: str, endpoint: str, question: str) -> dict[str, Any]:
    async def once() -> httpx.Response:
        async with httpx.AsyncClient(base_url=base_url, timeout=60.0, trust_env=False) as client:
            return await _request(client, endpoint, question)

    try:
        response = asyncio.run(once())
    except httpx.HTTPError as exc:
        return {"available": False, "reason": f"{type(exc).__name__}: {exc}"}
    if response.status_code == 200:
        return {"available": True}
    return {
        "available": False,
        "reason": f"HTTP {response.status_code}: {response.text[:200]}",
    }


def run(ctx: BenchContext) -> PartResult:
    seconds = 2.0 if ctx.quick else 10.0
    notes = [
        f"{seconds:.0f} s per level; the load generator (httpx, asyncio, this process) shares "
        "the cores with the server: CPU % is per process, 100 % = one core",
    ]
    data: dict[str, Any] = {"seconds_per_level": seconds}
    with Server(ctx.settings, ctx.scratch / "serve-api.log") as server:
        data["ready_s"] = round(server.start(), 3)
        data["health"] = {k: server.health.get(k) for k in ("status", "mode", "documents")}
        data["rss_after_start_bytes"] = server.memory()["rss_bytes"]
        for endpoint in ("search", "ask"):
            found = probe(server.base_url, endpoint, ctx.questions[0])
            if not found["available"]:
                notes.append(f"/api/{endpoint} not available: {found['reason']}")
                data[endpoint] = found
                continue
            levels = []
            for clients in CONCURRENCY:
                server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
                result = asyncio.run(
                    load(server.base_url, endpoint, ctx.questions, clients, seconds)
                )
                # how busy each side was: on 2 shared cores the load generator competes too
                result["client_cpu_pct"] = _pct(time.process_time() - client_cpu, result)
                used = server.cpu_seconds()
                if used is not None and server_cpu is not None:
                    result["server_cpu_pct"] = _pct(used - server_cpu, result)
                log.info(
                    "/api/%s × %d: %.1f req/s, p95 %s ms",
                    endpoint,
                    clients,
                    result["throughput_rps"] or 0,
                    result["latency_ms"]["p95"],
                )
                levels.append(result)
            data[endpoint] = {"available": True, "levels": levels}
        data["memory_after_load"] = server.memory()
    return PartResult(
        name="api",
        data=data,
        bars=[Bar("server start → /api/health ready", data["ready_s"], READY_BAR_S, "s")],
        notes=notes,
    )

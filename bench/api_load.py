"""Loopback load on POST /api/ask: p50/p95 latency under N concurrent clients (default 20).

    python -m bench.api_load                     # starts `tdkt serve` on a free port itself
    python -m bench.api_load --url http://127.0.0.1:8000 --clients 20 --requests 400

Questions come from a Q&A file (JSONL with "question"; default ../shared/evals/dev.jsonl) and
are sent round-robin; each client keeps one keep-alive connection. Prints one JSON object:
start-up time (when it started the server), throughput and latency percentiles, status codes.
Not a test: run it by hand on an idle machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
FALLBACK = [
    "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?",
    "Danh hiệu Lao động tiên tiến được xét tặng cho những đối tượng nào?",
    "What dossier do I need for a city certificate of merit?",
]


def load_questions(path: Path) -> list[str]:
    if not path.is_file():
        return FALLBACK
    lines = (json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip())
    return [obj["question"] for obj in lines if obj.get("question")] or FALLBACK


def percentile(sorted_ms: list[float], q: float) -> float:
    if len(sorted_ms) == 1:
        return sorted_ms[0]
    return statistics.quantiles(sorted_ms, n=100, method="inclusive")[int(q) - 1]


async def run_load(url: str, questions: list[str], clients: int, total: int) -> dict:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    counter = iter(range(total))

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60, trust_env=False) as client:
            for n in counter:
                body = {"question": questions[n % len(questions)]}
                started = time.perf_counter()
                response = await client.post("/api/ask", json=body)
                latencies.append((time.perf_counter() - started) * 1000)
                statuses[response.status_code] += 1

    # one warm-up request: the first answer builds per-index caches
    async with httpx.AsyncClient(base_url=url, timeout=60, trust_env=False) as client:
        await client.post("/api/ask", json={"question": questions[0]})
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    wall = time.perf_counter() - started
    data = sorted(latencies)
    return {
        "clients": clients,
        "requests": len(data),
        "seconds": round(wall, 3),
        "requests_per_s": round(len(data) / wall, 1),
        "p50_ms": round(percentile(data, 50), 1),
        "p95_ms": round(percentile(data, 95), 1),
        "max_ms": round(data[-1], 1),
        "status": dict(statuses),
    }


def start_server() -> tuple[subprocess.Popen, str, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tdkt = Path(sys.executable).parent / "tdkt"
    cmd = [str(tdkt), "serve", "--host", "127.0.0.1", "--port", str(port)]
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TDKT_ADMIN_TOKEN": ""},
    )
    url = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < 120:
        if proc.poll() is not None:
            raise SystemExit(f"`tdkt serve` exited with code {proc.returncode}")
        try:
            health = httpx.get(f"{url}/api/health", timeout=2, trust_env=False).json()
            if health.get("ready"):
                return proc, url, time.perf_counter() - started
        except (httpx.TransportError, ValueError):
            pass
        time.sleep(0.05)
    proc.terminate()
    raise SystemExit("`tdkt serve` was not ready after 120 s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running server (default: start `tdkt serve`)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--qa", type=Path, default=REPO.parent / "shared/evals/dev.jsonl")
    args = parser.parse_args(argv)

    proc, ready_s = None, None
    url = args.url
    if url is None:
        proc, url, ready_s = start_server()
    try:
        result = asyncio.run(run_load(url, load_questions(args.qa), args.clients, args.requests))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
    if ready_s is not None:
        result = {"server_ready_s": round(ready_s, 2), **result}
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

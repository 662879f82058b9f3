"""Part "load": `tdkt serve` on loopback under 50 concurrent clients for 60 s (10 s with
--quick), each mixing POST /api/ask, GET /api/search and GET /api/documents/{id}, while an
administrator uploads two documents and the server re-indexes in the background and swaps the
new index in. The figure that matters is the error count (must be 0: every request answered
200, before, during and after each swap); p50/p95 per endpoint, and how long each re-index took
under load, are reported beside it.

The server runs on a private copy of the corpus and index (the uploads never touch the real
corpus). Every loop stops by itself at the deadline; a request has a 60 s timeout.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from assistant.config import Settings
from bench.context import BenchContext, PartResult
from bench.table import DASH, SPECS, TableSpec, fmt_ms, fmt_s
from bench.timing import Bar, summarize_ms

log = logging.getLogger(__name__)

CLIENTS = 50
SECONDS = 60.0
QUICK_SECONDS = 10.0
UPLOAD_AT = (0.15, 0.5)  # fractions of the run at which a document is uploaded
ENDPOINTS = ("ask", "search", "document")
# (endpoint) per request of a client loop: asks and searches twice as often as document reads
MIX = ("ask", "search", "document", "ask", "search")
REQUEST_TIMEOUT_S = 60.0

UPLOAD_TEXT = """# QUY CHẾ THI ĐUA PHONG TRÀO "{name}"

Điều 1. Phạm vi áp dụng

Quy chế này áp dụng cho phong trào thi đua "{name}" của các cơ quan, đơn vị.

Điều 2. Hình thức khen thưởng

1. Giấy khen của Thủ trưởng cơ quan cho tập thể có mô hình {phrase}.

2. Hồ sơ đề nghị khen thưởng gồm tờ trình và báo cáo thành tích của tập thể.
"""
UPLOADS = (
    ("Công sở xanh", "phân loại rác thải tại nguồn ở công sở"),
    ("Chuyển đổi số", "số hóa hồ sơ lưu trữ toàn cơ quan"),
)


@contextmanager
def _environ(**values: str) -> Iterator[None]:
    # the Server passes os.environ on to `tdkt serve`; the token must reach it, and only it
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def private_copy(settings: Settings, home) -> Settings:
    """The corpus and the built index copied under ``home``: what the uploads may change."""
    shutil.copytree(settings.corpus_path, home / "corpus", symlinks=True)
    shutil.copytree(settings.index_path, home / "indexes" / settings.index_name, symlinks=True)
    return Settings(
        home=home,
        pack=settings.pack_path,
        corpus_dir=home / "corpus",
        index_dir=home / "indexes",
        index_name=settings.index_name,
        embed_model=settings.embed_model,
        rerank_model=settings.rerank_model,
        chroma_url=settings.chroma_url,
    )


class Recorder:
    def __init__(self) -> None:
        self.ms: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
        self.statuses: dict[str, Counter[str]] = {e: Counter() for e in ENDPOINTS}
        self.first_errors: list[str] = []

    def add(self, endpoint: str, status: str, ms: float, detail: str = "") -> None:
        self.statuses[endpoint][status] += 1
        if status == "200":
            self.ms[endpoint].append(ms)
        elif len(self.first_errors) < 10:
            self.first_errors.append(f"{endpoint}: {status} {detail[:200]}")

    @property
    def errors(self) -> int:
        return sum(n for c in self.statuses.values() for s, n in c.items() if s != "200")


async def _client_loop(client, n: int, deadline: float, questions, doc_ids, rec: Recorder):
    i = n
    while time.perf_counter() < deadline:
        endpoint = MIX[i % len(MIX)]
        question = questions[(i * 7 + n) % len(questions)]
        started = time.perf_counter()
        try:
            if endpoint == "ask":
                r = await client.post("/api/ask", json={"question": question})
            elif endpoint == "search":
                r = await client.get("/api/search", params={"q": question, "k": 10})
            else:
                r = await client.get(f"/api/documents/{doc_ids[i % len(doc_ids)]}")
            rec.add(endpoint, str(r.status_code), (time.perf_counter() - started) * 1000, r.text)
        except Exception as exc:  # noqa: BLE001 — a transport failure is an error to count
            rec.add(endpoint, type(exc).__name__, 0.0, str(exc))
        i += 1


async def _admin(client, token: str, at: float, name: str, phrase: str) -> dict[str, Any]:
    """Upload one document at ``at`` (perf_counter), follow its job, check it is searchable."""
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    auth = {"Authorization": f"Bearer {token}"}
    slug = name.lower().replace(" ", "-")
    body = UPLOAD_TEXT.format(name=name, phrase=phrase).encode("utf-8")
    started = time.perf_counter()
    r = await client.post(
        "/api/admin/documents", files={"file": (f"quy-che-{slug}.md", body)}, headers=auth
    )
    if r.status_code != 202:
        return {"document": name, "status": f"upload HTTP {r.status_code}", "error": r.text[:300]}
    accepted = r.json()
    job: dict[str, Any] = {}
    while time.perf_counter() - started < 600:
        job = (await client.get(accepted["job_url"], headers=auth)).json()
        if job.get("status") in ("succeeded", "failed"):
            break
        await asyncio.sleep(0.2)
    seconds = time.perf_counter() - started
    hits = (await client.get("/api/search", params={"q": phrase, "k": 10})).json().get("hits", [])
    return {
        "document": name,
        "status": job.get("status"),
        "error": job.get("error"),
        "upload_to_swapped_s": round(seconds, 3),
        "rebuild_s": (job.get("result") or {}).get("seconds"),
        "searchable": any(h.get("doc") == accepted["doc_id"] for h in hits),
    }


async def run_load(base_url: str, token: str, questions, doc_ids, seconds: float) -> dict:
    import httpx

    rec = Recorder()
    limits = httpx.Limits(max_connections=CLIENTS + 2, max_keepalive_connections=CLIENTS + 2)
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=REQUEST_TIMEOUT_S, trust_env=False
    ) as client:
        began = time.perf_counter()
        deadline = began + seconds
        loops = [_client_loop(client, n, deadline, questions, doc_ids, rec) for n in range(CLIENTS)]
        admins = [
            _admin(client, token, began + f * seconds, name, phrase)
            for f, (name, phrase) in zip(UPLOAD_AT, UPLOADS, strict=True)
        ]
        results = await asyncio.gather(*loops, *admins)
        elapsed = time.perf_counter() - began
    per_endpoint = {
        e: {
            "requests": sum(rec.statuses[e].values()),
            "errors": sum(n for s, n in rec.statuses[e].items() if s != "200"),
            "statuses": dict(rec.statuses[e]),
            "throughput_rps": round(len(rec.ms[e]) / elapsed, 2) if elapsed else None,
            "latency_ms": summarize_ms(rec.ms[e]),
        }
        for e in ENDPOINTS
    }
    return {
        "clients": CLIENTS,
        "seconds": round(elapsed, 3),
        "errors": rec.errors,
        "first_errors": rec.first_errors,
        "endpoints": per_endpoint,
        "reindex": [r for r in results if isinstance(r, dict)],
    }


def run(ctx: BenchContext) -> PartResult:
    from bench.server import Server

    seconds = QUICK_SECONDS if ctx.quick else SECONDS
    token = secrets.token_urlsafe(24)
    home = ctx.scratch / "load-home"
    settings = private_copy(ctx.settings, home)
    notes = [
        f"{CLIENTS} clients × {seconds:.0f} s on loopback, each request sent as soon as the last "
        "was answered; requests cycle ask, search, document, ask, search",
        f"{len(UPLOADS)} uploads at {', '.join(f'{f:.0%}' for f in UPLOAD_AT)} of the run, each "
        "re-indexed in the background and swapped in while the clients keep asking",
        "the load generator (httpx, asyncio, this process) shares the 2 cores with the server",
    ]
    with _environ(TDKT_ADMIN_TOKEN=token), Server(settings, ctx.scratch / "serve-load.log") as srv:
        ready_s = srv.start()
        import httpx

        docs = httpx.get(f"{srv.base_url}/api/documents", timeout=60, trust_env=False).json()
        doc_ids = [d["doc_id"] for d in docs["documents"]]
        data = asyncio.run(run_load(srv.base_url, token, ctx.questions, doc_ids, seconds))
        data["ready_s"] = round(ready_s, 3)
        data["memory_after_load"] = srv.memory()
    log_text = (ctx.scratch / "serve-load.log").read_text("utf-8", errors="replace")
    data["token_in_server_log"] = token in log_text
    for job in data["reindex"]:
        log.info("re-index after uploading %s: %s", job["document"], job)
    if data["first_errors"]:
        notes.append("first errors: " + " | ".join(data["first_errors"][:3]))
    swapped = sum(1 for j in data["reindex"] if j.get("status") == "succeeded" and j["searchable"])
    return PartResult(
        name="load",
        data=data,
        bars=[
            Bar("errors under load with re-index", data["errors"], 0, "requests"),
            Bar("uploads re-indexed and searchable", swapped, len(UPLOADS), "uploads", True),
            Bar("admin token written to the server log", int(data["token_in_server_log"]), 0, ""),
        ],
        notes=notes,
    )


def load_specs(part: dict[str, Any]) -> list[TableSpec]:
    data = part["data"]
    rows = []
    for endpoint in ENDPOINTS:
        e = data["endpoints"][endpoint]
        lat = e["latency_ms"]
        rows.append(
            (
                {"ask": "POST /api/ask", "search": "GET /api/search"}.get(
                    endpoint, "GET /api/documents/{id}"
                ),
                str(e["requests"]),
                str(e["errors"]),
                DASH if e["throughput_rps"] is None else f"{e['throughput_rps']:.1f}",
                fmt_ms(lat["p50"]),
                fmt_ms(lat["p95"]),
                fmt_ms(lat["p99"]),
                fmt_ms(lat["max"]),
            )
        )
    columns = ("endpoint", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms")
    jobs = tuple(
        (
            j["document"],
            str(j.get("status")),
            fmt_s(j.get("upload_to_swapped_s")),
            fmt_s(j.get("rebuild_s")),
            "yes" if j.get("searchable") else "no",
        )
        for j in data["reindex"]
    )
    return [
        TableSpec(
            f"Load: {data['clients']} clients for {data['seconds']:.0f} s with re-index "
            f"(errors: {data['errors']})",
            columns,
            tuple(rows),
            tuple(part["notes"]),
        ),
        TableSpec(
            "Re-index under load",
            ("upload", "job", "upload → swapped", "rebuild", "searchable after"),
            jobs,
        ),
    ]


SPECS.setdefault("load", load_specs)

"""Part "hostile": what one visitor's bad request, a bad file, a damaged index or a killed server
does to a served instance. Every figure is measured on `tdkt serve` on loopback over a private
copy of the corpus and index; the hostile inputs are generated here, never stored.

- *history 20 KB*: `POST /api/ask` with one history turn of 20,000 letters. Status and seconds,
  and the slowest `/api/health` answer while it runs (health is polled every 20 ms).
- *50 long searches*: 50 concurrent `GET /api/search` of 2,000 letters (the question limit);
  the slowest answer and the slowest health answer meanwhile.
- *alias bomb*: a 300-byte YAML "billion laughs" in a plan's front matter to the public
  `POST /api/plans/check`; status, seconds, and growth of the server's peak RSS (VmHWM).
- *lying zip bomb*: a .docx whose `word/document.xml` declares 1,000 bytes and inflates to
  1 GiB; same figures.
- *security headers* on the API and on the web page.
- *truncated provisions*: the server stopped, `provisions.jsonl` cut at a line boundary, the
  server started again: the state health reports (never "ok" on the damaged files).
- *kill -9 mid re-index*: an upload accepted, the server killed at once, started again: is the
  document indexed after the restart?
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import signal
import struct
import threading
import time
import zipfile
from contextlib import contextmanager
from typing import Any

from bench.context import BenchContext, PartResult
from bench.load import _environ, private_copy
from bench.table import DASH, SPECS, TableSpec
from bench.timing import Bar, summarize_ms

log = logging.getLogger(__name__)

ALIAS_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "---\n# KẾ HOẠCH\n"
)
BOMB_BYTES = 1 << 30
DECLARED = 1000
HEADERS = ("X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options")


def lying_docx(inflated: int = BOMB_BYTES, declared: int = DECLARED) -> bytes:
    """A .docx whose word/document.xml inflates to ``inflated`` bytes of zeros while its local
    and central headers declare ``declared`` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=False) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    data = bytearray(out.getvalue())
    name = b"word/document.xml"
    local = data.find(b"PK\x03\x04")
    while local != -1:  # local headers: uncompressed size at +22
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:  # central directory: uncompressed size at +24
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


_PROBE = """
import sys, time, httpx
failures, ms = 0, []
with httpx.Client(base_url=sys.argv[1], timeout=30, trust_env=False) as client:
    print("ready", flush=True)
    while not sys.stdin.readline().startswith("stop"):
        started = time.perf_counter()
        try:
            ok = client.get("/api/health").status_code == 200
        except httpx.HTTPError:
            ok = False
        ms.append((time.perf_counter() - started) * 1000)
        failures += not ok
print(failures, *ms, flush=True)
"""


class HealthProbe:
    """Poll /api/health from a process of its own (so the load generator's own GIL is not
    measured) every 20 ms while the block runs; the slowest answer and how many failed."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.worst_ms = 0.0
        self.failures = 0
        self.ms: list[float] = []
        self._stop = threading.Event()

    def _tick(self) -> None:
        while not self._stop.wait(0.02):
            self._proc.stdin.write("go\n")
            self._proc.stdin.flush()

    def __enter__(self) -> HealthProbe:
        import subprocess
        import sys

        self._proc = subprocess.Popen(
            [sys.executable, "-c", _PROBE, self.base_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._proc.stdout.readline()  # "ready"
        self._thread = threading.Thread(target=self._tick, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        out, _ = self._proc.communicate("stop\n", timeout=120)
        failures, *ms = out.split("\n")[-2].split()
        self.failures, self.ms = int(failures), [float(x) for x in ms]
        self.worst_ms = max(self.ms, default=0.0)


@contextmanager
def _timed() -> Any:
    box: dict[str, float] = {}
    started = time.perf_counter()
    try:
        yield box
    finally:
        box["s"] = time.perf_counter() - started


def _post_file(srv, path: str, name: str, data: bytes, headers=None) -> dict[str, Any]:
    import httpx

    before = srv.memory()
    with _timed() as t:
        try:
            r = httpx.post(
                f"{srv.base_url}{path}",
                files={"file": (name, data)},
                headers=headers or {},
                timeout=600,
                trust_env=False,
            )
            status, body = r.status_code, r.text[:300]
        except httpx.HTTPError as exc:
            status, body = type(exc).__name__, str(exc)[:300]
    after = srv.memory()
    growth = None
    if before["rss_bytes"] and after["peak_rss_bytes"]:
        growth = max(0, after["peak_rss_bytes"] - before["rss_bytes"])
    return {"status": status, "seconds": round(t["s"], 3), "rss_growth_bytes": growth, "body": body}


def _history_probe(srv) -> dict[str, Any]:
    import httpx

    body = {"question": "bằng khen", "history": [{"question": "a" * 20_000}]}
    with HealthProbe(srv.base_url) as probe, _timed() as t:
        r = httpx.post(f"{srv.base_url}/api/ask", json=body, timeout=600, trust_env=False)
    return {
        "status": r.status_code,
        "seconds": round(t["s"], 3),
        "health_worst_ms": round(probe.worst_ms, 1),
        "health_failures": probe.failures,
        "health_ms": summarize_ms(probe.ms),
    }


def _long_searches(srv, clients: int = 50) -> dict[str, Any]:
    import asyncio

    import httpx

    async def run() -> list[tuple[int, float]]:
        limits = httpx.Limits(max_connections=clients + 2)
        async with httpx.AsyncClient(
            base_url=srv.base_url, timeout=600, limits=limits, trust_env=False
        ) as client:

            async def one(n: int) -> tuple[int, float]:
                started = time.perf_counter()
                r = await client.get("/api/search", params={"q": "khen" + "a" * 1990 + str(n)})
                return r.status_code, time.perf_counter() - started

            return await asyncio.gather(*(one(n) for n in range(clients)))

    with HealthProbe(srv.base_url) as probe:
        results = asyncio.run(run())
    return {
        "clients": clients,
        "statuses": sorted({s for s, _ in results}),
        "slowest_s": round(max(s for _, s in results), 3),
        "health_worst_ms": round(probe.worst_ms, 1),
        "health_ms": summarize_ms(probe.ms),
    }


def _headers(srv) -> dict[str, Any]:
    import httpx

    out = {}
    for path in ("/api/health", "/"):
        r = httpx.get(f"{srv.base_url}{path}", timeout=60, trust_env=False)
        out[path] = all(h in r.headers for h in HEADERS)
    return out


def _wait_state(srv, seconds: float = 300) -> dict[str, Any]:
    import httpx

    deadline = time.perf_counter() + seconds
    health: dict[str, Any] = {}
    while time.perf_counter() < deadline:
        try:
            health = httpx.get(f"{srv.base_url}/api/health", timeout=10, trust_env=False).json()
        except (httpx.HTTPError, ValueError):
            health = {}
        if health.get("ready") and health.get("status") == "ok" and not health.get("reindexing"):
            break
        time.sleep(0.2)
    return health


def _truncated_provisions(settings, log_path) -> dict[str, Any]:
    from bench.server import Server

    provisions = settings.index_path / "provisions.jsonl"
    target = provisions.resolve()
    lines = target.read_bytes().splitlines(keepends=True)
    target.write_bytes(b"".join(lines[: len(lines) // 2]))
    srv = Server(settings, log_path)
    started = time.perf_counter()
    first: dict[str, Any] = {}
    try:
        srv.start_process()
        first = srv.wait_health()
        final: dict[str, Any] = {}
        final = _wait_state(srv)
        import httpx

        count = len(
            httpx.get(f"{srv.base_url}/api/documents", timeout=60, trust_env=False).json()[
                "documents"
            ]
        )
    finally:
        srv.stop()
    return {
        "first_state": first.get("status"),
        "first_served_provisions": (first.get("index") or {}).get("provisions"),
        "final_state": final.get("status"),
        "final_served_provisions": (final.get("index") or {}).get("provisions"),
        "seconds_to_ok": round(time.perf_counter() - started, 2),
        "documents_after": count,
        "provisions_lines_after": sum(1 for _ in provisions.resolve().open("rb")),
        "provisions_lines_before_cut": len(lines),
    }


def _killed_upload(settings, token: str, log_path) -> dict[str, Any]:
    import httpx

    from bench.server import Server

    text = (
        "# QUY CHẾ THI ĐUA PHONG TRÀO NHÀ SẠCH\n\nĐiều 1. Phạm vi\n\n"
        "Quy chế này áp dụng cho phong trào giữ gìn nhà văn hóa tổ dân phố sạch sẽ.\n"
    )
    srv = Server(settings, log_path)
    srv.start()
    r = httpx.post(
        f"{srv.base_url}/api/admin/documents",
        files={"file": ("quy-che-nha-sach.md", text.encode())},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
        trust_env=False,
    )
    accepted = r.json() if r.status_code == 202 else {}
    os.kill(srv.proc.pid, signal.SIGKILL)
    srv.proc.wait(timeout=30)
    srv = Server(settings, log_path)
    try:
        srv.start()
        deadline = time.perf_counter() + 300
        indexed = False
        while time.perf_counter() < deadline and accepted:
            docs = httpx.get(f"{srv.base_url}/api/documents", timeout=60, trust_env=False).json()
            indexed = any(d["doc_id"] == accepted["doc_id"] for d in docs["documents"])
            if indexed:
                break
            time.sleep(0.5)
    finally:
        srv.stop()
    return {"upload_status": r.status_code, "indexed_after_restart": indexed}


def _served_damaged(t: dict[str, Any]) -> bool:
    """Health said ok while the served index held fewer provisions than the whole build."""
    full = t["provisions_lines_before_cut"]
    return any(
        state == "ok" and (served or 0) < full
        for state, served in (
            (t["first_state"], t["first_served_provisions"]),
            (t["final_state"], t["final_served_provisions"]),
        )
    )


def run(ctx: BenchContext) -> PartResult:
    from bench.server import Server

    token = secrets.token_urlsafe(24)
    settings = private_copy(ctx.settings, ctx.scratch / "hostile-home")
    logs = ctx.scratch / "serve-hostile.log"
    data: dict[str, Any] = {}
    bomb = lying_docx()
    with _environ(TDKT_ADMIN_TOKEN=token), Server(settings, logs) as srv:
        srv.start()
        data["history_20kb"] = _history_probe(srv)
        data["long_searches"] = _long_searches(srv)
        data["alias_bomb"] = _post_file(srv, "/api/plans/check", "ke-hoach.md", ALIAS_BOMB.encode())
        data["zip_bomb"] = _post_file(srv, "/api/plans/check", "ke-hoach.docx", bomb)
        data["headers"] = _headers(srv)
    with _environ(TDKT_ADMIN_TOKEN=token):
        data["truncated_provisions"] = _truncated_provisions(settings, logs)
        data["killed_upload"] = _killed_upload(settings, token, logs)
    h, b, z = data["history_20kb"], data["alias_bomb"], data["zip_bomb"]
    mb = 1024 * 1024

    def is_4xx(status: Any) -> int:
        return int(isinstance(status, int) and 400 <= status < 500)

    bars = [
        Bar("20 KB history: answer or 4xx", h["seconds"], 2.0, "s"),
        Bar("health while it runs", h["health_worst_ms"], 1000, "ms"),
        Bar(
            "health p95 during 50 long searches",
            data["long_searches"]["health_ms"]["p95"],
            100,
            "ms",
        ),
        Bar("alias bomb refused (4xx)", is_4xx(b["status"]), 1, "", True),
        Bar("alias bomb time", b["seconds"], 2.0, "s"),
        Bar("alias bomb RSS growth", (b["rss_growth_bytes"] or 0) / mb, 200, "MB"),
        Bar("zip bomb refused (4xx)", is_4xx(z["status"]), 1, "", True),
        Bar("zip bomb time", z["seconds"], 2.0, "s"),
        Bar("zip bomb RSS growth", (z["rss_growth_bytes"] or 0) / mb, 200, "MB"),
        Bar("security headers (API, page)", sum(data["headers"].values()), 2, "", True),
        Bar(
            "truncated provisions served as ok",
            int(_served_damaged(data["truncated_provisions"])),
            0,
            "",
        ),
        Bar(
            "upload indexed after kill -9",
            int(data["killed_upload"]["indexed_after_restart"]),
            1,
            "",
            True,
        ),
    ]
    return PartResult(
        name="hostile",
        data=data,
        bars=bars,
        notes=["inputs generated by bench/hostile.py; the server runs on a private copy"],
    )


def hostile_specs(part: dict[str, Any]) -> list[TableSpec]:
    d = part["data"]
    mb = 1024 * 1024

    def growth(x: dict[str, Any]) -> str:
        g = x.get("rss_growth_bytes")
        return DASH if g is None else f"{g / mb:.0f} MB"

    rows = (
        (
            "20 KB history turn",
            str(d["history_20kb"]["status"]),
            f"{d['history_20kb']['seconds']:.2f} s",
            f"health ≤ {d['history_20kb']['health_worst_ms']:.0f} ms",
        ),
        (
            f"{d['long_searches']['clients']} searches of 2,000 letters",
            ",".join(map(str, d["long_searches"]["statuses"])),
            f"{d['long_searches']['slowest_s']:.2f} s",
            f"health p50 {d['long_searches']['health_ms']['p50']:.0f} / p95 "
            f"{d['long_searches']['health_ms']['p95']:.0f} / max "
            f"{d['long_searches']['health_worst_ms']:.0f} ms "
            f"({d['long_searches']['health_ms']['n']} polls)",
        ),
        (
            "YAML alias bomb",
            str(d["alias_bomb"]["status"]),
            f"{d['alias_bomb']['seconds']:.2f} s",
            growth(d["alias_bomb"]),
        ),
        (
            "lying zip bomb (1 GiB)",
            str(d["zip_bomb"]["status"]),
            f"{d['zip_bomb']['seconds']:.2f} s",
            growth(d["zip_bomb"]),
        ),
        (
            "truncated provisions.jsonl",
            f"{d['truncated_provisions']['first_state']} → {d['truncated_provisions']['final_state']}",
            f"{d['truncated_provisions']['seconds_to_ok']:.1f} s",
            f"served {d['truncated_provisions']['first_served_provisions']} → "
            f"{d['truncated_provisions']['final_served_provisions']} of "
            f"{d['truncated_provisions']['provisions_lines_before_cut']} provisions",
        ),
        (
            "upload, then kill -9",
            str(d["killed_upload"]["upload_status"]),
            DASH,
            "indexed after restart" if d["killed_upload"]["indexed_after_restart"] else "LOST",
        ),
    )
    return [
        TableSpec(
            "Hostile requests, files and faults",
            ("case", "status", "time", "other"),
            rows,
            tuple(part["notes"]),
        )
    ]


SPECS.setdefault("hostile", hostile_specs)

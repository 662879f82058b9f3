"""Helpers for the API, UI and browser tests: a real-shaped stand-in for Assistant.ask, a
private copy of the built pack, and a uvicorn server on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

import httpx

from assistant.config import Settings
from assistant.models import Answer, Citation

# A user's own document for upload tests: a rule of one agency, in no framework.
GREEN_OFFICE_RULES = """# QUY CHẾ KHEN THƯỞNG PHONG TRÀO CÔNG SỞ XANH

Điều 1. Phạm vi áp dụng

Quy chế này áp dụng cho phong trào thi đua "Công sở xanh, sạch, đẹp" của cơ quan.

Điều 2. Hình thức khen thưởng

1. Giấy khen của Thủ trưởng cơ quan cho tập thể có mô hình phân loại rác thải tại nguồn.
"""


def hold_rebuilds(monkeypatch) -> threading.Event:
    """Hold every background rebuild until the returned event is set."""
    import assistant.indexing as indexing

    real_rebuild = indexing.rebuild
    release = threading.Event()

    def gated_rebuild(settings, **kw):
        assert release.wait(120)
        return real_rebuild(settings, **kw)

    monkeypatch.setattr(indexing, "rebuild", gated_rebuild)
    return release


class ExtractiveStandIn:
    """The real Assistant (search, library, registry, reload), with ``ask`` answered from the
    top search hits — for tests that need answers shaped like DESIGN §4 whether or not the
    answer composer is installed. The previous question is folded into a follow-up, as a
    conversation-aware composer would."""

    def __init__(self, real, *, citations: int = 3) -> None:
        self._real = real
        self._n = citations
        self.calls: list[dict] = []

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        self.calls.append({"question": question, "as_of": as_of, "history": list(history)})
        query = f"{history[-1][0]} {question}" if history else question
        day = as_of or date.today()
        hits = self._real.search(query, as_of=day, k=self._n)
        lib = self._real.library
        cites = []
        for h in hits:
            c = h.chunk
            meta = lib.documents[c.doc_id].meta
            cites.append(
                Citation(
                    doc=c.doc_id,
                    doc_title=meta.title,
                    article=c.article,
                    clause=c.clause,
                    point=c.point,
                    section=c.section,
                    appendix=c.appendix,
                    part=c.part,
                    label=c.label,
                    quote=lib.full_text(c.provision_id),
                    provision_id=c.provision_id,
                    in_force=h.in_force,
                )
            )
        english = question.isascii()
        if cites:
            lead = "According to" if english else "Theo"
            body = f"{lead} {cites[0].label}:\n\n{cites[0].quote}"
        else:
            body = "No provision answers this." if english else "Không tìm thấy quy định phù hợp."
        return Answer(
            question=question,
            answer=body,
            language="en" if english else "vi",
            abstained=not cites,
            citations=tuple(cites),
            as_of=day,
            notes=("Câu trả lời thử nghiệm.",) if not english else (),
        )


def copy_settings(pack_settings: Settings, tmp_path, **overrides) -> Settings:
    """Settings over a private copy of the built pack (corpus and index), for tests that add
    documents or rebuild."""
    home = tmp_path / "home"
    shutil.copytree(pack_settings.corpus_path, home / "corpus", symlinks=True)
    shutil.copytree(pack_settings.indexes_path, home / "indexes", symlinks=True)
    fields = {
        "home": home,
        "pack": pack_settings.pack,
        "corpus_dir": home / "corpus",
        "index_dir": home / "indexes",
        "embed_model": pack_settings.embed_model,
        **overrides,
    }
    return Settings(**fields)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_in_thread(app, *, timeout: float = 30.0) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1:<free port>; yield its base URL once healthy."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"the test server on port {port} did not start")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)

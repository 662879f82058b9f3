"""Small real-shaped chunks and helpers shared by the index tests (hand-written, not pack text)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import numpy as np
import pytest

from assistant.index.embedder import HashingEmbedder
from assistant.models import Chunk, DocKind

REPO = Path(__file__).resolve().parents[1]
LAW = "06/2022/QH15"
LAW_TITLE = "Luật Thi đua, khen thưởng"


def _law(
    article: int, clause: int | None, text: str, title: str, point: str | None = None
) -> Chunk:
    pid = f"06-2022-qh15/dieu-{article}"
    label = f"Điều {article} {LAW_TITLE}"
    if clause is not None:
        pid += f"/khoan-{clause}"
        label = f"khoản {clause} {label}"
    if point is not None:
        pid += f"/diem-{point}"
        label = f"điểm {point} {label}"
    return Chunk(
        id=pid,
        doc_id=LAW,
        provision_id=pid,
        text=text,
        context=f"{LAW_TITLE}\nĐiều {article}. {title}",
        kind="diem" if point else ("khoan" if clause else "dieu"),
        article=article,
        clause=clause,
        point=point,
        label=label,
    )


def sample_chunks() -> list[Chunk]:
    return [
        _law(
            84,
            2,
            "2. Hồ sơ đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh gồm: "
            "tờ trình đề nghị; báo cáo thành tích của cá nhân, tập thể; biên bản xét khen thưởng.",
            "Hồ sơ đề nghị xét tặng danh hiệu thi đua và hình thức khen thưởng",
        ),
        _law(
            84,
            6,
            "6. Số lượng bộ hồ sơ do Ủy ban nhân dân cấp tỉnh quy định.",
            "Hồ sơ đề nghị xét tặng danh hiệu thi đua và hình thức khen thưởng",
        ),
        _law(
            74,
            3,
            "3. Bằng khen tặng cho tập thể có 02 năm liên tục hoàn thành xuất sắc nhiệm vụ, "
            "nội bộ đoàn kết, thực hiện tốt quy chế dân chủ ở cơ sở.",
            "Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh",
        ),
        _law(
            24,
            1,
            "a) Đạt danh hiệu Lao động tiên tiến; b) Có sáng kiến được công nhận.",
            "Danh hiệu Chiến sĩ thi đua cơ sở",
            point="a",
        ),
        _law(5, None, "Điều 5. Nhà nước khuyến khích tổ chức phong trào thi đua.", "Chính sách"),
        _law(
            80,
            2,
            "2. Chủ tịch Ủy ban nhân dân cấp huyện quyết định tặng Giấy khen.",
            "Thẩm quyền quyết định khen thưởng",
        ),
        Chunk(
            id="plan-pom-han/muc-ii/1",
            doc_id="plan-pom-han",
            provision_id="plan-pom-han/muc-ii/1",
            text="1. Phát động phong trào thi đua chào mừng Đại hội Đảng bộ phường, "
            "hạn nộp hồ sơ khen thưởng trước ngày 15/12/2025.",
            context="Kế hoạch phát động thi đua năm 2025 của phường Pom Hán\nII. NỘI DUNG",
            kind="section",
            section="II.1",
            label="mục II.1 Kế hoạch phường Pom Hán",
            doc_kind=DocKind.PLAN,
        ),
        Chunk(
            id="ghi-chu-xa/1",
            doc_id="ghi-chu-xa",
            provision_id="ghi-chu-xa/1",
            text="Ghi chu: nop ho so de nghi khen thuong cua xa tai bo phan mot cua.",
            kind="section",
            section="1",
            doc_kind=DocKind.PLAN,
        ),
    ]


class CountingEmbedder:
    """Wraps an embedder and records every text it is asked to embed."""

    def __init__(self, inner: HashingEmbedder | None = None, *, fail_after: int | None = None):
        self.inner = inner or HashingEmbedder(64)
        self.texts: list[str] = []
        self.fail_after = fail_after

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail_after is not None and len(self.texts) + len(texts) > self.fail_after:
            raise RuntimeError("embedding model crashed half-way")
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def pack_paragraphs(pack: Path) -> list[tuple[str, str]]:
    """(id, text) of every blank-line paragraph of the pack's documents and plans."""
    out: list[tuple[str, str]] = []
    files = sorted(pack.glob("*.md")) + sorted((pack / "plans").glob("*.txt"))
    for path in files:
        if path.name == "MANIFEST.md":
            continue
        for n, para in enumerate(path.read_text("utf-8").split("\n\n")):
            if para.strip():
                out.append((f"{path.stem}#{n}", para.strip()))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def chroma_server(data_dir: Path) -> Iterator[str]:
    """Run `chroma run` on a free local port over ``data_dir``; yield its URL; always stop it."""
    chroma = REPO / ".venv" / "bin" / "chroma"
    if not chroma.exists():
        found = shutil.which("chroma")
        if found is None:
            pytest.skip("the chroma CLI is not installed")
        chroma = Path(found)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [str(chroma), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"chroma run exited with code {proc.returncode}")
            if time.monotonic() > deadline:
                pytest.fail("chroma run did not answer its heartbeat within 30 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@functools.cache
def tiny_st_dir() -> Path:
    """One tiny SentenceTransformer per test process (built in a few seconds, removed at exit)."""
    from tiny_models import build_tiny_sentence_transformer

    directory = Path(tempfile.mkdtemp(prefix="tdkt-tiny-st-"))
    atexit.register(shutil.rmtree, directory, True)
    return build_tiny_sentence_transformer(directory)

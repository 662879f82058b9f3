"""Shared test setup: offline environment, a network guard, and the document pack's location."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from assistant.config import apply_offline_env

apply_offline_env()

REPO = Path(__file__).resolve().parents[1]


def _pack_dir() -> Path:
    env = os.environ.get("TDKT_PACK")
    return Path(env) if env else REPO.parent / "shared" / "corpus"


PACK = _pack_dir()

# The answer and citation JSON contract of DESIGN §4.
ANSWER_KEYS = {
    "question",
    "answer",
    "language",
    "abstained",
    "citations",
    "notes",
    "as_of",
    "mode",
    "timings_ms",
}
CITATION_KEYS = {
    "doc",
    "doc_title",
    "article",
    "clause",
    "point",
    "section",
    "label",
    "quote",
    "provision_id",
    "in_force",
}

_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection
_LOCAL = ("127.", "localhost", "::1", "0.0.0.0")


def _is_local(address) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        return host.startswith(_LOCAL) or host == ""
    return True  # AF_UNIX paths


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


def _guarded_create_connection(address, *args, **kwargs):
    if not _is_local(address):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_create_connection(address, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests never touch the network: any non-loopback connection fails the test."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket, "create_connection", _guarded_create_connection)


@pytest.fixture(scope="session")
def pack_dir() -> Path:
    if not (PACK / "luat-06-2022-qh15.md").exists():
        pytest.skip(f"document pack not found at {PACK} (set TDKT_PACK)")
    return PACK


@pytest.fixture(scope="session")
def pack_settings(pack_dir, tmp_path_factory):
    """Settings over a private copy of the pack with its index built once (lexical + catalog)."""
    from assistant.config import Settings
    from assistant.indexing import rebuild
    from assistant.ingest import import_pack

    home = tmp_path_factory.mktemp("tdkt-home")
    settings = Settings(
        home=home,
        pack=pack_dir,
        corpus_dir=home / "corpus",
        index_dir=home / "indexes",
        embed_model="none",
    )
    (home / "corpus").mkdir()
    (home / "corpus" / "framework.yaml").write_bytes(
        (REPO / "corpus" / "framework.yaml").read_bytes()
    )
    import_pack(pack_dir, settings.imported_pack_path)
    rebuild(settings)
    return settings


@pytest.fixture(scope="session")
def assistant(pack_settings):
    """The Assistant facade over the real pack (shared by the tests of a session: read-only)."""
    from assistant.app.service import Assistant

    return Assistant.open(pack_settings)


def cli_env(settings) -> dict:
    """Environment for running `python -m assistant.cli` against the given settings."""
    env = dict(os.environ)
    env.update(
        {
            "TDKT_HOME": str(settings.home),
            "TDKT_CORPUS_DIR": str(settings.corpus_path),
            "TDKT_INDEX_DIR": str(settings.indexes_path),
            "TDKT_EMBED_MODEL": settings.embed_model,
        }
    )
    if settings.pack:
        env["TDKT_PACK"] = str(settings.pack)
    return env


def run_cli(settings, *args: str, timeout: int = 120):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        capture_output=True,
        text=True,
        env=cli_env(settings),
        timeout=timeout,
    )

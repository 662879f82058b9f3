"""What every part of the bench shares: the settings, the dev questions, a scratch folder, and
the result record each part returns."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import Settings
from bench.timing import Bar
from evals.dataset import QAItem

log = logging.getLogger(__name__)

# Settings fields a child process (worker, `tdkt serve`) must share with the bench.
SHARED_FIELDS = (
    "home",
    "pack",
    "corpus_dir",
    "index_dir",
    "index_name",
    "embed_model",
    "rerank_model",
    "chroma_url",
)


@dataclass
class BenchContext:
    settings: Settings
    items: list[QAItem]
    qa_path: Path
    scratch: Path
    quick: bool = False

    @property
    def questions(self) -> list[str]:
        return [item.question for item in self.items]

    @property
    def answerable(self) -> list[QAItem]:
        return [item for item in self.items if item.answerable and item.primary is not None]


@dataclass
class PartResult:
    """One part's figures (JSON-ready ``data``), the bars they are held to, and notes."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)
    bars: list[Bar] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "data": self.data,
            "bars": [b.to_json() for b in self.bars],
            "notes": self.notes,
            "seconds": round(self.seconds, 2),
            "error": self.error,
        }


def settings_payload(settings: Settings) -> dict[str, Any]:
    """The settings a worker process rebuilds with ``Settings(**payload)`` (paths resolved, so
    the child does not depend on its working directory or environment)."""
    return {
        "home": str(settings.home),
        "pack": str(settings.pack_path),
        "corpus_dir": str(settings.corpus_path),
        "index_dir": str(settings.indexes_path),
        "index_name": settings.index_name,
        "embed_model": settings.embed_model,
        "rerank_model": settings.rerank_model,
        "chroma_url": settings.chroma_url,
    }


def settings_env(settings: Settings) -> dict[str, str]:
    """The same settings as TDKT_* variables, for `tdkt serve`."""
    payload = settings_payload(settings)
    return {f"TDKT_{k.upper()}": str(v) for k, v in payload.items() if v is not None}


def ensure_index(settings: Settings) -> None:
    """Build the index the parts measure when it is missing (`make bench` builds it first)."""
    if (settings.index_path / "manifest.json").is_file():
        return
    from assistant.indexing import rebuild
    from assistant.ingest import import_pack

    if not settings.imported_pack_path.is_dir():
        log.info("importing the pack %s", settings.pack_path)
        import_pack(settings.pack_path, settings.imported_pack_path)
    log.info("no index at %s: building it", settings.index_path)
    rebuild(settings)

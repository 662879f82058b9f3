"""The manifest of a built index: what was indexed, how, and with which model.

``open_index`` compares it with the running configuration, so an index built with another
tokenizer or embedding model is refused with a fix instead of ranking with mismatched tokens
or vectors.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import Chunk

FORMAT_VERSION = 1
MANIFEST_FILE = "manifest.json"
CHUNKS_FILE = "chunks.jsonl"
BM25_DIR = "bm25"
CHROMA_DIR = "chroma"


class VectorsInfo(BaseModel):
    """Where the vectors of this index live."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: Literal["chroma"] = "chroma"
    collection: str
    path: str | None = None  # relative to the index directory (embedded Chroma)
    url: str | None = None  # Chroma server, when the index was built against one


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: int = FORMAT_VERSION
    corpus_hash: str
    tokenizer_version: str
    embed_model: str | None = None
    embed_dim: int | None = None
    vectors: VectorsInfo | None = None
    # chunks, docs; with an embedder also embedded (newly computed) and reused (from previous)
    counts: dict[str, int] = Field(default_factory=dict)
    built_at: datetime
    doc_hashes: dict[str, str] = Field(default_factory=dict)
    extra_files: tuple[str, ...] = ()  # files written beside the index by other stages

    def write(self, directory: Path) -> None:
        (directory / MANIFEST_FILE).write_text(self.model_dump_json(indent=2) + "\n", "utf-8")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        return cls.model_validate_json((directory / MANIFEST_FILE).read_text("utf-8"))


def chunk_record(chunk: Chunk) -> str:
    """One line of chunks.jsonl: every field, so the index alone can show and cite a chunk."""
    return chunk.model_dump_json()


def text_hash(chunk: Chunk) -> str:
    """Hash of what is embedded: equal hashes mean a stored vector can be reused."""
    return hashlib.sha256(chunk.index_text.encode("utf-8")).hexdigest()[:32]


def corpus_hash(chunks: Iterable[Chunk]) -> str:
    """Hash over every chunk's id and content, independent of chunk order."""
    digest = hashlib.sha256()
    for line in sorted(chunk_record(c) for c in chunks):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def doc_hashes(chunks: Iterable[Chunk]) -> dict[str, str]:
    """Per-document hash over its chunks: shows which documents changed between builds."""
    by_doc: dict[str, list[Chunk]] = defaultdict(list)
    for chunk in chunks:
        by_doc[chunk.doc_id].append(chunk)
    return {doc_id: corpus_hash(doc_chunks)[:32] for doc_id, doc_chunks in sorted(by_doc.items())}

"""The manifest of a built index: what was indexed, how, with which model, and what it wrote.

``open_index`` compares it with the running configuration, so an index built with another
tokenizer or embedding model is refused with a fix instead of ranking with mismatched tokens
or vectors. It also records every file the build wrote (size, sha256, record count), so a file
cut short or overwritten since is found at load instead of being served half-empty.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import Chunk

# 2: per-file sizes, sha256 and record counts (``files``), the build id, the corpus files read
FORMAT_VERSION = 2
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


class FileRecord(BaseModel):
    """One file of a build as written: its size, its sha256 and, for a .jsonl or .json file,
    how many records it holds (lines; entries of the top-level array or object)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    size: int
    sha256: str
    records: int | None = None


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: int = FORMAT_VERSION
    build_id: str = ""
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
    # every file the build wrote but the vectors (Chroma writes to its database when reading),
    # by path relative to the index directory
    files: dict[str, FileRecord] = Field(default_factory=dict)
    # the corpus files the build read (paths relative to the corpus folder) → sha256
    sources: dict[str, str] = Field(default_factory=dict)

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


# -- files of a build ---------------------------------------------------------------------------
_BLOCK = 1 << 20


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def file_record(path: Path) -> FileRecord:
    """Size, sha256 and record count of a file just written."""
    digest = hashlib.sha256()
    size = lines = 0
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            digest.update(block)
            size += len(block)
            lines += block.count(b"\n")
    records: int | None = None
    if path.suffix == ".jsonl":
        records = lines
    elif path.suffix == ".json":
        try:
            data = json.loads(path.read_bytes())
        except ValueError:
            data = None
        if isinstance(data, list | dict):
            records = len(data)
    return FileRecord(size=size, sha256=digest.hexdigest(), records=records)


def record_files(directory: Path, *, skip: Iterable[str] = ()) -> dict[str, FileRecord]:
    """A record of every file under ``directory`` but the top-level entries in ``skip``."""
    left_out = set(skip)
    out: dict[str, FileRecord] = {}
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if relative.parts[0] in left_out or not path.is_file():
            continue
        out[relative.as_posix()] = file_record(path)
    return out


def file_problem(directory: Path, name: str, record: FileRecord) -> str | None:
    """What is wrong with one recorded file now, or None when it is as the build wrote it."""
    path = directory / name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return f"{name} is missing"
    except OSError as exc:
        return f"{name} cannot be read ({type(exc).__name__})"
    if size != record.size:
        return f"{name} has {size:,} bytes, the build wrote {record.size:,}"
    try:
        actual = file_sha256(path)
    except OSError as exc:
        return f"{name} cannot be read ({type(exc).__name__})"
    if actual != record.sha256:
        return f"{name} differs from what the build wrote (sha256 {actual[:12]}…)"
    return None

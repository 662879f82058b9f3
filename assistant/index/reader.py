"""Open a built index and check it matches the running configuration and its manifest.

Before anything is parsed, every file the manifest records is checked against its size and
sha256: a file cut short (even at a line boundary), overwritten or missing raises
IndexDamagedError, and so does any file that does not decode. An index written by another
version or configuration raises IndexMismatchError; no index at all, IndexMissingError.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import (
    AssistantError,
    IndexDamagedError,
    IndexMismatchError,
    IndexMissingError,
)
from assistant.index.bm25_store import BM25Store
from assistant.index.index_dir import IndexPin, pin_directory
from assistant.index.manifest import (
    BM25_DIR,
    CHROMA_DIR,
    CHUNKS_FILE,
    FORMAT_VERSION,
    MANIFEST_FILE,
    Manifest,
    file_problem,
)
from assistant.index.tokenizer import TOKENIZER_VERSION
from assistant.index.vector_store import ChromaVectorStore, VectorStore
from assistant.models import Chunk

log = logging.getLogger(__name__)

_FIX = "run `tdkt index` to rebuild it"


@dataclass
class LoadedIndex:
    """A built index ready to search: chunks by id (index order), BM25, vectors or None.

    It holds its directory pinned (see `pin_directory`) until closed: a rebuild swapped in
    meanwhile neither moves nor deletes what it reads. ``root`` is where its files are read."""

    path: Path
    manifest: Manifest
    chunks: dict[str, Chunk]
    bm25: BM25Store
    vectors: VectorStore | None
    pin: IndexPin | None = field(default=None, repr=False)

    @property
    def root(self) -> Path:
        return self.pin.root if self.pin is not None else self.path

    def close(self) -> None:
        try:
            if self.vectors is not None:
                self.vectors.close()
        finally:
            if self.pin is not None:
                self.pin.release()

    def __enter__(self) -> LoadedIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_index(
    path: Path,
    *,
    embedder_model_id: str | None,
    tokenizer_version: str = TOKENIZER_VERSION,
    chroma_url: str | None = None,
) -> LoadedIndex:
    """Load the index at ``path``; refuse one built with another tokenizer or embedding model.

    ``embedder_model_id`` is the configured embedder's id (``model_id_for(TDKT_EMBED_MODEL)``);
    None when dense retrieval is off, and then the vectors are not opened at all. ``chroma_url``
    overrides the server recorded in the manifest (a server that moved); vectors kept inside the
    index directory are always read from there.
    """
    path = Path(path)
    pin = pin_directory(path)
    try:
        return _open_pinned(path, pin, embedder_model_id, tokenizer_version, chroma_url)
    except BaseException:
        pin.release()
        raise


def _open_pinned(
    path: Path,
    pin: IndexPin,
    embedder_model_id: str | None,
    tokenizer_version: str,
    chroma_url: str | None,
) -> LoadedIndex:
    root = pin.root  # every file is read from the pinned directory, `path` names it in messages
    manifest_file = root / MANIFEST_FILE
    if not manifest_file.is_file():
        raise IndexMissingError(
            f"no index at {path} (no {MANIFEST_FILE})", fix="run `tdkt index` to build it"
        )
    manifest = _read_manifest(path, root)
    _check_compatible(path, manifest, embedder_model_id, tokenizer_version)
    _check_files(path, root, manifest)

    chunks: dict[str, Chunk] = {}
    try:
        with (root / CHUNKS_FILE).open(encoding="utf-8") as f:
            for line in f:
                chunk = Chunk.model_validate_json(line)
                chunks[chunk.id] = chunk
    except (OSError, ValueError) as exc:  # ValidationError and UnicodeDecodeError among them
        raise IndexDamagedError(
            f"cannot read the chunks of the index at {path}: {_one_line(exc)}", fix=_FIX
        ) from exc
    expected = manifest.counts.get("chunks")
    if expected is not None and expected != len(chunks):
        raise IndexDamagedError(
            f"the index at {path} is damaged: {CHUNKS_FILE} holds {len(chunks)} chunks, "
            f"the build wrote {expected}",
            fix=_FIX,
        )
    try:
        # Read into memory, not mapped: what was verified above is what is served, even if
        # the files are cut or overwritten later.
        bm25 = BM25Store.load(root / BM25_DIR, mmap=False)
    except AssistantError:
        raise
    except Exception as exc:  # bm25s or numpy on a file that does not decode
        raise IndexDamagedError(
            f"cannot read the BM25 index of the index at {path}: {_one_line(exc)}", fix=_FIX
        ) from exc
    if bm25.ids != list(chunks):
        raise IndexDamagedError(
            f"the index at {path} is damaged: BM25 rows do not match {CHUNKS_FILE}", fix=_FIX
        )

    vectors = (
        _open_vectors(path, root, manifest, len(chunks), chroma_url)
        if embedder_model_id is not None and manifest.vectors is not None
        else None
    )
    log.info(
        "opened index %s (build %s): %d chunks, dense %s",
        path,
        manifest.build_id or "?",
        len(chunks),
        manifest.embed_model if vectors is not None else "off",
    )
    return LoadedIndex(
        path=path, manifest=manifest, chunks=chunks, bm25=bm25, vectors=vectors, pin=pin
    )


def _read_manifest(path: Path, root: Path) -> Manifest:
    try:
        raw = (root / MANIFEST_FILE).read_bytes()
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise IndexDamagedError(
            f"the manifest of the index at {path} is unreadable: {_one_line(exc)}", fix=_FIX
        ) from exc
    version = data.get("format_version") if isinstance(data, dict) else None
    if isinstance(version, int) and version != FORMAT_VERSION:
        # Written by another version: its fields may differ, its format decides.
        raise IndexMismatchError(
            f"the index at {path} has format {version}, this version reads format {FORMAT_VERSION}",
            fix=_FIX,
        )
    try:
        return Manifest.model_validate_json(raw)
    except (ValidationError, ValueError) as exc:
        raise IndexDamagedError(
            f"the manifest of the index at {path} is unreadable: {_one_line(exc)}", fix=_FIX
        ) from exc


def _check_files(path: Path, root: Path, manifest: Manifest) -> None:
    """Every file the build wrote is there with its size and sha256, before any is parsed."""
    for required in (CHUNKS_FILE, f"{BM25_DIR}/"):
        if not any(name == required or name.startswith(required) for name in manifest.files):
            raise IndexDamagedError(
                f"the manifest of the index at {path} records no {required.rstrip('/')}",
                fix=_FIX,
            )
    outside = [n for n in manifest.files if Path(n).is_absolute() or ".." in Path(n).parts]
    if outside:
        raise IndexDamagedError(
            f"the manifest of the index at {path} names a file outside it: {outside[0]!r}",
            fix=_FIX,
        )
    problems = [
        problem
        for name, record in manifest.files.items()
        if (problem := file_problem(root, name, record)) is not None
    ]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise IndexDamagedError(f"the index at {path} is damaged: {problems[0]}{more}", fix=_FIX)


def _open_vectors(
    path: Path, root: Path, manifest: Manifest, n_chunks: int, chroma_url: str | None
) -> VectorStore:
    info = manifest.vectors
    assert info is not None
    if info.url:  # a server: an unreachable one is not a damaged index
        vectors: VectorStore = ChromaVectorStore(info.collection, url=chroma_url or info.url)
    else:
        try:
            vectors = ChromaVectorStore(info.collection, path=root / (info.path or CHROMA_DIR))
        except IndexMissingError as exc:  # the manifest says the build stored them here
            raise IndexDamagedError(
                f"the vectors of the index at {path} are missing", fix=_FIX
            ) from exc
        except AssistantError:
            raise
        except Exception as exc:  # Chroma on a database that does not decode
            raise IndexDamagedError(
                f"cannot open the vectors of the index at {path}: {_one_line(exc)}", fix=_FIX
            ) from exc
    try:
        count = vectors.count()
    except Exception as exc:
        vectors.close()
        if info.url:
            raise
        raise IndexDamagedError(
            f"cannot read the vectors of the index at {path}: {_one_line(exc)}", fix=_FIX
        ) from exc
    if count != n_chunks:
        vectors.close()
        raise IndexDamagedError(
            f"the index at {path} has {n_chunks} chunks but {count} vectors", fix=_FIX
        )
    return vectors


def _one_line(exc: Exception) -> str:
    # pydantic's own text spans lines and ends with a link to its docs: the first error will do
    if isinstance(exc, ValidationError) and exc.errors():
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        return f"{first.get('msg', 'invalid')}{f' at {where}' if where else ''}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _check_compatible(
    path: Path, manifest: Manifest, embedder_model_id: str | None, tokenizer_version: str
) -> None:
    if manifest.format_version != FORMAT_VERSION:  # (caught by _read_manifest already)
        raise IndexMismatchError(
            f"the index at {path} has format {manifest.format_version}, this version reads "
            f"format {FORMAT_VERSION}",
            fix=_FIX,
        )
    if manifest.tokenizer_version != tokenizer_version:
        raise IndexMismatchError(
            f"the index at {path} was built with tokenizer {manifest.tokenizer_version!r}, "
            f"this version uses {tokenizer_version!r}",
            fix=_FIX,
        )
    # An index without vectors (the lexical part of a first build, vectors still to come) is
    # served as it is; one with another model's vectors is not.
    if (
        embedder_model_id is not None
        and manifest.embed_model is not None
        and manifest.embed_model != embedder_model_id
    ):
        raise IndexMismatchError(
            f"the index at {path} was built with embedding model "
            f"{manifest.embed_model or 'none'!r}, but TDKT_EMBED_MODEL is {embedder_model_id!r}",
            fix=f"{_FIX} with the configured model, or set TDKT_EMBED_MODEL to match the index",
        )

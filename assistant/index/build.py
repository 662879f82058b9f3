"""Build an index directory from chunks, atomically.

Everything is written into a temporary directory beside ``out_dir`` and swapped in at the end
(old → ``.NAME.old-…``, new → ``out_dir``, old deleted). Until the swap, the previous index is
untouched and usable; an exception anywhere leaves it exactly as it was.

Layout: manifest.json, chunks.jsonl, bm25/ (bm25s arrays + ids.json), chroma/<build-id>/ (when
an embedder is given and no Chroma server is used), plus any ``extra_files`` of other stages.
The manifest, written last, records the size, sha256 and record count of every other file the
build wrote (the vectors aside), so `open_index` can tell a damaged index from a good one.
The Chroma folder carries the build id so a process that had the previous index open never
gets its cached Chroma client handed a different database under the same path.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError, IndexBuildError, IndexMissingError
from assistant.index.bm25_store import BM25Store
from assistant.index.embedder import Embedder
from assistant.index.index_dir import (
    build_lock,
    carry_over_foreign_entries,
    check_replaceable,
    remove_leftovers,
    swap_into_place,
    write_extra_file,
)
from assistant.index.manifest import (
    BM25_DIR,
    CHROMA_DIR,
    CHUNKS_FILE,
    MANIFEST_FILE,
    Manifest,
    VectorsInfo,
    chunk_record,
    corpus_hash,
    doc_hashes,
    file_problem,
    record_files,
    text_hash,
)
from assistant.index.tokenizer import TOKENIZER_VERSION, tokenize
from assistant.index.vector_store import ChromaVectorStore, collection_name
from assistant.models import Chunk

log = logging.getLogger(__name__)

VECTOR_CACHE_DIR = "vector-cache"  # beside the index folders: vectors by model and text hash

# (stage, done, total) with stage in "tokenize", "embed", "store"
ProgressFn = Callable[[str, int, int], None]

_REBUILD_FIX = "the previous index is unchanged; fix the cause and run `tdkt index` again"


def build_index(
    chunks: Sequence[Chunk],
    out_dir: Path,
    *,
    embedder: Embedder | None = None,
    chroma_url: str | None = None,
    progress: ProgressFn | None = None,
    previous: Path | None = None,
    extra_files: Mapping[str, bytes | str] | None = None,
    sources: Mapping[str, str] | None = None,
    batch_size: int = 64,
    vector_cache: Path | None = None,
    embed_missing: bool = True,
) -> Manifest:
    """Index ``chunks`` into ``out_dir`` and return its manifest.

    Vectors of chunks whose indexed text is unchanged are copied from ``previous`` (default:
    the index currently at ``out_dir``) when it was built with the same model, or taken from the
    vector cache (default ``vector-cache/`` beside the index), not recomputed. Every batch the
    model embeds goes into that cache at once, so a build killed midway resumes from there.
    With ``embed_missing=False`` nothing is embedded: the index gets vectors only when every
    chunk's vector is found, else it is built without them (lexical only, at once).
    With ``chroma_url`` the vectors go to a new collection on that server; the collection of
    the replaced build is dropped after the swap. Builds of one directory wait for each other;
    leftovers of a build that was killed are cleared first. ``sources`` (corpus file → sha256,
    what the chunks were made from) is recorded in the manifest as given.
    """
    out_dir = Path(out_dir)
    with build_lock(out_dir):
        remove_leftovers(out_dir)
        return _build_locked(
            list(chunks),
            out_dir,
            embedder=embedder,
            chroma_url=chroma_url,
            progress=progress,
            previous=previous,
            extra_files=extra_files,
            sources=sources,
            batch_size=batch_size,
            vector_cache=vector_cache or out_dir.parent / VECTOR_CACHE_DIR,
            embed_missing=embed_missing,
        )


def _build_locked(
    chunks: list[Chunk],
    out_dir: Path,
    *,
    embedder: Embedder | None,
    chroma_url: str | None,
    progress: ProgressFn | None,
    previous: Path | None,
    extra_files: Mapping[str, bytes | str] | None,
    sources: Mapping[str, str] | None,
    batch_size: int,
    vector_cache: Path,
    embed_missing: bool,
) -> Manifest:
    _check_chunks(chunks)
    check_replaceable(out_dir)
    report = progress or (lambda stage, done, total: None)
    build_id = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
    tmp = out_dir.parent / f".{out_dir.name}.building-{build_id}"
    tmp.mkdir(parents=True)
    if previous is None and (out_dir / MANIFEST_FILE).is_file():
        previous = out_dir
    replaced = _read_manifest_or_none(out_dir)
    vectors_info: VectorsInfo | None = None
    try:
        with (tmp / CHUNKS_FILE).open("w", encoding="utf-8") as f:
            for chunk in chunks:
                f.write(chunk_record(chunk) + "\n")
        _build_bm25(chunks, tmp / BM25_DIR, report)

        counts = {"chunks": len(chunks), "docs": len({c.doc_id for c in chunks})}
        embed_dim: int | None = None
        found = None
        if embedder is not None:
            found = _vectors_for(
                chunks,
                embedder,
                previous,
                batch_size,
                report,
                scratch=tmp,
                cache=vector_cache,
                embed=embed_missing,
            )
            if found is None:
                log.info("vectors not all reusable: building the lexical index only")
                embedder = None
        if embedder is not None and found is not None:
            if chroma_url:
                name = collection_name(embedder.model_id, suffix=build_id)
                vectors_info = VectorsInfo(collection=name, url=chroma_url)
            else:
                relative = f"{CHROMA_DIR}/{build_id}"
                name = collection_name(embedder.model_id)
                vectors_info = VectorsInfo(collection=name, path=relative)
            vectors, embedded, reused = found
            embed_dim = int(vectors.shape[1])
            counts.update(embedded=embedded, reused=reused)
            _store_vectors(vectors_info, tmp, embedder.model_id, chunks, vectors, report)

        for name, content in (extra_files or {}).items():
            write_extra_file(tmp, name, content)
        # Files carried over from the previous directory belong to other stages (which may
        # rewrite them in place): only what this build wrote is recorded.
        files = record_files(tmp, skip={CHROMA_DIR, MANIFEST_FILE})
        carry_over_foreign_entries(out_dir, tmp)

        manifest = Manifest(
            build_id=build_id,
            corpus_hash=corpus_hash(chunks),
            tokenizer_version=TOKENIZER_VERSION,
            embed_model=embedder.model_id if embedder is not None else None,
            embed_dim=embed_dim,
            vectors=vectors_info,
            counts=counts,
            built_at=datetime.now(UTC),
            doc_hashes=doc_hashes(chunks),
            extra_files=tuple(sorted(extra_files or {})),
            files=files,
            sources=dict(sorted((sources or {}).items())),
        )
        manifest.write(tmp)  # last: a directory without a manifest is never an index
        swap_into_place(tmp, out_dir, build_id)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if vectors_info is not None and vectors_info.url:
            _drop_quietly(vectors_info.collection, vectors_info.url)
        if isinstance(exc, AssistantError) or not isinstance(exc, Exception):
            raise
        raise IndexBuildError(
            f"building the index in {out_dir} failed: {exc}", fix=_REBUILD_FIX
        ) from exc

    old_vectors = replaced.vectors if replaced is not None else None
    new_collection = vectors_info.collection if vectors_info is not None else None
    if old_vectors is not None and old_vectors.url and old_vectors.collection != new_collection:
        _drop_quietly(old_vectors.collection, old_vectors.url)
    log.info(
        "indexed %d chunks of %d documents into %s (%s)",
        counts["chunks"],
        counts["docs"],
        out_dir,
        f"{counts.get('embedded', 0)} embedded, {counts.get('reused', 0)} reused"
        if embedder is not None
        else "no dense vectors",
    )
    return manifest


def _check_chunks(chunks: list[Chunk]) -> None:
    if not chunks:
        raise IndexBuildError(
            "nothing to index: no chunks were produced",
            fix="add documents to corpus/ (or import the pack) and run `tdkt index`",
        )
    duplicates = [i for i, n in Counter(c.id for c in chunks).items() if n > 1]
    if duplicates:
        raise IndexBuildError(
            f"{len(duplicates)} chunk ids occur more than once, e.g. {duplicates[:3]}",
            fix="chunk ids must be unique provision ids; check the parser's output",
        )


def _read_manifest_or_none(directory: Path) -> Manifest | None:
    try:
        return Manifest.read(directory)
    except Exception:
        return None


def _build_bm25(chunks: list[Chunk], directory: Path, report: ProgressFn) -> None:
    total = len(chunks)
    token_lists: list[list[str]] = []
    for done, chunk in enumerate(chunks, 1):
        token_lists.append(tokenize(chunk.index_text))
        if done % 500 == 0 or done == total:
            report("tokenize", done, total)
    BM25Store.build([c.id for c in chunks], token_lists).save(directory)


def _vectors_for(
    chunks: list[Chunk],
    embedder: Embedder,
    previous: Path | None,
    batch_size: int,
    report: ProgressFn,
    scratch: Path,
    cache: Path | None = None,
    embed: bool = True,
) -> tuple[np.ndarray, int, int] | None:
    """Vectors in chunk order, how many texts were embedded, how many chunks reused a vector
    (from the previous build or the cache). None when ``embed`` is off and some are missing."""
    hashes = [text_hash(c) for c in chunks]
    known = _previous_vectors(previous, embedder.model_id, set(hashes), scratch)
    cached = VectorCache.open(cache, embedder.model_id) if cache is not None else None
    try:
        if cached is not None:
            known.update(cached.get([h for h in set(hashes) if h not in known]))
        reused = sum(1 for h in hashes if h in known)
        missing = sorted({h for h in hashes if h not in known})
        if missing and not embed:
            return None
        text_of = {text_hash(c): c.index_text for c in chunks}
        total = len(missing)
        report("embed", 0, total)
        for start in range(0, total, batch_size):
            batch = missing[start : start + batch_size]
            vectors = np.asarray(
                embedder.embed_documents([text_of[h] for h in batch]), dtype=np.float32
            )
            for h, vector in zip(batch, vectors, strict=True):
                known[h] = vector
            if cached is not None:
                cached.put(batch, vectors)
            report("embed", min(start + batch_size, total), total)
        if cached is not None:
            # the chunks reused from the previous build, for a later build that lacks it
            cached.put_missing({h: known[h] for h in set(hashes)})
    finally:
        if cached is not None:
            cached.close()
    matrix = np.stack([known[h] for h in hashes]).astype(np.float32)
    # Only ask for dim when the model is loaded anyway: a rebuild that reuses every vector
    # never loads the model at all.
    if missing and matrix.shape[1] != embedder.dim:
        raise IndexBuildError(
            f"vectors have dimension {matrix.shape[1]} but {embedder.model_id} reports {embedder.dim}",
            fix="rebuild without reuse: delete the index directory and run `tdkt index`",
        )
    return matrix, total, reused


def _previous_vectors(
    previous: Path | None, model_id: str, wanted: set[str], scratch: Path
) -> dict[str, np.ndarray]:
    """Vectors of the previous build keyed by text hash, for the hashes in ``wanted``."""
    if previous is None:
        return {}
    manifest = _read_manifest_or_none(previous)
    if manifest is None or manifest.vectors is None or manifest.embed_model != model_id:
        return {}
    record = manifest.files.get(CHUNKS_FILE)
    problem = file_problem(previous, CHUNKS_FILE, record) if record is not None else None
    if problem is not None:  # a damaged chunk file would pair vectors with the wrong texts
        log.warning("cannot reuse vectors from %s, embedding everything: %s", previous, problem)
        return {}
    try:
        by_hash: dict[str, str] = {}
        with (previous / CHUNKS_FILE).open(encoding="utf-8") as f:
            for line in f:
                chunk = Chunk.model_validate_json(line)
                h = text_hash(chunk)
                if h in wanted:
                    by_hash.setdefault(h, chunk.id)
        info = manifest.vectors
        if info.url:
            store = ChromaVectorStore(info.collection, url=info.url)
            copy = None
        else:
            # Chroma writes to its database even when only reading, and a server may have the
            # previous index open: read from a private copy so the old index stays byte-identical.
            copy = Path(tempfile.mkdtemp(prefix=".reuse-", dir=scratch))
            shutil.copytree(previous / (info.path or CHROMA_DIR), copy / "chroma")
            store = ChromaVectorStore(info.collection, path=copy / "chroma")
        try:
            stored = store.get_vectors(list(by_hash.values()))
        finally:
            store.close()
            if copy is not None:
                shutil.rmtree(copy, ignore_errors=True)
    except Exception as exc:  # a damaged previous index must not stop a rebuild
        log.warning("cannot reuse vectors from %s, embedding everything: %s", previous, exc)
        return {}
    return {h: stored[i] for h, i in by_hash.items() if i in stored}


class VectorCache:
    """Vectors by text hash for one model, in a Chroma collection beside the indexes.

    Builds of one index folder hold ``build_lock``, so one writer at a time. A cache that cannot
    be opened or read only costs time: the build embeds what it cannot find."""

    def __init__(self, store: ChromaVectorStore | None) -> None:
        self._store = store

    @classmethod
    def open(cls, path: Path, model_id: str) -> VectorCache:
        try:
            path.mkdir(parents=True, exist_ok=True)
            store = ChromaVectorStore(
                collection_name(model_id, suffix="cache"),
                path=path,
                create=True,
                metadata={"model_id": model_id},
            )
        except Exception as exc:
            log.warning("vector cache at %s unusable, embedding without it: %s", path, exc)
            store = None
        return cls(store)

    def get(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        if self._store is None or not hashes:
            return {}
        try:
            return self._store.get_vectors(list(hashes))
        except Exception as exc:
            log.warning("cannot read the vector cache: %s", exc)
            return {}

    def put(self, hashes: Sequence[str], vectors: np.ndarray) -> None:
        if self._store is None or not len(hashes):
            return
        try:
            self._store.upsert(list(hashes), vectors)
        except Exception as exc:
            log.warning("cannot write the vector cache: %s", exc)

    def put_missing(self, vectors: Mapping[str, np.ndarray]) -> None:
        have = self.get(list(vectors))
        todo = sorted(h for h in vectors if h not in have)
        for start in range(0, len(todo), 512):
            part = todo[start : start + 512]
            self.put(part, np.stack([vectors[h] for h in part]))

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def _chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    meta: dict[str, str | int] = {
        "doc_id": chunk.doc_id,
        "kind": chunk.kind,
        "doc_kind": chunk.doc_kind.value,
        "text_hash": text_hash(chunk),
    }
    for field in ("part", "article", "clause", "point", "appendix", "section"):
        value = getattr(chunk, field)
        if value is not None:  # Chroma metadata has no null
            meta[field] = value
    return meta


def _store_vectors(
    info: VectorsInfo,
    tmp: Path,
    model_id: str,
    chunks: list[Chunk],
    vectors: np.ndarray,
    report: ProgressFn,
    batch: int = 512,
) -> None:
    location = {"url": info.url} if info.url else {"path": tmp / (info.path or CHROMA_DIR)}
    metadata = {"model_id": model_id, "dim": int(vectors.shape[1]), "tokenizer": TOKENIZER_VERSION}
    store = ChromaVectorStore(info.collection, create=True, metadata=metadata, **location)
    try:
        total = len(chunks)
        for start in range(0, total, batch):
            part = chunks[start : start + batch]
            store.upsert(
                [c.id for c in part],
                vectors[start : start + batch],
                [_chunk_metadata(c) for c in part],
            )
            report("store", min(start + batch, total), total)
    finally:
        store.close()


def _drop_quietly(collection: str, url: str | None) -> None:
    try:
        store = ChromaVectorStore(collection, url=url)
    except IndexMissingError:
        return  # never created (the build failed before storing vectors) or already gone
    except Exception as exc:
        log.warning("could not reach Chroma at %s to drop %s: %s", url, collection, exc)
        return
    try:
        store.drop()
    except Exception as exc:
        log.warning("could not drop Chroma collection %s at %s: %s", collection, url, exc)
    finally:
        store.close()

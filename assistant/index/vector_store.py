"""Vector stores behind one small Protocol: Chroma for real, numpy in memory for tests.

Vectors are always computed by our embedder and handed over; Chroma never embeds anything
itself (collections are created with ``embedding_function=None``, or it would fetch its own
ONNX model). Scores are cosine similarities, higher is better.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlparse

import numpy as np

from assistant.errors import IndexError_, IndexMissingError
from assistant.parse.ids import slug

log = logging.getLogger(__name__)

Metadata = Mapping[str, str | int | float | bool]
Where = Mapping[str, Any]

# Chroma's defaults (ef_search 100) make the graph search approximate and its result order depend
# on the random levels drawn at build time: two builds from the same vectors could rank a
# question's chunks differently. A wide search beam makes search exact at the pack's size (800
# chunks) and keeps recall@50 at 0.97 on 5,000 random 384-d vectors (0.67 with the defaults), for
# about 0.5 ms more per query: rebuilding an index from the same texts gives the same answers.
HNSW: dict[str, Any] = {"space": "cosine", "ef_construction": 200, "ef_search": 400}


@runtime_checkable
class VectorStore(Protocol):
    def upsert(
        self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[Metadata] | None = None
    ) -> None: ...

    def query(
        self, vector: np.ndarray, k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest ids with their cosine similarity, best first."""
        ...

    def get_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """Stored vectors of the ids that exist (missing ids are left out)."""
        ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


def collection_name(model_id: str, suffix: str = "") -> str:
    """An ASCII Chroma collection name for a model: readable part + hash of the full id.

    Model ids may be absolute paths or contain any character; Chroma accepts 3–512 characters
    of [A-Za-z0-9._-] starting and ending with a letter or digit.
    """
    readable = slug(Path(model_id).name or model_id)[:40].strip("-") or "model"
    digest = hashlib.sha1(model_id.encode()).hexdigest()[:8]
    name = f"chunks-{readable}-{digest}"
    if suffix:
        name = f"{name}-{re.sub(r'[^A-Za-z0-9]+', '-', suffix).strip('-')}"
    return name


class NumpyVectorStore:
    """In-memory exact search; understands the equality/$in/$and/$or subset of Chroma's where."""

    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}
        self._metadata: dict[str, dict[str, Any]] = {}

    def upsert(
        self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[Metadata] | None = None
    ) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
        for i, chunk_id in enumerate(ids):
            self._vectors[chunk_id] = _unit(vectors[i])
            self._metadata[chunk_id] = dict(metadatas[i]) if metadatas else {}

    def query(
        self, vector: np.ndarray, k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        ids = [i for i in self._vectors if not where or _matches(self._metadata[i], where)]
        if not ids or k <= 0:
            return []
        matrix = np.stack([self._vectors[i] for i in ids])
        scores = matrix @ _unit(np.asarray(vector, dtype=np.float32))
        order = np.argsort(-scores, kind="stable")[:k]
        return [(ids[r], float(scores[r])) for r in order]

    def get_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        return {i: self._vectors[i].copy() for i in ids if i in self._vectors}

    def delete(self, ids: Sequence[str]) -> None:
        for i in ids:
            self._vectors.pop(i, None)
            self._metadata.pop(i, None)

    def count(self) -> int:
        return len(self._vectors)

    def close(self) -> None:
        pass


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _matches(metadata: Mapping[str, Any], where: Where) -> bool:
    for key, condition in where.items():
        if key == "$and":
            if not all(_matches(metadata, c) for c in condition):
                return False
        elif key == "$or":
            if not any(_matches(metadata, c) for c in condition):
                return False
        elif isinstance(condition, Mapping):
            value = metadata.get(key)
            for op, operand in condition.items():
                ok = {
                    "$eq": lambda v, o: v == o,
                    "$ne": lambda v, o: v != o,
                    "$in": lambda v, o: v in o,
                    "$nin": lambda v, o: v not in o,
                }.get(op)
                if ok is None:
                    raise ValueError(f"unsupported where operator {op!r}")
                if not ok(value, operand):
                    return False
        elif metadata.get(key) != condition:
            return False
    return True


class ChromaVectorStore:
    """One Chroma collection, embedded (PersistentClient at ``path``) or on a server (``url``)."""

    def __init__(
        self,
        collection: str,
        *,
        path: Path | None = None,
        url: str | None = None,
        create: bool = False,
        metadata: Mapping[str, str | int | float] | None = None,
    ) -> None:
        if (path is None) == (url is None):
            raise ValueError("give exactly one of path and url")
        self.collection_name = collection
        self.path = path
        self.url = url
        self._client = _connect(path=path, url=url)
        try:
            self._collection = self._open_collection(create, metadata)
        except BaseException:
            self.close()
            raise
        self._max_batch = max(1, min(int(self._client.get_max_batch_size()), 5000))

    def _open_collection(self, create: bool, metadata: Mapping[str, Any] | None) -> Any:
        from chromadb.errors import NotFoundError

        where = self.url or str(self.path)
        if create:
            return self._client.get_or_create_collection(
                self.collection_name,
                embedding_function=None,
                configuration={"hnsw": HNSW},
                metadata=dict(metadata) if metadata else None,
            )
        try:
            return self._client.get_collection(self.collection_name, embedding_function=None)
        except (NotFoundError, ValueError) as exc:
            raise IndexMissingError(
                f"vector collection {self.collection_name!r} not found in Chroma at {where}",
                fix="rebuild the index: run `tdkt index`",
            ) from exc

    def upsert(
        self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[Metadata] | None = None
    ) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(ids) != len(vectors):
            raise ValueError(f"{len(ids)} ids but {len(vectors)} vectors")
        for start in range(0, len(ids), self._max_batch):
            end = start + self._max_batch
            self._collection.upsert(
                ids=list(ids[start:end]),
                embeddings=vectors[start:end],
                metadatas=[dict(m) for m in metadatas[start:end]] if metadatas else None,
            )

    def query(
        self, vector: np.ndarray, k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        result = self._collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=k,  # Chroma returns fewer when fewer match
            where=dict(where) if where else None,
            include=["distances"],
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        # Chroma's cosine space reports distance = 1 - cosine similarity.
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def get_vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), self._max_batch):
            got = self._collection.get(
                ids=list(ids[start : start + self._max_batch]), include=["embeddings"]
            )
            for chunk_id, vector in zip(got["ids"], got["embeddings"], strict=True):
                out[chunk_id] = np.asarray(vector, dtype=np.float32)
        return out

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._collection.delete(ids=list(ids))

    def count(self) -> int:
        return int(self._collection.count())

    def drop(self) -> None:
        """Delete the whole collection (a superseded build on a Chroma server)."""
        self._client.delete_collection(self.collection_name)

    def close(self) -> None:
        # Releases the embedded client's files: an index directory can then be renamed or
        # deleted, and a later client on the same path starts fresh instead of reusing a cache.
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> ChromaVectorStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _connect(*, path: Path | None, url: str | None) -> Any:
    from assistant.config import apply_offline_env

    apply_offline_env()
    import chromadb
    from chromadb.config import Settings

    # A fresh Settings each time: PersistentClient writes the path into the object it is given.
    settings = Settings(anonymized_telemetry=False)
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    assert url is not None
    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise IndexError_(
            f"cannot read Chroma URL {url!r}", fix="set TDKT_CHROMA_URL=http://HOST:PORT"
        )
    ssl = parsed.scheme == "https"
    port = parsed.port or (443 if ssl else 8000)
    try:
        return chromadb.HttpClient(host=parsed.hostname, port=port, ssl=ssl, settings=settings)
    except Exception as exc:
        raise IndexError_(
            f"cannot reach the Chroma server at {url}: {exc}",
            fix="start it (`chroma run --path DIR --port PORT`) or unset TDKT_CHROMA_URL",
        ) from exc

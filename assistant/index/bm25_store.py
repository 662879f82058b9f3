"""BM25 over our own token lists, on bm25s.

bm25s's own tokenizer drops one-character tokens and English stopwords, so it only ever sees
token lists made by ``assistant.index.tokenizer``. The index is saved without its corpus: a
loaded index scores rows, and this store maps rows to chunk ids (``ids.json``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Sequence
from pathlib import Path

import bm25s
import numpy as np

from assistant.errors import IndexMissingError

log = logging.getLogger(__name__)

IDS_FILE = "ids.json"
PARAMS_FILE = "params.index.json"  # written by bm25s; its presence marks a saved index


class BM25Store:
    """A BM25 index whose rows are chunk ids."""

    def __init__(self, retriever: bm25s.BM25, ids: Sequence[str]) -> None:
        self._retriever = retriever
        self._ids = list(ids)
        self._row = {chunk_id: row for row, chunk_id in enumerate(self._ids)}
        # bm25s knows the empty token "" as a vocabulary entry; it must never score.
        self._vocab = {t: i for t, i in retriever.vocab_dict.items() if t}

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        token_lists: Sequence[Sequence[str]],
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> BM25Store:
        if len(ids) != len(token_lists):
            raise ValueError(f"{len(ids)} ids but {len(token_lists)} token lists")
        if len(set(ids)) != len(ids):
            raise ValueError("chunk ids must be unique")
        # Our own vocabulary: bm25s then skips its string handling entirely.
        vocab: dict[str, int] = {}
        corpus_ids: list[list[int]] = []
        for tokens in token_lists:
            corpus_ids.append([vocab.setdefault(t, len(vocab)) for t in tokens])
        vocab.setdefault("", len(vocab))  # keeps empty queries and empty chunks well-defined
        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        retriever.index((corpus_ids, vocab), show_progress=False, create_empty_token=False)
        return cls(retriever, ids)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(directory), show_progress=False)
        (directory / IDS_FILE).write_text(json.dumps(self._ids, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, directory: Path, *, mmap: bool = True) -> BM25Store:
        if not (directory / PARAMS_FILE).is_file() or not (directory / IDS_FILE).is_file():
            raise IndexMissingError(
                f"no BM25 index in {directory}", fix="build the index: run `tdkt index`"
            )
        retriever = bm25s.BM25.load(
            str(directory), mmap=mmap, load_corpus=False, show_progress=False
        )
        ids = json.loads((directory / IDS_FILE).read_text("utf-8"))
        return cls(retriever, ids)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def _token_ids(self, query_tokens: Sequence[str]) -> list[int]:
        return [self._vocab[t] for t in query_tokens if t in self._vocab]

    def score_all(self, query_tokens: Sequence[str]) -> np.ndarray:
        """The BM25 score of every row (zeros when no query token is in the vocabulary)."""
        token_ids = self._token_ids(query_tokens)
        if not token_ids or not self._ids:
            return np.zeros(len(self._ids), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(token_ids), dtype=np.float32)

    def search(
        self,
        query_tokens: Sequence[str],
        k: int = 10,
        *,
        allowed_ids: Collection[str] | None = None,
    ) -> list[tuple[str, float]]:
        """The best ``k`` chunks with a positive score, best first (ties by index order).

        ``allowed_ids`` restricts the search (documents in force on a date, one document …).
        """
        scores = self.score_all(query_tokens)
        if allowed_ids is not None:
            mask = np.zeros(len(self._ids), dtype=bool)
            rows = [self._row[i] for i in allowed_ids if i in self._row]
            mask[rows] = True
            scores = np.where(mask, scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if k <= 0 or positive.size == 0:
            return []
        if positive.size > k:
            top = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        else:
            top = positive
        # Stable sort on (-score, row) so equal scores come back in a reproducible order.
        order = np.lexsort((top, -scores[top]))
        return [(self._ids[r], float(scores[r])) for r in top[order]]

    def scores_for(self, query_tokens: Sequence[str], ids: Sequence[str]) -> dict[str, float]:
        """BM25 scores of the given chunks (0.0 for unknown ids), e.g. to fuse with dense hits."""
        scores = self.score_all(query_tokens)
        return {i: float(scores[self._row[i]]) if i in self._row else 0.0 for i in ids}

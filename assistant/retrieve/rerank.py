"""Optional second stage: a CrossEncoder (TDKT_RERANK_MODEL, a local folder) re-scores the top
fused hits. Off by default: no Vietnamese cross-encoder ships with the project."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from assistant.errors import ModelLoadError
from assistant.models import Hit

log = logging.getLogger(__name__)


class Reranker(Protocol):
    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]: ...


class CrossEncoderReranker:
    """Blends the cross-encoder's order with the fused order (the fused rank keeps a vote, so a
    weak model cannot throw a catalog or citation match out of the list)."""

    def __init__(self, model: str, *, blend: float = 0.5) -> None:
        path = Path(model)
        if not path.is_dir():
            raise ModelLoadError(
                f"reranker model {model!r} is not a local folder",
                fix="set TDKT_RERANK_MODEL to a folder holding a sentence-transformers CrossEncoder",
            )
        try:
            from sentence_transformers import CrossEncoder

            self._model = CrossEncoder(str(path), device="cpu")
        except Exception as exc:  # any loading failure is reported with the folder
            raise ModelLoadError(f"cannot load the reranker at {model}: {exc}") from exc
        self.blend = blend
        self.model_id = path.name

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return hits
        scores = self._model.predict([(query, h.chunk.index_text) for h in hits])
        by_model = sorted(range(len(hits)), key=lambda i: -float(scores[i]))
        model_rank = {i: r for r, i in enumerate(by_model, 1)}
        combined = [
            (self.blend / (10 + model_rank[i]) + (1 - self.blend) / (10 + i + 1), i)
            for i in range(len(hits))
        ]
        combined.sort(key=lambda x: -x[0])
        return [hits[i].model_copy(update={"score": s}) for s, i in combined]

"""Reciprocal-rank fusion of ranked lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def rrf(
    ranked: Mapping[str, Sequence[str]],
    weights: Mapping[str, float],
    *,
    k: float = 60.0,
) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Fuse ranked id lists: score(id) = Σ weight / (k + rank). Returns scores and sources."""
    scores: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for name, ids in ranked.items():
        w = weights.get(name, 1.0)
        if w <= 0:
            continue
        for rank, cid in enumerate(ids, 1):
            scores[cid] = scores.get(cid, 0.0) + w / (k + rank)
            sources.setdefault(cid, []).append(name)
    return scores, sources

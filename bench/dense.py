"""Part "dense": the embedding model's share of retrieval, on every labelled set.

* ``ours-lexical`` (search without the model), ``ours-dense-only`` (the model alone) and
  ``ours-hybrid`` (the default: both fused), beside the two baselines (rank_bm25 and LangChain's
  default RAG), on dev, train and holdouts a–d, Vietnamese and English apart: Hit@5 and MRR@10
  of the primary gold article.
* The dense list's fusion weight chosen by 5-fold cross-validation grouped by question over all
  those items (best Hit@5 + MRR@10 on the training folds, scored on the held-out fold).
* The vectors' first build (an empty cache, in a scratch folder), a rebuild with nothing changed,
  and the question embedding's p50/p95. Served memory and ask latency are in ``memory`` and
  ``latency``, run on the same default configuration.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from statistics import fmean
from typing import Any

from bench.context import BenchContext, PartResult
from bench.table import SPECS, TableSpec
from bench.timing import Bar, summarize_ms
from evals.dataset import QAItem, load_qa
from evals.metrics import hit_at_k, reciprocal_rank

log = logging.getLogger(__name__)

K = 10
WEIGHTS = (0.0, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0)
FOLDS = 5
FIRST_BUILD_BAR_S, REBUILD_BAR_S, LANG_GAP_BAR = 300.0, 5.0, 5.0


def labelled_sets(shared: Path, repo: Path) -> dict[str, list[QAItem]]:
    """The sets the weight may be chosen on: dev, train and our holdouts (no blind set)."""
    paths = [shared / "evals" / "dev.jsonl", shared / "evals" / "train.jsonl"]
    paths += sorted((repo / "evals" / "sets").glob("holdout-*.jsonl"))
    return {
        p.stem: [i for i in load_qa(p) if i.answerable and i.primary is not None]
        for p in paths
        if p.is_file()
    }


def scores(search: Callable[[str], Sequence[Any]], items: Sequence[QAItem]) -> list[dict]:
    out = []
    for item in items:
        try:
            chunks = [getattr(h, "chunk", h) for h in search(item.question)][:K]
        except Exception as exc:  # scored as a miss
            log.warning("%s: %s", item.id, exc)
            chunks = []
        out.append(
            {
                "id": item.id,
                "lang": item.lang,
                "hit5": hit_at_k(chunks, item.primary, 5, "article"),
                "mrr10": reciprocal_rank(chunks, item.primary, 10, "article"),
            }
        )
    return out


def summary(rows: Sequence[dict]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for lang in ("all", "vi", "en"):
        group = [r for r in rows if lang == "all" or r["lang"] == lang]
        out[lang] = {
            "n": len(group),
            "hit5": round(fmean(r["hit5"] for r in group), 4) if group else None,
            "mrr10": round(fmean(r["mrr10"] for r in group), 4) if group else None,
        }
    return out


def cross_validate_weight(per_weight: dict[float, list[dict]]) -> dict[str, Any]:
    """Pick the dense weight on the training folds, score it on the held-out fold."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    first = next(iter(per_weight.values()))
    ids = [r["id"] for r in first]
    chosen, held = [], []
    for train, test in GroupKFold(n_splits=FOLDS).split(np.arange(len(ids)), groups=ids):

        def fit(w: float, rows: Sequence[int] = train) -> float:
            return fmean(per_weight[w][i]["hit5"] + per_weight[w][i]["mrr10"] for i in rows)

        best = max(per_weight, key=fit)
        chosen.append(best)
        held += [per_weight[best][i] for i in test]
    return {
        "chosen": chosen,
        "cv_hybrid": summary(held),
        "lexical": summary(per_weight[0.0]),
        "by_weight": {str(w): summary(rows)["all"] for w, rows in per_weight.items()},
    }


def build_times(ctx: BenchContext) -> dict[str, Any]:
    """The pack's vectors built from nothing (scratch index and cache), then rebuilt."""
    from assistant.indexing import rebuild

    scratch = ctx.scratch / "dense-build"
    settings = ctx.settings.model_copy(update={"index_dir": scratch, "index_name": "first"})
    started = time.perf_counter()
    first = rebuild(settings)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    again = rebuild(settings)
    rebuild_s = time.perf_counter() - started
    return {
        "first_build_s": round(first_s, 1),
        "embedded": first["counts"].get("embedded"),
        "rebuild_s": round(rebuild_s, 2),
        "rebuild_embedded": again["counts"].get("embedded"),
        "vectors": again["counts"].get("chunks"),
        "model": again.get("embed_model"),
    }


def run(ctx: BenchContext) -> PartResult:
    from assistant.app.service import Assistant
    from assistant.index.embedder import get_embedder
    from evals.baselines import BaselineCorpus, BM25Baseline, LangChainBaseline

    settings = ctx.settings
    repo = Path(__file__).resolve().parents[1]
    sets = labelled_sets(settings.pack_path.parent, repo)
    notes = [
        f"{sum(map(len, sets.values()))} answerable items: "
        + ", ".join(f"{k} {len(v)}" for k, v in sets.items())
        + f"; primary gold article; k = {K}; model {settings.embed_model}",
    ]
    assistant = Assistant.open(settings)
    retriever = assistant._state.retriever
    if retriever.embedder is None or retriever.index.vectors is None:
        return PartResult(
            name="dense",
            error="the index has no vectors: run `tdkt index` with TDKT_EMBED_MODEL set",
        )
    default = retriever.config
    pack = settings.imported_pack_path if settings.imported_pack_path.is_dir() else settings.pack
    corpus = BaselineCorpus.build(pack)
    baselines: dict[str, Any] = {"bm25": BM25Baseline(corpus)}
    if not ctx.quick:
        baselines["langchain"] = LangChainBaseline(corpus, settings.indexes_path / "baselines")

    systems: dict[str, Callable[[str], Sequence[Any]]] = {
        "ours-lexical": lambda q: assistant.search(q, k=K, mode="lexical"),
        "ours-dense-only": lambda q: assistant.search(q, k=K, mode="dense"),
        "ours-hybrid": lambda q: assistant.search(q, k=K, mode="hybrid"),
        **{name: (lambda q, b=b: b.search(q, k=K)) for name, b in baselines.items()},
    }
    table: dict[str, dict[str, Any]] = {}
    for name, search in systems.items():
        table[name] = {s: summary(scores(search, items)) for s, items in sets.items()}
        every = [i for items in sets.values() for i in items]
        table[name]["all sets"] = summary(scores(search, every))

    every = [i for items in sets.values() for i in items]
    per_weight: dict[float, list[dict]] = {}
    for w in WEIGHTS:
        retriever.config = replace(default, w_dense=w) if w else replace(default, use_dense=False)
        per_weight[w] = scores(lambda q: assistant.search(q, k=K), every)
    retriever.config = default
    cv = cross_validate_weight(per_weight)

    embedder = get_embedder(settings.embed_model)
    embedder.embed_query("khởi động")  # load the model first
    times = []
    for item in every:
        started = time.perf_counter()
        embedder.embed_query(item.question)
        times.append((time.perf_counter() - started) * 1000)
    build = build_times(ctx) if not ctx.quick else {}
    assistant.close()

    hybrid = cv["cv_hybrid"]
    gap = (hybrid["vi"]["hit5"] - hybrid["en"]["hit5"]) * 100
    bars = [
        Bar(
            f"hybrid {label} − lexical (CV, points)",
            round((hybrid["all"][key] - cv["lexical"]["all"][key]) * 100, 1),
            0.0,
            "points",
            higher_is_better=True,
        )
        for key, label in (("hit5", "Hit@5"), ("mrr10", "MRR@10"))
    ]
    bars.append(Bar("Hit@5 vi − en (CV hybrid, points)", round(gap, 1), LANG_GAP_BAR, "points"))
    if build:
        bars += [
            Bar("first vector build", build["first_build_s"], FIRST_BUILD_BAR_S, "s"),
            Bar("rebuild, nothing changed", build["rebuild_s"], REBUILD_BAR_S, "s"),
        ]
    return PartResult(
        name="dense",
        data={
            "systems": table,
            "fusion_cv": cv,
            "query_embedding_ms": summarize_ms(times),
            "build": build,
        },
        bars=bars,
        notes=notes,
    )


def dense_specs(part: dict[str, Any]) -> list[TableSpec]:
    d = part["data"]
    sets = list(next(iter(d["systems"].values())))

    def cell(s: dict[str, Any]) -> str:
        return f"{s['hit5']:.3f} / {s['mrr10']:.3f}" if s["hit5"] is not None else "—"

    rows = tuple(
        (
            name,
            *(cell(per[s]["all"]) for s in sets),
            cell(per["all sets"]["vi"]),
            cell(per["all sets"]["en"]),
        )
        for name, per in d["systems"].items()
    )
    cv = d["fusion_cv"]
    cv_rows = (
        (
            "lexical",
            cell(cv["lexical"]["all"]),
            cell(cv["lexical"]["vi"]),
            cell(cv["lexical"]["en"]),
        ),
        (
            "hybrid (CV)",
            cell(cv["cv_hybrid"]["all"]),
            cell(cv["cv_hybrid"]["vi"]),
            cell(cv["cv_hybrid"]["en"]),
        ),
    )
    return [
        TableSpec(
            "Retrieval by system and set: Hit@5 / MRR@10, primary gold article",
            ("system", *sets, "vi (all sets)", "en (all sets)"),
            rows,
            tuple(part.get("notes", ())),
        ),
        TableSpec(
            f"Dense weight chosen per fold: {', '.join(map(str, cv['chosen']))}",
            ("fusion", "all", "vi", "en"),
            cv_rows,
        ),
    ]


SPECS.setdefault("dense", dense_specs)

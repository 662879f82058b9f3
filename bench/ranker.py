"""Part "ranker": the answer stage's candidate ranking, hand weights against the learned model,
cross-validated grouped by question on the training sets (``evals/train.py``), then each answer
step turned off in turn, end to end, scored by the shared scorer. Figures only: which ranker
answers is ``AnswerSteps`` (assistant/steps.py)."""

from __future__ import annotations

from typing import Any

from bench.context import BenchContext, PartResult
from bench.table import SPECS, TableSpec


def run(ctx: BenchContext) -> PartResult:
    from assistant.app.service import Assistant
    from evals.train import AS_OF, _items, collect, cross_validate, end_to_end, fit, train_sets

    shared = ctx.settings.pack_path.parent
    items = _items(train_sets(shared))
    assistant = Assistant.open(ctx.settings)
    rows = collect(assistant, items, AS_OF)
    ranking, models = cross_validate(rows)
    full = fit(rows)
    for item in items:
        models.setdefault(item["id"], full)
    e2e = end_to_end(assistant, items, models, AS_OF, shared)
    return PartResult(
        name="ranker",
        data={"ranking": ranking, "end_to_end": e2e, "questions": len({r.qid for r in rows})},
        notes=[
            "5 folds grouped by question over train, dev and holdouts a–g; the hand weights "
            "were tuned on dev and holdout-a, so their figure there is not held out",
            "end to end: every item answered with its fold's model; unanswerable items with "
            "the model fitted on all",
        ],
    )


def ranker_specs(part: dict[str, Any]) -> list[TableSpec]:
    d = part["data"]
    rows = tuple(
        (
            name,
            str(f["questions"]),
            f"{f['top1']:.3f}",
            f"{f['top1_of_reachable']:.3f}",
            f"{f['mrr']:.3f}",
        )
        for name, f in d["ranking"].items()
    )
    e2e = tuple((name, line) for name, line in d["end_to_end"].items())
    return [
        TableSpec(
            "Answer candidates: top unit in the primary gold article (cross-validated)",
            ("ranker", "questions", "top-1", "top-1 of reachable", "MRR"),
            rows,
            tuple(part["notes"]),
        ),
        TableSpec("Answer steps, end to end (cross-validated)", ("system", "scores"), e2e),
    ]


SPECS.setdefault("ranker", ranker_specs)

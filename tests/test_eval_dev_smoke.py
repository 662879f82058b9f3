"""CI smoke eval: the real assistant over a handful of dev items through the harness.

Not a quality gate (the full `make eval` is): it fails when the harness or the pipeline
breaks — the report cannot be written, a system raises, or the scores collapse to nothing.
"""

from __future__ import annotations

import json
from datetime import date

from conftest import PACK

from assistant.app.service import Assistant
from evals.dataset import load_qa
from evals.report import write_reports
from evals.runner import run_eval

DEV = PACK.parent / "evals" / "dev.jsonl"
SMOKE_IDS = {"dev-001", "dev-003", "dev-024", "dev-055", "dev-078", "dev-091"}


def test_smoke_eval_over_dev_items_writes_a_report_with_sane_scores(pack_settings, tmp_path):
    items = [i for i in load_qa(DEV) if i.id in SMOKE_IDS]
    assert len(items) == len(SMOKE_IDS)
    run = run_eval(items, {"ours": lambda: Assistant.open(pack_settings)}, as_of=date(2026, 11, 20))
    paths = write_reports(run, tmp_path)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    ours = data["systems"]["ours"]
    assert all(item["error"] is None for item in ours["items"])
    summary = ours["summary"]
    overall = summary.get("overall", summary)
    assert overall["hit5_article"] >= 0.6
    assert overall["abstention_accuracy"] == 1.0
    assert "ours" in paths["md"].read_text(encoding="utf-8")

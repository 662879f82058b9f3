"""Write an evaluation run as report.json (for machines), report.md and one self-contained
report.html (figures embedded as base64 PNG, no external assets).

report.json is the single source: the Markdown and HTML pages are rendered from it, so a saved
run can be re-rendered or compared (evals.compare) without running anything again.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from evals.metrics import ALL_METRICS
from evals.report_html import figures, render_html
from evals.report_md import render_markdown
from evals.runner import EvalRun

log = logging.getLogger(__name__)

REPORTS_ROOT = Path(__file__).resolve().parent / "reports"


def default_out_dir(root: Path = REPORTS_ROOT) -> Path:
    return root / datetime.now().strftime("%Y%m%d-%H%M%S")


# --- report.json -----------------------------------------------------------------------------


def report_data(run: EvalRun) -> dict[str, Any]:
    systems: dict[str, Any] = {}
    for s in run.systems:
        items = []
        for result, score in zip(s.results, s.scores, strict=True):
            entry = result.model_dump(mode="json")
            entry["score"] = {
                **score.retrieval,
                "key_fact_coverage": score.key_fact_coverage,
                "cited_ok": score.cited_ok,
                "cited_ok_clause": score.cited_ok_clause,
                "cited": score.cited,
                "citation_recall": score.citation_recall,
                "failed": score.failed,
            }
            items.append(entry)
        systems[s.name] = {
            "description": s.description,
            "setup_s": round(s.setup_s, 3),
            "notes": s.notes,
            "summary": s.summary,
            "items": items,
        }
    return {
        "meta": run.meta,
        "metrics": [
            {"key": m.key, "label": m.label, "higher_is_better": m.higher_is_better, "kind": m.kind}
            for m in ALL_METRICS
        ],
        "questions": [item.model_dump(mode="json") for item in run.items],
        "systems": systems,
    }


# --- shared views ----------------------------------------------------------------------------


def write_reports(run: EvalRun, out_dir: Path) -> dict[str, Path]:
    """Write report.json, report.md and report.html into ``out_dir``; return their paths."""
    return write_report_files(report_data(run), out_dir)


def write_report_files(data: dict[str, Any], out_dir: Path) -> dict[str, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": out_dir / "report.json",
        "md": out_dir / "report.md",
        "html": out_dir / "report.html",
    }
    paths["json"].write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    paths["md"].write_text(render_markdown(data), encoding="utf-8")
    paths["html"].write_text(render_html(data, figures(data)), encoding="utf-8")
    log.info("reports written to %s", out_dir)
    return paths

"""A committed baseline (evals/baseline.json) and what changed against it.

``python -m evals baseline --from DIR`` keeps only the summaries of a run (no per-item output),
so the file stays small and reviewable; ``run --compare evals/baseline.json`` lists, per system
and metric, what got better or worse.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.errors import InvalidInputError
from evals.metrics import ALL_METRICS, SPECS

log = logging.getLogger(__name__)

BASELINE_PATH = Path(__file__).resolve().parent / "baseline.json"
RATE_TOLERANCE = 0.005  # half a percentage point: one item of 92 moves a rate by 1.1 points
MS_TOLERANCE = 0.10  # latency is noisy: only a 10 % change counts

Verdict = Literal["better", "worse", "same", "new", "gone"]


def _read_json(path: Path) -> dict[str, Any]:
    path = Path(path)
    if path.is_dir():
        path = path / "report.json"
    if not path.is_file():
        raise InvalidInputError(
            f"no report found at {path}", fix="pass the output folder of `python -m evals run`"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path} is not valid JSON: {exc}") from exc


def baseline_from_report(report: dict[str, Any]) -> dict[str, Any]:
    meta = report["meta"]
    return {
        "meta": {k: meta.get(k) for k in ("qa", "qa_sha256", "items", "as_of", "k", "started")},
        "systems": {name: s["summary"] for name, s in report["systems"].items()},
    }


def write_baseline(run_dir: Path, target: Path = BASELINE_PATH) -> Path:
    baseline = baseline_from_report(_read_json(run_dir))
    target.write_text(json.dumps(baseline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log.info("baseline written to %s from %s", target, run_dir)
    return target


def load_summaries(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(summaries per system, run meta) from a baseline file, a report.json or a run folder."""
    data = _read_json(path)
    systems = data.get("systems")
    if not isinstance(systems, dict):
        raise InvalidInputError(f"{path} has no 'systems' object", fix="write it with `baseline`")
    summaries = {name: s.get("summary", s) for name, s in systems.items()}
    return summaries, data.get("meta", {})


@dataclass(frozen=True)
class Change:
    system: str
    key: str
    before: float | None
    after: float | None
    verdict: Verdict

    @property
    def label(self) -> str:
        return SPECS[self.key].label


def _verdict(key: str, before: float | None, after: float | None) -> Verdict:
    if before is None and after is None:
        return "same"
    if before is None:
        return "new"
    if after is None:
        return "gone"
    spec = SPECS[key]
    delta = after - before
    if spec.kind == "ms":
        if abs(delta) <= MS_TOLERANCE * max(abs(before), 1e-9):
            return "same"
    elif abs(delta) <= (0 if spec.kind == "count" else RATE_TOLERANCE):
        return "same"
    return "better" if (delta > 0) == spec.higher_is_better else "worse"


def compare(current: dict[str, Any], baseline: dict[str, Any]) -> list[Change]:
    """Per system present in either, per metric: before, after and a verdict (overall only)."""
    changes = []
    names = list(current) + [n for n in baseline if n not in current]
    for name in names:
        before = (baseline.get(name) or {}).get("overall", {})
        after = (current.get(name) or {}).get("overall", {})
        for spec in ALL_METRICS:
            b, a = before.get(spec.key), after.get(spec.key)
            changes.append(Change(name, spec.key, b, a, _verdict(spec.key, b, a)))
    return changes


def warn_if_different_set(current_meta: dict[str, Any], baseline_meta: dict[str, Any]) -> None:
    if baseline_meta.get("qa_sha256") and current_meta.get("qa_sha256") != baseline_meta.get(
        "qa_sha256"
    ):
        log.warning(
            "the baseline was measured on a different Q&A file (%s); differences mix set and "
            "system changes",
            baseline_meta.get("qa"),
        )

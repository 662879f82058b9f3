"""The labelled checker set: plans with what a reviewer finds in them (``bench/checker/``,
format in its GUIDE.md), and the checker's precision and recall against those labels.

A finding is right when it matches a label's ``expected`` or ``acceptable`` entry: the same
code, on a line within ``LINE_SLACK`` of the labelled one (or anywhere when the label gives
none). Precision is right findings over all findings; recall is matched ``expected`` entries
over all of them. A finding that matches a ``must_not`` entry is also counted as a named false
alarm. A label ``{"not_a_plan": true}`` expects the checker to refuse the text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT

SET_DIR = PROJECT_ROOT / "bench" / "checker"
LINE_SLACK = 3  # a finding may sit on a neighbouring line of the one labelled (a wrapped căn cứ)


@dataclass(frozen=True)
class PlanLabel:
    plan: str  # file name
    source: str
    path: Path  # the plan file
    expected: tuple[dict[str, Any], ...] = ()
    acceptable: tuple[dict[str, Any], ...] = ()
    must_not: tuple[dict[str, Any], ...] = ()
    not_a_plan: bool = False


@dataclass
class PlanScore:
    plan: str
    source: str
    findings: int = 0
    right: int = 0
    expected: int = 0
    found: int = 0
    false_alarms_named: int = 0
    refused: bool = False
    refusal_right: bool | None = None
    missed: list[str] = field(default_factory=list)  # "code@line" of expected entries not found
    wrong: list[str] = field(default_factory=list)  # "code@line" of findings matching no label

    @property
    def precision(self) -> float | None:
        return self.right / self.findings if self.findings else None

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None


def load_labels(folder: Path = SET_DIR, shared_plans: Path | None = None) -> list[PlanLabel]:
    """The labels of the set, each with its plan file (``plans/`` of the set, else the shared
    pack's plans folder). A label whose plan is missing is left out (the pack not beside it)."""
    if shared_plans is None:
        from assistant.config import get_settings

        shared_plans = get_settings().pack_path / "plans"
    out = []
    for path in sorted((folder / "labels").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data["plan"]
        plan = next(
            (p for p in (folder / "plans" / name, shared_plans / name) if p.is_file()), None
        )
        if plan is None:
            continue
        out.append(
            PlanLabel(
                plan=name,
                source=str(data.get("source", "")),
                path=plan,
                expected=tuple(data.get("expected") or ()),
                acceptable=tuple(data.get("acceptable") or ()),
                must_not=tuple(data.get("must_not") or ()),
                not_a_plan=bool(data.get("not_a_plan", False)),
            )
        )
    return out


def _matches(entry: dict[str, Any], code: str, line: int | None) -> bool:
    if entry.get("code") != code:
        return False
    want = entry.get("line")
    return want is None or line is None or abs(int(want) - line) <= LINE_SLACK


def score_findings(label: PlanLabel, findings: list[tuple[str, int | None]]) -> PlanScore:
    """Score (code, line) findings against a label."""
    score = PlanScore(label.plan, label.source, findings=len(findings))
    score.expected = len(label.expected)
    unmatched = list(range(len(label.expected)))
    for code, line in findings:
        hit = next((i for i in unmatched if _matches(label.expected[i], code, line)), None)
        if hit is not None:
            unmatched.remove(hit)
            score.right += 1
            score.found += 1
        elif any(_matches(e, code, line) for e in (*label.expected, *label.acceptable)):
            score.right += 1  # a second finding of a labelled problem, or an acceptable note
        else:
            score.wrong.append(f"{code}@{line}")
        if any(_matches(e, code, line) for e in label.must_not):
            score.false_alarms_named += 1
    score.missed = [
        f"{label.expected[i]['code']}@{label.expected[i].get('line')}" for i in unmatched
    ]
    return score


def score_plan(label: PlanLabel, registry=None) -> PlanScore:
    """Run the checker on the label's plan as a user would (its own date) and score it."""
    from assistant.draft import check_plan_file
    from assistant.errors import NotAPlanError

    try:
        report = check_plan_file(label.path, registry=registry)
    except NotAPlanError:
        score = PlanScore(label.plan, label.source, refused=True)
        score.refusal_right = label.not_a_plan
        return score
    findings = [(f.code, f.location.line) for f in report.findings]
    score = score_findings(label, findings)
    if label.not_a_plan:
        score.refusal_right = False
    return score


def totals(scores: list[PlanScore]) -> dict[str, Any]:
    findings = sum(s.findings for s in scores)
    expected = sum(s.expected for s in scores)
    right = sum(s.right for s in scores)
    found = sum(s.found for s in scores)
    return {
        "plans": len(scores),
        "findings": findings,
        "right": right,
        "expected": expected,
        "found": found,
        "precision": round(right / findings, 3) if findings else None,
        "recall": round(found / expected, 3) if expected else None,
        "false_alarms_named": sum(s.false_alarms_named for s in scores),
        "refusals_right": sum(1 for s in scores if s.refusal_right),
        "refusals_expected": sum(1 for s in scores if s.refusal_right is not None),
    }

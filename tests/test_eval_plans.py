"""Scoring the plan checker against a reviewer's labels (evals/plans.py)."""

from __future__ import annotations

import json
from pathlib import Path

from evals.plans import PlanLabel, load_labels, score_findings, totals


def _label(**kw) -> PlanLabel:
    return PlanLabel(plan="kh.txt", source="written by us", path=Path("kh.txt"), **kw)


def test_a_finding_on_a_labelled_line_is_right_and_one_elsewhere_is_not():
    label = _label(
        expected=({"code": "appendix-missing", "line": 20},),
        acceptable=({"code": "missing-basis", "line": None},),
        must_not=({"code": "authority-abolished", "line": 12},),
    )
    score = score_findings(
        label,
        [
            ("appendix-missing", 22),  # within three lines of the label
            ("missing-basis", 7),  # acceptable anywhere
            ("authority-abolished", 12),  # a false alarm the reviewer named
            ("deadline-order", 40),  # not labelled at all
        ],
    )
    assert (score.findings, score.right, score.found, score.expected) == (4, 2, 1, 1)
    assert score.precision == 0.5 and score.recall == 1.0
    assert score.false_alarms_named == 1
    assert score.wrong == ["authority-abolished@12", "deadline-order@40"]


def test_an_expected_problem_not_found_is_a_miss_and_a_far_line_does_not_count():
    label = _label(expected=({"code": "period-inconsistent", "line": 30},))
    score = score_findings(label, [("period-inconsistent", 50)])
    assert score.found == 0 and score.recall == 0.0 and score.missed == ["period-inconsistent@30"]
    assert score.precision == 0.0


def test_totals_add_up_over_plans():
    a = score_findings(_label(expected=({"code": "x", "line": 1},)), [("x", 1)])
    b = score_findings(_label(expected=({"code": "y", "line": 5},)), [("z", 9)])
    t = totals([a, b])
    assert (t["findings"], t["right"], t["expected"], t["found"]) == (2, 1, 2, 1)
    assert t["precision"] == 0.5 and t["recall"] == 0.5


def test_labels_are_read_with_their_plan_file_and_a_label_without_its_plan_is_left_out(tmp_path):
    (tmp_path / "labels").mkdir()
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.txt").write_text("KẾ HOẠCH\n", encoding="utf-8")
    for name in ("a", "b"):
        (tmp_path / "labels" / f"{name}.json").write_text(
            json.dumps({"plan": f"{name}.txt", "source": "written by us", "expected": []}),
            encoding="utf-8",
        )
    labels = load_labels(tmp_path, shared_plans=tmp_path / "nowhere")
    assert [label.plan for label in labels] == ["a.txt"]
    assert labels[0].path == tmp_path / "plans" / "a.txt"

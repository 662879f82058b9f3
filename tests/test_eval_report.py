"""The runner and the reports on fake systems over five hand-written Q&A items."""

from __future__ import annotations

import json
import re

import pytest

from evals.compare import compare, load_summaries, write_baseline
from evals.dataset import parse_lines
from evals.fakes import GoldReplay, Misleading
from evals.report import write_reports
from evals.runner import run_eval

QA = [
    {
        "id": "t-001",
        "question": "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh gồm những gì?",
        "lang": "vi",
        "type": "procedure",
        "gold": [
            {"doc": "06/2022/QH15", "article": 84, "clause": 2, "point": None},
            {"doc": "06/2022/QH15", "article": 74, "clause": None, "point": None},
        ],
        "key_facts": ["Biên bản xét khen thưởng", "Báo cáo thành tích"],
        "reference_answer": "Tờ trình, báo cáo thành tích, biên bản xét khen thưởng.",
        "answerable": True,
    },
    {
        "id": "t-002",
        "question": "When does the Bac Ninh decision take effect?",
        "lang": "en",
        "type": "temporal",
        "gold": [{"doc": "86/2025/QĐ-UBND", "article": 2, "part": "quyet-dinh"}],
        "key_facts": ["15 tháng 12 năm 2025"],
        "reference_answer": "From 15/12/2025.",
        "answerable": True,
    },
    {
        "id": "t-003",
        "question": "Kế hoạch giao ai tổng hợp kết quả phong trào?",
        "lang": "vi",
        "type": "plan",
        "gold": [{"doc": "000_e8477a02aad63870", "section": "IV.2"}],
        "key_facts": ["Phòng Nội vụ"],
        "reference_answer": "Phòng Nội vụ tổng hợp.",
        "answerable": True,
    },
    {
        "id": "t-004",
        "question": "Số, ký hiệu của văn bản trình bày thế nào?",
        "lang": "vi",
        "type": "format",
        "gold": [{"doc": "30/2020/NĐ-CP", "appendix": "I", "section": "Phần I.II.3"}],
        "key_facts": ["chữ in hoa"],
        "reference_answer": "Viết bằng chữ in hoa.",
        "answerable": True,
    },
    {
        "id": "t-005",
        "question": "Mức thưởng kèm Giấy khen của phường năm 2026 là bao nhiêu đồng?",
        "lang": "vi",
        "type": "unanswerable",
        "gold": [],
        "key_facts": [],
        "reference_answer": "Bộ văn bản không nêu mức lương cơ sở.",
        "answerable": False,
    },
]


@pytest.fixture(scope="module")
def items():
    return parse_lines([json.dumps(q, ensure_ascii=False) for q in QA])


@pytest.fixture(scope="module")
def run(items):
    return run_eval(
        items,
        {"perfect": lambda: GoldReplay(items), "broken": lambda: Misleading(items, fail_every=5)},
    )


@pytest.fixture(scope="module")
def written(run, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = write_reports(run, out)
    return out, paths, json.loads(paths["json"].read_text(encoding="utf-8"))


def overall(data, system):
    return data["systems"][system]["summary"]["overall"]


def test_report_files_are_written(written):
    out, paths, _ = written
    assert {p.name for p in out.iterdir()} >= {"report.json", "report.md", "report.html"}
    assert all(p.stat().st_size > 0 for p in paths.values())


def test_perfect_system_scores_one_and_broken_system_scores_zero(written):
    _, _, data = written
    perfect, broken = overall(data, "perfect"), overall(data, "broken")
    for key in ("hit1_clause", "hit5_article", "mrr10_article", "ndcg10_clause", "recall10_clause"):
        assert perfect[key] == pytest.approx(1.0), key
        assert broken[key] == 0.0, key
    assert perfect["key_fact_coverage"] == 1.0 and broken["key_fact_coverage"] == 0.0
    assert perfect["citation_precision"] == 1.0 and broken["citation_precision"] == 0.0
    assert perfect["abstention_accuracy"] == 1.0 and broken["abstention_accuracy"] == 0.0
    assert perfect["false_refusal_rate"] == 0.0


def test_a_system_that_raises_is_reported_not_fatal(written):
    _, _, data = written
    assert overall(data, "broken")["errors"] == 1
    errored = [e for e in data["systems"]["broken"]["items"] if e["error"]]
    assert [e["id"] for e in errored] == ["t-005"]
    assert "fake failure on question 5" in errored[0]["error"]


def test_breakdowns_by_type_and_language_are_in_the_json(written):
    _, _, data = written
    summary = data["systems"]["perfect"]["summary"]
    assert set(summary["by_type"]) == {"procedure", "temporal", "plan", "format", "unanswerable"}
    assert summary["by_lang"]["en"]["hit1_clause"] == 1.0
    assert data["systems"]["broken"]["summary"]["by_lang"]["en"]["hit1_clause"] == 0.0


def test_markdown_has_both_systems_side_by_side_and_lists_failures(written):
    _, paths, _ = written
    md = paths["md"].read_text(encoding="utf-8")
    assert re.search(r"^\| metric \| perfect \| broken \|$", md, re.M)
    assert re.search(r"^\| Hit@1 \(article\) \| \*\*100\.0 %\*\* \| 0\.0 % \|$", md, re.M)
    assert "### perfect: 0 of 5 items" in md
    assert "### broken: 5 of 5 items" in md
    assert "Kế hoạch giao ai tổng hợp kết quả phong trào?" in md
    assert "000_e8477a02aad63870 §IV.2" in md  # the expected gold of a failed item
    assert "✗ “Phòng Nội vụ”" in md  # the missing key fact
    assert "fake failure on question 5" in md


def test_html_is_one_self_contained_page_with_embedded_plots(written):
    _, paths, _ = written
    page = paths["html"].read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 4
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)
    assert "<link" not in page and "<script" not in page
    assert "Số, ký hiệu của văn bản trình bày thế nào?" in page
    assert "<details>" in page


def test_baseline_keeps_summaries_and_compare_names_what_got_worse(written, run, tmp_path):
    out, _, data = written
    target = write_baseline(out, tmp_path / "baseline.json")
    baseline = json.loads(target.read_text(encoding="utf-8"))
    assert "items" not in baseline["systems"]["perfect"]  # summaries only, no per-item output
    before, meta = load_summaries(target)
    assert meta["items"] == 5
    # Pretend the perfect system regressed to the broken one's numbers.
    changes = compare({"perfect": data["systems"]["broken"]["summary"]}, before)
    verdicts = {(c.system, c.key): c.verdict for c in changes}
    assert verdicts[("perfect", "hit1_article")] == "worse"
    assert verdicts[("perfect", "false_refusal_rate")] == "same"
    assert verdicts[("perfect", "errors")] == "worse"
    assert verdicts[("broken", "hit1_article")] == "gone"
    improved = compare(before, {"perfect": data["systems"]["broken"]["summary"]})
    assert {(c.system, c.key): c.verdict for c in improved}[("perfect", "mrr10_clause")] == "better"

"""The bench's pure parts (summaries, bars, retrieval scoring, tables) on hand-made cases, and
`python -m bench --quick --only retrieval` end to end on a few dev items of the real pack.

Nothing here asserts on a duration: timings are the bench's output, not a test condition.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# bench/ is run from the repository (`python -m bench`), not installed with the package.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant.errors import InvalidInputError  # noqa: E402
from assistant.models import Chunk  # noqa: E402
from bench.__main__ import selected_parts  # noqa: E402
from bench.context import settings_env  # noqa: E402
from bench.latency import query_count  # noqa: E402
from bench.processes import proc_cpu_seconds, proc_memory  # noqa: E402
from bench.retrieval import aggregate, item_scores  # noqa: E402
from bench.table import (  # noqa: E402
    TableSpec,
    bars_spec,
    fmt_bytes,
    fmt_ms,
    retrieval_specs,
    to_markdown,
)
from bench.timing import Bar, summarize_ms  # noqa: E402
from evals.dataset import Gold, load_qa  # noqa: E402

DEV = REPO.parent / "shared" / "evals" / "dev.jsonl"


def _chunk(article: int, clause: int | None, doc: str = "06/2022/QH15") -> Chunk:
    pid = f"x/dieu-{article}" + (f"/khoan-{clause}" if clause else "")
    return Chunk(id=pid, doc_id=doc, provision_id=pid, text="…", article=article, clause=clause)


def test_latency_summary_gives_interpolated_percentiles_of_the_calls():
    summary = summarize_ms(float(v) for v in range(1, 101))
    assert summary["n"] == 100
    assert summary["p50"] == pytest.approx(50.5)
    assert summary["p95"] == pytest.approx(95.05)
    assert summary["max"] == 100.0
    assert summarize_ms([])["p95"] is None


def test_bar_passes_at_its_limit_and_is_unjudged_without_a_value():
    assert Bar("search p95", 20.0, 20.0, "ms").ok is True
    assert Bar("search p95", 20.5, 20.0, "ms").ok is False
    assert Bar("Hit@5", 0.94, 0.95, "rate", higher_is_better=True).ok is False
    assert Bar("ask p95", None, 50.0, "ms").ok is None


def test_warm_latency_runs_whole_passes_over_the_questions():
    assert query_count(92, 200) == 276  # three passes: every question weighs the same
    assert query_count(300, 200) == 300
    assert query_count(0, 200) == 0


def test_retrieval_scores_the_right_article_at_the_wrong_clause_as_an_article_hit_only():
    gold = Gold(doc="06/2022/QH15", article=84, clause=2)
    scores = item_scores([_chunk(84, 3), _chunk(84, 2), _chunk(24, None)], gold)
    assert scores["hit1_article"] == 1.0
    assert scores["hit1_clause"] == 0.0
    assert scores["hit5_clause"] == 1.0
    assert scores["mrr10_clause"] == 0.5


def test_retrieval_aggregate_splits_by_language():
    hit = {
        k: 1.0
        for k in (
            "hit1_article",
            "hit5_article",
            "mrr10_article",
            "hit1_clause",
            "hit5_clause",
            "mrr10_clause",
        )
    }
    miss = dict.fromkeys(hit, 0.0)
    result = aggregate([("vi", hit), ("vi", hit), ("en", miss)])
    assert result["overall"]["hit5_article"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["by_lang"]["vi"]["hit5_article"] == 1.0
    assert result["by_lang"]["en"]["items"] == 1


def test_retrieval_table_shows_why_a_system_was_not_run():
    part = {
        "notes": [],
        "data": {
            "systems": {
                "ours+rerank": {"label": "rerank", "skipped": "no model"},
            }
        },
    }
    (spec,) = retrieval_specs(part)
    assert spec.rows[0][0] == "ours+rerank"
    assert spec.rows[0][-1] == "no model"
    assert len(spec.rows[0]) == len(spec.columns)


def test_bars_table_marks_pass_fail_and_not_measured():
    parts = {
        "latency": {
            "bars": [
                Bar("search p95 warm", 3.2, 20.0, "ms").to_json(),
                Bar("ask p95 warm", None, 50.0, "ms").to_json(),
            ]
        },
        "memory": {"bars": [Bar("peak RSS", 2 * 1024**3, 1024**3, "bytes").to_json()]},
    }
    verdicts = [row[-1] for row in bars_spec(parts).rows]
    assert verdicts == ["PASS", "not measured", "FAIL"]


def test_markdown_table_escapes_pipes_and_right_aligns_figures():
    spec = TableSpec("T", ("system", "value"), (("a|b", "1.0"),), ("note",))
    text = to_markdown(spec)
    assert "| a\\|b | 1.0 |" in text
    assert "|---|---:|" in text
    assert text.rstrip().endswith("- note")


def test_cells_format_sizes_and_durations_readably():
    assert fmt_bytes(1024**3) == "1.00 GiB"
    assert fmt_bytes(177 * 1024**2) == "177 MiB"
    assert fmt_ms(3.14159) == "3.14"
    assert fmt_ms(1455.4) == "1455"
    assert fmt_ms(None) == "—"


def test_unknown_part_is_refused_with_the_list_of_parts():
    assert selected_parts("api,build") == ["build", "api"]
    with pytest.raises(InvalidInputError, match="choose from"):
        selected_parts("speed")


def test_process_memory_and_cpu_are_read_from_proc():
    if not Path("/proc/self/status").exists():
        pytest.skip("needs Linux /proc")
    memory = proc_memory("self")
    assert memory["rss_bytes"] and memory["rss_bytes"] > 0
    assert memory["peak_rss_bytes"] >= memory["rss_bytes"]
    assert proc_cpu_seconds("self") > 0


def test_quick_retrieval_bench_runs_on_a_few_dev_items(pack_settings, tmp_path):
    if not DEV.is_file():
        pytest.skip(f"dev set not found at {DEV}")
    out = tmp_path / "latest.json"
    env = {**os.environ, **settings_env(pack_settings)}
    env.pop("TDKT_RERANK_MODEL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "retrieval", "--limit", "6"]
        + ["--qa", str(DEV), "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    systems = data["parts"]["retrieval"]["data"]["systems"]
    answerable = sum(1 for item in load_qa(DEV, limit=6) if item.answerable)
    assert systems["ours"]["overall"]["items"] == answerable
    assert 0.0 <= systems["ours"]["overall"]["mrr10_article"] <= 1.0
    assert systems["bm25"]["overall"]["items"] == systems["ours"]["overall"]["items"]
    assert systems["langchain"]["skipped"] == "skipped (--quick)"
    assert "Retrieval on the dev set" in proc.stdout

"""Metrics on hand-made rankings and answers, and the Q&A set that feeds them."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from evals.dataset import Gold, QAItem, load_qa, parse_lines
from evals.fakes import GoldReplay
from evals.metrics import (
    aggregate,
    citation_counts,
    citation_recall,
    hit_at_k,
    key_fact_coverage,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reciprocal_rank,
    score_item,
    summarize,
)
from evals.records import CitationRecord, HitRecord, ItemResult
from evals.runner import run_item

LAW = "06/2022/QH15"
A84K2 = Gold(doc=LAW, article=84, clause=2)
A84K6 = Gold(doc=LAW, article=84, clause=6)
A74 = Gold(doc=LAW, article=74)
D59 = Gold(doc="129/2025/NĐ-CP", article=59)


def hit(doc: str = LAW, **coords) -> HitRecord:
    return HitRecord(doc=doc, **coords)


OTHER = hit(article=1)


# --- retrieval -------------------------------------------------------------------------------


def test_hit_at_1_only_counts_the_first_hit():
    ranked = [OTHER, hit(article=84, clause=2)]
    assert hit_at_k(ranked, A84K2, 1) == 0.0
    assert hit_at_k(ranked, A84K2, 5) == 1.0


def test_hit_at_5_ignores_a_match_at_rank_6():
    ranked = [OTHER] * 5 + [hit(article=84, clause=2)]
    assert hit_at_k(ranked, A84K2, 5) == 0.0
    assert hit_at_k(ranked, A84K2, 10) == 1.0


def test_reciprocal_rank_is_one_over_the_first_matching_rank():
    ranked = [OTHER, hit(article=84, clause=3), hit(article=84, clause=2)]
    assert reciprocal_rank(ranked, A84K2, 10, "clause") == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, A84K2, 10, "article") == pytest.approx(1 / 2)
    assert reciprocal_rank([OTHER] * 10 + [hit(article=84)], A84K2, 10) == 0.0


def test_recall_counts_distinct_gold_citations_found_in_top_k():
    golds = [A84K2, A84K6, A74, D59]
    ranked = [hit(article=84, clause=2), hit(article=74, clause=1), OTHER, OTHER, OTHER, D59]
    assert recall_at_k(ranked, golds, 5, "clause") == pytest.approx(2 / 4)
    assert recall_at_k(ranked, golds, 10, "clause") == pytest.approx(3 / 4)
    # at article level 84 k2 and 84 k6 are one gold article: 74, 84 found of 3 within top 5
    assert recall_at_k(ranked, golds, 5, "article") == pytest.approx(2 / 3)


def test_ndcg_is_one_for_the_ideal_order_and_hand_computed_otherwise():
    golds = [A84K2, A74]
    assert ndcg_at_k([hit(article=84, clause=2), hit(article=74)], golds) == pytest.approx(1.0)
    ranked = [OTHER, hit(article=84, clause=2), hit(article=74)]
    expected = (1 / math.log2(3) + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(ranked, golds) == pytest.approx(expected)


def test_ndcg_counts_each_gold_once_so_repeated_clauses_cannot_exceed_one():
    ranked = [hit(article=84, clause=c) for c in (1, 2, 3, 4)]
    assert ndcg_at_k(ranked, [Gold(doc=LAW, article=84)], 10) == pytest.approx(1.0)
    assert ndcg_at_k(ranked, [A84K2, A74], 10) < 1.0


def test_ndcg_is_zero_when_nothing_relevant_is_retrieved():
    assert ndcg_at_k([OTHER] * 10, [A84K2]) == 0.0


# --- answers ---------------------------------------------------------------------------------


def test_key_facts_are_found_case_insensitively_across_line_breaks():
    answer = "Tập thể được tặng khi có 02  lần\nliên tục được tặng Cờ thi đua; tỷ lệ 70%."
    facts = ["02 lần liên tục", "CỜ THI ĐUA", "70%", "10/12"]
    assert key_fact_coverage(answer, facts) == pytest.approx(3 / 4)


def test_dates_must_be_written_as_in_the_key_fact():
    assert key_fact_coverage("hạn chót ngày 10 tháng 12", ["10/12"]) == 0.0
    assert key_fact_coverage("hạn chót ngày 10/12", ["10/12"]) == 1.0


def test_items_without_key_facts_are_not_scored_for_them():
    assert key_fact_coverage("anything", []) is None


def test_citation_precision_counts_shown_citations_matching_any_gold_article():
    golds = [A84K2, A74]
    cited = [hit(article=84, clause=5), hit(article=74), hit(article=85)]
    assert citation_counts(cited, golds, "article") == (2, 3)
    assert citation_counts(cited, golds, "clause") == (1, 3)


def test_citation_recall_is_the_share_of_gold_articles_shown():
    golds = [A84K2, A84K6, A74, D59]
    assert citation_recall([hit(article=84, clause=6)], golds) == pytest.approx(1 / 3)
    assert citation_recall([], []) is None


def test_percentiles_interpolate_like_numpy():
    values = [float(v) for v in range(1, 11)]
    assert percentile(values, 50) == pytest.approx(5.5)
    assert percentile(values, 95) == pytest.approx(9.55)
    assert percentile([], 50) is None


# --- per item and aggregates -----------------------------------------------------------------


def item(id_: str, *, answerable: bool = True, type_: str = "procedure", lang: str = "vi"):
    return QAItem(
        id=id_,
        question=f"q {id_}",
        lang=lang,
        type=type_,
        gold=(A84K2, A74) if answerable else (),
        key_facts=("Biên bản xét khen thưởng",) if answerable else (),
        answerable=answerable,
    )


def result(id_: str, hits=(), answer="", abstained=False, citations=(), ms=10.0) -> ItemResult:
    return ItemResult(
        id=id_,
        hits=tuple(hits),
        answer=answer,
        abstained=abstained,
        citations=tuple(
            CitationRecord(**h.model_dump(exclude={"score", "excerpt"})) for h in citations
        ),
        search_ms=ms,
        ask_ms=ms * 2,
    )


def test_aggregate_separates_answerable_and_unanswerable_items():
    good = hit(article=84, clause=2)
    scores = [
        score_item(
            item("a"), result("a", [good], "… Biên bản xét khen thưởng …", citations=[good])
        ),
        score_item(
            item("b"), result("b", [OTHER, good], "nothing", abstained=True, citations=[OTHER])
        ),
        score_item(
            item("u", answerable=False, type_="unanswerable"), result("u", [OTHER], abstained=True)
        ),
        score_item(
            item("v", answerable=False, type_="unanswerable"), result("v", [OTHER], "5 triệu")
        ),
    ]
    agg = aggregate(scores)
    assert agg["hit1_article"] == pytest.approx(0.5)  # unanswerable items are not retrieval-scored
    assert agg["mrr10_clause"] == pytest.approx((1 + 1 / 2) / 2)
    assert agg["key_fact_coverage"] == pytest.approx(0.5)
    assert agg["citation_precision"] == pytest.approx(1 / 2)  # micro: 1 good of 2 shown
    assert agg["abstention_accuracy"] == pytest.approx(0.5)
    assert agg["false_refusal_rate"] == pytest.approx(0.5)
    assert agg["items"] == 4 and agg["errors"] == 0


def test_failed_item_flags_what_a_user_would_notice():
    good = hit(article=84, clause=2)
    perfect = score_item(
        item("a"), result("a", [good], "Biên bản xét khen thưởng", citations=[good])
    )
    refused = score_item(item("a"), result("a", [good], "Biên bản xét khen thưởng", abstained=True))
    invented = score_item(item("u", answerable=False), result("u", [], "5.000.000 đồng"))
    extra = score_item(
        item("a"), result("a", [good], "Biên bản xét khen thưởng", citations=[good, OTHER])
    )
    assert not perfect.failed
    assert not extra.failed  # a supporting citation outside the gold set is not a failure
    assert refused.failed and invented.failed


def test_latency_percentiles_come_from_the_runner_timings():
    scores = [score_item(item(f"i{n}"), result(f"i{n}", ms=float(n))) for n in range(1, 11)]
    agg = aggregate(scores)
    assert agg["search_p50_ms"] == pytest.approx(5.5)
    assert agg["ask_p95_ms"] == pytest.approx(19.1)


def test_summary_breaks_down_by_type_and_language():
    good = hit(article=84, clause=2)
    scores = [
        score_item(item("a", type_="procedure", lang="vi"), result("a", [good])),
        score_item(item("b", type_="criteria", lang="en"), result("b", [OTHER])),
    ]
    summary = summarize(scores)
    assert summary["by_type"]["procedure"]["hit1_clause"] == 1.0
    assert summary["by_type"]["criteria"]["hit1_clause"] == 0.0
    assert summary["by_lang"]["en"]["hit1_clause"] == 0.0
    assert summary["overall"]["hit1_clause"] == 0.5


# --- the Q&A set -----------------------------------------------------------------------------


def test_malformed_lines_are_reported_with_their_line_numbers():
    good = json.dumps(item("ok").model_dump(mode="json"), ensure_ascii=False)
    lines = [
        good,
        "",
        "{not json",
        json.dumps({"id": "x", "question": "q", "lang": "fr", "type": "t", "answerable": False}),
        json.dumps({"id": "y", "question": "q", "lang": "vi", "type": "t", "gold": [{"doc": "D"}]}),
        good,
    ]
    with pytest.raises(InvalidInputError) as error:
        parse_lines(lines, source="set.jsonl")
    message = str(error.value)
    assert "line 3: not valid JSON" in message
    assert "line 4 (id 'x'): lang" in message
    assert "line 5 (id 'y')" in message and "neither an 'article' nor a 'section'" in message
    assert "line 6: id 'ok' already used on line 1" in message


def test_answerable_item_without_gold_is_rejected():
    line = json.dumps({"id": "z", "question": "q", "lang": "vi", "type": "t", "gold": []})
    with pytest.raises(InvalidInputError, match="line 1 .*no gold citation"):
        parse_lines([line])


def test_missing_file_says_which_path(tmp_path):
    with pytest.raises(InvalidInputError, match="nowhere.jsonl"):
        load_qa(tmp_path / "nowhere.jsonl")


@pytest.fixture(scope="module")
def dev_set(pack_dir: Path) -> Path:
    path = pack_dir.parent / "evals" / "dev.jsonl"
    if not path.is_file():
        pytest.skip(f"dev Q&A set not found at {path}")
    return path


def test_dev_set_loads_with_the_counts_its_readme_states(dev_set):
    items = load_qa(dev_set)
    assert len(items) == 92
    assert sum(i.answerable for i in items) == 86
    assert sum(i.lang == "en" for i in items) == 13
    assert any(g.part == "quyet-dinh" for i in items for g in i.gold)
    assert any(g.appendix == "I" and g.section for i in items for g in i.gold)


def test_every_dev_gold_citation_matches_itself_so_a_perfect_system_scores_one(dev_set):
    items = load_qa(dev_set)
    oracle = GoldReplay(items)
    scores = [score_item(i, run_item(oracle, i, as_of=None, k=10)) for i in items]
    agg = aggregate(scores)
    for key in ("hit1_clause", "mrr10_clause", "ndcg10_clause", "recall10_clause"):
        assert agg[key] == pytest.approx(1.0), key
    assert agg["key_fact_coverage"] == 1.0
    assert agg["citation_precision_clause"] == 1.0
    assert agg["abstention_accuracy"] == 1.0 and agg["false_refusal_rate"] == 0.0

"""Retrieval over the real pack: canonical questions find their clause, for the right date."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import run_cli

from assistant.retrieve.retriever import RetrieverConfig, diversify

TODAY = date(2026, 11, 20)


def _coords(hits, n=5):
    return [(h.chunk.doc_id, h.chunk.article, h.chunk.clause) for h in hits[:n]]


def test_dossier_for_provincial_certificate_of_merit_finds_article_84_clause_2(assistant):
    hits = assistant.search(
        "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh gồm những gì?", as_of=TODAY
    )
    assert ("06/2022/QH15", 84, 2) in _coords(hits, 3)


def test_english_dossier_question_finds_article_84(assistant):
    hits = assistant.search(
        "What documents go into the nomination file for a provincial certificate of merit?",
        as_of=TODAY,
    )
    assert any(d == "06/2022/QH15" and a == 84 for d, a, _ in _coords(hits))


def test_question_without_diacritics_finds_the_same_clause(assistant):
    hits = assistant.search("ho so de nghi tang bang khen cap tinh gom nhung gi", as_of=TODAY)
    assert ("06/2022/QH15", 84, 2) in _coords(hits)


def test_advanced_worker_criteria_find_article_24(assistant):
    hits = assistant.search("Tiêu chuẩn danh hiệu Lao động tiên tiến là gì?", as_of=TODAY)
    assert ("06/2022/QH15", 24) in [(d, a) for d, a, _ in _coords(hits, 3)]


def test_who_grants_giay_khen_after_2025_finds_decree_129_and_article_80(assistant):
    hits = assistant.search(
        "Sau khi bỏ cấp huyện, ai có thẩm quyền tặng Giấy khen?", as_of=date(2025, 9, 1), k=10
    )
    found = {(h.chunk.doc_id, h.chunk.article) for h in hits}
    assert ("129/2025/NĐ-CP", 59) in found
    assert ("06/2022/QH15", 80) in found


def test_before_2024_the_old_law_is_in_force_and_the_new_one_is_not(assistant):
    hits = assistant.search("Tiêu chuẩn danh hiệu Lao động tiên tiến", as_of=date(2023, 6, 1), k=10)
    by_doc = {h.chunk.doc_id: h for h in hits}
    assert "16/VBHN-VPQH" in by_doc and by_doc["16/VBHN-VPQH"].in_force
    if "06/2022/QH15" in by_doc:
        assert not by_doc["06/2022/QH15"].in_force
        first_old = next(i for i, h in enumerate(hits) if h.chunk.doc_id == "16/VBHN-VPQH")
        first_new = next(i for i, h in enumerate(hits) if h.chunk.doc_id == "06/2022/QH15")
        assert first_old < first_new


def test_after_2024_the_replaced_law_is_marked_not_in_force(assistant):
    hits = assistant.search("Lao động tiên tiến luật 2003 tiêu chuẩn", as_of=TODAY, k=20)
    old = [h for h in hits if h.chunk.doc_id == "16/VBHN-VPQH"]
    assert old and not any(h.in_force for h in old)


def test_explicit_citation_in_question_is_looked_up_directly(assistant):
    hits = assistant.search("Khoản 5 Điều 84 quy định gì?", as_of=TODAY)
    assert _coords(hits, 1) == [("06/2022/QH15", 84, 5)]


def test_plan_question_naming_the_ward_finds_that_plan(assistant):
    hits = assistant.search(
        "Phường Vĩnh Tuy giao bộ phận nào làm thường trực Hội đồng thi đua?", as_of=TODAY
    )
    assert hits[0].chunk.doc_id == "004_f5d8082cf000cdee"


def test_lexical_only_variant_still_answers_but_without_catalog_sources(assistant):
    from assistant.retrieve.query import analyze

    retriever = assistant._state.retriever
    q = analyze("Tiêu chuẩn Lao động tiên tiến", as_of=TODAY)
    lexical = type(retriever)(
        retriever.index, registry=retriever.registry, config=RetrieverConfig().lexical_only()
    )
    hits = lexical.search(q, 5)
    assert hits and all(set(h.sources) <= {"bm25", "hint", "preferred"} for h in hits)


def test_no_article_fills_the_whole_result_list(assistant):
    hits = assistant.search("Bằng khen cấp tỉnh tiêu chuẩn hồ sơ", as_of=TODAY, k=5)
    articles = [(h.chunk.doc_id, h.chunk.article) for h in hits]
    assert max(articles.count(a) for a in articles) <= 2
    assert diversify([], 2) == []


def test_search_batch_cli_prints_one_json_line_per_id(pack_settings, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "question": "Tiêu chuẩn Lao động tiên tiến"})
        + "\n"
        + json.dumps({"id": "b", "question": "hồ sơ khen thưởng", "extra": 1})
        + "\n",
        encoding="utf-8",
    )
    out = run_cli(pack_settings, "search", "--batch", str(batch), "--json", "--k", "3")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert all(len(x["hits"]) == 3 for x in lines)
    assert set(lines[0]["hits"][0]) >= {
        "doc",
        "article",
        "clause",
        "point",
        "section",
        "provision_id",
        "score",
    }


def test_search_with_a_bad_date_is_a_clear_error(pack_settings):
    out = run_cli(pack_settings, "search", "hồ sơ", "--as-of", "31/12/2024")
    assert out.returncode != 0
    assert "YYYY-MM-DD" in out.stderr


@pytest.mark.slow
def test_dense_path_with_a_tiny_local_model_contributes_hits(pack_dir, tmp_path):
    """The dense list is fused when a sentence-transformers model is configured (built locally)."""
    from tiny_models import build_tiny_sentence_transformer

    from assistant.app.service import Assistant
    from assistant.config import Settings
    from assistant.indexing import rebuild
    from assistant.ingest import import_pack

    model_dir = build_tiny_sentence_transformer(tmp_path / "st")
    settings = Settings(
        home=tmp_path,
        pack=pack_dir,
        corpus_dir=tmp_path / "corpus",
        index_dir=tmp_path / "indexes",
        embed_model=str(model_dir),
    )
    (tmp_path / "corpus").mkdir()
    import_pack(pack_dir, settings.imported_pack_path)
    rebuild(settings)
    a = Assistant.open(settings)
    hits = a.search("Tiêu chuẩn danh hiệu Lao động tiên tiến", as_of=TODAY, k=20)
    assert any("dense" in h.sources for h in hits)
    assert ("06/2022/QH15", 24) in {(h.chunk.doc_id, h.chunk.article) for h in hits[:5]}


@pytest.mark.slow
def test_cross_encoder_reranker_keeps_every_hit_and_reorders_by_blend(assistant, tmp_path):
    from tiny_models import build_tiny_cross_encoder

    from assistant.retrieve.rerank import CrossEncoderReranker

    reranker = CrossEncoderReranker(str(build_tiny_cross_encoder(tmp_path / "ce")))
    hits = assistant.search("Tiêu chuẩn Lao động tiên tiến", as_of=TODAY, k=8)
    out = reranker.rerank("Tiêu chuẩn Lao động tiên tiến", hits)
    assert sorted(h.chunk.id for h in out) == sorted(h.chunk.id for h in hits)


def test_reranker_folder_that_does_not_exist_is_a_clear_error(tmp_path):
    from assistant.errors import ModelLoadError
    from assistant.retrieve.rerank import CrossEncoderReranker

    with pytest.raises(ModelLoadError, match="TDKT_RERANK_MODEL"):
        CrossEncoderReranker(str(tmp_path / "missing"))


def test_a_provinces_regulation_ranks_first_only_when_the_province_is_named(assistant):
    general = assistant.search("Hồ sơ khen thưởng phải gửi trước bao nhiêu ngày?", as_of=TODAY)
    assert general[0].chunk.doc_id != "86/2025/QĐ-UBND"
    named = assistant.search(
        "Ở Bắc Ninh hồ sơ khen thưởng phải gửi trước bao nhiêu ngày?", as_of=TODAY
    )
    assert named[0].chunk.doc_id == "86/2025/QĐ-UBND"


def test_a_failing_vector_store_costs_the_dense_list_not_the_answer(assistant):
    from assistant.index import HashingEmbedder
    from assistant.retrieve.query import analyze

    class GoneStore:
        def query(self, vector, k, where=None):
            raise RuntimeError("collection moved away during a swap")

    base = assistant._state.retriever
    index = type(
        "Index", (), {"chunks": base.index.chunks, "bm25": base.index.bm25, "vectors": GoneStore()}
    )()
    retriever = type(base)(index, registry=base.registry, embedder=HashingEmbedder())
    hits = retriever.search(analyze("Tiêu chuẩn Lao động tiên tiến", as_of=TODAY), 5)
    assert hits and not any("dense" in h.sources for h in hits)


def test_the_award_asked_about_comes_before_the_one_in_the_story():
    from datetime import date

    from assistant.retrieve.query import analyze

    q = analyze(
        "Anh trưởng phòng được tặng Bằng khen của Thủ tướng năm 2019, có 3 lần đạt Chiến sĩ thi"
        " đua cơ sở. Như vậy đã đủ tiêu chuẩn đề nghị Huân chương Lao động hạng Ba chưa?",
        as_of=date(2026, 1, 1),
    )
    assert q.awards[0].award.id.startswith("huan_chuong_lao_dong")
    assert {"bang_khen_thu_tuong", "chien_si_thi_dua_co_so"} <= {m.award.id for m in q.awards}
    # one sentence naming two awards keeps the order they are named in
    both = analyze(
        "Bằng khen của Thủ tướng và Huân chương Lao động khác nhau thế nào?", as_of=date(2026, 1, 1)
    )
    assert both.awards[0].award.id == "bang_khen_thu_tuong"

import pytest
from index_fixtures import pack_paragraphs, sample_chunks

from assistant.errors import IndexMissingError
from assistant.index.bm25_store import BM25Store
from assistant.index.tokenizer import tokenize, tokenize_query


@pytest.fixture()
def store() -> BM25Store:
    chunks = sample_chunks()
    return BM25Store.build([c.id for c in chunks], [tokenize(c.index_text) for c in chunks])


def top_id(store: BM25Store, query: str) -> str:
    return store.search(tokenize_query(query), 3)[0][0]


def test_dossier_question_finds_the_dossier_clause_first(store):
    assert top_id(store, "Hồ sơ đề nghị tặng Bằng khen cấp tỉnh gồm những gì?") == (
        "06-2022-qh15/dieu-84/khoan-2"
    )


def test_question_without_diacritics_finds_the_same_clause(store):
    assert top_id(store, "ho so de nghi tang bang khen cap tinh gom nhung gi") == (
        "06-2022-qh15/dieu-84/khoan-2"
    )


def test_accented_question_finds_text_typed_without_diacritics(store):
    assert top_id(store, "nộp hồ sơ ở bộ phận một cửa") == "ghi-chu-xa/1"


def test_citation_with_one_character_point_finds_that_point(store):
    assert top_id(store, "điểm a khoản 1 Điều 24") == "06-2022-qh15/dieu-24/khoan-1/diem-a"


def test_results_are_best_first_and_positive(store):
    hits = store.search(tokenize_query("hồ sơ khen thưởng"), 10)
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)


def test_chunks_sharing_no_word_with_the_query_are_not_returned(store):
    hits = store.search(tokenize_query("đoàn kết"), 10)
    assert [i for i, _ in hits] == ["06-2022-qh15/dieu-74/khoan-3"]


def test_query_with_no_known_token_returns_nothing(store):
    assert store.search(tokenize_query("xyzzy plugh"), 5) == []
    assert store.search([], 5) == []


def test_k_larger_than_the_index_returns_every_match(store):
    assert len(store.search(tokenize_query("Ủy ban nhân dân"), 1000)) >= 3


def test_search_can_be_restricted_to_some_chunks(store):
    allowed = {"06-2022-qh15/dieu-84/khoan-6", "06-2022-qh15/dieu-74/khoan-3"}
    hits = store.search(tokenize_query("hồ sơ đề nghị bằng khen"), 5, allowed_ids=allowed)
    assert hits and {i for i, _ in hits} <= allowed


def test_scores_for_given_ids_equal_search_scores(store):
    query = tokenize_query("hồ sơ đề nghị bằng khen")
    hits = store.search(query, 3)
    scores = store.scores_for(query, [i for i, _ in hits] + ["no-such-chunk"])
    for chunk_id, score in hits:
        assert scores[chunk_id] == pytest.approx(score)
    assert scores["no-such-chunk"] == 0.0


def test_saved_and_reloaded_index_ranks_identically(store, tmp_path):
    store.save(tmp_path / "bm25")
    loaded = BM25Store.load(tmp_path / "bm25")
    assert not (tmp_path / "bm25" / "corpus.jsonl").exists()  # saved without its corpus
    for query in ("hồ sơ đề nghị bằng khen", "ho so khen thuong", "Điều 5", "giấy khen cấp huyện"):
        tokens = tokenize_query(query)
        assert loaded.search(tokens, 5) == store.search(tokens, 5)
    assert loaded.ids == store.ids


def test_loading_a_missing_index_says_how_to_build_it(tmp_path):
    with pytest.raises(IndexMissingError, match="tdkt index"):
        BM25Store.load(tmp_path / "nothing")


def test_build_rejects_mismatched_or_duplicate_ids():
    with pytest.raises(ValueError):
        BM25Store.build(["a", "b"], [["x"]])
    with pytest.raises(ValueError):
        BM25Store.build(["a", "a"], [["x"], ["y"]])


def test_pack_paragraph_is_found_by_its_own_words(pack_dir, tmp_path):
    paragraphs = pack_paragraphs(pack_dir)
    store = BM25Store.build([i for i, _ in paragraphs], [tokenize(t) for _, t in paragraphs])
    store.save(tmp_path / "bm25")
    loaded = BM25Store.load(tmp_path / "bm25")
    # A distinctive heading of the 2022 law, typed without diacritics.
    hits = loaded.search(tokenize_query("ho so de nghi xet tang danh hieu thi dua"), 5)
    assert any(i.startswith("luat-06-2022-qh15#") for i, _ in hits)

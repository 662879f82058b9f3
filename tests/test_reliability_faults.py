"""Faults: a re-index killed with SIGKILL halfway, questions asked while the index is rebuilt
and swapped, and a missing, damaged or mismatched index at start-up. The previous index keeps
serving, the next build succeeds and clears what the killed one left, every question in flight
is answered, and a bad index is a clear message and a rebuild — never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback

import pytest
from api_fixtures import copy_settings, hold_rebuilds
from conftest import cli_env, run_cli
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.app.runtime import Runtime
from assistant.app.service import Assistant
from assistant.index import model_id_for, open_index
from assistant.index.manifest import Manifest

QUESTIONS = [
    "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh gồm những gì?",
    "Danh hiệu Lao động tiên tiến được xét tặng cho những đối tượng nào?",
    "What dossier do I need for a city certificate of merit?",
]
EMBED = "hashing:64"  # a dense path too (Chroma), so closing a swapped-out index is exercised


@pytest.fixture(scope="module")
def dense_home(pack_settings, tmp_path_factory):
    """A private copy of the pack indexed with BM25 and hashing vectors in Chroma."""
    from assistant.indexing import rebuild

    settings = copy_settings(pack_settings, tmp_path_factory.mktemp("faults"), embed_model=EMBED)
    rebuild(settings)
    return settings


@pytest.fixture
def home(dense_home, tmp_path):
    """A fresh copy of ``dense_home`` for a test that damages or rebuilds it."""
    return copy_settings(dense_home, tmp_path)


@pytest.fixture
def lexical(pack_settings, tmp_path):
    """A fresh copy of the session's BM25-only index, for tests that need no vectors."""
    return copy_settings(pack_settings, tmp_path)


def leftovers(settings) -> list[str]:
    return sorted(p.name for p in settings.indexes_path.iterdir() if p.name.startswith("."))


def top_hits(settings) -> list[list[str]]:
    with Assistant.open(settings) as with_index:
        return [[h.chunk.provision_id for h in with_index.search(q, k=5)] for q in QUESTIONS]


# -- a re-index killed halfway -----------------------------------------------------------------
# `tdkt index` with one step slowed down: after BM25 is written into the temporary build folder
# it marks the folder and sleeps, so the test kills it at a known point, halfway through.
SLOW_INDEX = """
import sys, time
import assistant.index.build as build

real = build._build_bm25

def slow(chunks, directory, report):
    real(chunks, directory, report)
    (directory.parent / "HALFWAY").touch()
    time.sleep(300)

build._build_bm25 = slow
from assistant.cli import main
sys.argv = ["tdkt", "index"]
main()
"""


def test_a_reindex_killed_halfway_leaves_the_previous_index_serving(home):
    before_manifest = (home.index_path / "manifest.json").read_bytes()
    before_hits = top_hits(home)
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_INDEX],
        env=cli_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(home.indexes_path.glob(".default.building-*/HALFWAY")):
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the build never reached its halfway mark"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()

    assert [n.split("-")[0] for n in leftovers(home)] == [".default.building"]  # killed mid-way
    assert (home.index_path / "manifest.json").read_bytes() == before_manifest
    with open_index(home.index_path, embedder_model_id=model_id_for(EMBED)) as index:
        assert index.vectors is not None and index.vectors.count() == len(index.chunks)
    assert top_hits(home) == before_hits

    result = run_cli(home, "index", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert leftovers(home) == []
    after = Manifest.read(home.index_path)
    assert after.built_at > Manifest.model_validate_json(before_manifest).built_at
    assert after.counts["reused"] == after.counts["chunks"]  # the old vectors were intact
    assert top_hits(home) == before_hits


def test_a_build_killed_between_its_two_renames_gets_the_previous_index_back(home):
    from assistant.indexing import rebuild

    # The state a kill leaves after "old → .default.old-…" and before "new → default".
    old = home.indexes_path / ".default.old-20300101T000000-dead00"
    os.replace(home.index_path, old)
    half = home.indexes_path / ".default.building-20300101T000000-dead00"
    shutil.copytree(old, half)
    (half / "manifest.json").unlink()

    manifest = rebuild(home)
    assert leftovers(home) == []
    # the previous index was put back first: its vectors were reused, nothing re-embedded
    assert manifest["counts"]["embedded"] == 0
    assert manifest["counts"]["reused"] == manifest["counts"]["chunks"]
    assert Assistant.open(home).search(QUESTIONS[0], k=3)


def test_two_builds_of_one_index_at_once_wait_for_each_other(lexical, monkeypatch):
    import assistant.index.build as build
    from assistant.indexing import rebuild

    real = build._build_bm25
    order: list[str] = []
    first_inside, release = threading.Event(), threading.Event()

    def held(chunks, directory, report):
        name = threading.current_thread().name
        order.append(f"{name} in")
        real(chunks, directory, report)
        if name == "first":  # the first build stops halfway until the second has started
            first_inside.set()
            assert release.wait(60)
        order.append(f"{name} out")

    monkeypatch.setattr(build, "_build_bm25", held)
    results: list = []

    def run() -> None:
        try:
            results.append(rebuild(lexical)["counts"]["chunks"])
        except Exception as exc:  # noqa: BLE001 — collected for the assertion below
            results.append(exc)

    first = threading.Thread(target=run, name="first")
    second = threading.Thread(target=run, name="second")
    first.start()
    assert first_inside.wait(60)
    second.start()  # a second `tdkt index` (or server re-index) while the first is halfway
    time.sleep(0.5)  # time enough to clear the first one's folder if it did not wait
    release.set()
    first.join(120)
    second.join(120)
    assert order == ["first in", "first out", "second in", "second out"]
    assert len(results) == 2 and all(isinstance(r, int) for r in results), results
    assert leftovers(lexical) == []
    assert Assistant.open(lexical).search(QUESTIONS[0], k=3)


# -- questions during a re-index and its swap ---------------------------------------------------
def test_questions_keep_being_answered_while_the_index_is_rebuilt_and_swapped(home):
    runtime = Runtime(home, Assistant.open(home))
    expected = {
        q: [h.chunk.provision_id for h in runtime.assistant().search(q, k=5)] for q in QUESTIONS
    }
    stop = threading.Event()
    errors: list[str] = []
    answered = [0]
    wrong: list[str] = []

    def ask_forever(n: int) -> None:
        i = n
        while not stop.is_set():
            q = QUESTIONS[i % len(QUESTIONS)]
            try:
                if i % 2:
                    hits = runtime.assistant().search(q, k=5)
                    if [h.chunk.provision_id for h in hits] != expected[q]:
                        wrong.append(q)
                else:
                    answer = runtime.ask(q, as_of=None, history=())
                    if answer.abstained or not answer.citations:
                        wrong.append(q)
                answered[0] += 1
            except Exception:  # noqa: BLE001 — any failure in flight is the finding
                errors.append(traceback.format_exc())
            i += 1

    readers = [threading.Thread(target=ask_forever, args=(n,)) for n in range(3)]
    for t in readers:
        t.start()
    try:
        job = runtime.submit_reindex("test")  # the real thing: rebuild on disk, then swap in
        done = runtime.jobs.wait(job.id, timeout=120)
        assert done is not None and done.status == "succeeded", done and done.error
        for _ in range(2):  # more swaps: each retires the snapshot the readers were using
            runtime.assistant().reload()
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=60)
    assert errors == [], f"{len(errors)} of {answered[0] + len(errors)} failed:\n{errors[0]}"
    assert wrong == []
    assert answered[0] > 20


def test_a_query_in_flight_during_a_swap_finishes_on_its_snapshot_which_closes_after(home):
    assistant = Assistant.open(home)
    old = assistant._state.index
    real_query, real_close = old.vectors.query, old.close
    inside, release = threading.Event(), threading.Event()
    closed: list[bool] = []

    def held_query(*args, **kwargs):
        inside.set()
        assert release.wait(60)
        return real_query(*args, **kwargs)

    def recorded_close() -> None:
        closed.append(True)
        real_close()

    old.vectors.query = held_query  # the dense step of this search waits for the swap
    old.close = recorded_close
    result: list = []
    search = threading.Thread(
        target=lambda: result.append(assistant.search(QUESTIONS[0], k=5)), daemon=True
    )
    search.start()
    assert inside.wait(60)
    assistant.reload()  # a rebuilt index is swapped in while the search is inside the old one
    assert closed == []  # still in use
    release.set()
    search.join(60)
    assert result and [h.chunk.provision_id for h in result[0]], "the search in flight failed"
    assert closed == [True]  # closed by its last reader
    assert assistant.search(QUESTIONS[0], k=5)


def test_a_snapshot_still_in_use_reads_its_own_vectors_after_a_rebuild_renames_its_folder(home):
    from assistant.index import get_embedder
    from assistant.indexing import rebuild

    vector = get_embedder(EMBED).embed_query(QUESTIONS[0])
    assistant = Assistant.open(home)
    with assistant._snapshot() as state:  # a query that is still running on the old build
        before = state.index.vectors.query(vector, k=5)
        rebuild(home)  # renames the old folder away and swaps the new one in
        assistant.reload()
        assistant.reload()  # a second client on the same path while the old one is open
        kept = [p for p in leftovers(home) if ".old-" in p]
        assert len(kept) == 1  # the old build stays on disk while it is read
        assert state.index.vectors.query(vector, k=5) == before
        assert assistant.search(QUESTIONS[0], k=5)
    assert leftovers(home) == []  # and goes with its last reader
    assert assistant.search(QUESTIONS[0], k=5)
    assistant.close()


# -- a missing, damaged or mismatched index at start-up -----------------------------------------
def _no_index(s) -> None:
    shutil.rmtree(s.index_path)


def _manifest_garbage(s) -> None:
    (s.index_path / "manifest.json").write_text("{not json", "utf-8")


def _other_tokenizer(s) -> None:
    path = s.index_path / "manifest.json"
    data = json.loads(path.read_text("utf-8"))
    data["tokenizer_version"] = "an-older-tokenizer"
    path.write_text(json.dumps(data), "utf-8")


def _no_snapshot(s) -> None:  # an index written before the provisions snapshot existed
    (s.index_path / "documents.json").unlink()


def _truncated_snapshot(s) -> None:
    path = s.index_path / "provisions.jsonl"
    path.write_bytes(path.read_bytes()[:500])


def _fewer_vectors(s) -> None:
    path = s.index_path / "chunks.jsonl"
    path.write_text("".join(path.read_text("utf-8").splitlines(True)[:10]), "utf-8")


DAMAGE = {
    "no index": (_no_index, "no index"),
    "unreadable manifest": (_manifest_garbage, "manifest"),
    "another tokenizer": (_other_tokenizer, "tokenizer"),
    "no provisions snapshot": (_no_snapshot, "documents"),
    "truncated snapshot": (_truncated_snapshot, "provisions.jsonl"),
    "chunks cut short": (_fewer_vectors, "damaged"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_bad_index_is_refused_on_opening_with_the_fix(lexical, damage):
    from assistant.errors import IndexMismatchError, IndexMissingError

    spoil, says = DAMAGE[damage]
    spoil(lexical)
    with pytest.raises((IndexMissingError, IndexMismatchError)) as caught:
        Assistant.open(lexical)
    message = str(caught.value)
    assert says in message and "`tdkt index`" in message and "\n" not in message


@pytest.mark.parametrize("damage", ["no index", "another tokenizer", "no provisions snapshot"])
def test_a_bad_index_at_start_up_is_a_clear_cli_error_naming_tdkt_index(lexical, damage):
    spoil, says = DAMAGE[damage]
    spoil(lexical)
    result = run_cli(lexical, "ask", QUESTIONS[0], "--json")
    assert result.returncode != 0 and result.stdout == ""
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert says in error and "`tdkt index`" in error


def test_an_index_built_for_another_embedding_model_is_a_clear_cli_error(home):
    result = run_cli(home.model_copy(update={"embed_model": "hashing:32"}), "ask", QUESTIONS[0])
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "embedding model" in result.stderr and "`tdkt index`" in result.stderr


# the state health reports while the index is rebuilt, and what its message says
SERVER_STATE = {
    "another tokenizer": ("building", "another version or configuration"),
    "no provisions snapshot": ("damaged-rebuilding", "index damaged, rebuilding"),
}


@pytest.mark.parametrize("damage", list(SERVER_STATE))
def test_the_server_reports_a_bad_index_answers_503_and_rebuilds_it(lexical, damage, monkeypatch):

    DAMAGE[damage][0](lexical)
    state, says = SERVER_STATE[damage]
    release = hold_rebuilds(monkeypatch)
    with TestClient(create_app(lexical), raise_server_exceptions=False) as c:
        health = c.get("/api/health")
        assert health.json()["status"] == state and health.json()["ready"] is False
        assert says in health.json()["message"] and "building" in health.json()["message"]
        r = c.post("/api/ask", json={"question": QUESTIONS[0]})
        assert r.status_code == 503, r.text
        assert r.json()["error"]["code"] == "not_ready"
        assert "being built" in r.json()["error"]["message"]
        # the cause is logged, not shown to anyone
        assert str(lexical.home) not in health.text and str(lexical.home) not in r.text
        for message in (health.json()["message"], r.json()["error"]["message"]):
            assert DAMAGE[damage][1] not in message
        release.set()
        (job,) = c.app.state.runtime.jobs.recent()
        assert c.app.state.runtime.jobs.wait(job.id, timeout=120).status == "succeeded"
        assert c.get("/api/health").json()["status"] == "ok"
        answer = c.post("/api/ask", json={"question": QUESTIONS[0]})
        assert answer.status_code == 200 and answer.json()["citations"]

"""Bad questions through every door that takes one — `POST /api/ask`, `GET /api/search`, the
document and provision reads, and `tdkt ask / search / corpus show`: empty, blank, 100 kB,
control characters, invalid UTF-8, wrong JSON types, dates that are not dates, unknown ids.
Each gets a clear 4xx (`{"error": {"code", "message"}}`) or a CLI error (exit code ≠ 0, one
line on stderr, no traceback), and the index answers the same afterwards."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from conftest import run_cli
from fastapi.testclient import TestClient

from assistant.api import create_app

QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh gồm những gì?"
HUGE = "Khen thưởng " * 8_500  # ~100 kB
CONTROL_ONLY = "\x01\x02\x1b\x7f\u200b"  # no NUL: a command line cannot carry one


@pytest.fixture(scope="module")
def client(assistant, pack_settings):
    with TestClient(create_app(pack_settings, assistant), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def known_hits(assistant) -> list[str]:
    return [h.chunk.provision_id for h in assistant.search(QUESTION, k=10)]


def refused(response, status: int, code: str | None = None) -> str:
    """The error message of a refused request, checked for the documented shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"].strip()
    assert "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]["message"]


# -- POST /api/ask ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"question": ""}, 422, "question"),
        ({"question": "   \n\t  "}, 422, "question"),
        ({"question": CONTROL_ONLY}, 422, "empty"),
        ({"question": "\ufffd\ufffd"}, 422, "empty"),  # what undecodable bytes become
        ({"question": HUGE}, 422, "characters"),
        ({"question": 42}, 422, "question"),
        ({"question": ["Bằng khen"]}, 422, "question"),
        ({"question": None}, 422, "question"),
        ({"question": {"text": "Bằng khen"}}, 422, "question"),
        ({}, 422, "question"),
        ({"question": "Bằng khen", "history": "trước đó"}, 422, "history"),
        ({"question": "Bằng khen", "history": [[1, 2]]}, 422, "history"),
        ({"question": "Bằng khen", "history": [["a", "b"]] * 51}, 422, "history"),
        ({"question": "Bằng khen", "as_of": "hôm qua"}, 422, "YYYY-MM-DD"),
        ({"question": "Bằng khen", "as_of": "01/08/2025"}, 422, "YYYY-MM-DD"),
        ({"question": "Bằng khen", "as_of": "2025-13-40"}, 422, "as_of"),
        ({"question": "Bằng khen", "as_of": 20250801}, 422, "YYYY-MM-DD"),
        ({"question": "Bằng khen", "language": "fr"}, 422, "language"),
        ({"question": "Bằng khen", "is_admin": True}, 422, "is_admin"),
        (["Bằng khen"], 422, "body"),
        ("Bằng khen", 422, "body"),
    ],
    ids=lambda v: repr(v)[:40] if not isinstance(v, int) else str(v),
)
def test_a_bad_ask_body_is_refused_with_a_clear_4xx(client, body, status, says):
    message = refused(client.post("/api/ask", json=body), status)
    assert says in message


@pytest.mark.parametrize("stream", [False, True])
def test_an_empty_question_is_refused_before_any_stream_starts(client, stream):
    r = client.post("/api/ask", params={"stream": stream}, json={"question": CONTROL_ONLY})
    assert refused(r, 422, "invalid_input") == "the question is empty — type a question"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b'{"question": "Bang khen \xff\xfe"}', "UTF-8"),  # invalid UTF-8 inside the JSON
        (b"\xff\xfe\xfa\x00", "JSON"),  # not text at all (read as UTF-16 by its BOM)
        ('{"question": "Bằng khen"'.encode(), "JSON"),  # cut short
        (b'{"question": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", "nested"),
    ],
    ids=["utf8-inside-json", "binary", "truncated", "nested-50000-deep"],
)
def test_a_body_that_is_not_utf8_json_is_a_400(client, raw, says):
    r = client.post("/api/ask", content=raw, headers={"Content-Type": "application/json"})
    assert says in refused(r, 400, "malformed_json")


def test_a_body_over_the_json_limit_is_413_before_it_is_read(client):
    r = client.post("/api/ask", json={"question": "a" * 1_100_000})
    message = refused(r, 413, "too_large")
    assert "JSON body" in message and "UPLOAD" not in message  # not the file-upload limit


def test_control_characters_and_odd_spaces_in_a_question_do_not_change_the_answer(
    client, known_hits
):
    clean = client.post("/api/ask", json={"question": QUESTION}).json()
    # NBSP from Word, a NUL and a bell where spaces were (a control character separates words,
    # never joins them), zero-width marks: all invisible noise
    noisy = QUESTION.replace(" ", "\u00a0", 3).replace(" ", "\x00", 1).replace(" ", "\x07 ", 1)
    noisy = "\u200b\ufeff" + noisy + "\x1b\u200d"
    r = client.post("/api/ask", json={"question": noisy})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert not any(ch in answer["question"] for ch in "\x00\x07\x1b\u200b")
    assert [c["provision_id"] for c in answer["citations"]] == [
        c["provision_id"] for c in clean["citations"]
    ]
    hits = client.get("/api/search", params={"q": noisy}).json()["hits"]
    assert [h["provision_id"] for h in hits] == known_hits


# -- GET /api/search and the reads -------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        ("/api/search", 422, "q"),
        ("/api/search?q=", 422, "q"),
        ("/api/search?q=%20%20%09", 422, "empty"),
        ("/api/search?q=%00%01%1B", 422, "empty"),
        ("/api/search?q=%FF%FE%FA", 422, "empty"),  # invalid UTF-8 in the query string
        ("/api/search?q=" + "a" * 10_000, 422, "characters"),
        ("/api/search?q=khen&k=0", 422, "k"),
        ("/api/search?q=khen&k=51", 422, "k"),
        ("/api/search?q=khen&k=nhi%E1%BB%81u", 422, "k"),
        ("/api/search?q=khen&as_of=h%C3%B4m-qua", 422, "YYYY-MM-DD"),
        ("/api/search?q=khen&as_of=2025-02-30", 422, "as_of"),
        ("/api/documents?as_of=tomorrow", 422, "YYYY-MM-DD"),
        ("/api/documents/99/9999/QH99", 404, "99/9999/QH99"),
        ("/api/documents/%FF%FE", 404, "no indexed document"),
        ("/api/documents/06/2022/QH15?as_of=1.7e9", 422, "YYYY-MM-DD"),
        ("/api/provisions/06-2022-qh15/dieu-999", 404, "dieu-999"),
        ("/api/provisions/..%2F..%2Fetc%2Fpasswd", 404, "no provision"),
        ("/api/provisions/%00%01", 404, "no provision"),
        ("/api/provisions/" + "x" * 5_000, 404, "no provision"),
    ],
    ids=lambda v: v[:50] if isinstance(v, str) else str(v),
)
def test_a_bad_read_is_refused_with_a_clear_4xx(client, url, status, says):
    assert says in refused(client.get(url), status)


def test_unknown_provision_and_document_ids_have_their_own_codes(client):
    refused(client.get("/api/provisions/nope/dieu-1"), 404, "provision_not_found")
    refused(client.get("/api/documents/nope"), 404, "document_not_found")


def test_dates_far_in_the_past_or_future_are_answered_not_crashed(client):
    for day in ("0001-01-01", "9999-12-31"):
        r = client.post("/api/ask", json={"question": QUESTION, "as_of": day})
        assert r.status_code == 200, r.text
        assert r.json()["as_of"] == day
        assert client.get("/api/search", params={"q": QUESTION, "as_of": day}).status_code == 200


def test_after_all_the_bad_input_the_index_answers_as_before(client, known_hits):
    for body in ({"question": HUGE}, {"question": CONTROL_ONLY}, {"question": 1}):
        client.post("/api/ask", json=body)
    hits = client.get("/api/search", params={"q": QUESTION}).json()["hits"]
    assert [h["provision_id"] for h in hits] == known_hits


# -- the command line -------------------------------------------------------------------------
def cli_refused(result, *words: str) -> str:
    assert result.returncode != 0, result.stdout[-500:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.stdout.strip() == ""
    err = "\n".join(
        line for line in result.stderr.splitlines() if not line.startswith(("INFO", "DEBUG"))
    )
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["ask", ""], "no question"),
        (["ask", CONTROL_ONLY], "empty"),
        (["ask", HUGE], "characters"),
        (["ask", QUESTION, "--as-of", "hôm qua"], "--as-of 'hôm qua' is not a date"),
        (["search", CONTROL_ONLY, "--json"], "empty"),
        (["search", QUESTION, "--k", "0"], "--k"),
        (["corpus", "show", "Điều 999 Luật 06/2022/QH15"], "Điều 999"),
        (["corpus", "show", "nope/dieu-1"], "error"),
    ],
    ids=lambda v: " ".join(v)[:40] if isinstance(v, list) else v,
)
def test_a_bad_question_on_the_command_line_is_an_error_not_a_traceback(pack_settings, args, says):
    cli_refused(run_cli(pack_settings, *args), says)


def test_invalid_utf8_in_a_cli_argument_is_an_error_not_a_traceback(pack_settings):
    import os
    import subprocess
    import sys

    from conftest import cli_env

    argv = [os.fsencode(sys.executable), b"-m", b"assistant.cli", b"ask", b"\xff\xfe\xfa"]
    raw = subprocess.run(
        argv, capture_output=True, env=cli_env(pack_settings), timeout=120, check=False
    )
    result = SimpleNamespace(
        returncode=raw.returncode,
        stdout=raw.stdout.decode("utf-8", "replace"),
        stderr=raw.stderr.decode("utf-8", "replace"),
    )
    cli_refused(result, "empty")


@pytest.mark.parametrize(
    ("command", "content", "says"),
    [
        ("ask", b'{"id": 1, "question": "Bang khen \xff\xfe"}\n', "not UTF-8"),
        ("ask", b"not json\n", "is not JSON"),
        ("search", b'{"id": 1, "question": ""}\n', "empty"),
    ],
    ids=["ask-invalid-utf8", "not-json", "search-empty-question"],
)
def test_a_bad_batch_file_is_an_error_naming_the_problem(
    pack_settings, tmp_path, command, content, says
):
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(content)
    cli_refused(run_cli(pack_settings, command, "--batch", str(batch), "--json"), says)


def test_a_batch_file_that_cannot_be_opened_is_an_error(pack_settings, tmp_path):
    result = run_cli(pack_settings, "ask", "--batch", str(tmp_path / "missing.jsonl"))
    cli_refused(result, "cannot read the batch file", "missing.jsonl")


def test_a_good_batch_line_after_a_blank_one_is_still_answered(pack_settings, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n" + json.dumps({"id": "q1", "question": QUESTION}) + "\n\n", "utf-8")
    result = run_cli(pack_settings, "search", "--batch", str(batch), "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["id"] == "q1" and json.loads(line)["hits"]

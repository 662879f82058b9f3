"""Bounded work per request, and the edges of the served app.

- The tokenizer's cost is linear in its input whatever the input holds (a long run of letters
  once cost time quadratic in its length inside one regex, holding the GIL for every request);
  its output is the same as the pattern it replaced.
- Every text that reaches analysis is capped: the question, each earlier question of the
  history, the number of turns read, and the rewritten follow-up.
- A control character separates words instead of joining them.
- Every response carries security headers; writes are rate-limited per client; wrong
  administrator tokens lock the client out for a while.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest
from api_fixtures import ExtractiveStandIn
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer import followup
from assistant.api import create_app
from assistant.api.errors import status_of
from assistant.api.guard import SECURITY_HEADERS
from assistant.app.guard import SlidingWindow, TokenLockout
from assistant.app.service import MAX_HISTORY_TURNS, check_history, visible_text
from assistant.index import tokenizer
from assistant.index.tokenizer import tokenize

QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"
TOKEN = "tdkt-admin-limits-4b7d"

# -- the tokenizer ----------------------------------------------------------------------------
# The pattern the compound tokens were once found with: the reference for the output.
_REFERENCE_COMPOUND = re.compile(r"[^\W_]+(?:[/.\-][^\W_]+)+")


def _reference_compounds(text: str) -> list[str]:
    return [m.group() for m in _REFERENCE_COMPOUND.finditer(text) if re.search(r"\d", m.group())]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab1đ02 /.-_,\n", max_size=40))
def test_compound_tokens_are_those_of_the_reference_pattern(text):
    words = [t for t in tokenizer._base_tokens(text) if "_" not in t]
    plain = [m.group() for m in tokenizer._WORD.finditer(text)]
    compounds = words[len(plain) :]
    assert compounds == _reference_compounds(text)


def test_document_numbers_and_dates_stay_whole_tokens():
    tokens = tokenize("Nghị định 152/2025/NĐ-CP ngày 01/07/2025, mức 2.340.000 đồng")
    for token in ("152/2025/nđ-cp", "152/2025/nd-cp", "01/07/2025", "2.340.000"):
        assert token in tokens


def _python_steps(text: str) -> int:
    """Line events inside the tokenizer module while it tokenizes ``text``."""
    steps = 0
    module_file = tokenizer.__file__

    def tracer(frame, event, arg):
        nonlocal steps
        if frame.f_code.co_filename != module_file:
            return None
        if event == "line":
            steps += 1
        return tracer

    sys.settrace(tracer)
    try:
        tokenize(text)
    finally:
        sys.settrace(None)
    return steps


@pytest.mark.parametrize(
    "unit",
    ["a", "khen ", "1.", "a/", "2-b.", "đ1/x-"],
    ids=["letters", "words", "dots", "a/", "2-b.", "mix"],
)
def test_tokenizer_steps_grow_linearly_with_the_input(unit):
    small = _python_steps(unit * 500)
    large = _python_steps(unit * 4000)
    assert large <= 8 * small + 50  # 8× the text: at most 8× the steps (plus a constant)


_BUDGET_SCRIPT = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_CPU, (20, 20))
    from assistant.index.tokenizer import tokenize
    for unit in ("a", "1.", "ab/", "đ"):
        tokenize(unit * (1_000_000 // len(unit)))
    print("done")
    """
)


def test_a_megabyte_of_one_letter_is_tokenized_within_a_small_cpu_budget():
    # A quadratic pattern needs hours for a million letters; 20 s of CPU is far more than
    # a linear pass over four megabytes needs. The budget is a kill switch, not a timing.
    run = subprocess.run(
        [sys.executable, "-c", _BUDGET_SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-500:]
    assert run.stdout.strip() == "done"


# -- caps on what reaches analysis ------------------------------------------------------------
def test_an_earlier_question_longer_than_a_question_is_refused():
    with pytest.raises(Exception) as caught:
        check_history([("bằng khen " * 3000, "")], max_chars=2000)
    assert "history turn 0" in str(caught.value)


def test_only_the_last_turns_of_a_long_history_are_read():
    history = [(f"câu hỏi {n}", "trả lời") for n in range(50)]
    kept = check_history(history, max_chars=2000)
    assert len(kept) == MAX_HISTORY_TURNS
    assert kept[-1][0] == "câu hỏi 49"


def test_a_rewritten_follow_up_never_exceeds_its_cap():
    previous = "Hồ sơ đề nghị tặng Bằng khen gồm những gì " + "x" * 5000 + "?"
    assert followup.rewrite("còn Giấy khen thì sao?", previous) is None
    short = followup.rewrite("còn Giấy khen thì sao?", QUESTION)
    assert short is not None and len(short) <= followup.MAX_REWRITTEN_CHARS


def test_a_control_character_separates_words():
    assert visible_text("bằng\x00khen") == "bằng khen"
    assert visible_text("bằng\x07khen\x1bthưởng") == "bằng khen thưởng"
    assert "bằng_khen" in tokenize(visible_text("bằng\x00khen"))
    # zero-width marks still vanish inside a word
    assert visible_text("khen\u200bthưởng") == "khenthưởng"


# -- the served app ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def stand_in(assistant):
    return ExtractiveStandIn(assistant)


@pytest.fixture()
def make_client(pack_settings, tmp_path, stand_in):
    clients = []

    def make(**overrides):
        settings = pack_settings.model_copy(
            update={"feedback_file": tmp_path / "feedback.jsonl", **overrides}
        )
        client = TestClient(create_app(settings, stand_in))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def test_a_huge_history_turn_gets_a_422_before_any_answer(make_client, stand_in):
    client = make_client()
    before = len(stand_in.calls)
    body = {"question": "bằng khen", "history": [{"question": "a" * 20_000}]}
    for stream in ("false", "true"):
        r = client.post(f"/api/ask?stream={stream}", json=body)
        assert r.status_code == 422
        assert "history turn 0" in r.json()["error"]["message"]
    assert len(stand_in.calls) == before


def test_every_response_carries_security_headers(make_client):
    client = make_client()
    for response in (
        client.get("/api/health"),
        client.get("/api/no-such-route"),
        client.post("/api/ask", json={"question": ""}),
    ):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.request.url, name)


def test_writes_beyond_the_rate_get_429_with_retry_after(make_client):
    client = make_client(write_rate_per_minute=3)
    feedback = {"question": QUESTION, "rating": "up"}
    statuses = [client.post("/api/feedback", json=feedback).status_code for _ in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    refused = client.post("/api/feedback", json=feedback)
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) >= 1
    # questions are reads: never limited by the write rate
    assert all(
        client.post("/api/ask", json={"question": QUESTION}).status_code == 200 for _ in range(5)
    )


def test_wrong_tokens_lock_the_client_out_even_for_the_right_token(make_client):
    client = make_client(admin_token=TOKEN, token_attempts=3, write_rate_per_minute=0)
    wrong = {"Authorization": "Bearer not-the-token"}
    right = {"Authorization": f"Bearer {TOKEN}"}
    jobs = "/api/admin/jobs/no-such-job"  # past the token check: 404
    assert client.get(jobs, headers=right).status_code == 404
    assert [client.get(jobs, headers=wrong).status_code for _ in range(3)] == [401] * 3
    locked = client.get(jobs, headers=right)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "too_many_requests"


def test_a_lockout_ends_after_its_time_and_a_right_token_clears_the_count():
    now = [0.0]
    lockout = TokenLockout(attempts=2, lock_seconds=60, clock=lambda: now[0])
    lockout.failed("x")
    lockout.succeeded("x")
    lockout.failed("x")
    lockout.check("x")  # one failure since the right token: not locked
    lockout.failed("x")
    with pytest.raises(Exception) as caught:
        lockout.check("x")
    assert status_of(caught.value) == 429
    lockout.check("other client")
    now[0] = 61.0
    lockout.check("x")


def test_a_sliding_window_admits_again_once_old_events_age_out():
    now = [0.0]
    window = SlidingWindow(2, 10, clock=lambda: now[0])
    assert window.hit("a") is None and window.hit("a") is None
    assert window.hit("a") == pytest.approx(10)
    now[0] = 10.5
    assert window.hit("a") is None


# -- schema gaps ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "suffix"),
    [
        (b"PK\x03\x04\x14\x00", ".docx"),
        (b"%PDF-1.7\n", ".pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1", ".doc"),
        (b"<!DOCTYPE html><html>", ".html"),
        ("---\nso_hieu: 1/KH-UBND\n---\n# KẾ HOẠCH".encode(), ".md"),
        ("KẾ HOẠCH\nThi đua, khen thưởng năm 2027".encode(), ".txt"),
        ("Kế hoạch thi đua năm 2027 ".encode()[:-2] + "ạ".encode()[:1], ".txt"),  # cut char
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
    ],
)
def test_a_file_named_without_an_extension_is_known_by_its_content(head, suffix):
    from assistant.app.uploads import sniff_suffix

    assert sniff_suffix(head) == suffix


PLAN_TEXT = (
    "ỦY BAN NHÂN DÂN XÃ TÂN LẬP\nSố: 12/KH-UBND\n\nKẾ HOẠCH\n"
    "Tổ chức phong trào thi đua năm 2027\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"
)


def test_a_plan_uploaded_without_an_extension_is_checked(make_client):
    client = make_client()
    r = client.post(
        "/api/plans/check", files={"file": ("ke-hoach", PLAN_TEXT.encode(), "text/plain")}
    )
    assert r.status_code == 200, r.text
    png = client.post(
        "/api/plans/check", files={"file": ("anh", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")}
    )
    assert png.status_code == 415


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "annual", "plan_date": None},
        {"kind": "annual", "year": None, "plan_date": None},
        {"kind": "campaign", "year": 2027, "occasion": None},
    ],
)
def test_a_draft_request_missing_what_its_kind_needs_is_told_in_api_terms(make_client, body):
    client = make_client()
    fields = {"issuer": "UBND xã Tân Lập", "level": "xa", "place": "Tân Lập", **body}
    r = client.post("/api/plans/draft", json=fields)
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert "`year`" in message or "`occasion`" in message
    assert "--" not in message

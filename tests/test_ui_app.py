"""The web app mounted on the API: the served page, the provision pages behind citation links,
and the chat, feedback, drafting and upload handlers the page calls."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from api_fixtures import ExtractiveStandIn, copy_settings
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.app.runtime import Runtime
from assistant.app.service import Assistant

QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"
TOKEN = "ui-test-token"
EXTERNAL = re.compile(r"https?://(?!127\.0\.0\.1|localhost)[\w.-]+")


@pytest.fixture(scope="module")
def stand_in(assistant):
    return ExtractiveStandIn(assistant)


@pytest.fixture(scope="module")
def client(pack_settings, stand_in, tmp_path_factory):
    from ui import mount_ui

    settings = pack_settings.model_copy(
        update={"feedback_file": tmp_path_factory.mktemp("fb") / "feedback.jsonl"}
    )
    app = mount_ui(create_app(settings, stand_in))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def runtime(client) -> Runtime:
    return client.app.state.runtime


# -- the page ---------------------------------------------------------------------------------
def test_the_chat_page_is_served_in_vietnamese_at_the_root(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Trợ lý Thi đua – Khen thưởng" in page.text
    for label in (
        "Hỏi đáp",
        "Soạn kế hoạch",
        "Kiểm tra kế hoạch",
        "Văn bản",
        "Áp dụng pháp luật tại ngày",
        QUESTION,
        "What dossier do I need for a city certificate of merit?",
    ):
        assert label in page.text, label


def test_the_served_page_names_no_outside_host(client):
    page = client.get("/").text
    assert EXTERNAL.findall(page) == []
    assert '"analytics_enabled":false' in page.replace(" ", "")
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not src.startswith("//") and not EXTERNAL.match(src), src


def test_the_api_keeps_its_paths_and_error_shape_beside_the_ui(client):
    assert client.get("/api/health").json()["ready"] is True
    r = client.get("/api/nowhere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_a_citation_link_shows_the_clause_highlighted_inside_its_article(client, assistant):
    r = client.get("/xem/06-2022-qh15/dieu-84/khoan-2", params={"as_of": "2025-08-01"})
    assert r.status_code == 200
    html = r.text
    assert "<h1>khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)" in html
    assert 'class="u hl" id="06-2022-qh15/dieu-84/khoan-2"' in html
    assert 'id="06-2022-qh15/dieu-84/khoan-1"' in html  # the rest of the article around it
    assert "Còn hiệu lực" in html and "01/08/2025" in html
    assert EXTERNAL.findall(html) == []


def test_an_unknown_provision_link_is_a_404_page(client):
    r = client.get("/xem/06-2022-qh15/dieu-999")
    assert r.status_code == 404 and "Không tìm thấy" in r.text


# -- the chat ---------------------------------------------------------------------------------
def test_the_chat_streams_the_answer_then_shows_quoted_citations(runtime):
    from ui.chat import THINKING, Chat

    updates = list(Chat(runtime).respond(QUESTION, [], "01/08/2025", []))
    assert len(updates) >= 4
    assert updates[0][0][-1]["content"] == THINKING
    assert updates[1][0][-1]["content"].endswith("▌")  # a partial answer
    messages, box, turns, rate = updates[-1]
    assert box == ""
    assert updates[0][3]["visible"] is False and rate["visible"] is True  # feedback once answered
    assert [m["role"] for m in messages] == ["user", "assistant"]
    final = messages[-1]["content"]
    assert "<details" in final and "/xem/" in final and "01/08/2025" in final
    assert turns[0]["question"] == QUESTION and len(turns[0]["answer_id"]) == 16


def test_a_follow_up_in_the_chat_sends_the_earlier_turn(runtime, stand_in):
    from ui.chat import Chat

    chat = Chat(runtime)
    *_, (messages, _, turns, _) = chat.respond(QUESTION, [], "", [])
    *_, (messages, _, turns, _) = chat.respond("còn Giấy khen thì sao?", messages, "", turns)
    assert len(messages) == 4 and len(turns) == 2
    assert stand_in.calls[-1]["history"][0][0] == QUESTION


def test_a_bad_date_is_explained_in_the_chat(runtime):
    from ui.chat import Chat

    *_, (messages, _, turns, _) = Chat(runtime).respond(QUESTION, [], "31/02/2025", [])
    assert "Ngày chưa hợp lệ" in messages[-1]["content"] and turns == []


def test_an_over_long_paste_is_refused_without_being_echoed_in_full(runtime, stand_in):
    from ui.chat import Chat

    calls = len(stand_in.calls)
    paste = "Quy định về khen thưởng " * 400
    (messages, box, turns, rate), *rest = Chat(runtime).respond(paste, [], "", [])
    assert rest == [] and len(stand_in.calls) == calls  # nothing was asked
    shown = messages[0]["content"]
    assert len(shown) < 400 and "đã rút gọn" in shown
    assert "Câu hỏi quá dài" in messages[1]["content"]
    assert box == paste.strip() and turns == [] and rate["visible"] is False


def test_an_answer_says_first_whether_the_documents_hold_it():
    from datetime import date

    from assistant.models import Answer
    from ui.render import answer_markdown

    held = Answer(
        question="q",
        answer="Theo Điều 84 …",
        language="vi",
        abstained=False,
        as_of=date(2026, 12, 1),
    )
    missing = held.model_copy(
        update={"answer": "Các văn bản đang có không quy định …", "abstained": True}
    )
    english = missing.model_copy(update={"language": "en"})
    assert answer_markdown(held).startswith('<div class="tdkt-state ok">')
    assert "Không có trong các văn bản đang lưu" in answer_markdown(missing).split("\n")[0]
    assert "Not in the documents held" in answer_markdown(english).split("\n")[0]


def test_thumbs_and_comment_are_saved_for_the_evals(runtime):
    from ui.chat import Chat

    chat = Chat(runtime)
    status, _ = chat.feedback("up", "", [])
    assert "Chưa có câu trả lời" in status
    *_, (_, _, turns, _) = chat.respond(QUESTION, [], "", [])
    status, box = chat.feedback("down", "Thiếu khoản 3", turns)
    assert "Đã ghi nhận" in status and box == ""
    saved = json.loads(runtime.settings.feedback_path.read_text("utf-8").splitlines()[-1])
    assert saved["rating"] == "down" and saved["comment"] == "Thiếu khoản 3"
    assert saved["answer_id"] == turns[-1]["answer_id"] and saved["question"] == QUESTION
    assert saved["citations"] == turns[-1]["citations"]


# -- plans ------------------------------------------------------------------------------------
def test_drafting_in_the_ui_gives_a_preview_and_a_word_file(runtime):
    from ui.plans import Plans

    preview, path = Plans(runtime).draft(
        "annual", "UBND phường Hòa Bình", "phuong", "Hòa Bình", 2027, ""
    )
    assert "KẾ HOẠCH" in preview
    assert Path(path).suffix == ".docx" and Path(path).read_bytes()[:2] == b"PK"
    message, nothing = Plans(runtime).draft("annual", "", "phuong", "", 2027, "")
    assert "Còn thiếu thông tin" in message and nothing is None


def test_checking_a_plan_in_the_ui_lists_findings(runtime, pack_dir):
    from ui.plans import Plans

    plan = sorted((pack_dir / "plans").glob("*.txt"))[-1]
    summary, rows = Plans(runtime).check(str(plan))
    assert plan.name in summary
    assert all(len(r) == 5 for r in rows)


# -- documents and uploads --------------------------------------------------------------------
def test_documents_tab_shows_coverage_and_a_document_outline(runtime):
    from ui.documents import Documents

    docs = Documents(runtime)
    assert "Trích đoạn" in docs.coverage() and "Chưa có" in docs.coverage()
    choices = dict((v, k) for k, v in docs.choices())
    assert "06/2022/QH15" in choices
    outline = docs.show("06/2022/QH15")
    assert "Điều 84" in outline and "/xem/06-2022-qh15/dieu-84" in outline


@pytest.fixture
def upload_runtime(pack_settings, tmp_path):
    settings = copy_settings(pack_settings, tmp_path, admin_token=TOKEN)
    return Runtime(settings, Assistant.open(settings))


def test_uploading_in_the_ui_checks_the_token_and_refuses_a_broken_file(upload_runtime, tmp_path):
    from ui.documents import Documents

    broken = tmp_path / "Báo cáo hỏng.docx"
    broken.write_bytes(b"PK\x03\x04 broken")
    docs = Documents(upload_runtime)
    assert "không đúng" in docs.upload("wrong", str(broken))[0]
    status, job, _ = docs.upload(TOKEN, str(broken))
    assert status.startswith("**Tệp bị lỗi") and "Báo cáo hỏng.docx" in status and job is None
    assert not upload_runtime.settings.user_docs_path.exists() or not any(
        upload_runtime.settings.user_docs_path.iterdir()
    )
    off = Documents(
        Runtime(
            upload_runtime.settings.model_copy(update={"admin_token": None}),
            upload_runtime.assistant(),
        )
    )
    assert "chưa bật" in off.upload(TOKEN, str(broken))[0]


def test_uploading_a_valid_file_in_the_ui_indexes_it(upload_runtime, tmp_path):
    from ui.documents import Documents

    doc = tmp_path / "quy-che.md"
    doc.write_text("Điều 1. Phong trào «Sáng kiến số hóa hồ sơ khen thưởng».\n", "utf-8")
    docs = Documents(upload_runtime)
    status, job_id, _ = docs.upload(TOKEN, str(doc))
    assert "Đã nhận" in status and job_id
    deadline = time.monotonic() + 120
    while not upload_runtime.jobs.get(job_id).done:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    status = docs.poll(job_id)[0]
    assert status.startswith("Đã lập chỉ mục xong"), status
    hits = upload_runtime.assistant().search("số hóa hồ sơ khen thưởng", k=10)
    assert any("số hóa hồ sơ khen thưởng" in h.chunk.text for h in hits)

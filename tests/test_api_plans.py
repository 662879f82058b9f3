"""Plan drafting and checking over the API."""

from __future__ import annotations

import base64
import io

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app

PLANS = "plans"
DRAFT = {
    "kind": "annual",
    "issuer": "UBND phường Hòa Bình",
    "level": "phuong",
    "place": "Hòa Bình",
    "year": 2027,
}


@pytest.fixture(scope="module")
def client(pack_settings, assistant):
    with TestClient(create_app(pack_settings, assistant)) as c:
        yield c


def test_draft_returns_markdown_and_a_word_file(client):
    r = client.post("/api/plans/draft", json=DRAFT)
    assert r.status_code == 200, r.text
    data = r.json()
    assert "KẾ HOẠCH" in data["markdown"] and "2027" in data["markdown"]
    assert data["file_name"].endswith(".docx")
    docx = base64.b64decode(data["docx_base64"])
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "KẾ HOẠCH" in text


def test_draft_as_a_download(client):
    r = client.post("/api/plans/draft", params={"format": "docx"}, json=DRAFT)
    assert r.status_code == 200
    assert r.content[:2] == b"PK"
    assert "attachment" in r.headers["content-disposition"]
    md = client.post("/api/plans/draft", params={"format": "md"}, json=DRAFT)
    assert md.headers["content-type"].startswith("text/markdown") and "KẾ HOẠCH" in md.text


def test_draft_refuses_an_incomplete_request_with_the_reason(client):
    r = client.post("/api/plans/draft", json={**DRAFT, "kind": "campaign"})
    assert r.status_code == 422
    assert "occasion" in r.json()["error"]["message"]
    r = client.post("/api/plans/draft", json={**DRAFT, "level": "huyen"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_check_lists_findings_for_a_real_plan(client, pack_dir):
    plan = sorted((pack_dir / PLANS).glob("*.txt"))[0]
    r = client.post("/api/plans/check", files={"file": (plan.name, plan.read_bytes())})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["file_name"] == plan.name
    assert data["plan"]["title"]
    assert sum(data["counts"].values()) == len(data["findings"])
    for f in data["findings"]:
        assert f["severity"] in ("error", "warning", "info") and f["code"] and f["message"]
        assert set(f["location"]) == {"section", "line"}


def test_check_names_the_users_file_when_it_is_broken(client):
    r = client.post("/api/plans/check", files={"file": ("Kế hoạch 2027.docx", b"PK\x03\x04!")})
    assert r.status_code == 422
    message = r.json()["error"]["message"]
    assert "Kế hoạch 2027.docx" in message and "/tmp" not in message


def test_check_refuses_an_unsupported_file(client):
    r = client.post("/api/plans/check", files={"file": ("plan.xlsx", b"PK\x03\x04")})
    assert r.status_code == 415

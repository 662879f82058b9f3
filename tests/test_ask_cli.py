"""`tdkt ask`: one answer as JSON (DESIGN §4), and a batch file answered with the indexes
loaded once, one JSON object per line with its id."""

from __future__ import annotations

import json

from conftest import run_cli

QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?"


def test_ask_json_prints_the_answer_contract(pack_settings, assistant):
    out = run_cli(pack_settings, "ask", QUESTION, "--json", "--as-of", "2025-12-01")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["question"] == QUESTION
    assert data["language"] == "vi"
    assert data["abstained"] is False
    assert data["as_of"] == "2025-12-01"
    assert data["mode"] == "extractive"
    assert set(data["timings_ms"]) == {"analyze", "retrieve", "compose", "total"}
    first = data["citations"][0]
    assert (first["doc"], first["article"], first["clause"], first["point"]) == (
        "06/2022/QH15",
        84,
        2,
        None,
    )
    assert first["label"] == "khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)"
    assert first["quote"] == assistant.library.full_text(first["provision_id"])
    assert first["in_force"] is True
    assert "Biên bản xét khen thưởng" in data["answer"]
    assert data["notes"]


def test_ask_batch_answers_each_line_with_its_id(pack_settings, tmp_path):
    batch = tmp_path / "questions.jsonl"
    lines = [
        {"id": "q1", "question": QUESTION, "lang": "vi"},
        {"id": "q2", "question": "What dossier do I need for a city certificate of merit?"},
        {"id": "q3", "question": "Thủ tục đổi giấy phép lái xe ô tô hết hạn gồm những bước nào?"},
    ]
    batch.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8"
    )
    out = run_cli(pack_settings, "ask", "--batch", str(batch), "--json")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert [r["id"] for r in rows] == ["q1", "q2", "q3"]
    assert rows[1]["language"] == "en"
    assert rows[2]["abstained"] is True and rows[2]["citations"] == []
    assert all(r["citations"][0]["article"] == 84 for r in rows[:2])


def test_ask_prints_answer_quotes_and_notes_as_text(pack_settings):
    out = run_cli(pack_settings, "ask", QUESTION)
    assert out.returncode == 0, out.stderr
    assert "khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)" in out.stdout
    assert "Lưu ý:" in out.stdout


def test_ask_with_a_bad_date_fails_with_a_clear_message(pack_settings):
    out = run_cli(pack_settings, "ask", QUESTION, "--as-of", "01/07/2025")
    assert out.returncode != 0
    assert "YYYY-MM-DD" in out.stderr

"""`tdkt draft` and `tdkt check-plan` from the command line."""

from __future__ import annotations

import json

from docx import Document as open_docx
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()
WARD = ["--issuer", "UBND phường Hòa Bình", "--level", "phuong", "--place", "Hòa Bình"]


def test_draft_writes_a_docx_that_check_plan_reads_back_clean(tmp_path):
    out = tmp_path / "ke-hoach-2027.docx"
    result = runner.invoke(
        app, ["draft", "annual", *WARD, "--year", "2027", "--date", "2027-01-05", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert open_docx(str(out)).paragraphs  # a real .docx
    checked = runner.invoke(app, ["check-plan", str(out), "--json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    assert report["plan"]["date"]["start"] == "2027-01-05"
    assert [f for f in report["findings"] if f["severity"] != "info"] == []


def test_draft_json_lists_bases_anniversaries_and_awards(tmp_path):
    out = tmp_path / "dot-thi-dua.md"
    result = runner.invoke(
        app,
        [
            "draft",
            "campaign",
            *WARD,
            "--year",
            "2027",
            "--occasion",
            "Ngày Thương binh - Liệt sĩ",
            "--date",
            "2027-04-02",
            "--sign-as",
            "kt",
            "--out",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["out"] == str(out) and data["period_end"] == "2027-06-27"
    assert "152/2025/NĐ-CP" in data["legal_bases"] and "98/2023/NĐ-CP" not in data["legal_bases"]
    assert data["anniversaries"] == [
        "Kỷ niệm 80 năm Ngày Thương binh - Liệt sĩ (27/07/1947 - 27/07/2027)"
    ]
    assert "**KT. CHỦ TỊCH**" in out.read_text(encoding="utf-8")


def test_check_plan_prints_findings_with_their_fix(pack_dir):
    seed = next((pack_dir / "plans").glob("002_*.txt"))
    result = runner.invoke(app, ["check-plan", str(seed)])
    assert result.exit_code == 0, result.output
    assert "[LỖI] basis-not-in-force (mục II.1, dòng 76): Nghị định 91/2017/NĐ-CP" in result.stdout
    assert "→ Dẫn Nghị định 98/2023/NĐ-CP" in result.stdout


def test_bad_options_are_refused_with_the_fix():
    for args, fragment in (
        (["draft", "yearly", *WARD, "--year", "2027"], "unknown plan kind"),
        (["draft", "annual", *WARD, "--year", "2027", "--out", "plan.pdf"], ".docx or .md"),
        (["draft", "annual", *WARD, "--year", "2027", "--date", "05/01/2027"], "YYYY-MM-DD"),
        (["draft", "campaign", *WARD, "--year", "2027"], "needs the occasion"),
        (
            [
                "draft",
                "annual",
                "--issuer",
                "UBND huyện X",
                "--level",
                "huyen",
                "--place",
                "X",
                "--year",
                "2027",
            ],
            "invalid draft options (level",
        ),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code != 0
        assert fragment in str(result.exception), args

"""`tdkt corpus …`: import the pack, status, show a provision cited the way officials write it."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from assistant.config import Settings

STYLES = [
    ("khoản 2 Điều 84 Luật 06/2022/QH15", "06-2022-qh15/dieu-84/khoan-2"),
    ("Điều 84 khoản 2 Luật Thi đua, khen thưởng", "06-2022-qh15/dieu-84/khoan-2"),
    ("k2 Đ84 Luật TĐKT", "06-2022-qh15/dieu-84/khoan-2"),
    ("khoan 2 dieu 84 luat thi dua khen thuong", "06-2022-qh15/dieu-84/khoan-2"),
    ("Article 84(2) of the Law on Emulation and Commendation", "06-2022-qh15/dieu-84/khoan-2"),
    ("điểm c khoản 1 Điều 50 NĐ 152/2025/NĐ-CP", "152-2025-nd-cp/dieu-50/khoan-1/diem-c"),
    ("Điều 59 Nghị định 129/2025", "129-2025-nd-cp/dieu-59"),
    ("Điều 2 Quyết định 86/2025/QĐ-UBND", "86-2025-qd-ubnd/quyet-dinh/dieu-2"),
    ("mục IV.2 kế hoạch 004_f5d8082cf000cdee", "004_f5d8082cf000cdee/muc-iv/2"),
]


@pytest.mark.parametrize(("citation", "provision_id"), STYLES)
def test_show_returns_the_exact_text_of_the_cited_unit(
    pack_settings, assistant, citation, provision_id
):
    out = run_cli(pack_settings, "corpus", "show", citation, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["provision_id"] == provision_id
    assert data["text"] == assistant.library.full_text(provision_id)


def test_show_of_clause_2_article_84_lists_the_dossier_items(pack_settings):
    out = run_cli(pack_settings, "corpus", "show", "khoản 2 Điều 84 Luật 06/2022/QH15")
    assert out.returncode == 0
    assert "Tờ trình đề nghị xét tặng hình thức khen thưởng" in out.stdout
    assert "Biên bản xét khen thưởng" in out.stdout


def test_show_of_a_clause_that_does_not_exist_says_what_does(pack_settings):
    out = run_cli(pack_settings, "corpus", "show", "khoản 9 Điều 84 Luật 06/2022/QH15")
    assert out.returncode != 0
    assert "khoản 1–7" in out.stderr or "khoản 1-7" in out.stderr


def test_status_reports_documents_coverage_and_counts(pack_settings):
    out = run_cli(pack_settings, "corpus", "status", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    docs = {d["doc_id"]: d for d in data["documents"]}
    assert docs["06/2022/QH15"]["articles"] == 96
    assert docs["152/2025/NĐ-CP"]["coverage"] == "full"
    assert docs["129/2025/NĐ-CP"]["coverage"] == "excerpt"
    assert docs["16/VBHN-VPQH"]["in_force"] is False
    framework = {row["doc_id"]: row for row in data["framework"]}
    assert framework["06/2026/QH16"]["status"] == "missing"
    assert data["errors"] == []


def test_import_without_a_pack_explains_where_to_put_it(tmp_path):
    settings = Settings(
        home=tmp_path,
        pack=tmp_path / "nowhere",
        corpus_dir=tmp_path / "c",
        index_dir=tmp_path / "i",
    )
    out = run_cli(settings, "corpus", "import")
    assert out.returncode != 0
    assert "TDKT_PACK" in out.stderr


def test_add_refuses_a_broken_file_and_accepts_a_good_one(tmp_path):
    settings = Settings(home=tmp_path, corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "i")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"this is not a zip archive")
    out = run_cli(settings, "corpus", "add", str(broken))
    assert out.returncode != 0
    assert "broken.docx" in out.stderr
    assert not settings.user_docs_path.exists() or not any(settings.user_docs_path.iterdir())
    good = tmp_path / "ke-hoach.md"
    good.write_text(
        "KẾ HOẠCH\nThi đua năm 2027\nI. MỤC ĐÍCH\n1. Mục đích\n- Động viên.\n", encoding="utf-8"
    )
    out = run_cli(settings, "corpus", "add", str(good), "--json")
    assert out.returncode == 0, out.stderr
    added = json.loads(out.stdout)["added"]
    assert added.startswith(str(settings.user_docs_path))


def test_add_refuses_a_second_document_with_a_number_already_in_the_corpus(tmp_path):
    settings = Settings(home=tmp_path, corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "i")
    regulation = "---\nso_hieu: 12/2027/QĐ-UBND\nloai: Quyết định\n---\n# QUY ĐỊNH\n\nĐiều 1. {}\n"
    first = tmp_path / "quy-dinh.md"
    first.write_text(regulation.format("Phạm vi."), encoding="utf-8")
    assert run_cli(settings, "corpus", "add", str(first)).returncode == 0
    other = tmp_path / "ban-sua.md"
    other.write_text(regulation.format("Nội dung khác."), encoding="utf-8")
    out = run_cli(settings, "corpus", "add", str(other))
    assert out.returncode != 0
    assert "12/2027/QĐ-UBND" in out.stderr and "quy-dinh.md" in out.stderr
    assert [p.name for p in settings.user_docs_path.iterdir()] == ["quy-dinh.md"]
    assert run_cli(settings, "corpus", "add", str(first)).returncode == 0  # same bytes: a no-op

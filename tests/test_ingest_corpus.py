"""Walking corpus folders (broken files are reported and skipped) and adding user documents."""

from __future__ import annotations

import logging
from pathlib import Path

import docx
import pytest

from assistant.errors import DuplicateDocumentError, IngestError, UnsupportedFormatError
from assistant.ingest import add_user_document, ids_in_corpus, load_corpus, safe_file_name


def _md(path: Path, so_hieu: str, body: str = "Điều 1. Phạm vi\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\nso_hieu: "{so_hieu}"\nloai: "Nghị định"\n---\n{body}', "utf-8")
    return path


def _docx(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_paragraph(text)
    document.save(path)
    return path


@pytest.fixture
def mixed_corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    _md(root / "pack" / "nd-1.md", "1/2025/NĐ-CP")
    _md(root / "pack" / "nd-2.md", "2/2025/NĐ-CP")
    (root / "pack" / "MANIFEST.md").write_text("# not a document\n", "utf-8")
    (root / "README.md").write_text("# not a document\n", "utf-8")
    (root / "framework.yaml").write_text("documents: []\n", "utf-8")
    (root / "feedback.jsonl").write_text("{}\n", "utf-8")
    _md(root / ".cache" / "hidden.md", "9/2025/NĐ-CP")
    user = root / "user"
    _docx(user / "ke-hoach.docx", "KẾ HOẠCH thi đua năm 2026")
    (user / "hong.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)  # a ZIP header, no package
    (user / "anh.docx").write_bytes(bytes(range(256)))  # binary data named .docx
    (user / "cat.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")  # truncated
    (user / "bang.xlsx").write_bytes(b"PK\x03\x04")
    (user / "~$ke-hoach.docx").write_bytes(b"\x00lock")  # Word's lock file
    return root


def test_broken_files_are_reported_and_skipped_while_the_rest_load(mixed_corpus, caplog):
    with caplog.at_level(logging.WARNING, logger="assistant.ingest.corpus_loader"):
        result = load_corpus([mixed_corpus])
    loaded = [Path(d.meta.source_path).name for d in result.documents]
    assert loaded == ["nd-1.md", "nd-2.md", "ke-hoach.docx"]
    failed = {Path(e.path).name: e for e in result.errors}
    assert set(failed) == {"anh.docx", "bang.xlsx", "cat.pdf", "hong.docx"}
    assert isinstance(failed["bang.xlsx"], UnsupportedFormatError)
    assert "not a Word .docx" in failed["anh.docx"].reason
    assert "damaged" in failed["hong.docx"].reason
    assert "PDF" in failed["cat.pdf"].reason
    for name, error in failed.items():  # each skip is logged with the file and the reason
        assert any(
            name in r.getMessage() and error.reason in r.getMessage() for r in caplog.records
        )


def test_loading_twice_gives_the_same_documents_in_the_same_order(mixed_corpus):
    first = load_corpus([mixed_corpus])
    second = load_corpus([mixed_corpus])
    assert [d.meta for d in first.documents] == [d.meta for d in second.documents]


def test_roots_are_taken_in_the_given_order_and_overlaps_load_once(mixed_corpus):
    result = load_corpus([mixed_corpus / "user", mixed_corpus / "pack", mixed_corpus])
    loaded = [Path(d.meta.source_path).name for d in result.documents]
    assert loaded == ["ke-hoach.docx", "nd-1.md", "nd-2.md"]


def test_a_second_file_with_the_same_so_hieu_is_an_error_not_an_overwrite(tmp_path):
    first = _md(tmp_path / "a" / "nd-30.md", "30/2020/NĐ-CP", "Điều 1. Bản thứ nhất\n")
    second = tmp_path / "b" / "nghi-dinh-30.txt"
    second.parent.mkdir()
    second.write_text("CHÍNH PHỦ\n\nSố: 30/2020/NĐ-CP\n\nNGHỊ ĐỊNH\n\nVề công tác văn thư\n")
    result = load_corpus([tmp_path])
    assert [d.meta.source_path for d in result.documents] == [str(first)]
    assert result.documents[0].text == "Điều 1. Bản thứ nhất\n"
    (error,) = result.errors
    assert error.path == str(second)
    assert "duplicate document '30/2020/NĐ-CP'" in error.reason
    assert str(first) in error.reason


def test_missing_root_loads_nothing_without_failing(tmp_path):
    result = load_corpus([tmp_path / "nope"])
    assert result.documents == () and result.errors == ()


def test_the_whole_pack_loads_without_errors(pack_dir):
    result = load_corpus([pack_dir])
    assert result.errors == ()
    ids = [d.meta.doc_id for d in result.documents]
    assert len(ids) == len(set(ids))
    assert "06/2022/QH15" in ids
    assert len(ids) == len(list(pack_dir.glob("*.md"))) - 1 + len(list(pack_dir.glob("plans/*")))


# --- adding a user's document ---------------------------------------------------------------


def test_added_document_is_copied_under_a_safe_ascii_name(tmp_path):
    src = _docx(tmp_path / "in" / "Kế hoạch thi đua 2026.docx", "KẾ HOẠCH")
    user = tmp_path / "corpus" / "user"
    stored = add_user_document(src, user)
    assert stored == user / "Ke-hoach-thi-dua-2026.docx"
    assert stored.read_bytes() == src.read_bytes()


@pytest.mark.parametrize(
    "name",
    ["../../etc/cron.d/evil.md", "/etc/passwd.md", "..\\..\\windows\\evil.md", "..", ".bashrc"],
)
def test_add_user_document_refuses_directory_tricks_in_the_name(tmp_path, name):
    src = _md(tmp_path / "in" / "ok.md", "5/2025/NĐ-CP")
    user = tmp_path / "corpus" / "user"
    stored = add_user_document(src, user, name=name)
    assert stored.parent == user
    assert not stored.name.startswith(".")
    assert stored.suffix == ".md"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        ["ok.md", stored.name]
    )


def test_broken_document_is_rejected_with_its_reason_and_nothing_is_written(tmp_path):
    src = tmp_path / "in" / "hong.docx"
    src.parent.mkdir()
    src.write_bytes(b"not a word file")
    user = tmp_path / "user"
    with pytest.raises(IngestError, match="not a Word .docx"):
        add_user_document(src, user)
    assert not user.exists() or list(user.iterdir()) == []


def test_adding_the_same_content_again_returns_the_existing_file(tmp_path):
    src = _md(tmp_path / "in" / "a.md", "5/2025/NĐ-CP")
    copy = tmp_path / "in" / "b.md"
    copy.write_bytes(src.read_bytes())
    user = tmp_path / "user"
    first = add_user_document(src, user)
    assert add_user_document(copy, user) == first
    assert [p.name for p in user.iterdir()] == ["a.md"]


def test_same_name_with_other_content_gets_a_numbered_suffix(tmp_path):
    user = tmp_path / "user"
    one = add_user_document(_md(tmp_path / "1" / "qd.md", "1/2025/QĐ-UBND"), user)
    two = add_user_document(_md(tmp_path / "2" / "qd.md", "2/2025/QĐ-UBND"), user)
    three = add_user_document(_md(tmp_path / "3" / "qd.md", "3/2025/QĐ-UBND"), user)
    assert [one.name, two.name, three.name] == ["qd.md", "qd-2.md", "qd-3.md"]
    assert not [p for p in user.iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_plan_named_like_a_document_in_the_corpus_is_filed_under_a_free_name(tmp_path, pack_dir):
    # Plans are known by their file name; the pack's seed plan keeps its name and the new plan
    # gets one the index can tell apart.
    taken = ids_in_corpus([pack_dir])
    src = tmp_path / "in" / "000_e8477a02aad63870.txt"
    src.parent.mkdir()
    src.write_text("KẾ HOẠCH\nThi đua năm 2027\nI. MỤC ĐÍCH\n1. Động viên.\n", encoding="utf-8")
    stored = add_user_document(src, tmp_path / "user", taken=taken)
    assert stored.name == "000_e8477a02aad63870-2.txt"
    result = load_corpus([pack_dir, tmp_path / "user"])
    assert result.errors == () and "000_e8477a02aad63870-2" in result.by_id()


def test_a_second_document_with_a_number_in_the_corpus_is_refused(tmp_path, pack_dir):
    src = _md(tmp_path / "in" / "luat-moi.md", "06/2022/QH15")
    with pytest.raises(DuplicateDocumentError, match="luat-06-2022-qh15.md"):
        add_user_document(src, tmp_path / "user", taken=ids_in_corpus([pack_dir]))
    assert not (tmp_path / "user").exists() or not any((tmp_path / "user").iterdir())


def test_safe_file_name_keeps_the_extension_and_folds_vietnamese():
    assert safe_file_name("Quyết định số 86.PDF") == "Quyet-dinh-so-86.pdf"
    assert safe_file_name("../../x/Điều lệ.docx") == "Dieu-le.docx"
    assert safe_file_name("   .md") == "document.md"
    assert safe_file_name("báo cáo", suffix=".txt") == "bao-cao.txt"

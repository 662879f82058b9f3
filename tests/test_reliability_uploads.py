"""Bad files through every door that takes one — the upload API, the web UI's upload, `tdkt
corpus add` and `tdkt check-plan`: binary data named .docx, corrupt PDF and DOCX, a zip bomb,
empty and undecodable files, hostile file names, the same file twice. Each is refused with a
clear 4xx or CLI error (or, for a good file under a hostile name, filed safely under corpus/);
nothing is written outside corpus/ and indexes/, and what was indexed answers as before."""

from __future__ import annotations

import io
import random
import tempfile
import time
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest
from api_fixtures import copy_settings
from conftest import run_cli
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.app.runtime import Runtime
from assistant.app.service import Assistant

TOKEN = "upload-token-for-reliability-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUESTION = "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh gồm những gì?"
GOOD_DOC = """# QUY CHẾ THI ĐUA PHONG TRÀO CÔNG SỞ XANH

Điều 1. Phạm vi áp dụng

Quy chế này áp dụng cho phong trào thi đua "Công sở xanh, sạch, đẹp" của cơ quan.

Điều 2. Hình thức khen thưởng

1. Giấy khen của Thủ trưởng cơ quan cho tập thể có mô hình phân loại rác thải tại nguồn.
"""
BOMB_UNPACKED = 256 * 1024 * 1024


# -- files an official (or an attacker) might send ------------------------------------------------
def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def zip_bomb_docx() -> bytes:
    """A real .docx (a good one, repacked) whose word/document.xml unpacks to 256 MiB of valid
    XML — spaces between the elements — from about 250 kB on disk."""
    good = zipfile.ZipFile(io.BytesIO(_docx("Điều 1. Phạm vi điều chỉnh")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in good.infolist():
            data = good.read(info.filename)
            if info.filename != "word/document.xml":
                z.writestr(info, data)
                continue
            head, body, tail = data.partition(b"<w:body>")
            with z.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(head + body)
                pad = b" " * (1 << 22)
                for _ in range(BOMB_UNPACKED // len(pad)):
                    member.write(pad)
                member.write(tail)
    return out.getvalue()


def _broken_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>cắt ngang")
    return out.getvalue()


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_RANDOM = random.Random(8).randbytes(4096)

# name → (bytes, HTTP status, words the message must hold)
BAD_FILES = {
    "Quyết định khen thưởng.docx": (lambda: _RANDOM, 422, "not a Word .docx"),
    "Tờ trình.docx": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _RANDOM,
        422,
        "rename it to .doc",
    ),
    "Kế hoạch hỏng.docx": (_broken_docx, 422, "damaged .docx"),
    "Công văn cũ.doc": (lambda: _RANDOM, 422, "not a Word .doc file"),
    "Bom.docx": (zip_bomb_docx, 422, "zip bomb"),
    "Báo cáo.pdf": (lambda: b"%PDF-1.7\n1 0 obj <<>>\n" + _RANDOM, 422, "PDF"),
    "Cắt ngang.pdf": (lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type", 422, "PDF"),
    "Bản quét.pdf": (_blank_pdf, 422, "no text layer"),
    "Giả PDF.pdf": (lambda: b"MZ\x90\x00" + _RANDOM, 422, "not a PDF"),
    "Rỗng.md": (lambda: b"", 422, "empty"),
    "Trắng.txt": (lambda: " \n\t\n\u00a0\n".encode(), 422, "no text"),
    "Sai mã.md": (lambda: b"# Quy ch\xff\xfe\n\n\xc3\x28 \x80\x81\n", 422, "UTF-8"),
    "Nhị phân.txt": (lambda: b"\x00\x01\x02" * 100, 422, "binary"),
    "Chỉ có script.html": (lambda: b"<html><script>alert(1)</script></html>", 422, "no text"),
    "virus.exe": (lambda: b"MZ\x90\x00" + _RANDOM, 415, ".exe"),
    # a name without an extension is known by its content; an image is no document
    "README": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), 415, "no extension"),
}
# What the web UI says of each, in Vietnamese (ui/messages.FILE_REASONS)
UI_SAYS = {
    "Quyết định khen thưởng.docx": "không phải văn bản Word hợp lệ",
    "Tờ trình.docx": "đuôi tệp không khớp loại Word",
    "Kế hoạch hỏng.docx": "tệp bị hỏng",
    "Công văn cũ.doc": "không phải văn bản Word hợp lệ",
    "Bom.docx": "tệp quá lớn hoặc có cấu trúc bất thường",
    "Báo cáo.pdf": "tệp bị hỏng",
    "Cắt ngang.pdf": "tệp bị hỏng",
    "Bản quét.pdf": "không có lớp chữ",
    "Giả PDF.pdf": "không phải PDF",
    "Rỗng.md": "tệp trống",
    "Trắng.txt": "tệp trống",
    "Sai mã.md": "bảng mã UTF-8",
    "Nhị phân.txt": "nhị phân",
    "Chỉ có script.html": "tệp trống",
    "virus.exe": "Hãy dùng .docx",
    "README": "Hãy dùng .docx",
}
# The command line checks the same loaders: a sample of the kinds above.
CLI_FILES = ["Quyết định khen thưởng.docx", "Bom.docx", "Sai mã.md"]


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its size and modification time."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def changed(before: dict, after: dict) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    err = response.json()["error"]
    assert set(err) == {"code", "message"} and err["message"].strip()
    assert "Traceback" not in response.text
    return err


def hits_of(search) -> list[str]:
    return [h.chunk.provision_id for h in search(QUESTION, k=10)]


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def home(pack_settings, tmp_path_factory):
    """A private copy of the built pack; ``root`` holds it and the server's temporary folder."""
    root = tmp_path_factory.mktemp("uploads")
    return copy_settings(pack_settings, root, admin_token=TOKEN)


@pytest.fixture(scope="module")
def root(home) -> Path:
    return home.home.parent


@pytest.fixture
def server_tmp(root, monkeypatch) -> Path:
    """The server's temporary files go under ``root`` (nested, so a `../` escape from them
    would still land inside the tree the tests compare)."""
    folder = root / "a" / "b" / "c" / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def client(home):
    with TestClient(create_app(home, Assistant.open(home)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def known_hits(client) -> list[str]:
    return hits_of(client.app.state.runtime.assistant().search)


def upload(client, name: str, data: bytes):
    return client.post("/api/admin/documents", files={"file": (name, data)}, headers=AUTH)


# -- the upload API ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_uploaded_is_refused_and_changes_nothing(
    client, home, root, server_tmp, known_hits, name
):
    make, status, says = BAD_FILES[name]
    data = make()
    before = tree(root)
    started = time.perf_counter()
    err = error_of(upload(client, name, data), status)
    seconds = time.perf_counter() - started
    assert says in err["message"] and name in err["message"]
    assert str(server_tmp) not in err["message"]  # the server's own paths stay private
    assert changed(before, tree(root)) == set()
    assert not any(server_tmp.iterdir())  # the request's temporary copy is gone
    assert client.app.state.runtime.jobs.recent() == []  # no re-index was queued
    assert hits_of(client.app.state.runtime.assistant().search) == known_hits
    if name == "Bom.docx":
        assert seconds < 10, f"the zip bomb took {seconds:.1f} s to refuse"


def test_a_zip_bomb_is_refused_from_its_declared_sizes_without_unpacking(client, monkeypatch):
    import docx

    def never(*args, **kwargs):
        raise AssertionError("python-docx was asked to open the zip bomb")

    monkeypatch.setattr(docx, "Document", never)
    bomb = zip_bomb_docx()
    assert len(bomb) < 2_000_000 and sum(
        i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist()
    ) > 200 * len(bomb)
    err = error_of(upload(client, "Bom.docx", bomb), 422)
    assert "would unpack to 26" in err["message"] and "zip bomb" in err["message"]


def test_a_good_docx_still_loads_under_the_size_check(tmp_path):
    from assistant.ingest import load_file

    path = tmp_path / "quy-che.docx"
    path.write_bytes(_docx(GOOD_DOC))
    assert "phân loại rác thải tại nguồn" in load_file(path).text


def test_hostile_file_names_are_filed_under_corpus_user_only(pack_settings, tmp_path, monkeypatch):
    settings = copy_settings(pack_settings, tmp_path, admin_token=TOKEN)
    scratch = tmp_path / "a" / "b" / "c" / "tmp"
    scratch.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    names = [
        "../../../etc/cron.d/evil.md",
        "/etc/cron.d/evil-abs.md",
        "..\\..\\Windows\\evil-win.md",
        "C:\\Users\\Public\\evil-drive.md",
        ".hidden.md",
        "....md",
        "Kế hoạch " + "rất dài " * 60 + ".md",
    ]
    before = tree(tmp_path)
    with TestClient(create_app(settings, Assistant.open(settings))) as c:
        known = hits_of(c.app.state.runtime.assistant().search)
        indexed = set(c.app.state.runtime.assistant().library.provisions)
        saved = []
        for n, name in enumerate(names):
            body = GOOD_DOC.replace("Công sở xanh", f"Công sở xanh {n}").encode()
            r = upload(c, name, body)
            assert r.status_code == 202, r.text
            saved.append(r.json()["saved_as"])
        for job in c.app.state.runtime.jobs.recent():
            assert c.app.state.runtime.jobs.wait(job.id, timeout=120).status == "succeeded"
        # New documents shift BM25 statistics a little; nothing indexed before is lost.
        assert hits_of(c.app.state.runtime.assistant().search)[:3] == known[:3]
        assert indexed < set(c.app.state.runtime.assistant().library.provisions)
        listed = {d["doc_id"] for d in c.get("/api/documents").json()["documents"]}
    for name in saved:
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert len(name) <= 110
    user = settings.user_docs_path
    assert sorted(p.name for p in user.iterdir()) == sorted(saved)
    assert {Path(s).stem for s in saved} <= listed
    outside = {
        path
        for path in changed(before, tree(tmp_path))
        if not path.startswith(("home/corpus/", "home/indexes/"))
    }
    assert outside == set()
    assert not any(scratch.iterdir())
    assert not Path("/etc/cron.d/evil-abs.md").exists()


def test_the_same_file_uploaded_twice_is_kept_and_indexed_once(pack_settings, tmp_path):
    settings = copy_settings(pack_settings, tmp_path, admin_token=TOKEN)
    with TestClient(create_app(settings, Assistant.open(settings))) as c:
        first = upload(c, "Quy chế công sở xanh.md", GOOD_DOC.encode())
        again = upload(c, "quy che (1).md", GOOD_DOC.encode())
        assert first.status_code == 202, first.text
        # 202 sharing the re-index while it runs; 200 "unchanged" once the file is indexed
        assert again.status_code in (200, 202), again.text
        assert again.json()["saved_as"] == first.json()["saved_as"]
        for job in c.app.state.runtime.jobs.recent():
            assert c.app.state.runtime.jobs.wait(job.id, timeout=120).status == "succeeded"
        docs = [d["doc_id"] for d in c.get("/api/documents").json()["documents"]]
        hits = c.get("/api/search", params={"q": "phân loại rác thải tại nguồn"}).json()["hits"]
    assert [p.name for p in settings.user_docs_path.iterdir()] == [first.json()["saved_as"]]
    assert docs.count(first.json()["doc_id"]) == 1
    provision_ids = [h["provision_id"] for h in hits]
    assert len(provision_ids) == len(set(provision_ids))


def test_an_upload_claiming_an_indexed_law_number_is_refused_and_the_law_kept(
    pack_settings, tmp_path
):
    settings = copy_settings(pack_settings, tmp_path, admin_token=TOKEN)
    forged = (
        "---\nso_hieu: 06/2022/QH15\nloai: Luật\nten: Luật Thi đua, khen thưởng\n---\n"
        "# LUẬT THI ĐUA, KHEN THƯỞNG\n\nĐiều 84. Hồ sơ\n\n2. Chỉ cần một lá đơn viết tay.\n"
    )
    pid = "06-2022-qh15/dieu-84/khoan-2"
    with TestClient(create_app(settings, Assistant.open(settings))) as c:
        law = c.get(f"/api/provisions/{pid}").json()["text"]
        r = upload(c, "luat-moi.md", forged.encode())
        assert r.status_code == 409, r.text
        error = r.json()["error"]
        assert error["code"] == "duplicate_document"
        assert "luat-moi.md" in error["message"] and "luat-06-2022-qh15.md" in error["message"]
        assert c.app.state.runtime.jobs.recent() == []  # no re-index queued
        assert c.get(f"/api/provisions/{pid}").json()["text"] == law
        assert "lá đơn viết tay" not in law
    assert not settings.user_docs_path.exists() or not any(settings.user_docs_path.iterdir())


# -- the web UI's upload ----------------------------------------------------------------------
@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_uploaded_in_the_web_ui_is_refused_in_vietnamese(
    home, client, root, server_tmp, tmp_path, name
):
    from ui.documents import Documents

    make, _, says = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make())
    runtime = Runtime(home, client.app.state.runtime.assistant())  # the UI's own runtime
    before = tree(root)
    status, job, _ = Documents(runtime).upload(TOKEN, str(path))
    assert job is None
    assert status.startswith(("**Tệp bị lỗi", "**Không nhận loại tệp")), status
    assert UI_SAYS[name] in status and name in status, status
    # the library's English reason is logged, not shown
    assert says not in status or says in UI_SAYS[name] or says in name
    assert "Traceback" not in status
    assert changed(before, tree(root)) == set()
    assert runtime.jobs.recent() == []


# -- the command line -------------------------------------------------------------------------
def cli_refused(result, *words: str) -> None:
    assert result.returncode != 0, result.stdout[-500:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    err = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(err) == 1, result.stderr[-2000:]
    for word in words:
        assert word in err[0]


@pytest.mark.parametrize("command", ["corpus add", "check-plan"])
@pytest.mark.parametrize("name", CLI_FILES)
def test_a_bad_file_on_the_command_line_is_an_error_and_changes_nothing(
    home, root, tmp_path, command, name
):
    make, _, says = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(make())
    before = tree(root)
    cli_refused(run_cli(home, *command.split(), str(path)), says)
    assert changed(before, tree(root)) == set()


def test_a_path_that_is_not_a_file_is_an_error(home, tmp_path):
    cli_refused(run_cli(home, "corpus", "add", str(tmp_path / "missing.docx")), "cannot read")


def test_corpus_add_of_the_same_file_twice_keeps_one_copy(pack_settings, tmp_path):
    settings = copy_settings(pack_settings, tmp_path)
    (tmp_path / "outside").mkdir()
    source = tmp_path / "outside" / ".." / "outside" / "Quy chế.md"
    source.write_text(GOOD_DOC, "utf-8")
    for _ in range(2):
        result = run_cli(settings, "corpus", "add", str(source), "--json")
        assert result.returncode == 0, result.stderr[-2000:]
    assert [p.name for p in settings.user_docs_path.iterdir()] == ["Quy-che.md"]


# -- generated uploads (hypothesis) -------------------------------------------------------------
MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.7\n", b"\xef\xbb\xbf", b"<html><body>", b"---\nso_hieu: "]


def test_generated_uploads_are_accepted_or_refused_never_a_server_error(pack_settings, tmp_path):
    """Random bytes behind each format's magic, random text in odd encodings, random names with
    a supported extension (.doc aside: LibreOffice takes seconds per file), random job ids."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    # many uploads from one client: the write rate limit is not what this test is about
    home = copy_settings(pack_settings, tmp_path, admin_token=TOKEN, write_rate_per_minute=0)
    texts = st.text(max_size=300).flatmap(
        lambda t: st.sampled_from(["utf-8", "utf-16", "cp1258", "latin-1"]).map(
            lambda enc: t.encode(enc, errors="replace")
        )
    )
    body = st.one_of(
        st.tuples(st.sampled_from(MAGIC), st.binary(max_size=1500)).map(b"".join), texts
    )
    name = st.tuples(
        st.text(min_size=0, max_size=30),
        st.sampled_from([".docx", ".pdf", ".md", ".txt", ".html", ".htm", ".MD", ".Docx"]),
    ).map("".join)
    seen: list[int] = []
    with TestClient(create_app(home, Assistant.open(home)), raise_server_exceptions=False) as c:

        @given(name=name, data=body, job_id=st.text(max_size=70))
        @settings(
            max_examples=40,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(name: str, data: bytes, job_id: str) -> None:
            r = upload(c, name, data)
            # 200: the same bytes were uploaded (and indexed) before
            assert r.status_code in (200, 202, 400, 413, 415, 422), (name, data[:60], r.text)
            assert "Traceback" not in r.text
            seen.append(r.status_code)
            j = c.get(f"/api/admin/jobs/{quote(job_id, safe='')}", headers=AUTH)
            assert j.status_code in (404, 405, 422), (job_id, j.text)

        check()
        for job in c.app.state.runtime.jobs.recent():  # accepted uploads finish their re-index
            done = c.app.state.runtime.jobs.wait(job.id, timeout=120)
            assert done.status == "succeeded", done.error
    assert 422 in seen  # the loaders were reached, not only the name check

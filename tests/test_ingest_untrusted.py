"""Files built to exhaust the reader are refused before they are expanded: a YAML alias bomb in
front matter, a .docx whose part inflates past its header, a package packed beyond any real
document, binary noise that a converter turns into CJK "text", and many LibreOffice
conversions at once. Every reproducer is built here, at test time, from a few bytes."""

from __future__ import annotations

import io
import shutil
import struct
import threading
import zipfile
import zlib
from functools import cache
from pathlib import Path

import docx
import pytest
import yaml
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.api.errors import status_of
from assistant.errors import (
    ConverterBusyError,
    IngestError,
    UnreadableTextError,
    UnsafeArchiveError,
    UnsafeFrontMatterError,
)
from assistant.ingest import converters, load_file
from assistant.ingest.corpus_loader import load_corpus
from assistant.ingest.frontmatter import split_front_matter
from assistant.ingest.header import read_header

MIB = 1024 * 1024
RTF = rb"{\rtf1\ansi\uc1 \u272?i\u7873?u 1. Ph\u7841?m vi\par }"
VIETNAMESE = "Điều 1. Phạm vi điều chỉnh\n\nQuy định này áp dụng cho công tác thi đua, khen thưởng."


# -- reproducers ----------------------------------------------------------------------------
def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs" front matter: ``levels`` anchors of ``width`` aliases each stand for
    width**levels strings (9, 9: about 340 bytes for 387 million)."""
    names = "abcdefghijklmnopqrstuvwxyz"
    lines = [f"a: &a [{','.join(['lol'] * width)}]"]
    for i in range(1, levels):
        here, before = names[i], names[i - 1]
        lines.append(f"{here}: &{here} [{','.join([f'*{before}'] * width)}]")
    return "---\n" + "\n".join(lines) + "\n---\n" + VIETNAMESE + "\n"


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _deflate(*chunks: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return b"".join(packer.compress(c) for c in chunks) + packer.flush()


def zip_by_hand(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP of deflated members whose headers say what they are told: (name, packed bytes,
    CRC-32, declared unpacked size) each, in the local header and the central directory."""
    body, central = bytearray(), bytearray()
    for name, packed, crc, declared in members:
        raw = name.encode()
        offset = len(body)
        fields = (8, 0, 0x21, crc, len(packed), declared, len(raw))  # deflate, 1980-01-01
        body += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, *fields, 0) + raw + packed
        central += struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, 0, *fields, 0, 0, 0, 0, 0, offset
        )
        central += raw
    count = len(members)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


@cache
def lying_zip_bomb(inflates_to: int = 200 * MIB, declared: int = 1000) -> bytes:
    """A real .docx whose word/document.xml declares ``declared`` bytes (with the CRC of those
    first bytes) but inflates to ``inflates_to``: about 240 kB on disk."""
    good = zipfile.ZipFile(io.BytesIO(_docx([VIETNAMESE])))
    members = []
    for info in good.infolist():
        data = good.read(info.filename)
        if info.filename == "word/document.xml":
            zeros = bytes(MIB)
            packed = _deflate(data, *([zeros] * ((inflates_to - len(data)) // MIB)))
            head = (data + bytes(declared))[:declared]
            members.append((info.filename, packed, zlib.crc32(head), declared))
        else:
            members.append((info.filename, _deflate(data), zlib.crc32(data), len(data)))
    return zip_by_hand(members)


def repacked_docx(extra: dict[str, bytes], paragraphs: tuple[str, ...] = (VIETNAMESE,)) -> bytes:
    """A good .docx of ``paragraphs`` with ``extra`` parts added, honestly declared."""
    out = io.BytesIO(_docx(list(paragraphs)))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in extra.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def inflation(monkeypatch) -> dict[str, int]:
    """Counts every byte zlib inflates in this test (zipfile's readers, python-docx's, ours)
    and the largest single step."""
    real = zlib.decompressobj
    seen = {"total": 0, "largest": 0}

    class Counting:
        def __init__(self, *args, **kwargs) -> None:
            self._inner = real(*args, **kwargs)

        def _count(self, out: bytes) -> bytes:
            seen["total"] += len(out)
            seen["largest"] = max(seen["largest"], len(out))
            return out

        def decompress(self, data, max_length: int = 0) -> bytes:
            return self._count(self._inner.decompress(data, max_length))

        def flush(self, *args) -> bytes:
            return self._count(self._inner.flush(*args))

        def __getattr__(self, name: str):
            return getattr(self._inner, name)

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    return seen


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# -- YAML front matter ----------------------------------------------------------------------
def test_a_yaml_alias_bomb_in_front_matter_is_refused_before_it_is_expanded():
    bomb = alias_bomb()
    assert len(bomb.encode()) < 500  # 9**9 = 387,420,489 strings once expanded
    with pytest.raises(UnsafeFrontMatterError) as err:
        split_front_matter(bomb)
    assert "alias" in err.value.reason and status_of(err.value) == 422
    assert str(err.value).startswith("cannot read the document: the front matter is refused")


def test_a_markdown_plan_with_an_alias_bomb_is_refused_with_its_file_name(tmp_path):
    path = write(tmp_path, "ke-hoach-2027.md", alias_bomb(levels=4, width=6))
    with pytest.raises(UnsafeFrontMatterError) as err:
        load_file(path)
    assert err.value.path == str(path) and "front matter" in err.value.reason
    assert err.value.fix and "'---'" in err.value.fix


def test_front_matter_over_the_value_or_depth_budget_is_refused(tmp_path):
    many = "---\nthay_the: [" + ", ".join(f"{n}/2020/ND-CP" for n in range(3000)) + "]\n---\nx\n"
    deep = "---\nten: " + "[" * 60 + "x" + "]" * 60 + "\n---\nx\n"
    long = "---\nten: " + "x" * 70_000 + "\n---\nx\n"
    for text, says in ((many, "values"), (deep, "levels deep"), (long, "characters long")):
        with pytest.raises(UnsafeFrontMatterError, match=says):
            load_file(write(tmp_path, "plan.md", text))


def test_a_bomb_at_the_top_of_a_word_file_is_refused_by_the_header_reader(tmp_path):
    """A .docx has no front matter of its own, but its text is read for a header, which skips a
    YAML block at the top: that block must not be expanded either."""
    with pytest.raises(UnsafeFrontMatterError):
        read_header(alias_bomb())
    lines = alias_bomb(levels=5, width=6).split("\n")
    path = write(tmp_path, "cong-van.docx", _docx(lines))
    with pytest.raises(UnsafeFrontMatterError) as err:
        load_file(path)
    assert err.value.path == str(path)


def test_a_number_python_cannot_read_is_malformed_front_matter_not_a_crash(tmp_path):
    path = write(tmp_path, "plan.md", "---\nso_hieu: " + "9" * 5000 + "\n---\nx\n")
    with pytest.raises(IngestError, match="not valid YAML") as err:
        load_file(path)
    assert not isinstance(err.value, UnsafeFrontMatterError)


def test_ordinary_front_matter_still_reads_and_malformed_yaml_is_reported_as_before(tmp_path):
    front, body, line = split_front_matter(
        "---\nso_hieu: 06/2022/QH15\nthay_the: [15/2003/QH11]\nnguon: &n web\n---\nĐiều 1.\n"
    )
    assert front == {"so_hieu": "06/2022/QH15", "thay_the": ["15/2003/QH11"], "nguon": "web"}
    assert (body, line) == ("Điều 1.\n", 6)
    # "*Ghi chú*" opens with what YAML takes for an alias to nothing: an ordinary YAML error,
    # which the header reader skips and the loader reports, as before.
    emphasis = "---\n*Ghi chú:* bản nháp\n---\nĐiều 1.\n"
    with pytest.raises(yaml.YAMLError):
        split_front_matter(emphasis)
    assert read_header(emphasis) is not None
    with pytest.raises(IngestError, match="not valid YAML"):
        load_file(write(tmp_path, "nhap.md", emphasis))


# -- ZIP packages (.docx) -------------------------------------------------------------------
def test_a_docx_part_inflating_past_its_declared_size_is_refused_after_one_step(
    tmp_path, inflation
):
    bomb = lying_zip_bomb()
    declared = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert len(bomb) < 400_000 and declared < MIB  # the headers look harmless
    inflation.update(total=0, largest=0)  # count from here: building it read a template
    with pytest.raises(UnsafeArchiveError) as err:
        load_file(write(tmp_path, "ke-hoach.docx", bomb))
    assert "declares 1,000 bytes but unpacks to more" in err.value.reason
    assert "zip bomb" in err.value.reason and status_of(err.value) == 422
    assert inflation["largest"] <= 64 * 1024  # never asked zlib for more than one step
    assert inflation["total"] <= MIB  # of the 200 MiB it unpacks to


def test_an_honest_part_packed_far_beyond_any_real_document_is_refused(tmp_path, inflation):
    """24 MiB of zeros under the size limits, declared truthfully, packs ~1000×: no Word part
    does (the pack's longest law packs at most 32×)."""
    data = repacked_docx({"word/media/blank.bin": bytes(24 * MIB)})
    assert len(data) < 100_000
    inflation.update(total=0, largest=0)
    with pytest.raises(UnsafeArchiveError, match="200 times its packed size"):
        load_file(write(tmp_path, "bang-khen.docx", data))
    assert inflation["total"] <= 2 * MIB


def test_a_package_of_more_parts_than_any_document_is_refused(tmp_path):
    data = repacked_docx({f"word/media/p{n}.xml": b"<x/>" for n in range(1_000)})
    with pytest.raises(UnsafeArchiveError, match="the limit is 1,000"):
        load_file(write(tmp_path, "nhieu-phan.docx", data))


def test_a_part_cut_short_or_altered_is_damaged_not_a_bomb(tmp_path):
    good = zipfile.ZipFile(io.BytesIO(_docx([VIETNAMESE])))
    for name, cut, crc_delta in (("cat-ngang.docx", 40, 0), ("sai-tong.docx", 0, 1)):
        members = []
        for info in good.infolist():
            data = good.read(info.filename)
            packed, crc = _deflate(data), zlib.crc32(data)
            if info.filename == "word/document.xml":
                packed, crc = packed[: len(packed) - cut], crc ^ crc_delta
            members.append((info.filename, packed, crc, len(data)))
        with pytest.raises(IngestError, match="damaged .docx") as err:
            load_file(write(tmp_path, name, zip_by_hand(members)))
        assert not isinstance(err.value, UnsafeArchiveError)


def test_a_part_shorter_than_its_header_still_reads_as_zipfile_reads_it(tmp_path):
    good = zipfile.ZipFile(io.BytesIO(_docx([VIETNAMESE])))
    members = []
    for info in good.infolist():
        data = good.read(info.filename)
        declared = len(data) + (500 if info.filename == "word/document.xml" else 0)
        members.append((info.filename, _deflate(data), zlib.crc32(data), declared))
    doc = load_file(write(tmp_path, "du-khai.docx", zip_by_hand(members)))
    assert "Phạm vi điều chỉnh" in doc.text


def test_the_longest_law_in_the_pack_as_a_word_file_is_within_the_limits(tmp_path, pack_dir):
    text = (pack_dir / "nd-152-2025-nd-cp.md").read_text(encoding="utf-8")
    _, body, _ = split_front_matter(text)
    paragraphs = tuple(line for line in body.splitlines() if line.strip())
    picture = bytes(range(256)) * 4096  # 1 MiB that packs ~100×, near a real part's worst
    data = repacked_docx({"word/media/image1.bin": picture}, paragraphs)
    doc = load_file(write(tmp_path, "nd-152-2025.docx", data))
    assert "Điều 61" in doc.text


# -- converted binaries (.doc) --------------------------------------------------------------
def _only_soffice(monkeypatch) -> None:
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "antiword" else f"/opt/{name}"
    )


def test_a_doc_that_the_converter_reads_as_cjk_noise_is_refused(tmp_path, monkeypatch):
    _only_soffice(monkeypatch)
    noise = "탏ᇠꆱ᫡㍥ऺ퍞ꟷ壶氶ᡠ털圠ꘗ瀱뀐㔋ꆳ츕툤ࠣ푊堿က꿏峣웿돕ꂁ䠕鬵⧲鑦汽冤煔섇䫊襵왼둼tꡝ舯띾" * 20
    monkeypatch.setattr(converters, "_soffice", lambda exe, path: noise)
    with pytest.raises(UnreadableTextError) as err:
        load_file(write(tmp_path, "cong-van-cu.doc", RTF))
    assert status_of(err.value) == 422
    assert "Vietnamese or Latin letters" in err.value.reason
    assert "readable text" in err.value.reason


@pytest.mark.parametrize(
    "noise, says",
    [
        ("\ue000\ue001\ue002 Điều 1 \ufffd\ufffd\ufffd\ufffd" * 10, "private-use"),
        ("3e :åOÓ^§÷Xöl6`Ñ8W ¦p1Úán´°5¡³ÎÒ$#ÔJX?¯ÏÆÿ³Õ H5)ò" * 10, "Vietnamese or Latin"),
        ("12/34 ; 56.78 -- 90 | x" * 10, "are letters"),
        ("1234 5678 ----", "no letters"),
    ],
)
def test_binary_noise_as_private_use_latin1_or_digits_is_refused(
    tmp_path, monkeypatch, noise, says
):
    _only_soffice(monkeypatch)
    monkeypatch.setattr(converters, "_soffice", lambda exe, path: noise)
    with pytest.raises(UnreadableTextError, match=says):
        load_file(write(tmp_path, "cu.doc", RTF))


def test_the_pack_and_plain_english_read_as_text(tmp_path, monkeypatch, pack_dir):
    _only_soffice(monkeypatch)
    texts = [p.read_text(encoding="utf-8") for p in sorted(pack_dir.rglob("*.md"))]
    texts += ["Emulation and commendation: the Law of 15 June 2022, Article 1 to 96."]
    for text in texts:
        monkeypatch.setattr(converters, "_soffice", lambda exe, path, text=text: text)
        assert converters.doc_text(RTF, tmp_path / "x.doc") == text


def test_garbage_behind_a_word_signature_is_refused_by_the_real_converters(tmp_path):
    """antiword says it is not a Word document; LibreOffice reads it as UTF-16 ideographs."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) is the converter that turns noise into CJK")
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes((n * 7919 + 13) % 251 for n in range(4096))
    with pytest.raises(UnreadableTextError) as err:
        load_file(write(tmp_path, "hong.doc", data))
    assert "soffice" in err.value.reason


# -- one LibreOffice at a time ----------------------------------------------------------------
class _Held:
    """A fake LibreOffice whose first conversion runs until released."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, exe: str, path: Path) -> str:
        self.calls.append(path.name)
        if len(self.calls) == 1:
            self.started.set()
            self.release.wait(30)
        return VIETNAMESE


def _convert_in_thread(path: Path, results: dict, key: str, *, patient: bool = False):
    def run() -> None:
        try:
            if patient:
                results[key] = load_corpus([path])
            else:
                results[key] = converters.doc_text(path.read_bytes(), path)
        except Exception as exc:  # reported to the test
            results[key] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_second_libreoffice_conversion_is_told_to_retry_while_one_runs(tmp_path, monkeypatch):
    _only_soffice(monkeypatch)
    fake = _Held()
    monkeypatch.setattr(converters, "_soffice", fake)
    monkeypatch.setattr(converters, "_HEAVY_WAIT_S", 0.05, raising=False)
    first, second = write(tmp_path, "a.doc", RTF), write(tmp_path, "b.doc", RTF)
    results: dict = {}
    worker = _convert_in_thread(first, results, "first")
    try:
        assert fake.started.wait(30)
        with pytest.raises(ConverterBusyError) as err:
            converters.doc_text(second.read_bytes(), second)
    finally:
        fake.release.set()
        worker.join(30)
    assert fake.calls == ["a.doc"]  # the second never started a LibreOffice
    assert status_of(err.value) == 503 and "busy" in err.value.message
    assert str(second) not in str(err.value)
    assert results["first"] == VIETNAMESE


def test_an_index_build_waits_for_its_turn_instead_of_dropping_the_file(tmp_path, monkeypatch):
    _only_soffice(monkeypatch)
    fake = _Held()
    monkeypatch.setattr(converters, "_soffice", fake)
    monkeypatch.setattr(converters, "_HEAVY_WAIT_S", 0.0, raising=False)

    class Observed(threading.BoundedSemaphore):
        def __init__(self) -> None:
            super().__init__(1)
            self.asked = threading.Semaphore(0)

        def acquire(self, blocking: bool = True, timeout: float | None = None) -> bool:
            self.asked.release()
            return super().acquire(blocking, timeout)

    turns = Observed()
    monkeypatch.setattr(converters, "_heavy", turns, raising=False)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = write(tmp_path / "one", "a.doc", RTF)
    second = write(tmp_path / "two", "b.doc", RTF)
    results: dict = {}
    holder = _convert_in_thread(first, results, "first")
    try:
        assert fake.started.wait(30) and turns.asked.acquire(timeout=30)
        builder = _convert_in_thread(second, results, "build", patient=True)
        # The build asks for its turn while the first conversion still holds it: a request
        # would be refused at once (the wait is 0 s); the build waits.
        assert turns.asked.acquire(timeout=30)
    finally:
        fake.release.set()
        holder.join(30)
    builder.join(30)
    loaded = results["build"]
    assert not isinstance(loaded, Exception), loaded
    assert [d.meta.source_path for d in loaded.documents] == [str(second)]
    assert fake.calls == ["a.doc", "b.doc"]


# -- over the API ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(pack_settings, assistant):
    with TestClient(create_app(pack_settings, assistant), raise_server_exceptions=False) as c:
        yield c


def api_error(response, status: int) -> dict:
    assert response.status_code == status, response.text[:500]
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    message = body["error"]["message"]
    assert "/tmp" not in message and "tdkt-upload" not in message  # the server's own paths
    assert "Traceback" not in response.text and "Error:" not in message  # no raw exceptions
    return body["error"]


def test_plan_check_refuses_a_yaml_alias_bomb_with_an_api_error(client):
    bomb = alias_bomb(levels=5, width=6).encode()
    r = client.post("/api/plans/check", files={"file": ("Kế hoạch 2027.md", bomb)})
    err = api_error(r, 422)
    assert err["code"] == "unsafe_front_matter"
    assert "Kế hoạch 2027.md" in err["message"] and "alias" in err["message"]
    assert len(r.content) < 2_000


def test_plan_check_refuses_a_lying_zip_bomb_with_an_api_error(client, inflation):
    bomb = lying_zip_bomb()
    inflation.update(total=0, largest=0)
    r = client.post("/api/plans/check", files={"file": ("Kế hoạch.docx", bomb)})
    err = api_error(r, 422)
    assert err["code"] == "unsafe_archive"
    assert "Kế hoạch.docx" in err["message"] and "zip bomb" in err["message"]
    assert inflation["total"] <= MIB

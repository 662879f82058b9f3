"""Reading each supported format into a Document, and refusing broken files with a reason."""

from __future__ import annotations

import codecs
import io
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from pypdf import PdfReader

from assistant.errors import ConverterMissingError, IngestError, UnsupportedFormatError
from assistant.ingest import load_file
from assistant.models import DocKind

# --- fixtures built in the test -----------------------------------------------------------


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text stream. Non-ASCII characters get one-byte codes from 0x80 and
    a ToUnicode map, so the Vietnamese text comes back through pypdf's real extraction path."""
    specials = sorted({c for line in lines for c in line if ord(c) > 126})
    codes = {c: 0x80 + i for i, c in enumerate(specials)}
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        raw = bytes(codes[c] if c in codes else ord(c) for c in line)
        raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append("(" + raw.decode("latin-1") + ") Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    bfchar = "".join(f"<{code:02X}> <{ord(c):04X}>\n" for c, code in codes.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /T def /CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(codes)} beginbfchar\n{bfchar}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(path: Path) -> Path:
    """Paragraph, table, paragraph — the table's place between them must survive."""
    document = docx.Document()
    document.add_paragraph("Điều 84. Hồ sơ đề nghị xét tặng")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Ô số"
    table.cell(0, 1).text = "Thành phần thể thức"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "Quốc hiệu\nTiêu ngữ"
    document.add_paragraph("1. Tờ trình đề nghị xét tặng hình thức khen thưởng.")
    document.save(path)
    return path


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese editors wrote it: base letters (â, ư …) + combining tones."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


LEGAL_HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n\nSố: 12/2025/QĐ-UBND\n\n"
    "Lào Cai, ngày 05 tháng 3 năm 2025\n\nQUYẾT ĐỊNH\n\nBan hành Quy chế thi đua\n\n"
    "Điều 1. Phạm vi điều chỉnh\n"
)


@pytest.fixture
def no_reflow(monkeypatch):
    """A stand-in for the re-flow the loader calls (assistant/ingest/reflow.py) that records
    its calls and changes nothing."""
    from assistant.ingest import loaders

    calls: list[str] = []
    monkeypatch.setattr(loaders, "looks_pdf_extracted", lambda text: "PDF-LIKE" in text)
    monkeypatch.setattr(loaders, "reflow", lambda text: calls.append(text) or text)
    return calls


# --- Markdown and plain text --------------------------------------------------------------


def test_markdown_front_matter_is_split_off_and_gives_the_metadata(tmp_path):
    path = tmp_path / "tt-01-2024.md"
    path.write_text(
        '---\nso_hieu: "01/2024/TT-BNV"\nloai: "Thông tư"\nten: "Thông tư hướng dẫn"\n'
        'ngay_ban_hanh: "2024-02-01"\n---\n\n#### Điều 1. Phạm vi\n\nNội dung.\n',
        encoding="utf-8",
    )
    doc = load_file(path)
    assert doc.meta.doc_id == "01/2024/TT-BNV"
    assert doc.meta.title == "Thông tư hướng dẫn"
    assert doc.meta.source_format == "md"
    assert doc.front_matter["loai"] == "Thông tư"
    assert doc.text.startswith("\n#### Điều 1. Phạm vi")
    assert "so_hieu" not in doc.text
    # the body's first line is line 7 of the file, so parsers can point at source lines
    assert path.read_text(encoding="utf-8").splitlines()[doc.body_line_offset - 1] == ""
    assert path.read_text(encoding="utf-8").splitlines()[doc.body_line_offset] == (
        "#### Điều 1. Phạm vi"
    )


def test_legal_text_without_front_matter_is_known_by_the_so_hieu_in_its_header(tmp_path):
    path = tmp_path / "quyet-dinh.txt"
    path.write_text(LEGAL_HEADER, encoding="utf-8")
    doc = load_file(path)
    assert doc.meta.kind is DocKind.LEGAL
    assert doc.meta.doc_id == "12/2025/QĐ-UBND"
    assert doc.front_matter == {}
    assert doc.text == LEGAL_HEADER


def test_text_is_nfc_with_lf_line_ends_and_no_bom_or_non_breaking_spaces(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Điều 1. Khen thưởng")
    raw = "\ufeff" + decomposed + "\r\nGiấy\u00a0khen\rBằng khen\r\n"
    path = tmp_path / "note.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = load_file(path)
    assert doc.text == "Điều 1. Khen thưởng\nGiấy khen\nBằng khen\n"
    assert unicodedata.is_normalized("NFC", doc.text)


def test_utf16_text_with_bom_is_read(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Điều 2. Đối tượng\n".encode("utf-16-le"))
    assert load_file(path).text == "Điều 2. Đối tượng\n"


def test_vietnamese_windows_1258_text_is_decoded(tmp_path):
    text = "Điều 3. Giải thích từ ngữ: thi đua, khen thưởng, danh hiệu"
    path = tmp_path / "legacy.txt"
    path.write_bytes(to_cp1258(text))
    assert load_file(path).text == text


def test_text_that_is_neither_utf8_nor_vietnamese_is_refused_with_the_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Größe über Maß, façade".encode("latin-1"))
    with pytest.raises(IngestError) as err:
        load_file(path)
    assert "not valid UTF-8" in err.value.reason
    assert "0xf6" in err.value.reason  # the first bad byte, ö
    assert "UTF-8" in (err.value.fix or "")


def test_binary_data_named_txt_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)))
    with pytest.raises(IngestError, match="binary"):
        load_file(path)


def test_malformed_front_matter_names_the_yaml_problem(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text('---\nso_hieu: "06/2022/QH15\nten: [unclosed\n---\nBody\n', encoding="utf-8")
    with pytest.raises(IngestError) as err:
        load_file(path)
    assert "front matter is not valid YAML" in err.value.reason
    assert err.value.path == str(path)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(IngestError, match="empty"):
        load_file(path)


def test_unknown_extension_error_names_the_supported_formats(tmp_path):
    path = tmp_path / "bang-tong-hop.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(UnsupportedFormatError) as err:
        load_file(path)
    for ext in (".md", ".txt", ".docx", ".doc", ".pdf", ".html"):
        assert ext in err.value.reason
    assert "'.xlsx'" in err.value.reason


# --- re-flow dispatch (the re-flow itself is tested with reflow.py) ------------------------


def test_reflow_runs_for_pdf_extracted_text_files_but_not_for_front_matter_or_clean_text(
    tmp_path, no_reflow
):
    clean = tmp_path / "clean.txt"
    clean.write_text("KẾ HOẠCH\n\nI. MỤC ĐÍCH\n", encoding="utf-8")
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("PDF-LIKE\n\nthi đua\n\nkhen\n", encoding="utf-8")
    with_front = tmp_path / "with-front.md"
    with_front.write_text('---\nso_hieu: "1/2024/QH15"\n---\nPDF-LIKE body\n', encoding="utf-8")
    load_file(clean)
    load_file(with_front)
    assert no_reflow == []
    load_file(damaged)
    assert no_reflow == ["PDF-LIKE\n\nthi đua\n\nkhen\n"]


# --- .docx ------------------------------------------------------------------------------


def test_docx_keeps_a_table_between_paragraphs_in_body_order(tmp_path):
    doc = load_file(make_docx(tmp_path / "ho-so.docx"))
    assert doc.meta.source_format == "docx"
    assert doc.text == (
        "Điều 84. Hồ sơ đề nghị xét tặng\n\n"
        "| Ô số | Thành phần thể thức |\n|---|---|\n| 1 | Quốc hiệu<br>Tiêu ngữ |\n\n"
        "1. Tờ trình đề nghị xét tặng hình thức khen thưởng."
    )


def test_docx_text_inside_a_drawn_box_is_kept_after_its_paragraph(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Mẫu trình bày")
    box = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>Ô số 1: Quốc hiệu</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"
    )
    paragraph._p.append(box)
    document.add_paragraph("Đoạn sau")
    path = tmp_path / "khung.docx"
    document.save(path)
    assert load_file(path).text == "Mẫu trình bày\n\n[Khung: Ô số 1: Quốc hiệu]\n\nĐoạn sau"


def test_binary_file_named_docx_is_refused_as_not_a_docx(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(IngestError, match="not a Word .docx file"):
        load_file(path)


def test_old_word_file_named_docx_is_told_to_rename_it(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(IngestError) as err:
        load_file(path)
    assert ".doc" in err.value.reason
    assert err.value.fix == "rename it to .doc"


def test_corrupt_docx_package_is_refused_as_damaged(tmp_path):
    path = tmp_path / "broken.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types><broken")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(IngestError, match="damaged .docx"):
        load_file(path)


# --- .pdf -------------------------------------------------------------------------------


def test_pdf_text_layer_is_read_in_vietnamese(tmp_path):
    data = make_pdf(["Điều 5. Nguyên tắc thi đua", "1. Tự nguyện, tự giác, công khai."])
    assert "Điều 5" in PdfReader(io.BytesIO(data)).pages[0].extract_text()  # fixture is real
    path = tmp_path / "nghi-dinh.pdf"
    path.write_bytes(data)
    doc = load_file(path)
    assert doc.meta.source_format == "pdf"
    words = " ".join(doc.text.split())  # re-flow may join the two lines
    assert "Điều 5. Nguyên tắc thi đua" in words
    assert "Tự nguyện, tự giác, công khai." in words


def test_pdf_always_goes_through_reflow(tmp_path, no_reflow):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf(["thi đua"]))
    load_file(path)
    assert len(no_reflow) == 1
    assert "thi đua" in no_reflow[0]


def test_truncated_pdf_is_refused_as_damaged(tmp_path):
    data = make_pdf(["Điều 1. Phạm vi điều chỉnh"])
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError, match="damaged or truncated PDF"):
        load_file(path)


def test_pdf_without_a_text_layer_asks_for_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([]))
    with pytest.raises(IngestError) as err:
        load_file(path)
    assert "no text layer" in err.value.reason
    assert "OCR" in err.value.fix


def test_file_named_pdf_that_is_not_a_pdf_is_refused(tmp_path):
    path = tmp_path / "note.pdf"
    path.write_text("just text", encoding="utf-8")
    with pytest.raises(IngestError, match="not a PDF"):
        load_file(path)


# --- .html ------------------------------------------------------------------------------


def test_html_puts_headings_paragraphs_items_and_rows_on_their_own_lines(tmp_path):
    path = tmp_path / "trang.html"
    path.write_text(
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<script>var x = 'Điều 99';</script>"
        "<h1>Điều 84. Hồ sơ</h1><p>1. Hồ sơ gồm:<br>a) Tờ trình;</p>"
        "<ul><li>Báo cáo <b>thành tích</b>;</li><li>Biên bản.</li></ul>"
        "<table><tr><th>Hình thức</th><th>Mức</th></tr><tr><td>Giấy khen</td><td>0,3</td></tr>"
        "</table><div>Nơi nhận</div><!-- comment --></body></html>",
        encoding="utf-8",
    )
    doc = load_file(path)
    assert doc.meta.source_format == "html"
    assert doc.text == (
        "Điều 84. Hồ sơ\n\n1. Hồ sơ gồm:\na) Tờ trình;\n\nBáo cáo thành tích;\n\nBiên bản.\n\n"
        "| Hình thức | Mức |\n|---|---|\n| Giấy khen | 0,3 |\n\nNơi nhận"
    )


def test_html_in_a_declared_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "cu.htm"
    path.write_bytes(
        to_cp1258(
            '<html><head><meta charset="windows-1258"></head><body><p>Thi đua yêu nước</p>'
            "</body></html>"
        )
    )
    assert load_file(path).text == "Thi đua yêu nước"


# --- .doc -------------------------------------------------------------------------------


def test_doc_without_any_converter_names_both_converters(tmp_path, monkeypatch):
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(ConverterMissingError) as err:
        load_file(path)
    assert "antiword" in err.value.reason
    assert "soffice" in err.value.reason


def test_docx_named_doc_is_told_to_rename_it(tmp_path):
    path = make_docx(tmp_path / "real.docx").rename(tmp_path / "real.doc")
    with pytest.raises(IngestError) as err:
        load_file(path)
    assert err.value.fix == "rename it to .docx"


def test_bytes_that_are_not_a_word_file_named_doc_are_refused_not_read_as_text(tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(IngestError, match="not a Word .doc file"):
        load_file(path)


def test_a_web_page_saved_by_word_with_a_doc_name_is_read_as_html(tmp_path):
    path = tmp_path / "trang.doc"
    path.write_text(
        "<html xmlns:w='urn:schemas-microsoft-com:office:word'><body><p>Điều 1. Phạm vi</p>"
        "<p>1. Quy định này áp dụng cho các xã.</p></body></html>",
        encoding="utf-8",
    )
    doc = load_file(path)
    assert doc.text == "Điều 1. Phạm vi\n\n1. Quy định này áp dụng cho các xã."


def test_rtf_with_a_doc_name_is_converted_by_libreoffice(tmp_path):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) converts RTF")
    path = tmp_path / "cu.doc"
    path.write_bytes(rb"{\rtf1\ansi\uc1 \u272?i\u7873?u 1. Ph\u7841?m vi\par }")
    assert "Điều 1. Phạm vi" in load_file(path).text


@pytest.fixture(scope="module")
def word97_doc(tmp_path_factory) -> Path:
    """A real binary .doc, made from a .docx by LibreOffice."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is needed to build the .doc fixture")
    folder = tmp_path_factory.mktemp("word97")
    source = folder / "src" / "luat.docx"
    source.parent.mkdir()
    document = docx.Document()
    for n in range(1, 31):  # antiword refuses very short documents, so give it some text
        document.add_paragraph(f"Điều {n}. Quy định về thi đua, khen thưởng số {n} của Luật.")
    document.save(source)
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc"]
        + ["--outdir", str(folder), str(source)],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return folder / "luat.doc"


def _assert_word97_text(text: str) -> None:
    assert "Điều 1. Quy định về thi đua, khen thưởng số 1 của Luật." in text
    assert "Điều 30. Quy định về thi đua, khen thưởng số 30 của Luật." in text
    assert text.index("Điều 2.") < text.index("Điều 3.")


def test_doc_is_converted_with_the_installed_converter(word97_doc):
    doc = load_file(word97_doc)
    assert doc.meta.source_format == "doc"
    _assert_word97_text(doc.text)


def test_doc_falls_back_to_libreoffice_when_antiword_is_absent(word97_doc, monkeypatch):
    real_which = shutil.which
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "antiword" else real_which(name)
    )
    _assert_word97_text(load_file(word97_doc).text)

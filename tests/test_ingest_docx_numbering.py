"""Word's automatic numbering is written into the text: a decree typed with Word's list
numbering ("Điều 1.", "1.", "a)" drawn by Word, not typed) still parses into articles, clauses
and points."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

from assistant.ingest import load_file
from assistant.ingest.docx_numbering import _format
from assistant.models import DocKind
from assistant.parse import parse_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

ABSTRACT = f"""<w:abstractNum {W} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>"""  # noqa: E501
NUM = f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _numbered(paragraph, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))


def _decree(path: Path) -> Path:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    for text in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÀO CAI",
        "Số: 07/2025/QĐ-UBND",
        "Lào Cai, ngày 05 tháng 3 năm 2025",
        "QUYẾT ĐỊNH",
        "Ban hành Quy chế thi đua, khen thưởng",
    ):
        document.add_paragraph(text)
    body = [
        (0, "Phạm vi điều chỉnh"),
        (1, "Quy chế này quy định về thi đua, khen thưởng trên địa bàn tỉnh."),
        (1, "Đối tượng áp dụng gồm:"),
        (2, "Cơ quan nhà nước;"),
        (2, "Tổ chức chính trị - xã hội."),
        (0, "Hồ sơ đề nghị khen thưởng"),
        (1, "Hồ sơ gồm tờ trình và báo cáo thành tích."),
        (2, "Tờ trình của cơ quan đề nghị;"),
        (2, "Báo cáo thành tích."),
        (1, "Số lượng hồ sơ là 01 bộ bản chính."),
    ]
    for level, text in body:
        _numbered(document.add_paragraph(text), level)
    document.save(path)
    return path


def test_word_list_numbers_become_articles_clauses_and_points(tmp_path):
    doc = load_file(_decree(tmp_path / "qd-07-2025.docx"), kind=DocKind.LEGAL)
    assert "Điều 1. Phạm vi điều chỉnh" in doc.text
    assert "Điều 2. Hồ sơ đề nghị khen thưởng" in doc.text
    assert "b) Tổ chức chính trị - xã hội." in doc.text
    parsed = parse_document(doc)
    coords = {(p.article, p.clause, p.point) for p in parsed.provisions}
    assert {(1, 2, "b"), (2, 1, "a"), (2, 2, None)} <= coords
    clause = next(p for p in parsed.provisions if (p.article, p.clause, p.point) == (2, 2, None))
    assert "01 bộ bản chính" in clause.text


def test_a_paragraph_without_numbering_keeps_its_text_unchanged(tmp_path):
    document = docx.Document()
    document.add_paragraph("Điều 5. Đã gõ số bằng tay")
    document.add_paragraph("1. Khoản gõ tay.")
    document.save(tmp_path / "typed.docx")
    text = load_file(tmp_path / "typed.docx").text
    assert "Điều 5. Đã gõ số bằng tay" in text and "1. Khoản gõ tay." in text
    assert "Điều 5. Điều 5." not in text


def test_numbers_are_drawn_in_words_formats():
    assert [_format(n, "lowerLetter") for n in (1, 4, 26, 27)] == ["a", "d", "z", "aa"]
    assert [_format(n, "upperRoman") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert _format(3, "decimalZero") == "03" and _format(7, "decimal") == "7"


def test_numbering_that_comes_from_the_paragraph_style_is_written_too(tmp_path):
    document = docx.Document()
    document.add_paragraph("Các bước:")
    for text in ("Lập danh sách;", "Họp bình xét;", "Trình khen thưởng."):
        document.add_paragraph(text, style="List Number")  # numbered by the style, not the text
    document.save(tmp_path / "steps.docx")
    text = load_file(tmp_path / "steps.docx").text
    assert "1. Lập danh sách;" in text
    assert "3. Trình khen thưởng." in text

"""A drafted plan as a .docx laid out by NĐ 30/2020/NĐ-CP, Phụ lục I (thể thức, kỹ thuật trình bày).

Every size, style and position below cites the place of Phụ lục I that sets it ("I.3" = Phần I
mục I khoản 3; "V.1" = the table of mục V, row 1). Where the decree gives a range the value chosen
is inside it. Times New Roman renders as Liberation Serif where it is not installed (same metrics).
"""

from __future__ import annotations

import io
import re
import unicodedata

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from assistant.draft.document import MOTTO, NATIONAL_NAME, PlanDraft
from assistant.text import PARTY_NUMBER, SO_HIEU

FONT = "Times New Roman"  # I.4
BODY_PT = 14  # II.6.e: 13–14
NATIONAL_PT = 12  # II.1.a: Quốc hiệu 12–13, in hoa, đứng, đậm
MOTTO_PT = 13  # II.1.b: Tiêu ngữ 13–14, in thường, đứng, đậm
ISSUER_PT = 13  # II.2.b: tên cơ quan 12–13, in hoa, đứng, đậm
NUMBER_PT = 13  # II.3.c: "Số" and ký hiệu 13, đứng
DATE_PT = 14  # II.4.c: địa danh, ngày tháng 13–14, nghiêng
TYPE_PT = 14  # II.5.b: tên loại and trích yếu 13–14, đứng, đậm
SIGNER_PT = 14  # II.7.đ: quyền hạn, chức vụ, họ tên 13–14, đứng, đậm
RECIPIENTS_HEAD_PT = 12  # II.9.d (ô 9b): "Nơi nhận" 12, nghiêng, đậm
RECIPIENTS_PT = 11  # II.9.d (ô 9b): the list 11, đứng
APPENDIX_HEAD_PT = 14  # III.1.b: "Phụ lục" 14, đứng, đậm; tên phụ lục 13–14 in hoa, đậm
TABLE_PT = 13
PAGE_NUMBER_PT = 14  # I.7: số trang 13–14, canh giữa lề trên, không hiện ở trang đầu
FIRST_LINE_INDENT = Cm(1.27)  # II.6.e: lùi đầu dòng 1 cm hoặc 1,27 cm
PARAGRAPH_AFTER = Pt(6)  # II.6.e: khoảng cách giữa các đoạn tối thiểu 6 pt
NO_SPACE = Pt(0)
LINE_SPACING = 1.15  # II.6.e: từ dòng đơn đến 1,5 lines
# I.1–I.3: A4; lề trên, dưới 20–25 mm; trái 30–35 mm; phải 15–20 mm.
PAGE = (Mm(210), Mm(297))
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15
HEADER_COLUMNS_MM = (62, TEXT_WIDTH_MM - 62)  # box 2/3 left, box 1/4 right (mục IV)
SIGNATURE_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)  # box 9b left, boxes 7a–7c right
TIMELINE_COLUMNS_MM = (14, 74, 32, TEXT_WIDTH_MM - 120)


def _text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Rough printed width of a line in Times New Roman (to size the rules under headings)."""
    em = 0.0
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        em += 0.25 if ch == " " else 0.72 if ch.isupper() else 0.5 if ch.isalnum() else 0.33
    return em * size_pt * (1.06 if bold else 1.0) * 25.4 / 72


def _fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    after=PARAGRAPH_AFTER,
    before=NO_SPACE,
    spacing: float | None = LINE_SPACING,
    keep_next: bool = False,
) -> Paragraph:
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_after, fmt.space_before = after, before
    if spacing:
        fmt.line_spacing = spacing
    if indent:
        fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.keep_with_next = keep_next
    if text:
        run = p.add_run(text)
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        run.font.name = FONT
        _fonts(run._element.get_or_add_rPr())
    return p


def _rule(container, width_mm: float, box_mm: float) -> None:
    """A centred solid line `width_mm` long: an empty paragraph with a bottom border, narrowed
    by equal indents (II.1.b, II.2.b, II.5.b: đường kẻ ngang, nét liền)."""
    p = _para(container, size=2, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0), spacing=1.0)
    side = max((box_mm - width_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(side)
    p.paragraph_format.right_indent = Mm(side)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)
    run = p.add_run()
    run.font.size = Pt(2)


def _layout_table(table: Table, widths_mm: tuple[float, ...], borders: bool) -> None:
    # LibreOffice ignores cell widths unless the grid columns carry them too (STACK.md).
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
        for cell in col.cells:
            cell.width = Mm(width)
    if borders:
        table.style = "Table Grid"


def _clear(cell: _Cell) -> _Cell:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def _header_block(doc, plan: PlanDraft) -> None:
    table = doc.add_table(rows=1, cols=2)
    _layout_table(table, HEADER_COLUMNS_MM, borders=False)
    left, right = (_clear(c) for c in table.rows[0].cells)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if plan.parent_line:  # II.2.b: cơ quan chủ quản in hoa, đứng (not bold)
        _para(left, plan.parent_line, size=ISSUER_PT, align=center, after=Pt(0), spacing=1.0)
    for line in plan.issuer_lines:
        _para(left, line, size=ISSUER_PT, bold=True, align=center, after=Pt(0), spacing=1.0)
    widest = max(_text_width_mm(x, ISSUER_PT, True) for x in plan.issuer_lines)
    _rule(left, widest * 0.4, HEADER_COLUMNS_MM[0])  # II.2.b: 1/3 to 1/2 of the line
    _para(left, plan.number_line, size=NUMBER_PT, align=center, before=Pt(6), spacing=1.0)
    _para(right, NATIONAL_NAME, size=NATIONAL_PT, bold=True, align=center, after=Pt(0), spacing=1.0)
    _para(right, MOTTO, size=MOTTO_PT, bold=True, align=center, after=Pt(0), spacing=1.0)
    _rule(right, _text_width_mm(MOTTO, MOTTO_PT, True), HEADER_COLUMNS_MM[1])  # II.1.b
    # II.4.c: on the line of the number, centred under the Quốc hiệu and Tiêu ngữ.
    _para(
        right, plan.place_date, size=DATE_PT, italic=True, align=center, before=Pt(6), spacing=1.0
    )


def _title_block(doc, plan: PlanDraft) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(
        doc,
        plan.doc_type,
        size=TYPE_PT,
        bold=True,
        align=center,
        before=Pt(18),
        after=Pt(0),
        spacing=1.0,
    )
    _para(doc, plan.title, size=TYPE_PT, bold=True, align=center, after=Pt(0), spacing=1.0)
    width = min(_text_width_mm(plan.title, TYPE_PT, True), TEXT_WIDTH_MM) * 0.4
    _rule(doc, width, TEXT_WIDTH_MM)  # II.5.b: 1/3 to 1/2 of the line, centred
    _para(doc, after=Pt(6), spacing=1.0)


def _body(doc, plan: PlanDraft) -> None:
    for line in plan.bases:  # II.6.a: căn cứ in thường, nghiêng, 13–14; one per line
        _para(doc, line, italic=True, indent=True)
    _para(doc, plan.intro, indent=True)
    for para in plan.body:
        # V.6.b: số thứ tự và tiêu đề của mục in hoa, đứng, đậm; khoản có tiêu đề đứng, đậm
        if para.style in ("h1", "h2"):
            _para(doc, para.text, bold=True, indent=True, keep_next=True)
        elif para.style == "item":
            _para(doc, f"- {para.text}", indent=True)
        else:  # text, point: in thường, đứng (V.6.b)
            _para(doc, para.text, indent=True)
    _para(doc, plan.closing, indent=True)


def _signature(doc, plan: PlanDraft) -> None:
    table = doc.add_table(rows=1, cols=2)
    _layout_table(table, SIGNATURE_COLUMNS_MM, borders=False)
    left, right = (_clear(c) for c in table.rows[0].cells)
    head = _para(
        left,
        "Nơi nhận:",
        size=RECIPIENTS_HEAD_PT,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        after=Pt(0),
        spacing=1.0,
        before=Pt(6),
    )
    head.paragraph_format.keep_with_next = True
    for item in plan.recipients:
        _para(
            left, item, size=RECIPIENTS_PT, align=WD_ALIGN_PARAGRAPH.LEFT, after=Pt(0), spacing=1.0
        )
    center = WD_ALIGN_PARAGRAPH.CENTER
    for i, line in enumerate(plan.signer_lines):
        _para(
            right,
            line,
            size=SIGNER_PT,
            bold=True,
            align=center,
            after=Pt(0),
            spacing=1.0,
            before=Pt(6) if i == 0 else Pt(0),
        )
    for _ in range(4):  # box 7c: room for the signature and the seal (box 8)
        _para(right, size=SIGNER_PT, after=Pt(0), spacing=1.0)
    _para(right, plan.signer_name, size=SIGNER_PT, bold=True, align=center, spacing=1.0)


def _appendix_section(doc) -> None:
    """III.1.đ: an appendix numbers its pages on its own, so it starts a section at page 1."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True
    restart = OxmlElement("w:pgNumType")
    restart.set(qn("w:start"), "1")
    sect_pr = section._sectPr
    cols = sect_pr.find(qn("w:cols"))  # schema order: pgNumType comes before cols
    if cols is not None:
        cols.addprevious(restart)
    else:
        sect_pr.append(restart)


def _appendix(doc, plan: PlanDraft) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _appendix_section(doc)
    _para(
        doc, "PHỤ LỤC", size=APPENDIX_HEAD_PT, bold=True, align=center, after=NO_SPACE, spacing=1.0
    )
    _para(
        doc,
        plan.appendix_title,
        size=APPENDIX_HEAD_PT,
        bold=True,
        align=center,
        after=Pt(0),
        spacing=1.0,
    )
    # III.1.c: the reference to the plan, centred under the title, in thường, nghiêng, 13–14.
    _para(doc, plan.appendix_ref, size=BODY_PT, italic=True, align=center, spacing=1.0)
    rows = list(plan.timeline)
    table = doc.add_table(rows=1 + len(rows), cols=len(plan.timeline_columns))
    _layout_table(table, TIMELINE_COLUMNS_MM, borders=True)
    for i, trow in enumerate(table.rows):
        trpr = trow._tr.get_or_add_trPr()
        # the column heads repeat on every page; a row never splits across two pages
        for tag in ("w:cantSplit", "w:tblHeader") if i == 0 else ("w:cantSplit",):
            trpr.append(OxmlElement(tag))
    for cell, name in zip(table.rows[0].cells, plan.timeline_columns, strict=True):
        _para(
            _clear(cell),
            name,
            size=TABLE_PT,
            bold=True,
            align=center,
            after=Pt(3),
            before=Pt(3),
            spacing=1.0,
        )
    n = 0
    for row, trow in zip(rows, table.rows[1:], strict=True):
        cells = trow.cells
        if row.group:
            merged = cells[0].merge(cells[-1])
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            _para(
                _clear(merged),
                row.group,
                size=TABLE_PT,
                bold=True,
                align=WD_ALIGN_PARAGRAPH.LEFT,
                after=Pt(3),
                before=Pt(3),
                spacing=1.0,
            )
            continue
        n += 1
        values = (str(n), row.task, row.when, row.lead)
        aligns = (center, WD_ALIGN_PARAGRAPH.LEFT, center, WD_ALIGN_PARAGRAPH.LEFT)
        for cell, value, align in zip(cells, values, aligns, strict=True):
            _para(
                _clear(cell),
                value,
                size=TABLE_PT,
                align=align,
                after=Pt(3),
                before=Pt(3),
                spacing=1.0,
            )


def _page_numbers(section) -> None:
    """I.7: Arabic page numbers centred in the top margin, not shown on the first page."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.size, run.font.name = Pt(PAGE_NUMBER_PT), FONT
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


NOTES_TITLE = "GHI CHÚ KÈM BẢN DỰ THẢO"
NOTES_LEAD = (
    "Trang này không thuộc kế hoạch. Mỗi ghi chú dưới đây cũng được gắn (chú thích, comment) "
    "vào dòng của kế hoạch mà nó nói đến. Xử lý xong, xóa trang này và các chú thích trước khi "
    "trình ký."
)
NOTES_AUTHOR = "Trợ lý TĐKT"
_NUMBER_IN_NOTE = re.compile(f"{SO_HIEU.pattern}|{PARTY_NUMBER.pattern}")


def _notes_page(doc, notes: tuple[str, ...]) -> None:
    """The drafter's notes on a page of their own after the plan and its appendix, in a section
    without page numbers: the plan keeps its own first page and numbering (I.7)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.header.is_linked_to_previous = False
    for p in section.header.paragraphs:
        p.text = ""
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, NOTES_TITLE, size=TYPE_PT, bold=True, align=center, spacing=1.0)
    _para(doc, NOTES_LEAD, italic=True, spacing=1.0)
    for i, note in enumerate(notes, 1):
        _para(doc, f"{i}. {note}", indent=True)


def _subject(note: str) -> tuple[str, ...]:
    """What a note is about, as it would be written in the plan: the số hiệu it names, else
    the words before its colon ("Quy định về công tác thi đua, khen thưởng của tỉnh: …")."""
    numbers = tuple(_NUMBER_IN_NOTE.findall(note))
    if numbers:
        return numbers
    head = note.split(":", 1)[0].strip()
    return (head,) if 8 <= len(head) < len(note) else ()


def _comment_notes(doc, notes: tuple[str, ...], anchor: Paragraph) -> None:
    """Each note as a Word comment on the first line of the plan that names its subject, or
    on the title when none does."""
    paragraphs = [p for p in doc.paragraphs if p.runs and p.text.strip()]
    for note in notes:
        wanted = _subject(note)
        target = (
            next((p for p in paragraphs if any(w and w in p.text for w in wanted)), None) or anchor
        )
        doc.add_comment(target.runs, text=note, author=NOTES_AUTHOR, initials="TĐKT")


def _setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    _fonts(rpr)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)


def render_docx(plan: PlanDraft) -> bytes:
    """The plan as .docx bytes. Its drafter's notes (the caveats the preview shows) travel with
    it: as Word comments on the lines they concern, and on a page of their own after the plan
    (``NOTES_TITLE``), which the checker leaves out when it reads the file back."""
    doc = new_document()
    _setup(doc)
    _page_numbers(doc.sections[0])
    _header_block(doc, plan)
    _title_block(doc, plan)
    _body(doc, plan)
    _signature(doc, plan)
    _appendix(doc, plan)
    if plan.notes:
        title = next(p for p in doc.paragraphs if p.text.strip() == plan.title.strip())
        _comment_notes(doc, plan.notes, title)
        _notes_page(doc, plan.notes)
    doc.core_properties.title = f"{plan.doc_type} {plan.title}"
    doc.core_properties.language = "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

"""What officials see, without a browser: answers with expandable quotes, coverage, outlines,
findings, dates typed the Vietnamese way, messages, and pages that point nowhere else."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.app.streaming import answer_pieces
from assistant.errors import IngestError, UnsupportedFormatError
from assistant.models import Answer, Citation
from ui.messages import DateInputError, friendly, parse_day
from ui.offline import strip_external_urls
from ui.render import (
    answer_markdown,
    citation_html,
    coverage_html,
    findings_rows,
    outline_html,
    provision_href,
)

CITE = Citation(
    doc="06/2022/QH15",
    doc_title="Luật Thi đua, khen thưởng",
    article=84,
    clause=2,
    label="khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)",
    quote="2. Hồ sơ đề nghị xét tặng hình thức khen thưởng gồm:\na) Tờ trình <đề nghị>;",
    provision_id="06-2022-qh15/dieu-84/khoan-2",
)


def make_answer(**kw) -> Answer:
    fields = {
        "question": "Hồ sơ gồm những gì?",
        "answer": "Hồ sơ gồm tờ trình và báo cáo.",
        "language": "vi",
        "abstained": False,
        "citations": (CITE,),
        "as_of": date(2025, 8, 1),
    }
    return Answer(**{**fields, **kw})


def test_a_citation_is_an_expandable_quote_with_label_validity_and_link():
    html = citation_html(1, CITE, date(2025, 8, 1))
    assert html.startswith('<details class="tdkt-cite">') and "</summary>" in html
    assert "khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)" in html
    assert "Còn hiệu lực" in html
    assert "a) Tờ trình &lt;đề nghị&gt;;" in html and "<đề nghị>" not in html
    assert (
        'href="/xem/06-2022-qh15/dieu-84/khoan-2?as_of=2025-08-01#06-2022-qh15/dieu-84/khoan-2"'
        in html
    )


def test_a_citation_no_longer_in_force_is_flagged():
    old = CITE.model_copy(update={"in_force": False})
    assert "Hết hiệu lực" in citation_html(1, old)


def test_the_answer_message_lists_notes_citations_and_the_date_it_applies():
    md = answer_markdown(make_answer(notes=("Thông tư 15/2025/TT-BNV chưa có trong kho.",)))
    state, text = md.split("\n\n", 2)[:2]
    assert "tdkt-state ok" in state and text.startswith("Hồ sơ gồm tờ trình và báo cáo.")
    assert "Lưu ý" in md and "15/2025/TT-BNV" in md
    assert "Căn cứ (1)" in md and md.count("<details") == 1
    assert "01/08/2025" in md
    # no blank line inside an HTML block, or Markdown would re-parse the quote
    for block in md.split("\n\n")[1:]:
        assert "\n\n" not in block


def test_html_inside_an_answer_is_shown_as_text():
    md = answer_markdown(make_answer(answer="Mẫu số 01 <img src=x onerror=alert(1)> & **bold**"))
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt; &amp; **bold**" in md


def test_an_english_answer_gets_english_headings():
    md = answer_markdown(make_answer(language="en", answer="The dossier has …"))
    assert "Sources (1)" in md and "as of 01/08/2025" in md


def test_coverage_says_full_excerpt_or_missing_in_vietnamese():
    rows = [
        {"doc_id": "06/2022/QH15", "title": "Luật", "status": "full", "in_force_today": True},
        {"doc_id": "152/2025/NĐ-CP", "title": "NĐ", "status": "excerpt", "in_force_today": True},
        {
            "doc_id": "15/2025/TT-BNV",
            "title": "TT <x>",
            "status": "missing",
            "in_force_today": True,
            "note": "not found",
        },
    ]
    html = coverage_html(rows)
    for word in ("Đầy đủ", "Trích đoạn", "Chưa có"):
        assert word in html
    assert "TT &lt;x&gt;" in html


def test_an_outline_links_every_unit_and_names_it_as_the_document_does():
    detail = {
        "label": "Luật Thi đua, khen thưởng (06/2022/QH15)",
        "title": "Luật Thi đua, khen thưởng",
        "kind": "legal",
        "coverage": "full",
        "in_force": True,
        "so_hieu": "06/2022/QH15",
        "issued": "2022-06-15",
        "outline": [
            {
                "id": "06-2022-qh15/chuong-iv",
                "kind": "chuong",
                "number": "IV",
                "title": "THẨM QUYỀN",
                "label": "Chương IV Luật …",
                "children": [
                    {
                        "id": "06-2022-qh15/dieu-84",
                        "kind": "dieu",
                        "number": "84",
                        "title": "Hồ sơ",
                        "label": "Điều 84 Luật …",
                        "children": [],
                    }
                ],
            }
        ],
    }
    html = outline_html(detail)
    assert "Chương IV. THẨM QUYỀN" in html and "Điều 84. Hồ sơ" in html
    assert html.count("<details>") == 1
    assert provision_href("06-2022-qh15/dieu-84") in html
    assert "15/06/2022" in html


def test_findings_show_where_in_the_plan():
    rows = findings_rows(
        [
            {
                "severity": "error",
                "code": "basis-not-in-force",
                "message": "m",
                "location": {"section": "IV.2", "line": 248},
                "fix": None,
            }
        ]
    )
    assert rows == [["Lỗi", "basis-not-in-force", "m", "mục IV.2 (dòng 248)", ""]]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01/08/2025", date(2025, 8, 1)),
        ("1/8/2025", date(2025, 8, 1)),
        ("2025-08-01", date(2025, 8, 1)),
        ("01.08.2025", date(2025, 8, 1)),
        ("  ", None),
    ],
)
def test_the_as_of_field_reads_dates_as_officials_type_them(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["31/02/2025", "hôm qua", "2025/31/01"])
def test_an_impossible_date_is_explained(text):
    with pytest.raises(DateInputError, match="ngày/tháng/năm"):
        parse_day(text)


def test_broken_and_unsupported_files_get_plain_vietnamese_messages():
    broken = friendly(IngestError("hong.docx", "damaged .docx package"))
    assert broken.startswith("**Tệp bị lỗi, chưa được thêm vào kho văn bản.**")
    assert "hong.docx" in broken and "Lý do: tệp bị hỏng hoặc không đầy đủ." in broken
    assert "damaged" not in broken and "package" not in broken  # no library English
    locked = friendly(IngestError("a.pdf", "the PDF is password-protected"))
    assert "Lý do: tệp có mật khẩu" in locked and "password" not in locked
    odd = friendly(IngestError("b.txt", "something nobody foresaw"))
    assert "nhật ký máy chủ" in odd and "foresaw" not in odd
    unsupported = friendly(UnsupportedFormatError("a.exe", "unsupported file type '.exe'"))
    assert "Không nhận loại tệp này" in unsupported and "unsupported" not in unsupported
    assert "Chức năng trả lời" in friendly(NotImplementedError("x"))


@pytest.mark.parametrize(
    "text", ["", "Một.", "Hồ sơ  gồm:\na) Tờ trình;\n\nb) Báo cáo. ", "x " * 100]
)
def test_streamed_pieces_join_back_to_the_exact_answer(text):
    pieces = list(answer_pieces(text))
    assert "".join(pieces) == text
    assert all(pieces) and len(pieces) == -(-len(text.split()) // 6)


def test_served_pages_keep_local_addresses_and_drop_outside_ones():
    html = (
        '<meta property="og:image" content="https://raw.githubusercontent.com/x.jpg">'
        '<script src="./assets/index.js"></script>'
        '{"root":"http://127.0.0.1:8000","u":"https://github.com/gradio-app/x.pdf"}'
        '<a href="http://localhost:8000/api">'
    )
    out = strip_external_urls(html)
    assert "githubusercontent" not in out and "github.com" not in out
    assert "http://127.0.0.1:8000" in out and "http://localhost:8000/api" in out
    assert "./assets/index.js" in out


def test_a_question_or_plan_refused_is_told_in_vietnamese_without_the_librarys_english():
    from assistant.errors import AssistantError, DraftError, InvalidInputError

    for exc in (
        InvalidInputError("the question has 2500 characters", fix="keep it under 2000"),
        DraftError("a yearly plan needs its year", fix="add --year 2027 (or --date YYYY-MM-DD)"),
        AssistantError("something failed", fix="run tdkt index"),
    ):
        message = friendly(exc)
        assert message.startswith("**")
        assert exc.message not in message and "--" not in message and "tdkt" not in message


def test_a_plan_is_never_badged_as_in_force():
    from assistant.models import Citation
    from ui.render import citation_html, outline_html

    plan = Citation(
        doc="004_f5d8082cf000cdee",
        doc_title="Công tác thi đua, khen thưởng năm 2025",
        section="II",
        label="mục II Kế hoạch Công tác thi đua, khen thưởng năm 2025 của UBND phường Vĩnh Tuy",
        quote="II. …",
        provision_id="004_f5d8082cf000cdee/muc-ii",
        in_force=True,
        doc_kind="plan",
    )
    html = citation_html(1, plan)
    assert "Kế hoạch</span>" in html and "Còn hiệu lực" not in html
    detail = {
        "so_hieu": None,
        "loai": "Kế hoạch",
        "issuer": "UBND phường Vĩnh Tuy",
        "coverage": "full",
        "in_force": True,
        "kind": "plan",
        "outline": [],
        "label": "Kế hoạch Công tác thi đua, khen thưởng năm 2025 của UBND phường Vĩnh Tuy",
        "title": "Công tác thi đua, khen thưởng năm 2025",
    }
    assert "Hiệu lực hôm nay" not in outline_html(detail)

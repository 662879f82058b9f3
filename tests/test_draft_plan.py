"""Drafting a plan: anniversaries, legal bases and awards for the plan's date; the DOCX layout of
NĐ 30/2020/NĐ-CP; the draft reads back clean through the checker; LibreOffice renders page 1."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.shared import Mm, Pt

from assistant.draft import DraftRequest, check_plan_text, draft_plan
from assistant.errors import InvalidInputError
from assistant.registry import Registry

TODAY = date(2026, 11, 20)  # drafting happens before the year it plans


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.from_sources()


def _ward(**kw) -> DraftRequest:
    fields = dict(
        kind="annual",
        issuer="UBND phường Hòa Bình",
        level="phuong",
        place="Hòa Bình",
        year=2027,
        plan_date=date(2027, 1, 5),
        province="Phú Thọ",
        implements="Kế hoạch số 12/KH-UBND ngày 04/01/2027 của UBND tỉnh Phú Thọ",
    )
    fields.update(kw)
    return DraftRequest(**fields)


@pytest.fixture(scope="module")
def ward_2027(registry):
    return draft_plan(_ward(), registry=registry, today=TODAY)


# --------------------------------------------------------------------------- content


def test_2027_ward_plan_celebrates_party_founding_war_invalids_day_and_national_day(ward_2027):
    # 2027 - 1930 = 97 (every year), 2027 - 1947 = 80 (a round year), 2027 - 1945 = 82
    assert ward_2027.anniversaries == (
        "Kỷ niệm 97 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2027)",
        "Kỷ niệm 80 năm Ngày Thương binh - Liệt sĩ (27/07/1947 - 27/07/2027)",
        "Kỷ niệm 82 năm Ngày Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam "
        "(02/09/1945 - 02/09/2027)",
    )
    assert "kỷ niệm 80 năm Ngày Thương binh - Liệt sĩ" in ward_2027.markdown
    # 2027 is no round year of reunification (52) or of President Hồ Chí Minh's birth (137)
    assert "giải phóng miền Nam" not in ward_2027.markdown
    assert "Ngày sinh Chủ tịch Hồ Chí Minh" not in ward_2027.markdown


def test_2027_ward_plan_cites_the_texts_in_force_and_never_decree_98_or_the_old_law(ward_2027):
    bases = ward_2027.legal_bases
    for doc in ("06/2022/QH15", "152/2025/NĐ-CP", "129/2025/NĐ-CP", "15/2025/TT-BNV"):
        assert doc in bases
    for gone in ("98/2023/NĐ-CP", "91/2017/NĐ-CP", "16/VBHN-VPQH", "01/2024/TT-BNV"):
        assert gone not in bases
        assert gone not in ward_2027.markdown
    md = ward_2027.markdown
    assert "*Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;*" in md
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ" in md
    assert "*Thực hiện Kế hoạch số 12/KH-UBND ngày 04/01/2027 của UBND tỉnh Phú Thọ.*" in md


def test_notes_say_which_bases_are_only_excerpts_or_absent_from_the_pack(ward_2027):
    notes = " ".join(ward_2027.notes)
    assert "Nghị định 152/2025/NĐ-CP: kho văn bản chỉ có trích đoạn" not in notes  # held in full
    assert "Thông tư 15/2025/TT-BNV: toàn văn chưa có trong kho văn bản" in notes
    # the notes follow the plan in the Markdown, and travel with the DOCX: a Word comment on
    # the line each concerns, and a last page of their own
    assert "Ghi chú cho người soạn thảo" in ward_2027.markdown
    doc = open_docx(io.BytesIO(ward_2027.docx))
    comments = [c.text for c in doc.comments]
    assert sorted(comments) == sorted(ward_2027.notes)
    paragraphs = [p.text for p in doc.paragraphs]
    last_page = paragraphs[paragraphs.index("GHI CHÚ KÈM BẢN DỰ THẢO") :]
    assert all(any(note in line for line in last_page) for note in ward_2027.notes)


def test_a_2024_plan_cites_decree_98_and_circular_01_2024_instead(registry):
    result = draft_plan(
        _ward(year=2024, plan_date=date(2024, 1, 10), implements=None),
        registry=registry,
        today=TODAY,
    )
    assert "98/2023/NĐ-CP" in result.legal_bases
    assert "01/2024/TT-BNV" in result.legal_bases
    assert "152/2025/NĐ-CP" not in result.legal_bases
    assert "129/2025/NĐ-CP" not in result.legal_bases


def test_ward_after_july_2025_decides_the_basic_titles_and_giay_khen_with_criteria(ward_2027):
    assert ward_2027.awards == (
        "Chiến sĩ thi đua cơ sở",
        "Lao động tiên tiến",
        "Tập thể lao động tiên tiến",
        "Thôn, tổ dân phố văn hóa",
        "Gia đình văn hóa",
        "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
    )
    md = ward_2027.markdown
    assert (
        "1. Thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân phường (khoản 3 Điều 80 Luật Thi "
        "đua, khen thưởng; Điều 59 Nghị định số 129/2025/NĐ-CP)"
    ) in md
    assert (
        "Danh hiệu “Lao động tiên tiến” (cá nhân): tiêu chuẩn theo khoản 1, 3, 4 và 6 Điều 24 "
        "Luật Thi đua, khen thưởng"
    ) in md
    assert (
        "Giấy khen của Chủ tịch Ủy ban nhân dân phường (cá nhân, tập thể, hộ gia đình): tiêu "
        "chuẩn theo điểm đ khoản 1 và khoản 2 Điều 75"
    ) in md
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in ward_2027.proposals
    assert "2. Đề nghị cấp trên khen thưởng (khoản 4 Điều 79 Luật Thi đua, khen thưởng)" in md


def test_ward_before_july_2025_did_not_decide_chien_si_thi_dua_co_so(registry):
    result = draft_plan(
        _ward(year=2025, plan_date=date(2025, 1, 10), implements=None),
        registry=registry,
        today=TODAY,
    )
    assert result.awards == (
        "Lao động tiên tiến",
        "Gia đình văn hóa",
        "Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",
    )
    assert "Nghị định số 129/2025" not in result.markdown.split("**V.")[0]


def test_dossier_items_cite_article_84_and_deadlines_are_left_to_the_official(ward_2027):
    md = ward_2027.markdown
    assert "- Tờ trình đề nghị xét tặng danh hiệu thi đua (điểm a khoản 1 Điều 84 Luật" in md
    assert "- Biên bản xét khen thưởng (điểm c khoản 2 Điều 84 Luật Thi đua, khen thưởng);" in md
    assert (
        "Hồ sơ đề nghị xét tặng danh hiệu thi đua, hình thức khen thưởng năm 2027: trước ngày "
        "[…]/12/2027;" in md
    )


def test_timeline_appendix_runs_by_quarter_with_the_computed_anniversaries(ward_2027):
    md = ward_2027.markdown
    appendix = md.split("**PHỤ LỤC**")[1]
    assert [q for q in ("Quý I", "Quý II", "Quý III", "Quý IV") if f"**{q}**" in appendix] == [
        "Quý I",
        "Quý II",
        "Quý III",
        "Quý IV",
    ]
    assert "| Trước ngày 27/07/2027 |" in appendix
    assert (
        "(Kèm theo Kế hoạch số …/KH-UBND ngày 05 tháng 01 năm 2027 của UBND phường Hòa Bình)"
        in appendix
    )


def test_places_only_an_official_fills_are_marked(registry):
    md = draft_plan(_ward(plan_date=None), registry=registry, today=TODAY).markdown
    assert "Hòa Bình, ngày […] tháng […] năm 2027" in md
    assert "Số: …/KH-UBND" in md
    assert "**[…]**" in md  # the signer's name


def test_campaign_closes_a_month_before_its_occasion_so_awards_are_presented_at_it(registry):
    result = draft_plan(
        _ward(
            kind="campaign",
            occasion="Ngày Thương binh - Liệt sĩ",
            plan_date=date(2027, 4, 2),
            implements=None,
        ),
        registry=registry,
        today=TODAY,
    )
    assert result.title == (
        "Phát động phong trào thi đua lập thành tích chào mừng kỷ niệm 80 năm "
        "Ngày Thương binh - Liệt sĩ (27/07/1947 - 27/07/2027)"
    )
    assert (result.period_start, result.period_end) == (date(2027, 4, 2), date(2027, 6, 27))
    assert "**Tháng 04/2027**" in result.markdown and "**Tháng 06/2027**" in result.markdown
    assert "trước ngày kỷ niệm 27/07/2027 để kịp khen thưởng tại lễ kỷ niệm" in result.markdown
    assert "Tại lễ kỷ niệm ngày 27/07/2027" in result.markdown
    # a campaign rewards with forms; the yearly titles are not promised
    assert result.awards == ("Giấy khen của Chủ tịch Ủy ban nhân dân cấp xã",)


def test_campaign_with_a_wrong_anniversary_count_is_refused(registry):
    with pytest.raises(InvalidInputError, match="80 năm in 2027"):
        draft_plan(
            _ward(kind="campaign", occasion="Kỷ niệm 79 năm Ngày Thương binh - Liệt sĩ"),
            registry=registry,
            today=TODAY,
        )


def test_a_deputy_signs_for_the_chairman_on_behalf_of_the_committee(registry):
    md = draft_plan(_ward(sign_as="KT"), registry=registry, today=TODAY).markdown
    assert "**TM. ỦY BAN NHÂN DÂN**<br>**KT. CHỦ TỊCH**<br>**PHÓ CHỦ TỊCH**" in md


def test_a_department_cannot_sign_on_behalf_of_a_collective():
    with pytest.raises(InvalidInputError, match="not a collective body"):
        DraftRequest(
            kind="annual", issuer="Sở Nội vụ", level="so", place="Việt Trì", year=2027, sign_as="TM"
        )


def test_an_upper_plan_dated_after_this_plan_is_refused(registry):
    with pytest.raises(InvalidInputError, match="dated after this plan"):
        draft_plan(_ward(plan_date=date(2027, 1, 2)), registry=registry, today=TODAY)


def test_the_drafted_plan_reads_back_through_the_checker_without_problems(ward_2027, registry):
    report = check_plan_text(ward_2027.markdown, "draft-2027", registry=registry)
    assert report.plan.date.start == date(2027, 1, 5)
    assert report.plan.kind == "annual"
    assert [f.code for f in report.findings if f.severity != "info"] == []


# --------------------------------------------------------------------------- DOCX layout


def _runs(doc):
    for p in doc.paragraphs:
        yield from ((p, r) for r in p.runs)
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from ((p, r) for r in p.runs)


def test_docx_opens_with_python_docx_in_the_nd_30_layout(ward_2027):
    doc = open_docx(io.BytesIO(ward_2027.docx))
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)  # A4
    mm = {k: round(getattr(s, f"{k}_margin").mm, 1) for k in ("top", "bottom", "left", "right")}
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    assert {r.font.name for _, r in _runs(doc) if r.text.strip()} == {"Times New Roman"}

    header = doc.tables[0].rows[0].cells
    left = {p.text: p for p in header[0].paragraphs if p.text}
    right = {p.text: p for p in header[1].paragraphs if p.text}
    assert list(left) == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HÒA BÌNH", "Số: …/KH-UBND"]
    national = right["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].runs[0].font
    assert national.bold and 12 <= national.size.pt <= 13
    motto = right["Độc lập - Tự do - Hạnh phúc"].runs[0].font
    assert motto.bold and 13 <= motto.size.pt <= 14
    when = right["Hòa Bình, ngày 05 tháng 01 năm 2027"].runs[0].font
    assert when.italic and 13 <= when.size.pt <= 14

    body = {p.text: p for p in doc.paragraphs if p.text}
    kind = body["KẾ HOẠCH"]
    assert kind.runs[0].font.bold and kind.runs[0].font.size == Pt(14)
    assert kind.alignment == 1  # centred
    assert body["Công tác thi đua, khen thưởng năm 2027"].runs[0].font.bold
    first_basis = next(p for t, p in body.items() if t.startswith("Căn cứ Luật"))
    assert first_basis.runs[0].font.italic
    text = next(p for t, p in body.items() if t.startswith("- Đẩy mạnh"))
    assert text.alignment == 3 and text.paragraph_format.first_line_indent >= Mm(10)
    assert 13 <= text.runs[0].font.size.pt <= 14

    signature = doc.tables[1].rows[0].cells
    noi_nhan = signature[0].paragraphs[0].runs[0].font
    assert signature[0].paragraphs[0].text == "Nơi nhận:"
    assert noi_nhan.bold and noi_nhan.italic and noi_nhan.size == Pt(12)
    assert signature[0].paragraphs[1].runs[0].font.size == Pt(11)
    assert [p.text for p in signature[1].paragraphs if p.text][:2] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]
    assert doc.tables[2].rows[0].cells[1].text == "Nội dung công việc"  # the timeline


def test_the_docx_reads_back_through_the_checker(ward_2027, registry, tmp_path):
    from assistant.draft import check_plan_file

    path = tmp_path / "ke-hoach-2027.docx"
    path.write_bytes(ward_2027.docx)
    report = check_plan_file(path, registry=registry)
    assert report.plan.date.start == date(2027, 1, 5)
    assert [f.code for f in report.findings if f.severity == "error"] == []


def render_page1(docx_bytes: bytes, out_dir: Path) -> Path:
    """DOCX → PDF with LibreOffice → page 1 as PNG at 60 dpi (the picture in docs/)."""
    src = out_dir / "plan.docx"
    src.write_bytes(docx_bytes)
    profile = out_dir / "lo-profile"  # a private profile: parallel runs do not collide
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(out_dir / "plan.pdf"),
            str(out_dir / "page1"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return out_dir / "page1.png"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
@pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) not installed",
)
def test_libreoffice_converts_the_docx_and_page_1_renders_as_a4(ward_2027, tmp_path):
    png = render_page1(ward_2027.docx, tmp_path)
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1  # A4 (210 × 297 mm) at 60 dpi
    first = _pdf_text(tmp_path / "plan.pdf", 1)
    assert "KẾ HOẠCH" in first and "Độc lập - Tự do - Hạnh phúc" in first
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in " ".join(first.split())
    assert "PHỤ LỤC" in _pdf_text(tmp_path / "plan.pdf")


def _pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, timeout=60
    )
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize(
    "fields",
    [
        dict(
            issuer="UBND tỉnh Bắc Ninh",
            level="tinh",
            place="Bắc Ninh",
            year=2026,
            plan_date=date(2026, 1, 8),
            province="Bắc Ninh",
            implements=None,
        ),
        dict(
            issuer="Sở Nội vụ",
            level="so",
            place="Việt Trì",
            parent="UBND tỉnh Phú Thọ",
            plan_date=None,
            implements=None,
            sign_as="KT",
        ),
        dict(
            kind="campaign",
            issuer="UBND xã Tân Lập",
            level="xa",
            place="Tân Lập",
            occasion="Ngày Quốc khánh",
            plan_date=date(2027, 6, 1),
            implements=None,
        ),
        dict(year=2025, plan_date=date(2025, 1, 10), implements=None),
    ],
    ids=["province-2026", "department-2027", "commune-campaign", "ward-before-reform"],
)
def test_plans_of_every_level_read_back_through_the_checker_without_problems(fields, registry):
    result = draft_plan(_ward(**fields), registry=registry, today=TODAY)
    report = check_plan_text(result.markdown, "draft", registry=registry)
    found = [(f.code, f.message) for f in report.findings if f.severity != "info"]
    assert found == []
    if fields.get("plan_date") == date(2025, 1, 10):
        # right in January 2025; NĐ 98/2023 ends inside the year, replaced by a decree not yet
        # issued: a change to apply, not a drafting error
        later = {f.code for f in report.findings if f.kind == "since"}
        assert later == {"basis-changed-since"}


def test_a_province_cites_its_own_regulation_when_the_registry_knows_it(registry):
    result = draft_plan(
        _ward(
            issuer="UBND tỉnh Bắc Ninh",
            level="tinh",
            place="Bắc Ninh",
            year=2026,
            plan_date=date(2026, 1, 8),
            province="Bắc Ninh",
            implements=None,
        ),
        registry=registry,
        today=TODAY,
    )
    assert "86/2025/QĐ-UBND" in result.legal_bases
    assert "Quyết định số […]" not in result.markdown
    # the 2026 amending law applies from 01/10/2026, inside the plan's year: a note, not a basis
    assert "06/2026/QH16" not in result.legal_bases
    assert any("06/2026" in n or "2026 từ 01/10/2026" in n for n in result.notes)
    assert result.proposals == (
        "Chiến sĩ thi đua toàn quốc",
        "Cờ thi đua của Chính phủ",
        "Bằng khen của Thủ tướng Chính phủ",
    )


def test_a_plan_signed_after_decree_152_was_issued_says_when_its_forms_apply(registry):
    june = draft_plan(
        _ward(year=2025, plan_date=date(2025, 6, 20), implements=None),
        registry=registry,
        today=TODAY,
    ).markdown
    assert (
        "98/2023/NĐ-CP (từ ngày 01/07/2025: theo Phụ lục kèm theo Nghị định số 152/2025/NĐ-CP)"
        in june
    )
    # in January 2025 NĐ 152/2025 (signed 14/06/2025) did not exist yet: never cited
    january = draft_plan(
        _ward(year=2025, plan_date=date(2025, 1, 10), implements=None),
        registry=registry,
        today=TODAY,
    ).markdown
    assert "152/2025" not in january.split("Ghi chú cho người soạn thảo")[0]


def test_a_campaign_period_of_decades_is_refused_rather_than_drafted():
    from datetime import date

    import pytest

    from assistant.draft.spec import DraftRequest
    from assistant.errors import InvalidInputError

    with pytest.raises(InvalidInputError, match="longer than 5 years"):
        DraftRequest(
            kind="campaign",
            issuer="UBND phường Hòa Bình",
            level="phuong",
            place="Hòa Bình",
            occasion="Kỷ niệm Quốc khánh",
            period_start=date(2001, 1, 1),
            period_end=date(2099, 12, 31),
        )

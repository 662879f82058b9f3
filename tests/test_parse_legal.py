"""The legal-text grammar: pack documents (golden outlines + headline facts) and small texts."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import types
from pathlib import Path

import pytest

from assistant.models import DocKind, DocMeta, Document, ParsedDocument
from assistant.parse import parse_document
from assistant.parse.legal import parse_legal
from assistant.parse.structure import strip_footnote_marks

_REGEN = Path(__file__).resolve().parent / "golden" / "regen_legal.py"
_spec = importlib.util.spec_from_file_location("regen_legal", _REGEN)
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

GOLDENS = sorted(regen.GOLDEN_DIR.glob("*.json"))


def legal_doc(text: str, doc_id: str = "01/2025/QĐ-UBND", loai: str = "Quyết định") -> Document:
    meta = DocMeta(doc_id=doc_id, kind=DocKind.LEGAL, so_hieu=doc_id, loai=loai, title="Thử")
    return Document(meta=meta, text=text, body_line_offset=1)


@pytest.fixture(scope="session")
def pack(pack_dir: Path) -> dict[str, ParsedDocument]:
    """Every legal text of the pack, parsed once: doc_id → ParsedDocument."""
    out = {}
    for path in regen.legal_pack_files(pack_dir):
        parsed = parse_legal(regen.pack_document(path))
        out[parsed.meta.doc_id] = parsed
    return out


def articles(parsed: ParsedDocument, part: str | None = None) -> list[str]:
    return [p.number for p in parsed.provisions if p.kind == "dieu" and p.part == part]


def numbers(parsed: ParsedDocument, kind: str) -> list[str]:
    return [p.number for p in parsed.provisions if p.kind == kind]


# ---- golden outlines -----------------------------------------------------------------------


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.stem for g in GOLDENS])
def test_parse_of_pack_document_matches_its_golden_outline(golden: Path, pack_dir: Path) -> None:
    expected = json.loads(golden.read_text(encoding="utf-8"))
    source = pack_dir / expected["source"]
    if not source.exists():
        pytest.skip(f"{source} is not in this pack")
    parsed = parse_legal(regen.pack_document(source))
    actual = regen.outline(parsed, source.name)
    changes = regen.diff(expected, actual)
    assert not changes, (
        f"{golden.name} differs from the parse ({len(changes)} changes):\n"
        + "\n".join(changes[:30])
        + "\nIf the change is intended: python tests/golden/regen_legal.py"
    )


def test_every_legal_pack_document_has_a_golden_outline(pack_dir: Path) -> None:
    missing = [
        p.name
        for p in regen.legal_pack_files(pack_dir)
        if not regen.golden_path(regen.pack_document(p).meta.doc_id).exists()
    ]
    assert not missing, f"no golden outline for {missing}: run python tests/golden/regen_legal.py"


# ---- headline facts of the pack ---------------------------------------------------------------


def test_law_2022_has_articles_1_to_96_in_eight_chapters(pack) -> None:
    law = pack["06/2022/QH15"]
    assert articles(law) == [str(n) for n in range(1, 97)]
    assert numbers(law, "chuong") == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    idx = law.by_id()
    assert len(idx["06-2022-qh15/chuong-iii"].children) == 5
    assert [idx[c].kind for c in idx["06-2022-qh15/chuong-iv"].children] == ["muc", "muc"]
    assert idx["06-2022-qh15/chuong-iii/muc-1"].title.startswith("ĐỐI TƯỢNG, TIÊU CHUẨN")
    assert idx["06-2022-qh15/chuong-i"].title == "NHỮNG QUY ĐỊNH CHUNG"
    assert law.warnings == ()


def test_article_84_clause_2_text_is_the_clause_and_its_points(pack) -> None:
    law = pack["06/2022/QH15"]
    art = law.get("06-2022-qh15/dieu-84")
    assert art.title == "Hồ sơ đề nghị xét tặng danh hiệu thi đua và hình thức khen thưởng"
    clause = law.get("06-2022-qh15/dieu-84/khoan-2")
    assert (clause.article, clause.clause, clause.point) == (84, 2, None)
    full = law.full_text(clause.id)
    assert full.startswith("2. ")
    assert "3. " not in full.split("\n")[-1][:3]
    point_a = law.get("06-2022-qh15/dieu-84/khoan-2/diem-a")
    assert point_a.text.startswith("a) ") and point_a.point == "a" and point_a.clause == 2


def test_closing_formula_and_signer_of_the_law_are_not_article_96(pack) -> None:
    law = pack["06/2022/QH15"]
    assert "thông qua ngày 15 tháng 6 năm 2022" not in law.full_text("06-2022-qh15/dieu-96")
    signature = law.get("06-2022-qh15/chu-ky")
    assert signature.kind == "signature" and "Vương Đình Huệ" in signature.text


def test_consolidated_2003_law_has_105_articles_with_58a_and_91a(pack) -> None:
    old = pack["16/VBHN-VPQH"]
    nums = articles(old)
    assert len(nums) == 105
    expected = [str(n) for n in range(1, 59)] + ["58a"] + [str(n) for n in range(59, 92)]
    expected += ["91a"] + [str(n) for n in range(92, 104)]
    assert nums == expected
    art = old.get("16-vbhn-vpqh/dieu-58a")
    assert (art.article, art.article_suffix) == (58, "a")


def test_footnote_marks_are_never_part_of_a_number_or_a_text(pack) -> None:
    old = pack["16/VBHN-VPQH"]
    art4 = old.get("16-vbhn-vpqh/dieu-4")
    assert art4.article == 4 and art4.text.startswith("Điều 4\n")
    assert old.get("16-vbhn-vpqh/dieu-42") is not None  # the real Điều 42, not "4[^2]"
    clause = old.get("16-vbhn-vpqh/dieu-6/khoan-2")
    assert clause.text.startswith("2. Nguyên tắc khen thưởng gồm:")
    leaks = [p.id for p in old.provisions if "[^" in p.text and p.kind != "footnotes"]
    assert leaks == []


def test_footnotes_of_the_consolidated_law_are_one_provision_with_all_72(pack) -> None:
    old = pack["16/VBHN-VPQH"]
    notes = [p for p in old.provisions if p.kind == "footnotes"]
    assert len(notes) == 1 and notes[0].parent_id == "16-vbhn-vpqh"
    assert len(re.findall(r"^\[\^\d+\]:", notes[0].text, re.M)) == 72
    last_article = old.full_text("16-vbhn-vpqh/dieu-103")
    assert "CHÚ THÍCH" not in last_article and "Nguyễn Hạnh Phúc" not in last_article


def test_decree_30_has_38_articles_and_appendices_i_to_vi(pack) -> None:
    nd30 = pack["30/2020/NĐ-CP"]
    assert articles(nd30) == [str(n) for n in range(1, 39)]
    assert numbers(nd30, "phu-luc") == ["I", "II", "III", "IV", "V", "VI"]
    # sample documents inside the appendices never become articles or chapters
    assert all(p.appendix is None for p in nd30.provisions if p.kind in ("dieu", "chuong"))


@pytest.mark.parametrize(
    ("appendix", "section", "pid", "starts"),
    [
        ("I", "Phần I.II.7.b", "30-2020-nd-cp/phu-luc-i/phan-i/ii/7/b", "b) Việc ghi quyền hạn"),
        ("I", "Phần I.I", "30-2020-nd-cp/phu-luc-i/phan-i/i", "I. QUY ĐỊNH CHUNG"),
        ("II", "V.2", "30-2020-nd-cp/phu-luc-ii/v/2", "2. Tên các huân chương"),
        ("III", "I", "30-2020-nd-cp/phu-luc-iii/i", "I. BẢNG CHỮ VIẾT TẮT"),
    ],
)
def test_appendix_section_paths_of_decree_30_resolve(pack, appendix, section, pid, starts) -> None:
    nd30 = pack["30/2020/NĐ-CP"]
    found = [p for p in nd30.provisions if p.appendix == appendix and p.section == section]
    assert [p.id for p in found] == [pid]
    assert found[0].text.startswith(starts)


def test_mau_inside_appendix_iii_is_a_form_not_a_new_appendix(pack) -> None:
    nd30 = pack["30/2020/NĐ-CP"]
    form = nd30.get("30-2020-nd-cp/phu-luc-iii/ii/mau-1-1")
    assert form.kind == "mau" and form.title == "Nghị quyết (cá biệt)" and form.appendix == "III"
    # "Phụ lục …1..." inside Mẫu 2.1 is sample text, not Phụ lục
    assert len([p for p in nd30.provisions if p.kind == "phu-luc"]) == 6


def test_decision_86_has_its_own_articles_and_the_attached_regulation(pack) -> None:
    qd = pack["86/2025/QĐ-UBND"]
    assert articles(qd, "quyet-dinh") == ["1", "2", "3"]
    assert articles(qd) == [str(n) for n in range(1, 12)]
    chapters = [p for p in qd.provisions if p.kind == "chuong"]
    assert [c.number for c in chapters] == ["I", "II", "III", "IV", "V"]
    assert all(c.part is None for c in chapters)
    assert qd.get("86-2025-qd-ubnd/quyet-dinh/dieu-2").text.startswith(
        "Điều 2. Quyết định này có hiệu lực kể từ ngày 15 tháng 12 năm 2025"
    )
    point = qd.get("86-2025-qd-ubnd/dieu-3/khoan-3/diem-a")
    assert (point.part, point.article, point.clause, point.point) == (None, 3, 3, "a")
    assert qd.get("86-2025-qd-ubnd/quyet-dinh/chu-ky").kind == "signature"
    regulation = qd.get("86-2025-qd-ubnd/quy-dinh")
    assert regulation.title == "QUY ĐỊNH VỀ CÔNG TÁC THI ĐUA, KHEN THƯỞNG TỈNH BẮC NINH"


def test_decision_71_has_3_plus_12_articles_and_forms_01_to_03(pack) -> None:
    qd = pack["71/2025/QĐ-UBND"]
    assert articles(qd, "quyet-dinh") == ["1", "2", "3"]
    assert articles(qd) == [str(n) for n in range(1, 13)]
    forms = [p for p in qd.provisions if p.kind == "mau" and p.parent_id == "71-2025-qd-ubnd"]
    assert [f.number for f in forms] == ["01", "02", "03"]
    assert forms[0].appendix == "Mẫu số 01"
    assert "Mẫu số 01" not in qd.full_text("71-2025-qd-ubnd/dieu-12")


def test_decree_152_in_full_has_61_articles_in_9_chapters_and_7_sections(pack) -> None:
    nd = pack["152/2025/NĐ-CP"]
    assert articles(nd) == [str(n) for n in range(1, 62)]
    assert numbers(nd, "chuong") == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    sections = [p.id.split("/", 1)[1] for p in nd.provisions if p.kind == "muc"]
    assert sections == [
        "chuong-iii/muc-1",
        "chuong-iii/muc-2",
        "chuong-iii/muc-3",
        "chuong-v/muc-1",
        "chuong-v/muc-2",
        "chuong-vii/muc-1",
        "chuong-vii/muc-2",
    ]
    assert len([p for p in nd.provisions if p.kind == "khoan"]) == 190
    art4 = nd.get("152-2025-nd-cp/dieu-4")
    assert [nd.get(c).clause for c in art4.children] == [1, 2, 3, 4, 5, 6, 7]
    points = nd.get("152-2025-nd-cp/dieu-50/khoan-1").children
    assert [pid.rsplit("-", 1)[1] for pid in points] == ["a", "b", "c", "d"]
    assert nd.get("152-2025-nd-cp/dieu-50/khoan-2/diem-dd").point == "đ"


def test_decree_152_transition_article_ends_before_the_signature(pack) -> None:
    nd = pack["152/2025/NĐ-CP"]
    art60 = nd.get("152-2025-nd-cp/dieu-60")
    assert art60.parent_id == "152-2025-nd-cp/chuong-ix"
    assert "01 tháng 3 năm 2027" in nd.full_text("152-2025-nd-cp/dieu-60/khoan-1")
    assert "Nơi nhận" not in nd.full_text("152-2025-nd-cp/dieu-61")
    assert [p.kind for p in nd.provisions][-1] == "signature"


def test_decree_129_excerpt_has_articles_2_and_59(pack) -> None:
    nd = pack["129/2025/NĐ-CP"]
    assert articles(nd) == ["2", "59"]
    assert len(nd.get("129-2025-nd-cp/dieu-2").children) == 8


def test_compiler_notes_in_blockquotes_are_left_out_of_every_text(pack) -> None:
    for parsed in pack.values():
        for p in parsed.provisions:
            assert not any(line.startswith(">") for line in p.text.split("\n")), p.id
            assert "CẢNH BÁO: Tệp này" not in p.text, p.id


def test_provisions_are_a_well_formed_tree_in_document_order(pack) -> None:
    for parsed in pack.values():
        provs = parsed.provisions
        ids = [p.id for p in provs]
        assert len(ids) == len(set(ids)), parsed.meta.doc_id
        assert all(re.fullmatch(r"[a-z0-9/-]+", i) for i in ids), parsed.meta.doc_id
        assert provs[0].kind == "document" and provs[0].parent_id is None
        index = {p.id: p for p in provs}
        position = {pid: n for n, pid in enumerate(ids)}
        for p in provs[1:]:
            parent = index[p.parent_id]
            assert p.id in parent.children
            assert position[parent.id] < position[p.id]
        lines = [p.line for p in provs]
        assert lines == sorted(lines), parsed.meta.doc_id


def test_provision_line_points_at_its_heading_in_the_source_file(pack, pack_dir) -> None:
    for path in regen.legal_pack_files(pack_dir):
        doc = regen.pack_document(path)
        source = path.read_text(encoding="utf-8").splitlines()
        for p in pack[doc.meta.doc_id].provisions:
            if p.kind in ("dieu", "khoan", "chuong", "phu-luc"):
                first = p.text.split("\n", 1)[0]
                assert first[:12] in strip_footnote_marks(source[p.line - 1]), (
                    p.id,
                    p.line,
                )


# ---- small hand-written texts ----------------------------------------------------------------

PLAIN_DECISION = """\
ỦY BAN NHÂN DÂN XÃ HÒA BÌNH
QUYẾT ĐỊNH
Ban hành Quy chế thi đua, khen thưởng
Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế thi đua, khen thưởng.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.
Nơi nhận:
- Như Điều 2;
CHỦ TỊCH
Nguyễn Văn A
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy chế này quy định về thi đua, khen thưởng tại xã.
Chương II
DANH HIỆU THI ĐUA
VÀ HÌNH THỨC KHEN THƯỞNG
Điều 2. Nguyên tắc
(1) Tự nguyện, tự giác, công khai.
(2) Chính xác, công bằng, kịp thời.
Điều 3. Danh hiệu thi đua
1. Danh hiệu thi đua đối với cá nhân gồm:
a) Lao động tiên tiến;
b) Chiến sĩ thi đua cơ sở;
c) Chiến sĩ thi đua cấp tỉnh;
d) Chiến sĩ thi đua toàn quốc;
đ) Danh hiệu khác.
- gạch đầu dòng vẫn thuộc điểm đ
+ dấu cộng cũng vậy
2. Danh hiệu thi đua đối với tập thể.
"""


def test_plain_line_headings_without_markdown_are_recognised() -> None:
    parsed = parse_legal(legal_doc(PLAIN_DECISION))
    assert articles(parsed, "quyet-dinh") == ["1", "2"]
    assert articles(parsed) == ["1", "2", "3"]
    chap2 = parsed.get("01-2025-qd-ubnd/chuong-ii")
    assert chap2.title == "DANH HIỆU THI ĐUA VÀ HÌNH THỨC KHEN THƯỞNG"  # joined from 2 lines
    assert parsed.get("01-2025-qd-ubnd/dieu-1").title == "Phạm vi điều chỉnh"
    assert parsed.get("01-2025-qd-ubnd/quyet-dinh/dieu-1").title is None  # a sentence, not a title


def test_numbering_restart_starts_the_attached_text_and_the_signature_is_set_apart() -> None:
    parsed = parse_legal(legal_doc(PLAIN_DECISION))
    signature = parsed.get("01-2025-qd-ubnd/quyet-dinh/chu-ky")
    assert signature.text.split("\n") == ["Nơi nhận:", "- Như Điều 2;", "CHỦ TỊCH", "Nguyễn Văn A"]
    assert "Nơi nhận" not in parsed.full_text("01-2025-qd-ubnd/quyet-dinh/dieu-2")
    assert parsed.get("01-2025-qd-ubnd/chuong-i").part is None


def test_quy_che_title_line_names_the_attached_text_of_a_plain_decision() -> None:
    text = PLAIN_DECISION.replace(
        "Nguyễn Văn A\n", "Nguyễn Văn A\nQUY CHẾ\nTHI ĐUA, KHEN THƯỞNG XÃ HÒA BÌNH\n"
    )
    meta = DocMeta(doc_id="qc-hoa-binh", kind=DocKind.LEGAL, title="Thử")  # known from header
    parsed = parse_legal(Document(meta=meta, text=text))
    attached = parsed.get("qc-hoa-binh/quy-che")
    assert attached.title == "QUY CHẾ THI ĐUA, KHEN THƯỞNG XÃ HÒA BÌNH"
    assert parsed.get("qc-hoa-binh/chuong-i").parent_id == attached.id
    assert articles(parsed, "quyet-dinh") == ["1", "2"] and articles(parsed) == ["1", "2", "3"]


def test_a_law_never_gets_a_decision_part() -> None:
    text = "LUẬT\nĐiều 1. Một\nNội dung.\nQUY ĐỊNH\nĐiều 2. Hai\nNội dung.\n"
    parsed = parse_legal(legal_doc(text, doc_id="9/2030/QH9", loai="Luật"))
    assert [p.id for p in parsed.provisions if p.kind == "dieu"] == [
        "9-2030-qh9/dieu-1",
        "9-2030-qh9/dieu-2",
    ]


def test_parenthesised_numbers_are_clauses() -> None:
    parsed = parse_legal(legal_doc(PLAIN_DECISION))
    clause = parsed.get("01-2025-qd-ubnd/dieu-2/khoan-2")
    assert (clause.article, clause.clause) == (2, 2)
    assert clause.text == "(2) Chính xác, công bằng, kịp thời."


def test_point_dd_has_its_own_ascii_id_and_keeps_dash_and_plus_lines() -> None:
    parsed = parse_legal(legal_doc(PLAIN_DECISION))
    point = parsed.get("01-2025-qd-ubnd/dieu-3/khoan-1/diem-dd")
    assert point.point == "đ" and point.number == "đ"
    assert point.text.split("\n") == [
        "đ) Danh hiệu khác.",
        "- gạch đầu dòng vẫn thuộc điểm đ",
        "+ dấu cộng cũng vậy",
    ]
    assert parsed.get("01-2025-qd-ubnd/dieu-3/khoan-1/diem-d").text.startswith("d) ")
    assert parsed.get("01-2025-qd-ubnd/dieu-3/khoan-2").point is None


def test_duplicated_article_number_gets_a_suffix_and_a_warning() -> None:
    text = "LUẬT\nĐiều 1. Một\nNội dung.\nĐiều 2. Hai\nNội dung.\nĐiều 2. Hai lần\nNội dung khác.\n"
    parsed = parse_legal(legal_doc(text, doc_id="99/2030/QH99", loai="Luật"))
    assert [p.id for p in parsed.provisions if p.kind == "dieu"] == [
        "99-2030-qh99/dieu-1",
        "99-2030-qh99/dieu-2",
        "99-2030-qh99/dieu-2-2",
    ]
    assert len(parsed.warnings) == 1 and "dieu-2" in parsed.warnings[0]
    assert "line 6" in parsed.warnings[0]


def test_markdown_markers_footnote_marks_and_notes_stay_out_of_text() -> None:
    text = (
        "> ghi chú của người biên soạn\n"
        "## Chương I\n\nNHỮNG QUY ĐỊNH CHUNG[^1]\n\n"
        "#### Điều 4[^2]\n\nNội dung điều bốn.\n\n2.[^3] Khoản hai.\n"
    )
    parsed = parse_legal(legal_doc(text, doc_id="15/2003/QH11", loai="Luật"))
    chap = parsed.get("15-2003-qh11/chuong-i")
    assert chap.text == "Chương I\nNHỮNG QUY ĐỊNH CHUNG" and chap.title == "NHỮNG QUY ĐỊNH CHUNG"
    art = parsed.get("15-2003-qh11/dieu-4")
    assert art.text == "Điều 4\nNội dung điều bốn." and art.title is None
    assert parsed.get("15-2003-qh11/dieu-4/khoan-2").text == "2. Khoản hai."
    assert parsed.provisions[0].text == ""
    assert art.line == 6  # body line offset 1 + index 5


def test_sentence_starting_with_a_structure_word_is_not_a_heading() -> None:
    text = "Điều 1. Phạm vi\nChương này quy định chung.\nMục tiêu của thi đua là động viên.\n"
    parsed = parse_legal(legal_doc(text, doc_id="1/2030/QH1", loai="Luật"))
    assert [p.kind for p in parsed.provisions] == ["document", "dieu"]
    assert parsed.get("1-2030-qh1/dieu-1").text.count("\n") == 2


def test_parse_document_sends_legal_texts_to_the_legal_grammar() -> None:
    parsed = parse_document(legal_doc("Điều 1. Một\nNội dung.\n", doc_id="1/2030/QH1", loai="Luật"))
    assert parsed.get("1-2030-qh1/dieu-1") is not None


def test_parse_document_sends_plans_to_the_plan_grammar(monkeypatch) -> None:
    calls = []
    fake = types.ModuleType("assistant.parse.plan")

    def parse_plan(doc):
        calls.append(doc.meta.doc_id)
        return ParsedDocument(meta=doc.meta, provisions=())

    fake.parse_plan = parse_plan
    monkeypatch.setitem(sys.modules, "assistant.parse.plan", fake)
    meta = DocMeta(doc_id="004_abc", kind=DocKind.PLAN)
    parse_document(Document(meta=meta, text="I. MỤC ĐÍCH\n"))
    assert calls == ["004_abc"]

"""Plan grammar: sections, ids and texts of Kế hoạch, pinned by goldens and the dev set."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.ingest.reflow import reflow
from assistant.models import DocKind, DocMeta, Document, ParsedDocument
from assistant.parse.plan import parse_plan

GOLDEN = Path(__file__).parent / "golden" / "plans"
DEV = Path(__file__).resolve().parents[1].parent / "shared" / "evals" / "dev.jsonl"

# A small Markdown plan with HTML bits, a repeated number, an item with no parent and appendices.
MD_PLAN = """\
Số: /KH-UBND

*Mường Bú, ngày 10 tháng 01 năm 2030*

**KẾ HOẠCH**
**Công tác thi đua, khen thưởng năm 2030**

UBND xã Mường Bú ban hành Kế hoạch công tác thi đua, khen thưởng năm 2030 như sau:

## **I. MỤC ĐÍCH, YÊU CẦU**

**1. Mục đích:** Động viên Nhân dân thi đua lập thành tích.
- Khen thưởng kịp thời.
+ Đúng người, đúng thành tích.

**2.** Bảo đảm công khai.<br>Không chạy theo số lượng.

## II. NỘI DUNG
### **1. Phong trào chung**
a) Thi đua sản xuất giỏi;
b) Thi đua xây dựng nông thôn mới.
1.2. Việc khác không có mục 1.1.
2. Việc thứ hai
2. Việc thứ hai lặp lại
IV. TỔ CHỨC THỰC HIỆN
1. Văn phòng UBND xã tham mưu.

Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2030./.

**Nơi nhận:**
- Lưu: VT.

**CHỦ TỊCH**

**Lò Văn Minh**

**PHỤ LỤC 1**
**TIẾN ĐỘ THỰC HIỆN**
STT\tNội dung\tThời gian
1\tSơ kết 6 tháng\tTrước 15/7/2030

**PHỤ LỤC 2**
**I. Chỉ tiêu tập thể:** 05 tập thể
**II. Chỉ tiêu cá nhân**
<p>10 cá nhân</p>
"""


def _doc(text: str, doc_id: str = "kh-muong-bu", offset: int = 1) -> Document:
    return Document(
        meta=DocMeta(doc_id=doc_id, kind=DocKind.PLAN), text=text, body_line_offset=offset
    )


def _seed(pack_dir, prefix: str) -> tuple[Path, ParsedDocument]:
    (path,) = (pack_dir / "plans").glob(f"{prefix}_*.txt")
    return path, parse_plan(_doc(path.read_text(encoding="utf-8"), doc_id=path.stem))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


# --- grammar on a small fixture -------------------------------------------------------------------


def test_plan_sections_get_path_ids_and_section_labels():
    parsed = parse_plan(_doc(MD_PLAN))
    got = [(p.id, p.kind, p.section) for p in parsed.provisions]
    assert got == [
        ("kh-muong-bu", "document", None),
        ("kh-muong-bu/muc-i", "muc", "I"),
        ("kh-muong-bu/muc-i/1", "section", "I.1"),
        ("kh-muong-bu/muc-i/2", "section", "I.2"),
        ("kh-muong-bu/muc-ii", "muc", "II"),
        ("kh-muong-bu/muc-ii/1", "section", "II.1"),
        ("kh-muong-bu/muc-ii/1/a", "section", "II.1.a"),
        ("kh-muong-bu/muc-ii/1/b", "section", "II.1.b"),
        ("kh-muong-bu/muc-ii/1/2", "section", "II.1.2"),
        ("kh-muong-bu/muc-ii/2", "section", "II.2"),
        ("kh-muong-bu/muc-ii/2-2", "section", "II.2"),
        ("kh-muong-bu/muc-iv", "muc", "IV"),
        ("kh-muong-bu/muc-iv/1", "section", "IV.1"),
        ("kh-muong-bu/chu-ky", "signature", None),
        ("kh-muong-bu/phu-luc-1", "phu-luc", "Phụ lục 1"),
        ("kh-muong-bu/phu-luc-2", "phu-luc", "Phụ lục 2"),
        ("kh-muong-bu/phu-luc-2/i", "muc", "Phụ lục 2.I"),
        ("kh-muong-bu/phu-luc-2/ii", "muc", "Phụ lục 2.II"),
    ]
    index = parsed.by_id()
    assert index["kh-muong-bu/muc-ii/1/2"].parent_id == "kh-muong-bu/muc-ii/1"
    assert index["kh-muong-bu/muc-ii"].children[-1] == "kh-muong-bu/muc-ii/2-2"


def test_damaged_numbering_is_kept_as_printed_and_reported_with_its_line():
    parsed = parse_plan(_doc(MD_PLAN))
    warnings = "\n".join(parsed.warnings)
    assert "duplicate section number II.2 at line 24" in warnings
    assert "section number IV at line 25 out of sequence (expected III)" in warnings
    assert "has no item" not in warnings  # 1.2 hangs under its item 1
    assert "section number II.1.2 at line 22 out of sequence (expected 1)" in warnings
    assert len(parsed.warnings) == 3


def test_item_without_its_parent_number_hangs_under_the_part_and_is_reported():
    parsed = parse_plan(_doc("I.\nMỤC TIÊU\n02.1. Một mục lạc\nII. NHIỆM VỤ\n01. Mục đầu"))
    assert [(p.id, p.section, p.title) for p in parsed.provisions[1:]] == [
        ("kh-muong-bu/muc-i", "I", "MỤC TIÊU"),
        ("kh-muong-bu/muc-i/2/1", "I.2.1", "Một mục lạc"),
        ("kh-muong-bu/muc-ii", "II", "NHIỆM VỤ"),
        ("kh-muong-bu/muc-ii/1", "II.1", "Mục đầu"),
    ]
    assert parsed.get("kh-muong-bu/muc-i/2/1").parent_id == "kh-muong-bu/muc-i"
    assert "item 2.1 at line 3 has no item 2 above it; placed under I" in parsed.warnings


def test_points_d_and_dd_get_distinct_ids():
    parsed = parse_plan(_doc("I. A\n1. B\na) một\nb) hai\nc) ba\nd) bốn\nđ) năm\ne) sáu"))
    ids = [p.id.rsplit("/", 1)[-1] for p in parsed.provisions[3:]]
    assert ids == ["a", "b", "c", "d", "dd", "e"]
    assert parsed.get("kh-muong-bu/muc-i/1/dd").section == "I.1.đ"
    assert parsed.warnings == ()


def test_dash_and_plus_lines_stay_in_the_text_of_their_item():
    item = parse_plan(_doc(MD_PLAN)).get("kh-muong-bu/muc-i/1")
    assert item.text == (
        "1. Mục đích: Động viên Nhân dân thi đua lập thành tích.\n"
        "- Khen thưởng kịp thời.\n+ Đúng người, đúng thành tích."
    )
    assert item.title == "Mục đích"


def test_markdown_emphasis_heading_hashes_and_html_tags_are_removed_from_texts():
    parsed = parse_plan(_doc(MD_PLAN))
    for p in parsed.provisions:
        assert not re.search(r"\*\*|^#|<[a-z/]", p.text, re.M), p.id
    assert parsed.get("kh-muong-bu/muc-i/2").text == (
        "2. Bảo đảm công khai.\nKhông chạy theo số lượng."
    )
    assert parsed.get("kh-muong-bu/phu-luc-2/ii").text == "II. Chỉ tiêu cá nhân\n10 cá nhân"


def test_appendix_keeps_its_title_lines_and_tab_separated_rows():
    appendix = parse_plan(_doc(MD_PLAN)).get("kh-muong-bu/phu-luc-1")
    assert appendix.title == "TIẾN ĐỘ THỰC HIỆN"
    assert "1\tSơ kết 6 tháng\tTrước 15/7/2030" in appendix.text.splitlines()


def test_closing_sentence_noi_nhan_and_signer_form_the_signature_unit():
    sig = parse_plan(_doc(MD_PLAN)).get("kh-muong-bu/chu-ky")
    assert sig.text.splitlines() == [
        "Trên đây là Kế hoạch công tác thi đua, khen thưởng năm 2030./.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "CHỦ TỊCH",
        "Lò Văn Minh",
    ]


def test_root_holds_the_header_and_opening_paragraph_and_meta_is_filled_from_the_header():
    parsed = parse_plan(_doc(MD_PLAN))
    root = parsed.provisions[0]
    assert root.title == "Công tác thi đua, khen thưởng năm 2030"
    assert root.text.splitlines()[0] == "Số: /KH-UBND"
    assert root.text.splitlines()[-1].startswith("UBND xã Mường Bú ban hành")
    assert parsed.meta.issuer == "UBND xã Mường Bú"
    assert (parsed.meta.so_hieu, parsed.meta.place) == ("/KH-UBND", "Mường Bú")
    assert parsed.meta.signer == "Lò Văn Minh"


def test_front_matter_values_are_not_overwritten_by_the_header():
    doc = Document(
        meta=DocMeta(doc_id="kh", kind=DocKind.PLAN, title="Tên trong front matter", issuer="X"),
        text=MD_PLAN,
    )
    parsed = parse_plan(doc)
    assert (parsed.meta.title, parsed.meta.issuer) == ("Tên trong front matter", "X")


def test_lines_count_from_the_body_offset_in_the_source_file():
    parsed = parse_plan(_doc(MD_PLAN, offset=8))
    assert parsed.get("kh-muong-bu/muc-i").line == 10 + 7  # line 10 of a body starting at 8


# --- the seed plans: goldens --------------------------------------------------------------------


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem[:3])
def test_seed_plan_section_tree_matches_its_golden(pack_dir, golden):
    expected = json.loads(golden.read_text(encoding="utf-8"))
    path = pack_dir / "plans" / f"{expected['doc_id']}.txt"
    parsed = parse_plan(_doc(path.read_text(encoding="utf-8"), doc_id=path.stem))
    got = [
        {
            k: getattr(p, k)
            for k in ("id", "kind", "number", "section", "title", "line", "parent_id")
        }
        for p in parsed.provisions
    ]
    assert got == expected["provisions"]
    assert list(parsed.warnings) == expected["warnings"]


def test_goldens_cover_every_seed_plan(pack_dir):
    stems = {p.stem for p in (pack_dir / "plans").glob("*.txt")}
    assert stems == {p.stem for p in GOLDEN.glob("*.json")}


def test_plan_004_has_four_parts_and_two_appendices(pack_dir):
    path, parsed = _seed(pack_dir, "004")
    top = [parsed.by_id()[c] for c in parsed.provisions[0].children]
    assert [p.section for p in top if p.kind in ("muc", "phu-luc")] == [
        "I",
        "II",
        "III",
        "IV",
        "Phụ lục 1",
        "Phụ lục 2",
    ]
    assert (
        parsed.get(f"{path.stem}/phu-luc-2/ii").title
        == "Phong trào “Toàn dân bảo vệ an ninh Tổ quốc”"
    )
    assert "10 tập thể, 20 cá nhân" in parsed.get(f"{path.stem}/phu-luc-2/ii").text


def test_plan_000_second_part_v_is_kept_as_printed_with_a_distinct_id(pack_dir):
    path, parsed = _seed(pack_dir, "000")
    first, second = parsed.get(f"{path.stem}/muc-v"), parsed.get(f"{path.stem}/muc-v-2")
    assert (first.section, first.title) == ("V", "QUY TRÌNH, THỜI GIAN, HỒ SƠ KHEN THƯỞNG")
    assert (second.section, second.number, second.title) == ("V", "V", "TỔ CHỨC THỰC HIỆN")
    assert second.line == 259
    assert any(w.startswith("duplicate section number V at line 259") for w in parsed.warnings)
    assert parsed.get(f"{path.stem}/muc-v-2/2").section == "V.2"


def test_plan_000_heading_split_over_two_lines_is_one_title(pack_dir):
    path, parsed = _seed(pack_dir, "000")
    part = parsed.get(f"{path.stem}/muc-iv")
    assert part.title == "CÁC DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG TRONG PHONG TRÀO THI ĐUA"
    assert part.text.splitlines()[0].endswith("TRONG PHONG TRÀO THI ĐUA.")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_plan_parses_to_the_same_tree_whether_or_not_the_loader_reflowed_it(pack_dir, prefix):
    path, parsed = _seed(pack_dir, prefix)
    again = parse_plan(_doc(reflow(path.read_text(encoding="utf-8")), doc_id=path.stem))
    assert [(p.id, p.section, p.title) for p in again.provisions] == [
        (p.id, p.section, p.title) for p in parsed.provisions
    ]
    assert [_flat(p.text) for p in again.provisions] == [_flat(p.text) for p in parsed.provisions]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_seed_plan_text_is_lost_or_left_with_markup(pack_dir, prefix):
    path, parsed = _seed(pack_dir, prefix)
    raw = _flat(re.sub(r"<[^>]+>|\*+|#+ ", " ", path.read_text(encoding="utf-8")))
    for p in parsed.provisions:
        assert not re.search(r"\*\*|^#|<[a-z/]", p.text, re.M), p.id
    joined = _flat(" ".join(p.text for p in parsed.provisions))
    assert len(joined) >= 0.97 * len(raw)


# --- the seed plans: the sections the dev set cites hold its key facts ---------------------------


def _dev_items_citing_plans(plan_stems: set[str]) -> list[dict]:
    if not DEV.exists():
        pytest.skip(f"dev set not found at {DEV}")
    items = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    return [i for i in items if any(g["doc"] in plan_stems for g in i["gold"])]


def test_sections_cited_by_the_dev_set_exist_and_hold_the_key_facts(pack_dir):
    paths = {p.stem: p for p in (pack_dir / "plans").glob("*.txt")}
    parsed = {
        stem: parse_plan(_doc(p.read_text(encoding="utf-8"), doc_id=stem))
        for stem, p in paths.items()
    }
    items = _dev_items_citing_plans(set(paths))
    assert len(items) >= 12
    for item in items:
        texts = []
        for gold in item["gold"]:
            if gold["doc"] not in parsed:
                continue
            doc = parsed[gold["doc"]]
            matches = [p for p in doc.provisions if p.section == gold["section"]]
            assert matches, (item["id"], gold)
            texts.append(doc.full_text(matches[0].id))
        if all(g["doc"] in parsed for g in item["gold"]):
            for fact in item["key_facts"]:
                assert _flat(fact) in _flat("\n".join(texts)), (item["id"], fact)

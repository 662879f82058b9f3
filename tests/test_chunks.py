"""Chunks (what is indexed and quoted) and citation labels."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from assistant.models import DocKind, DocMeta, Document, ParsedDocument, Provision
from assistant.parse.chunks import ARTICLE_CHUNK_MAX, make_chunks
from assistant.parse.labels import doc_short_name, label_for
from assistant.parse.legal import parse_legal

_REGEN = Path(__file__).resolve().parent / "golden" / "regen_legal.py"
_spec = importlib.util.spec_from_file_location("regen_legal", _REGEN)
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)


@pytest.fixture(scope="module")
def pack(pack_dir: Path) -> dict[str, ParsedDocument]:
    out = {}
    for path in regen.legal_pack_files(pack_dir):
        parsed = parse_legal(regen.pack_document(path))
        out[parsed.meta.doc_id] = parsed
    return out


@pytest.fixture(scope="module")
def chunks(pack) -> dict[str, list]:
    return {doc_id: make_chunks(parsed) for doc_id, parsed in pack.items()}


def by_id(chunk_list) -> dict:
    return {c.id: c for c in chunk_list}


# ---- chunks of the pack -------------------------------------------------------------------------


def test_chunk_text_is_exactly_the_full_text_of_its_provision(pack, chunks) -> None:
    for doc_id, parsed in pack.items():
        root = parsed.provisions[0]
        for c in chunks[doc_id]:
            assert c.id == c.provision_id
            if c.id == root.id:
                assert c.text == root.text  # the preamble, not the whole document
            else:
                assert c.text == parsed.full_text(c.id), c.id


def test_chunk_ids_are_unique_and_signatures_and_footnotes_are_not_indexed(pack, chunks) -> None:
    for doc_id in pack:
        ids = [c.id for c in chunks[doc_id]]
        assert len(ids) == len(set(ids)), doc_id
        kinds = {c.kind for c in chunks[doc_id]}
        assert not kinds & {"signature", "footnotes"}, doc_id


def test_long_article_is_indexed_clause_by_clause_with_its_heading_as_context(chunks) -> None:
    law = by_id(chunks["06/2022/QH15"])
    assert "06-2022-qh15/dieu-84" not in law
    clause = law["06-2022-qh15/dieu-84/khoan-2"]
    assert clause.label == "khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)"
    assert clause.context.startswith("Luật Thi đua, khen thưởng (06/2022/QH15) — Chương IV. ")
    assert "Điều 84. Hồ sơ đề nghị xét tặng danh hiệu thi đua và hình thức khen thưởng" in (
        clause.context
    )
    assert (clause.article, clause.clause, clause.point) == (84, 2, None)
    assert not [c for c in law if c.startswith("06-2022-qh15/dieu-84/khoan-2/")]  # points inside


def test_short_article_is_one_chunk_and_has_no_clause_chunks(pack, chunks) -> None:
    law = by_id(chunks["06/2022/QH15"])
    art = law["06-2022-qh15/dieu-4"]
    assert len(art.text) <= ARTICLE_CHUNK_MAX and art.text.startswith("Điều 4. Mục tiêu")
    assert not [c for c in law if c.startswith("06-2022-qh15/dieu-4/")]
    assert pack["06/2022/QH15"].get("06-2022-qh15/dieu-4/khoan-1") is not None


def test_article_without_clauses_is_one_chunk_whatever_its_length() -> None:
    body = "Điều kiện xét tặng được áp dụng thống nhất cho mọi trường hợp. " * 30
    meta = DocMeta(
        doc_id="01/2025/NĐ-CP", kind=DocKind.LEGAL, so_hieu="01/2025/NĐ-CP", loai="Nghị định"
    )
    parsed = parse_legal(Document(meta=meta, text=f"#### Điều 9. Quy định chung\n\n{body}\n"))
    art9 = by_id(make_chunks(parsed))["01-2025-nd-cp/dieu-9"]
    assert len(art9.text) > ARTICLE_CHUNK_MAX and art9.clause is None


def test_preamble_with_can_cu_lines_is_searchable(chunks) -> None:
    root = by_id(chunks["86/2025/QĐ-UBND"])["86-2025-qd-ubnd"]
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;" in root.text
    assert "Điều 1." not in root.text


def test_appendix_sections_of_decree_30_are_chunks_with_their_paths(chunks) -> None:
    nd30 = by_id(chunks["30/2020/NĐ-CP"])
    point = nd30["30-2020-nd-cp/phu-luc-i/phan-i/ii/7/b"]
    assert (point.appendix, point.section) == ("I", "Phần I.II.7.b")
    assert point.label == "mục Phần I.II.7.b Phụ lục I Nghị định 30/2020/NĐ-CP"
    assert "II. CÁC THÀNH PHẦN THỂ THỨC CHÍNH" in point.context
    assert nd30["30-2020-nd-cp/phu-luc-ii/v/2"].section == "V.2"
    assert nd30["30-2020-nd-cp/phu-luc-iii/i"].text.startswith("I. BẢNG CHỮ VIẾT TẮT")


def test_decision_articles_and_attached_regulation_are_labelled_apart(chunks) -> None:
    qd = by_id(chunks["86/2025/QĐ-UBND"])
    own = qd["86-2025-qd-ubnd/quyet-dinh/dieu-2"]
    assert own.part == "quyet-dinh" and own.label == "Điều 2 Quyết định 86/2025/QĐ-UBND"
    clause = qd["86-2025-qd-ubnd/dieu-3/khoan-3"]
    assert clause.part is None
    assert clause.label == "khoản 3 Điều 3 Quy định ban hành kèm theo Quyết định 86/2025/QĐ-UBND"
    assert "QUY ĐỊNH VỀ CÔNG TÁC THI ĐUA" in clause.context
    form = by_id(chunks["71/2025/QĐ-UBND"])["71-2025-qd-ubnd/mau-so-02"]
    assert form.label == "Mẫu số 02 Quy chế ban hành kèm theo Quyết định 71/2025/QĐ-UBND"


def test_decree_152_held_in_full_has_no_secondary_table_and_its_bonus_clauses_are_chunks(
    chunks,
) -> None:
    nd152 = by_id(chunks["152/2025/NĐ-CP"])
    assert not [c for c in nd152.values() if c.kind == "table"]
    clause = nd152["152-2025-nd-cp/dieu-54/khoan-1"]
    assert "3,5 lần mức lương cơ sở" in clause.text and clause.clause == 1
    assert "Điều 60" not in nd152["152-2025-nd-cp/dieu-59"].text


# ---- labels ------------------------------------------------------------------------------------


def meta(doc_id: str, loai: str | None, title: str = "", kind=DocKind.LEGAL, **kw) -> DocMeta:
    return DocMeta(
        doc_id=doc_id, kind=kind, so_hieu=kw.pop("so_hieu", doc_id), loai=loai, title=title, **kw
    )


LAW = meta("06/2022/QH15", "Luật", "Luật Thi đua, khen thưởng")


def prov(pid: str, kind: str = "diem", **kw) -> Provision:
    return Provision(id=pid, doc_id="x", kind=kind, **kw)


def test_label_of_a_point_reads_as_officials_write_it() -> None:
    p = prov("06-2022-qh15/dieu-84/khoan-2/diem-a", article=84, clause=2, point="a")
    assert label_for(p, LAW) == "điểm a khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)"


def test_label_of_a_decree_article_and_an_article_with_suffix() -> None:
    nd = meta("129/2025/NĐ-CP", "Nghị định", "Nghị định quy định về phân định thẩm quyền")
    assert label_for(prov("a", "dieu", article=59), nd) == "Điều 59 Nghị định 129/2025/NĐ-CP"
    vbhn = meta("16/VBHN-VPQH", "Văn bản hợp nhất (Luật)", "Luật Thi đua, khen thưởng (hợp nhất)")
    assert label_for(prov("b", "dieu", article=58, article_suffix="a"), vbhn) == (
        "Điều 58a Luật Thi đua, khen thưởng (Văn bản hợp nhất 16/VBHN-VPQH)"
    )


def test_label_names_the_attached_regulation_read_from_the_decision_title() -> None:
    qd = meta(
        "86/2025/QĐ-UBND",
        "Quyết định (văn bản quy phạm pháp luật địa phương)",
        "Quyết định ban hành Quy định về công tác thi đua, khen thưởng tỉnh Bắc Ninh",
    )
    clause = prov("c", "khoan", article=6, clause=3)
    assert label_for(clause, qd) == (
        "khoản 3 Điều 6 Quy định ban hành kèm theo Quyết định 86/2025/QĐ-UBND"
    )
    own = prov("d", "dieu", article=2, part="quyet-dinh")
    assert label_for(own, qd) == "Điều 2 Quyết định 86/2025/QĐ-UBND"
    assert label_for(clause, qd, attached=None) == "khoản 3 Điều 6 Quyết định 86/2025/QĐ-UBND"


def test_label_of_an_appendix_section() -> None:
    nd30 = meta("30/2020/NĐ-CP", "Nghị định", "Nghị định về công tác văn thư")
    p = prov("e", "section", appendix="I", section="Phần I.II.7.b")
    assert label_for(p, nd30) == "mục Phần I.II.7.b Phụ lục I Nghị định 30/2020/NĐ-CP"
    assert label_for(prov("f", "phu-luc", appendix="III", number="III"), nd30) == (
        "Phụ lục III Nghị định 30/2020/NĐ-CP"
    )


def test_plan_label_names_its_number_or_title_its_issuer_and_date_not_its_file() -> None:
    numbered = meta(
        "004_f5d8",
        "Kế hoạch",
        "Kế hoạch thi đua năm 2025",
        kind=DocKind.PLAN,
        so_hieu="Số: 12/KH-UBND",
        issuer="UBND phường Vĩnh Tuy",
        issued=date(2025, 1, 13),
    )
    blank = meta(
        "000_e847",
        "Kế hoạch",
        "Kế hoạch phát động thi đua",
        kind=DocKind.PLAN,
        so_hieu="Số: /KH-UBND",
        issuer="UBND phường Pom Hán",
    )
    bare = meta("001_6d62", "Kế hoạch", "", kind=DocKind.PLAN, so_hieu="")
    section = prov("g", "section", section="IV.2")
    assert (
        label_for(section, numbered)
        == "mục IV.2 Kế hoạch 12/KH-UBND của UBND phường Vĩnh Tuy (13/01/2025)"
    )
    assert (
        label_for(section, blank) == "mục IV.2 Kế hoạch phát động thi đua của UBND phường Pom Hán"
    )
    appendix = prov("h", "muc", section="Phụ lục 2.II")
    assert label_for(appendix, numbered).startswith("mục II Phụ lục 2 Kế hoạch 12/KH-UBND của")
    # the file's id only when nothing else names it
    assert doc_short_name(bare) == "Kế hoạch (001_6d62)"


# ---- plans: chunking written over the tree, whatever grammar built it -------------------------


def plan_parsed() -> ParsedDocument:
    m = meta(
        "001_abc",
        "Kế hoạch",
        "Kế hoạch tổ chức phong trào thi đua",
        kind=DocKind.PLAN,
        so_hieu="Số: /KH-UBND",
    )
    long_text = "1. Nội dung thi đua dài " + "x" * 1300
    rows = [
        ("001_abc", "document", None, "KẾ HOẠCH\nTổ chức phong trào thi đua", None, None),
        (
            "001_abc/muc-i",
            "muc",
            "001_abc",
            "I. MỤC ĐÍCH, YÊU CẦU\nTạo khí thế thi đua.",
            "I",
            None,
        ),
        ("001_abc/muc-ii", "muc", "001_abc", "II. NỘI DUNG", "II", None),
        ("001_abc/muc-ii/1", "section", "001_abc/muc-ii", "1. Đối tượng", "II.1", None),
        ("001_abc/muc-ii/1/t1", "tiet", "001_abc/muc-ii/1", "- Cán bộ, công chức", "II.1", None),
        ("001_abc/muc-ii/2", "section", "001_abc/muc-ii", "2. Hình thức khen thưởng", "II.2", None),
        ("001_abc/muc-iii", "muc", "001_abc", "III. TỔ CHỨC THỰC HIỆN", "III", None),
        ("001_abc/muc-iii/1", "section", "001_abc/muc-iii", long_text, "III.1", None),
        (
            "001_abc/muc-iii/1/1-1",
            "section",
            "001_abc/muc-iii/1",
            "1.1. Phòng Nội vụ",
            "III.1.1",
            None,
        ),
        ("001_abc/muc-iii/1/1-2", "section", "001_abc/muc-iii/1", "1.2. Các xã", "III.1.2", None),
    ]
    children: dict[str, list[str]] = {}
    for pid, _, parent, *_ in rows:
        if parent:
            children.setdefault(parent, []).append(pid)
    provs = tuple(
        Provision(
            id=pid,
            doc_id="001_abc",
            kind=kind,
            parent_id=parent,
            text=text,
            children=tuple(children.get(pid, ())),
            section=section,
        )
        for pid, kind, parent, text, section, _ in rows
    )
    return ParsedDocument(meta=m, provisions=provs)


def test_plan_is_chunked_by_section_with_sub_bullets_kept_inside() -> None:
    parsed = plan_parsed()
    got = {c.id: c for c in make_chunks(parsed)}
    assert list(got) == [
        "001_abc",
        "001_abc/muc-i",  # a Roman part without sub-items is one chunk
        "001_abc/muc-ii/1",
        "001_abc/muc-ii/2",
        "001_abc/muc-iii/1/1-1",  # a long item is split into its sub-items
        "001_abc/muc-iii/1/1-2",
    ]
    assert got["001_abc/muc-ii/1"].text == "1. Đối tượng\n- Cán bộ, công chức"
    assert got["001_abc/muc-ii/1"].label == ("mục II.1 Kế hoạch tổ chức phong trào thi đua")
    assert got["001_abc/muc-ii/1"].doc_kind == DocKind.PLAN
    for c in got.values():
        if c.id != "001_abc":
            assert c.text == parsed.full_text(c.id)


def test_hand_written_decision_chunks_follow_the_same_rules() -> None:
    text = "Căn cứ Luật Thi đua, khen thưởng;\nĐiều 1. Phạm vi\nNội dung ngắn.\n"
    d = Document(meta=meta("2/2030/NĐ-CP", "Nghị định"), text=text)
    got = [(c.id, c.label) for c in make_chunks(parse_legal(d))]
    assert got == [
        ("2-2030-nd-cp", "Nghị định 2/2030/NĐ-CP"),
        ("2-2030-nd-cp/dieu-1", "Điều 1 Nghị định 2/2030/NĐ-CP"),
    ]


def test_attached_text_without_its_own_heading_is_named_from_the_decision() -> None:
    text = (
        "QUYẾT ĐỊNH\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế khen thưởng.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 1. Phạm vi\n"
        "1. Quy chế này áp dụng tại xã.\n"
    )
    d = Document(meta=meta("7/2030/QĐ-UBND", None), text=text)
    got = {c.id: c.label for c in make_chunks(parse_legal(d))}
    assert got["7-2030-qd-ubnd/quyet-dinh/dieu-1"] == "Điều 1 Quyết định 7/2030/QĐ-UBND"
    assert (
        got["7-2030-qd-ubnd/dieu-1"] == "Điều 1 Quy chế ban hành kèm theo Quyết định 7/2030/QĐ-UBND"
    )

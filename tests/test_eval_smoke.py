"""End to end: ``python -m evals`` on fake systems, and the two baselines on a tiny pack.

The fake systems are built by the zero-argument factories below, which the CLI loads with
``--system-factory NAME=tests.test_eval_smoke:perfect_system``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import PackNotFoundError
from assistant.ingest.frontmatter import split_front_matter
from assistant.models import DocKind, DocMeta, Document, ParsedDocument, Provision
from evals.__main__ import main
from evals.baselines import (
    BASELINE_NOTE,
    BaselineCorpus,
    BM25Baseline,
    LangChainBaseline,
    ProvisionLocator,
    pack_files,
)
from evals.dataset import parse_lines
from evals.fakes import GoldReplay, Misleading

REPO = Path(__file__).resolve().parents[1]

QA_LINES = [
    json.dumps(q, ensure_ascii=False)
    for q in (
        {
            "id": "s-1",
            "question": "Ai quyết định tặng Giấy khen của Chủ tịch UBND cấp xã?",
            "lang": "vi",
            "type": "authority",
            "gold": [{"doc": "129/2025/NĐ-CP", "article": 59, "clause": None, "point": None}],
            "key_facts": ["Chủ tịch Ủy ban nhân dân cấp xã"],
            "reference_answer": "Chủ tịch UBND cấp xã.",
            "answerable": True,
        },
        {
            "id": "s-2",
            "question": "Which section of the plan sets the deadline for reports?",
            "lang": "en",
            "type": "plan",
            "gold": [{"doc": "004_f5d8082cf000cdee", "section": "IV.2"}],
            "key_facts": ["trước ngày 10/12"],
            "reference_answer": "Section IV.2: before 10/12.",
            "answerable": True,
        },
        {
            "id": "s-3",
            "question": "Thủ tục xin cấp hộ chiếu phổ thông?",
            "lang": "vi",
            "type": "unanswerable",
            "gold": [],
            "key_facts": [],
            "reference_answer": "Ngoài phạm vi bộ văn bản.",
            "answerable": False,
        },
    )
]


def perfect_system() -> GoldReplay:
    return GoldReplay(parse_lines(QA_LINES))


def broken_system() -> Misleading:
    return Misleading(parse_lines(QA_LINES))


class _Unfinished:
    """Like the facade before retrieval is wired: every call raises."""

    def search(self, question, *, as_of=None, k=10):
        raise NotImplementedError("retrieval is wired in the retrieval issue")

    def ask(self, question, *, as_of=None, history=()):
        raise NotImplementedError("answers are wired in the answers issue")


def unfinished_system() -> _Unfinished:
    return _Unfinished()


@pytest.fixture
def qa_file(tmp_path: Path) -> Path:
    path = tmp_path / "smoke.jsonl"
    path.write_text("\n".join(QA_LINES) + "\n", encoding="utf-8")
    return path


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "160"}
    return subprocess.run(
        [sys.executable, "-m", "evals", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_cli_run_writes_three_reports_and_prints_the_summary(qa_file, tmp_path):
    out = tmp_path / "run"
    proc = _cli(
        "run",
        "--qa",
        str(qa_file),
        "--as-of",
        "2025-12-31",
        "--out",
        str(out),
        "--system-factory",
        "perfect=tests.test_eval_smoke:perfect_system",
        "--system-factory",
        "broken=tests.test_eval_smoke:broken_system",
    )
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} >= {"report.md", "report.html", "report.json"}
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["meta"]["items"] == 3 and data["meta"]["as_of"] == "2025-12-31"
    assert data["systems"]["perfect"]["summary"]["overall"]["hit1_clause"] == 1.0
    assert data["systems"]["broken"]["summary"]["overall"]["hit1_clause"] == 0.0
    assert re.search(r"Hit@1 \(article\)\s+│\s+100\.0 %\s+│\s+0\.0 %", proc.stdout)

    baseline = tmp_path / "baseline.json"
    proc = _cli("baseline", "--from", str(out), "--to", str(baseline))
    assert proc.returncode == 0, proc.stderr
    # The same name now backed by the broken fake: the comparison must call it worse.
    proc = _cli(
        "run",
        "--qa",
        str(qa_file),
        "--out",
        str(tmp_path / "run2"),
        "--system-factory",
        "perfect=tests.test_eval_smoke:broken_system",
        "--compare",
        str(baseline),
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(
        r"perfect\s+│\s+Hit@1 \(article\)\s+│\s+100\.0 %\s+│\s+0\.0 %\s+│\s+worse", proc.stdout
    )
    assert re.search(r"broken\s+│\s+Hit@1 \(article\).*│\s+gone", proc.stdout)


def test_cli_exits_nonzero_when_a_system_raises_on_every_item_but_still_reports(
    qa_file, tmp_path, capsys
):
    out = tmp_path / "run"
    code = main(
        [
            "run",
            "--qa",
            str(qa_file),
            "--out",
            str(out),
            "--system-factory",
            f"ours={__name__}:unfinished_system",  # this module, however pytest imported it
            "--limit",
            "2",
        ]
    )
    assert code == 1
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["meta"]["items"] == 2
    assert data["systems"]["ours"]["summary"]["overall"]["errors"] == 2
    assert "NotImplementedError" in (out / "report.md").read_text(encoding="utf-8")


def test_cli_rejects_unknown_system_names(qa_file, caplog):
    with caplog.at_level(logging.ERROR):
        code = main(["run", "--qa", str(qa_file), "--systems", "gpt7"])
    assert code == 1
    assert "unknown system(s): gpt7" in caplog.text


def test_cli_reports_a_malformed_qa_file_with_its_line_number(tmp_path, caplog):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(QA_LINES[0] + "\n{oops\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        code = main(["run", "--qa", str(bad), "--system-factory", f"p={__name__}:perfect_system"])
    assert code == 1
    assert "line 2: not valid JSON" in caplog.text


# --- baselines on a tiny hand-written pack ---------------------------------------------------

LAW = """---
so_hieu: 99/2024/QH15
loai: Luật
ten: Luật thử nghiệm về khen thưởng
---
# LUẬT THỬ NGHIỆM

#### Điều 1. Phạm vi điều chỉnh

1. Luật này quy định về việc tổ chức phong trào thi đua trong các cơ quan, đơn vị thử nghiệm. {a}
2. Luật này quy định về thẩm quyền quyết định khen thưởng, hồ sơ và thủ tục đề nghị. {b}
3. Luật này không áp dụng đối với việc tặng quà lưu niệm trong các kỳ nghỉ lễ. {c}

#### Điều 2. Hồ sơ đề nghị

1. Hồ sơ đề nghị gồm tờ trình, báo cáo thành tích và biên bản họp hội đồng thi đua. {d}
2. Số lượng bộ hồ sơ nộp về cơ quan thường trực do Ủy ban nhân dân cấp tỉnh quy định. {e}
""".format(
    a="Phong trào được phát động hằng năm với chủ đề riêng của từng ngành. " * 8,
    b="Người đứng đầu cơ quan xét duyệt trong thời hạn ba mươi ngày làm việc. " * 8,
    c="Việc tặng quà lưu niệm do đơn vị tự quyết định theo quy chế chi tiêu. " * 8,
    d="Báo cáo thành tích có xác nhận của thủ trưởng đơn vị trực tiếp quản lý. " * 8,
    e="Hồ sơ điện tử được gửi qua hệ thống quản lý văn bản điều hành liên thông. " * 8,
)

PLAN = """ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM
KẾ HOẠCH Tổ chức phong trào thi đua năm 2027
I. MỤC ĐÍCH, YÊU CẦU
1. Động viên cán bộ, công chức hăng hái thi đua hoàn thành nhiệm vụ được giao.
II. TỔ CHỨC THỰC HIỆN
1. Văn phòng tổng hợp kết quả phong trào, báo cáo Chủ tịch trước ngày 10/12.
2. Các thôn tổ chức bình xét và gửi danh sách đề nghị khen thưởng về xã.
"""


def stand_in_load(path: Path) -> Document:
    """A minimal loader with the real one's contract (body + 1-based body line offset)."""
    front, body, offset = split_front_matter(path.read_text(encoding="utf-8"))
    is_plan = path.suffix == ".txt"
    meta = DocMeta(
        doc_id=front.get("so_hieu") or path.stem,
        kind=DocKind.PLAN if is_plan else DocKind.LEGAL,
        title=front.get("ten", ""),
    )
    return Document(meta=meta, text=body, front_matter=front, body_line_offset=offset)


def stand_in_parse(document: Document) -> ParsedDocument:
    """Articles, clauses and Roman/Arabic plan sections, with source-file line numbers."""
    doc = document.meta.doc_id
    provisions = [Provision(id=f"{doc}/root", doc_id=doc, kind="document", line=1)]
    article = part = None
    for n, line in enumerate(document.text.split("\n")):
        source_line = n + document.body_line_offset
        if m := re.match(r"#### Điều (\d+)\.", line):
            article = int(m.group(1))
            provisions.append(
                Provision(
                    id=f"{doc}/d{article}",
                    doc_id=doc,
                    kind="dieu",
                    article=article,
                    line=source_line,
                )
            )
        elif (m := re.match(r"([IVX]+)\. ", line)) and document.meta.kind == DocKind.PLAN:
            part = m.group(1)
            provisions.append(
                Provision(
                    id=f"{doc}/{part}", doc_id=doc, kind="muc", section=part, line=source_line
                )
            )
        elif m := re.match(r"(\d+)\. ", line):
            number = int(m.group(1))
            if article is not None:
                provisions.append(
                    Provision(
                        id=f"{doc}/d{article}/k{number}",
                        doc_id=doc,
                        kind="khoan",
                        article=article,
                        clause=number,
                        line=source_line,
                    )
                )
            elif part is not None:
                provisions.append(
                    Provision(
                        id=f"{doc}/{part}/{number}",
                        doc_id=doc,
                        kind="section",
                        section=f"{part}.{number}",
                        line=source_line,
                    )
                )
    return ParsedDocument(meta=document.meta, provisions=tuple(provisions))


@pytest.fixture(scope="module")
def tiny_pack(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    (folder / "luat-99-2024-qh15.md").write_text(LAW, encoding="utf-8")
    (folder / "MANIFEST.md").write_text("# not a document\n", encoding="utf-8")
    (folder / "plans").mkdir()
    (folder / "plans" / "900_testplan.txt").write_text(PLAN, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tiny_corpus(tiny_pack) -> BaselineCorpus:
    return BaselineCorpus.build(tiny_pack, load=stand_in_load, parse=stand_in_parse)


def test_pack_files_skip_the_manifest_and_include_plans(tiny_pack):
    assert [p.name for p in pack_files(tiny_pack)] == ["luat-99-2024-qh15.md", "900_testplan.txt"]


def test_missing_pack_folder_is_a_clear_error(tmp_path):
    with pytest.raises(PackNotFoundError, match="nowhere"):
        pack_files(tmp_path / "nowhere")


def test_chunk_offset_maps_to_the_provision_it_starts_in(tiny_pack):
    document = stand_in_load(tiny_pack / "luat-99-2024-qh15.md")
    locator = ProvisionLocator(document, stand_in_parse(document))
    body = document.text
    clause_2 = body.index("2. Luật này quy định về thẩm quyền")
    assert (locator.at(clause_2).article, locator.at(clause_2).clause) == (1, 2)
    inside = body.index("Người đứng đầu cơ quan", clause_2)  # mid-clause: still clause 2
    assert (locator.at(inside).article, locator.at(inside).clause) == (1, 2)
    heading = body.index("#### Điều 2")
    assert (locator.at(heading).article, locator.at(heading).clause) == (2, None)
    assert locator.at(0).kind == "document"


def test_baseline_corpus_splits_into_mapped_1000_character_chunks(tiny_corpus):
    law = [c for c in tiny_corpus.chunks if c.doc_id == "99/2024/QH15"]
    assert len(law) >= 3
    assert all(len(c.text) <= 1000 for c in tiny_corpus.chunks)
    assert {(c.article, c.clause) for c in law} >= {(1, 1), (1, 3), (2, 1), (2, 2)}
    plan = [c for c in tiny_corpus.chunks if c.doc_id == "900_testplan"]
    assert plan and plan[0].kind == "document"  # the whole short plan starts at its header


def test_bm25_baseline_ranks_the_chunk_sharing_the_question_words_first(tiny_corpus):
    bm25 = BM25Baseline(tiny_corpus)
    hits = bm25.search("số lượng bộ hồ sơ nộp về cơ quan thường trực", k=10)
    assert 1 <= len(hits) <= 10
    assert (hits[0].chunk.article, hits[0].chunk.clause) == (2, 2)
    assert hits[0].score >= hits[-1].score


def test_baseline_answer_is_its_top_3_chunks_and_never_abstains(tiny_corpus):
    bm25 = BM25Baseline(tiny_corpus)
    answer = bm25.ask("Thủ tục xin cấp hộ chiếu phổ thông?")
    top3 = bm25.search("Thủ tục xin cấp hộ chiếu phổ thông?", k=3)
    assert not answer.abstained
    assert answer.answer == "\n\n".join(h.chunk.text for h in top3)
    assert [c.provision_id for c in answer.citations] == list(
        dict.fromkeys(h.chunk.provision_id for h in top3)
    )
    assert BASELINE_NOTE in bm25.eval_notes


@pytest.mark.slow
def test_langchain_baseline_embeds_locally_and_reuses_its_store(tiny_corpus, tmp_path, caplog):
    first = LangChainBaseline(tiny_corpus, tmp_path)
    hits = first.search(
        "Hồ sơ điện tử được gửi qua hệ thống quản lý văn bản điều hành liên thông", k=3
    )
    assert len(hits) == 3
    assert (hits[0].chunk.article, hits[0].chunk.clause) == (2, 2)
    with caplog.at_level(logging.INFO, logger="evals.baselines"):
        LangChainBaseline(tiny_corpus, tmp_path)
    assert f"reusing {len(tiny_corpus.chunks)} chunks" in caplog.text


def test_baselines_over_the_real_pack_map_chunks_to_real_articles(pack_dir):
    try:
        from assistant.ingest import load_file  # noqa: F401
        from assistant.parse import parse_document  # noqa: F401
    except ImportError:
        pytest.skip("assistant.ingest.load_file / assistant.parse.parse_document not built yet")
    corpus = BaselineCorpus.build(pack_dir)
    law = [c for c in corpus.chunks if c.doc_id == "06/2022/QH15"]
    assert law, "no chunk of Luật 06/2022/QH15"
    articles = [c.article for c in law if c.article is not None and c.part is None]
    assert 84 in articles
    assert articles == sorted(articles)  # chunks in file order map to articles in file order
    hits = BM25Baseline(corpus).search("Hồ sơ đề nghị xét tặng danh hiệu thi đua", k=10)
    assert len(hits) == 10

"""Every quote shown is the exact text of the provision it names — over many questions.

Questions are generated from the pack itself (article titles) and from the award catalog
(award names in question templates, Vietnamese and English), on dates before and after the 2022
Law and the 2025 changes.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.domain import load_catalog
from assistant.parse.labels import label_for

DATES = [date(2023, 6, 1), date(2024, 6, 1), date(2025, 8, 1), date(2026, 11, 20)]
TEMPLATES = [
    "Hồ sơ đề nghị tặng {award} gồm những gì?",
    "Tiêu chuẩn xét tặng {award} là gì?",
    "Ai có thẩm quyền quyết định tặng {award}?",
    "{award} được thưởng bao nhiêu?",
    "What are the criteria for the {award}?",
    "Who decides on the {award}, and what goes into the file?",
]


def _titles(assistant) -> list[str]:
    return sorted(
        {
            p.title
            for p in assistant.library.provisions.values()
            if p.kind == "dieu" and p.title and len(p.title) > 8
        }
    )


def _awards() -> list[str]:
    return sorted({a.name_vi for a in load_catalog().awards})


def check_citations(assistant, answer) -> None:
    lib = assistant.library
    for c in answer.citations:
        assert c.provision_id in lib.provisions, c.provision_id
        p = lib.provisions[c.provision_id]
        assert c.quote == lib.full_text(c.provision_id)
        assert c.doc == p.doc_id
        assert (c.article, c.clause, c.point, c.section, c.appendix, c.part) == (
            p.article,
            p.clause,
            p.point,
            p.section,
            p.appendix,
            p.part,
        )
        assert c.label == label_for(p, lib.documents[p.doc_id].meta)
    assert len({c.provision_id for c in answer.citations}) == len(answer.citations)


@pytest.fixture(scope="module")
def questions(assistant):
    titles = _titles(assistant)
    awards = _awards()
    return st.one_of(
        st.sampled_from(titles).map(lambda t: f"{t} được quy định thế nào?"),
        st.builds(
            lambda tpl, a: tpl.format(award=a), st.sampled_from(TEMPLATES), st.sampled_from(awards)
        ),
    )


def test_every_quote_is_the_exact_text_of_the_unit_it_names(assistant, questions):
    @settings(
        max_examples=80,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(question=questions, day=st.sampled_from(DATES))
    def run(question, day):
        answer = assistant.ask(question, as_of=day)
        check_citations(assistant, answer)
        if not answer.abstained:
            assert answer.citations, question
            # a text not in force on the date is cited only with its status said
            for c in answer.citations:
                if not c.in_force:
                    assert any(
                        c.doc in n or "hiệu lực" in n or "in force" in n for n in answer.notes
                    )

    run()


def test_quotes_of_the_dev_questions_are_exact(assistant, dev_items):
    for item in dev_items:
        check_citations(assistant, assistant.ask(item["question"], as_of=date(2025, 12, 1)))


@pytest.fixture(scope="module")
def dev_items():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "evals" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"dev set not found at {path}")
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


_BATCH = [
    "A Korean doctor came on his own, not through any organisation, and has volunteered in our "
    "province's hospitals for six years. Could the province propose the Friendship Medal?",
    "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND thành phố gồm những gì?",
    "Một nghệ nhân đã có 18 năm truyền dạy thì đủ thời gian đề nghị Nghệ nhân ưu tú chưa?",
]


def test_answers_do_not_depend_on_the_process_hash_seed(pack_settings, tmp_path):
    # Sums over sets of words were added in hash order: a float tie then picked other lines
    # of a quote in some server processes than in others.
    import json
    import subprocess
    import sys

    from conftest import REPO, cli_env

    batch = tmp_path / "q.jsonl"
    batch.write_text(
        "".join(json.dumps({"id": str(i), "question": q}) + "\n" for i, q in enumerate(_BATCH)),
        encoding="utf-8",
    )
    answers = []
    for seed in ("1", "5"):
        env = {**cli_env(pack_settings), "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-m", "assistant.cli", "ask", "--batch", str(batch), "--json"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        answers.append([json.loads(line)["answer"] for line in out.stdout.splitlines() if line])
    assert len(answers[0]) == len(_BATCH) and answers[0] == answers[1]

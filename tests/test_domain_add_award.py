"""A newcomer adds an award and its dossier rule by editing data only (awards.yaml): the new
entry is recognised in questions and its dossier question is answered from the clause the
entry names, with no code changed."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.domain import catalog as catalog_module
from assistant.domain.datafiles import read_yaml

NEW_AWARD = {
    "id": "ky_niem_chuong_thu_nghiem",
    "name_vi": "Kỷ niệm chương Vì sự nghiệp phát triển nông thôn mới",
    "kind": "hinh_thuc_khen_thuong",
    "for": ["ca_nhan"],
    "level": "bo_tinh",
    "synonyms": ["kỷ niệm chương nông thôn mới"],
    "refs": {"dossier": ["luat:84.2"], "criteria": ["luat:71"]},
}


@pytest.fixture
def catalog_with_new_award(monkeypatch):
    data = read_yaml("awards.yaml")
    data = {**data, "awards": [*data["awards"], NEW_AWARD]}
    monkeypatch.setattr(catalog_module, "read_yaml", lambda name: data)
    catalog_module.load_catalog.cache_clear()
    yield catalog_module.load_catalog()
    monkeypatch.undo()
    catalog_module.load_catalog.cache_clear()


def test_an_award_added_to_the_data_is_recognised_with_its_rules(catalog_with_new_award):
    found = catalog_with_new_award.match("Hồ sơ đề nghị tặng Kỷ niệm chương nông thôn mới")
    assert [m.award.id for m in found] == ["ky_niem_chuong_thu_nghiem"]
    (ref,) = found[0].award.refs_for("dossier")
    assert (ref.doc, ref.article, ref.clause) == ("06/2022/QH15", 84, 2)


def test_its_dossier_question_is_answered_from_the_clause_the_data_names(
    catalog_with_new_award, assistant
):
    answer = assistant.ask(
        "Hồ sơ đề nghị tặng Kỷ niệm chương Vì sự nghiệp phát triển nông thôn mới gồm những gì?",
        as_of=date(2026, 11, 20),
    )
    assert not answer.abstained
    first = answer.citations[0]
    assert (first.doc, first.article, first.clause) == ("06/2022/QH15", 84, 2)

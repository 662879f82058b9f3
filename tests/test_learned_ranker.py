"""The learned ranker of answer candidates: the exported trees score exactly as scikit-learn's
model, the committed model file is reproduced by `python -m evals train`, the steps switch, and
answers ranked by the model still quote the units they name."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest

from assistant import steps
from assistant.answer.learned import MODEL_PATH, RankerModel, active_model, load_model, using
from assistant.answer.rank import FEATURES
from assistant.domain.answer_types import asked_types, states_type
from assistant.domain.phrases import fold
from evals.train import Row, fit, model_text


def _rows(n_questions: int = 40) -> list[Row]:
    rng = random.Random(7)
    rows = []
    for q in range(n_questions):
        for c in range(8):
            x = tuple(rng.random() for _ in FEATURES)
            label = int(x[2] + 0.5 * x[0] + rng.random() * 0.3 > 1.1)
            rows.append(Row(f"q{q}", f"p{c}", x, label, 0.0))
    return rows


def test_the_exported_trees_score_as_the_fitted_model():
    from sklearn.ensemble import HistGradientBoostingClassifier

    from evals import train

    rows = _rows()
    model = fit(rows)
    x = np.array([r.features for r in rows])
    y = np.array([r.label for r in rows])
    reference = HistGradientBoostingClassifier(
        max_iter=train.TREES,
        learning_rate=train.LEARNING_RATE,
        max_leaf_nodes=train.LEAVES,
        min_samples_leaf=train.MIN_LEAF,
        early_stopping=False,
        random_state=0,
    ).fit(x, y)
    expected = reference.predict_proba(x)[:, 1]
    got = np.array([model.score(r.features) for r in rows])
    assert np.allclose(got, expected, atol=1e-6)


def test_a_model_file_round_trips():
    model = fit(_rows(12))
    text = model_text(model)
    import json

    again = RankerModel.from_json(json.loads(text))
    assert again == model


def test_the_committed_model_is_for_todays_features():
    model = load_model(MODEL_PATH, FEATURES)
    assert model is not None, "retrain: python -m evals train"
    assert model.features == FEATURES and model.fingerprint


def test_evals_train_reproduces_the_committed_model(pack_settings):
    from evals.train import run

    report = run(check_only=True, settings=pack_settings)
    assert report["reproduced"], "the committed ranker.json differs: run `python -m evals train`"
    assert report["cv_ranking"]["learned"]["questions"] >= 200


def test_steps_switch_by_environment_and_by_block(monkeypatch):
    monkeypatch.setenv("TDKT_ANSWER_OFF", "learned_ranker")
    assert steps.current() == steps.AnswerSteps(learned_ranker=False)
    assert active_model() is None
    monkeypatch.setenv("TDKT_ANSWER_ON", "learned_ranker")
    monkeypatch.setenv("TDKT_ANSWER_OFF", "")
    assert active_model() is not None
    with steps.switched(learned_ranker=False):
        assert active_model() is None
    with using(None):
        assert active_model() is None
    monkeypatch.setenv("TDKT_ANSWER_OFF", "no_such_step")
    with pytest.raises(ValueError, match="no_such_step"):
        steps.current()


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Mức tiền thưởng kèm Bằng khen của Thủ tướng là bao nhiêu?", "amount"),
        ("How much is the bonus for a Labour Medal?", "amount"),
        ("Thời gian giữ chức vụ để xét Huân chương Lao động hạng Ba là bao lâu?", "duration"),
        ("How long must a leader serve?", "duration"),
        ("Hồ sơ phải gửi trước ngày nào?", "deadline"),
        ("Ai quyết định tặng Giấy khen của Chủ tịch UBND xã?", "authority"),
        ("Tỷ lệ cá nhân được công nhận Chiến sĩ thi đua cơ sở là bao nhiêu?", "percentage"),
        ("Nghỉ thai sản có được xét Lao động tiên tiến không?", "yes_no"),
        ("What is the deadline for the dossier?", "deadline"),
    ],
)
def test_the_asked_type_is_read_from_the_question(question, kind):
    kinds = [t.name for t in asked_types(fold(question).lower())]
    assert kinds and kinds[0] == kind
    if kind == "deadline" and question.startswith("What"):
        assert "yes_no" not in kinds  # "What is the …" asks no yes/no


def test_a_unit_states_the_type_it_holds():
    kinds = asked_types(fold("Mức tiền thưởng là bao nhiêu?").lower())
    assert states_type(kinds, fold("được thưởng 3,5 lần mức lương cơ sở").lower()) == 1.0
    assert states_type(kinds, fold("có thành tích xuất sắc được tặng Bằng khen").lower()) == 0.0


def test_answers_ranked_by_the_model_still_quote_the_units_they_name(assistant):
    questions = [
        "Hồ sơ đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh gồm những gì?",
        "Danh hiệu Lao động tiên tiến được xét tặng cho những đối tượng nào?",
        "What dossier do I need for a city certificate of merit?",
    ]
    with steps.switched(learned_ranker=True):
        for question in questions:
            answer = assistant.ask(question, as_of=date(2026, 12, 1))
            assert answer.citations
            for c in answer.citations:
                assert c.quote == assistant.library.full_text(c.provision_id)

"""Administrative levels come from one vocabulary (domain/data/levels.yaml): the drafter, the
API schema, the web form and the award rules read it; none keeps its own list."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from assistant.api.plan_schemas import DraftIn
from assistant.domain.levels import issuer_levels, level, vocabulary
from assistant.draft import awards as award_rules
from assistant.draft.spec import ISSUER_LEVEL_VI, DraftRequest
from assistant.errors import ConfigError


def test_the_plan_forms_offer_exactly_the_issuer_levels_of_the_vocabulary():
    issuers = [lv.id for lv in issuer_levels()]
    assert list(ISSUER_LEVEL_VI) == issuers  # a level added to levels.yaml is offered at once
    assert {"xa", "phuong", "tinh", "so", "co-quan"} <= set(issuers) and "huyen" not in issuers
    schema = DraftIn.model_json_schema()
    assert set(schema["properties"]["level"]["enum"]) == set(issuers)


def test_a_level_that_issues_no_plans_is_refused_by_the_request():
    assert "huyen" in vocabulary() and not level("huyen").issuer
    with pytest.raises(ValidationError):
        DraftRequest(kind="annual", issuer="UBND huyện X", level="huyen", place="X", year=2024)


def test_a_ward_proposes_to_the_province_and_grants_what_the_commune_grants():
    day = date(2026, 1, 5)
    ward = {e.award.id for e in award_rules.competence("phuong", day)}
    commune = {e.award.id for e in award_rules.competence("xa", day)}
    assert ward == commune and "giay_khen_xa" in ward
    assert level("phuong").proposes_to == "tinh"
    assert any(e.award.id == "bang_khen_bo_tinh" for e in award_rules.proposals("phuong", day))


def test_an_unknown_level_is_a_clear_error_naming_the_known_ones():
    with pytest.raises(ConfigError, match="unknown administrative level 'quan'.*phuong"):
        level("quan")

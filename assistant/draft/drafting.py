"""draft_plan: a request → the plan as Markdown and DOCX, with what it rests on.

The library function behind `tdkt draft` and `POST /api/plans/draft`. The registry defaults to
the committed framework (corpus/framework.yaml), so drafting needs no index.
"""

from __future__ import annotations

import logging
from datetime import date

from pydantic import BaseModel, ConfigDict

from assistant.draft import awards as award_rules
from assistant.draft.bases import legal_bases
from assistant.draft.content import build_plan
from assistant.draft.docx_export import render_docx
from assistant.draft.markdown import render_markdown
from assistant.draft.organisation import units_for
from assistant.draft.period import plan_anniversaries, plan_period
from assistant.draft.spec import DraftRequest
from assistant.registry import Registry

log = logging.getLogger(__name__)


class DraftResult(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    request: DraftRequest
    markdown: str
    docx: bytes
    title: str
    reference_date: date  # the day whose legal framework the plan uses
    period_start: date
    period_end: date
    legal_bases: tuple[str, ...]  # số hiệu of the texts cited as căn cứ
    anniversaries: tuple[str, ...]  # "Kỷ niệm 97 năm Ngày thành lập Đảng …"
    awards: tuple[str, ...]  # within the issuer's competence on the date
    proposals: tuple[str, ...]  # proposed to the level above
    notes: tuple[str, ...]  # for the drafter (excerpts, unverified dates, changes in the period)

    def summary(self) -> dict:
        """Everything but the file bytes, for --json and the API."""
        data = self.model_dump(mode="json", exclude={"docx", "markdown"})
        data["request"] = self.request.model_dump(mode="json", exclude_none=True)
        return data


def _default_registry() -> Registry:
    from assistant.config import get_settings

    return Registry.from_sources(get_settings().framework_path)


def draft_plan(
    request: DraftRequest, *, registry: Registry | None = None, today: date | None = None
) -> DraftResult:
    """Draft the plan a request describes (see content.build_plan for what goes in)."""
    registry = registry or _default_registry()
    plan = build_plan(request, registry, today)
    period = plan_period(request, today)
    on = period.reference
    bases = legal_bases(
        registry, on, request.level, province=request.province_label, until=period.end
    )
    own = award_rules.competence(request.level, on)
    up = award_rules.proposals(request.level, on)
    if request.kind == "campaign":
        own = [e for e in own if e.award.kind == "hinh_thuc_khen_thuong"]
        up = [e for e in up if e.award.kind == "hinh_thuc_khen_thuong"]
    log.info("drafted %s plan %r dated %s", request.kind, plan.title, on)
    return DraftResult(
        request=request,
        markdown=render_markdown(plan),
        docx=render_docx(plan),
        title=plan.title,
        reference_date=on,
        period_start=period.start,
        period_end=period.end,
        legal_bases=tuple(b.doc_id for b in bases if b.doc_id),
        anniversaries=tuple(a.label_vi for a in plan_anniversaries(period)),
        awards=tuple(e.award.name_vi for e in own),
        proposals=tuple(
            award_rules.display_name(e.award, units_for(request, on).province_word, on) for e in up
        ),
        notes=plan.notes,
    )

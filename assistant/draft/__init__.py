"""Plans: draft a yearly or campaign plan (Markdown and DOCX in the NĐ 30/2020 layout) and check
any plan against the law in force on its own date."""

from assistant.draft.checker import check_document, check_plan_file, check_plan_text
from assistant.draft.drafting import DraftResult, draft_plan
from assistant.draft.findings import CheckReport, Finding, Location, PlanMeta
from assistant.draft.spec import DraftRequest

__all__ = [
    "CheckReport",
    "DraftRequest",
    "DraftResult",
    "Finding",
    "Location",
    "PlanMeta",
    "check_document",
    "check_plan_file",
    "check_plan_text",
    "draft_plan",
]

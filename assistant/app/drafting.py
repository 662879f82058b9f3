"""Plan drafting and checking (assistant.draft) as the API and the web UI call them: a request
from plain fields, the Word file's name, and the checker's report as plain data."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from pathlib import Path
from typing import Any

from assistant.draft import DraftRequest, check_plan_file, draft_plan
from assistant.errors import DraftError
from assistant.ingest import safe_file_name

log = logging.getLogger(__name__)


def _draft_request(fields: dict[str, Any]) -> DraftRequest:
    try:
        return DraftRequest(**{k: v for k, v in fields.items() if v is not None})
    except (TypeError, ValueError) as exc:
        raise DraftError(
            f"the plan request is not valid: {exc}", fix="fill in issuer, level, place and year"
        ) from exc


@dataclasses.dataclass(frozen=True)
class Drafted:
    markdown: str
    docx: bytes
    file_name: str
    summary: dict[str, Any]


def draft(fields: dict[str, Any], registry: Any = None) -> Drafted:
    """The plan described by ``fields`` (DraftIn's names) as Markdown and .docx."""
    result = draft_plan(_draft_request(fields), registry=registry)
    summary = result.summary()
    year = fields.get("year") or date.today().year
    place = safe_file_name(fields.get("place") or "").rsplit(".", 1)[0].lower()
    name = f"ke-hoach-{fields.get('kind', 'annual')}-{place}-{year}.docx".replace("--", "-")
    return Drafted(result.markdown, result.docx, name, summary)


def check(path: Path, registry: Any = None, as_of: date | None = None) -> dict[str, Any]:
    """The plan checker's report on one file, as plain data: plan, findings, counts."""
    report = check_plan_file(Path(path), registry=registry, as_of=as_of)
    data = report.to_dict()
    return {"plan": data["plan"], "findings": data["findings"], "counts": data["counts"]}

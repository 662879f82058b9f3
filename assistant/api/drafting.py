"""The plan drafting and checking features (assistant.draft), reached lazily.

They are an optional stage: when the installed package does not have them, the API answers 501
and the UI says the feature is not there, instead of failing to start.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from datetime import date
from pathlib import Path
from typing import Any

from assistant.api.errors import FeatureMissingError
from assistant.errors import DraftError
from assistant.ingest import safe_file_name

log = logging.getLogger(__name__)

LEVELS = ("xa", "phuong", "tinh", "so", "co-quan")


# Where each function lives when the package does not re-export it.
_HOMES = {
    "draft_plan": ("assistant.draft", "assistant.draft.drafting"),
    "check_plan_file": ("assistant.draft", "assistant.draft.checker", "assistant.draft.check"),
    "DraftRequest": ("assistant.draft", "assistant.draft.spec"),
}


def _feature(name: str) -> Any:
    for module_name in _HOMES[name]:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # that module is not there (yet)
            raise
        found = getattr(module, name, None)
        if found is not None:
            return found
    raise _missing(name)


def _missing(name: str) -> FeatureMissingError:
    return FeatureMissingError(
        f"plan drafting and checking are not installed ({name} is missing)",
        fix="update the assistant to a version with assistant.draft",
    )


def available() -> bool:
    try:
        _feature("draft_plan")
        _feature("check_plan_file")
    except FeatureMissingError:
        return False
    return True


def _as_dict(obj: Any) -> dict[str, Any]:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    if isinstance(obj, dict):
        return dict(obj)
    return dict(vars(obj))


def _draft_request(fields: dict[str, Any]) -> Any:
    request_type = _feature("DraftRequest")
    try:
        return request_type(**{k: v for k, v in fields.items() if v is not None})
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
    draft_plan = _feature("draft_plan")
    result = draft_plan(_draft_request(fields), registry=registry)
    summary = result.summary() if hasattr(result, "summary") else {}
    year = fields.get("year") or date.today().year
    place = safe_file_name(fields.get("place") or "").rsplit(".", 1)[0].lower()
    name = f"ke-hoach-{fields.get('kind', 'annual')}-{place}-{year}.docx".replace("--", "-")
    return Drafted(result.markdown, result.docx, name, summary)


def check(path: Path, registry: Any = None, as_of: date | None = None) -> dict[str, Any]:
    """The plan checker's report on one file, as plain data: plan, findings, counts."""
    check_plan_file = _feature("check_plan_file")
    kwargs = {"as_of": as_of} if as_of else {}
    report = check_plan_file(Path(path), registry=registry, **kwargs)
    data = report.to_dict() if hasattr(report, "to_dict") else _as_dict(report)
    findings = []
    for f in data.get("findings", ()):
        f = dict(f)
        if not isinstance(f.get("location"), dict):  # a bare "IV.2" from an older checker
            f["location"] = {"section": f.get("location")}
        findings.append(f)
    counts = data.get("counts") or {}
    if not counts:
        for f in findings:
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
    return {"plan": data.get("plan") or {}, "findings": findings, "counts": counts}

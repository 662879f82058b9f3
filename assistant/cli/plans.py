"""Bodies of `tdkt draft` and `tdkt check-plan`: build the request, call the library, print."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import get_args

from pydantic import ValidationError

from assistant.cli.console import emit_json as _emit_json
from assistant.cli.console import parse_day
from assistant.errors import InvalidInputError

log = logging.getLogger("tdkt")

_SEVERITY_MARK = {"error": "LỖI", "warning": "CẢNH BÁO", "info": "GHI CHÚ"}


def _request(**fields):
    from assistant.draft import DraftRequest

    return DraftRequest(**fields)


def draft(
    kind: str,
    *,
    issuer: str,
    level: str,
    place: str,
    year: int | None,
    occasion: str | None,
    implements: str | None,
    signer: str | None,
    sign_as: str | None,
    plan_date: str | None,
    period_from: str | None,
    period_to: str | None,
    province: str | None,
    parent: str | None,
    out: Path | None,
    json_out: bool,
) -> None:
    from assistant.draft import draft_plan
    from assistant.draft.spec import PlanKind

    if kind not in get_args(PlanKind):
        raise InvalidInputError(
            f"unknown plan kind {kind!r}", fix=f"use {' or '.join(get_args(PlanKind))}"
        )
    if out is not None and out.suffix.lower() not in (".docx", ".md"):
        raise InvalidInputError(f"--out {out} must end in .docx or .md", fix="e.g. --out plan.docx")
    try:
        request = _request(
            kind=kind,
            issuer=issuer,
            level=level,
            place=place,
            year=year,
            occasion=occasion,
            implements=implements,
            signer=signer,
            sign_as=sign_as.upper() if sign_as else None,
            plan_date=parse_day(plan_date, "--date"),
            period_start=parse_day(period_from, "--from"),
            period_end=parse_day(period_to, "--to"),
            province=province,
            parent=parent,
        )
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidInputError(
            f"invalid draft options ({problems})", fix="see `tdkt draft --help`"
        ) from None
    result = draft_plan(request)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix.lower() == ".docx":
            out.write_bytes(result.docx)
        else:
            out.write_text(result.markdown, encoding="utf-8")
        log.info("wrote %s", out)
    if json_out:
        data = result.summary()
        data["out"] = str(out) if out else None
        if out is None:
            data["markdown"] = result.markdown
        _emit_json(data)
    elif out is None:
        sys.stdout.write(result.markdown)
    else:
        sys.stdout.write(f"{out}: {result.title} ({result.reference_date:%d/%m/%Y})\n")
        for note in result.notes:
            sys.stdout.write(f"  lưu ý: {note}\n")


def check_plan(file: Path, as_of: str | None, json_out: bool) -> None:
    from assistant.draft import check_plan_file

    report = check_plan_file(file, as_of=parse_day(as_of, "--as-of"))
    if json_out:
        _emit_json({"file": str(file), **report.to_dict()})
        return
    plan = report.plan
    when = plan.date.text if plan.date else "không rõ ngày"
    sys.stdout.write(f"{file}: {plan.title or plan.name} — {plan.issuer or '?'}, {when}\n")
    if not report.findings:
        sys.stdout.write("Không phát hiện vấn đề.\n")
    for f in report.findings:
        where = ", ".join(
            x
            for x in (
                f.location.section and f"mục {f.location.section}",
                f.location.line and f"dòng {f.location.line}",
            )
            if x
        )
        sys.stdout.write(f"[{_SEVERITY_MARK[f.severity]}] {f.code} ({where}): {f.message}\n")
        if f.fix:
            sys.stdout.write(f"    → {f.fix}\n")
    counts = report.counts()
    sys.stdout.write(
        f"{counts['error']} lỗi, {counts['warning']} cảnh báo, {counts['info']} ghi chú.\n"
    )

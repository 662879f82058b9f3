"""Plans: draft a plan skeleton (Markdown + .docx) and check an uploaded plan."""

from __future__ import annotations

import base64
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import PlainTextResponse, Response

from assistant.api.deps import RuntimeDep
from assistant.api.errors import COMMON, JSON_BODY, NOT_AVAILABLE, RATE_LIMITED, UPLOAD
from assistant.api.plan_schemas import CheckOut, DraftIn, DraftOut
from assistant.api.schemas import IsoDate
from assistant.app import drafting
from assistant.app.uploads import UploadDir, named_as, save_upload

router = APIRouter(prefix="/api/plans", tags=["plans"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.post(
    "/draft",
    response_model=DraftOut,
    summary="Draft a plan skeleton (Kế hoạch) citing the texts in force",
    responses={
        200: {
            "content": {DOCX: {}, "text/markdown": {}},
            "description": "JSON, or the .docx / Markdown itself with ?format=",
        },
        **COMMON,
        **JSON_BODY,
        **NOT_AVAILABLE,
    },
)
def draft(
    body: DraftIn,
    runtime: RuntimeDep,
    format: Annotated[Literal["json", "docx", "md"], Query()] = "json",
):
    registry = runtime.assistant().registry
    out = drafting.draft(body.model_dump(exclude_none=True), registry=registry)
    if format == "docx":
        disposition = f'attachment; filename="{out.file_name}"'
        return Response(out.docx, media_type=DOCX, headers={"Content-Disposition": disposition})
    if format == "md":
        return PlainTextResponse(out.markdown, media_type="text/markdown; charset=utf-8")
    return {
        "markdown": out.markdown,
        "docx_base64": base64.b64encode(out.docx).decode("ascii"),
        "file_name": out.file_name,
        "summary": out.summary,
    }


@router.post(
    "/check",
    response_model=CheckOut,
    summary="Check an uploaded plan: legal bases in force, structure, required parts",
    responses={**COMMON, **UPLOAD, **NOT_AVAILABLE, **RATE_LIMITED},
)
def check(
    runtime: RuntimeDep,
    file: Annotated[UploadFile, File(description="the plan: .docx .pdf .txt .md .doc .html")],
    as_of: Annotated[
        IsoDate | None,
        Query(description="check against the law of this date (default: the plan's)"),
    ] = None,
) -> dict:
    registry = runtime.assistant().registry
    with UploadDir() as folder:
        path = save_upload(file, runtime.settings.max_upload_bytes, folder)
        with named_as(path, file.filename or path.name):
            result = drafting.check(path, registry=registry, as_of=as_of)
    return {"file_name": file.filename or path.name, **result}

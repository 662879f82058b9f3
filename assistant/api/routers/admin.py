"""Administration: upload a document (bearer token) and follow its background re-index."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, File, Path, UploadFile
from fastapi.responses import JSONResponse

from assistant.api.deps import RuntimeDep, require_admin
from assistant.api.errors import ADMIN, COMMON, DUPLICATE, NOT_FOUND, UPLOAD, JobNotFoundError
from assistant.api.schemas import JobView, UploadAccepted
from assistant.api.uploads import UploadDir, save_upload

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])


@router.post(
    "/documents",
    status_code=202,
    response_model=UploadAccepted,
    summary="Add a document to the corpus and re-index in the background",
    description="Needs `Authorization: Bearer <TDKT_ADMIN_TOKEN>`. The file is read first; a "
    "broken file is refused (422), and so is a file whose số hiệu is already in the corpus "
    "(409); nothing is written then. Questions keep being answered from "
    "the current index until the new one is ready.",
    responses={**ADMIN, **UPLOAD, **DUPLICATE, **COMMON},
)
def upload_document(
    runtime: RuntimeDep,
    file: Annotated[UploadFile, File(description=".docx .doc .pdf .html .txt .md")],
):
    with UploadDir() as folder:
        src = save_upload(file, runtime.settings.max_upload_bytes, folder)
        result = runtime.add_document(src, file.filename or src.name)
    return JSONResponse(result, status_code=202, headers={"Location": result["job_url"]})


@router.get(
    "/jobs/{job_id}",
    response_model=JobView,
    summary="Status of a background re-index",
    responses={**ADMIN, **NOT_FOUND},
)
def job_status(runtime: RuntimeDep, job_id: Annotated[str, Path(max_length=64)]) -> dict:
    job = runtime.jobs.get(job_id)
    if job is None:
        raise JobNotFoundError(f"no job {job_id!r}", fix="use the job_id the upload returned")
    return job.view()

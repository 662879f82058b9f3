"""Administration: upload a document (bearer token) and follow its background re-index."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, File, Path, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from assistant.api.deps import RuntimeDep, require_admin
from assistant.api.errors import ADMIN, COMMON, DUPLICATE, NOT_FOUND, UPLOAD
from assistant.api.schemas import JobView, UploadAccepted
from assistant.app.uploads import UploadDir, save_upload
from assistant.errors import JobNotFoundError

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/admin", tags=["admin"], dependencies=[Depends(require_admin)])


class UploadUnchanged(BaseModel):
    """An upload whose bytes are those of a user document already indexed: nothing to do."""

    saved_as: str = Field(description="the file already in the corpus' user folder")
    doc_id: str
    title: str
    unchanged: bool = True
    message: str
    job_id: None = None
    job_url: None = None


@router.post(
    "/documents",
    status_code=202,
    response_model=UploadAccepted,
    summary="Add a document to the corpus and re-index in the background",
    description="Needs `Authorization: Bearer <TDKT_ADMIN_TOKEN>`. The file is read first; a "
    "broken file is refused (422), and so is a file whose số hiệu is already in the corpus "
    "(409); nothing is written then. Questions keep being answered from "
    "the current index until the new one is ready. A file whose bytes are those of a user "
    "document already indexed is acknowledged with 200 `unchanged` and starts no re-index.",
    responses={
        200: {"model": UploadUnchanged, "description": "the same file is already indexed"},
        **ADMIN,
        **UPLOAD,
        **DUPLICATE,
        **COMMON,
    },
)
def upload_document(
    runtime: RuntimeDep,
    file: Annotated[UploadFile, File(description=".docx .doc .pdf .html .txt .md")],
):
    with UploadDir() as folder:
        src = save_upload(file, runtime.settings.max_upload_bytes, folder)
        result = runtime.add_document(src, file.filename or src.name)
    if result.get("unchanged"):
        return JSONResponse(result, status_code=200)
    return JSONResponse(result, status_code=202, headers={"Location": result["job_url"]})


@router.get(
    "/jobs",
    response_model=list[JobView],
    summary="Recent background re-indexes, oldest first (those queued at start-up among them)",
    responses={**ADMIN},
)
def recent_jobs(runtime: RuntimeDep) -> list[dict]:
    return [job.view(details=True) for job in runtime.jobs.recent()]


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
    return job.view(details=True)

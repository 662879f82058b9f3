"""Documents and provisions: what is indexed, each document's structure, a provision's text."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from assistant.api.deps import RuntimeDep
from assistant.api.errors import COMMON, NOT_FOUND
from assistant.api.render import rendered
from assistant.api.schemas import CorpusStatus, DocumentDetail, DocumentList, IsoDate, ProvisionView
from assistant.app.views import (
    corpus_status as corpus_status_view,
)
from assistant.app.views import (
    document_detail,
    document_summary,
    find_document,
    provision_view,
)

router = APIRouter(prefix="/api", tags=["documents"])

AsOf = Annotated[
    IsoDate | None, Query(description="validity on this date, YYYY-MM-DD (default today)")
]


@router.get(
    "/documents", response_model=DocumentList, summary="Indexed documents", responses={**COMMON}
)
def documents(runtime: RuntimeDep, as_of: AsOf = None) -> dict:
    a = runtime.assistant()
    day = as_of or date.today()
    docs = [document_summary(d, a.registry, day) for _, d in sorted(a.library.documents.items())]
    return {"as_of": day, "documents": docs}


@router.get(
    "/documents/{doc_id:path}",
    response_model=DocumentDetail,
    summary="One document: metadata and its structure (chapters, articles, clauses, points)",
    description='`doc_id` is the số hiệu ("06/2022/QH15", slashes allowed) or its slug '
    '("06-2022-qh15"); a plan is named by its file stem.',
    responses={**COMMON, **NOT_FOUND},
)
def document(
    runtime: RuntimeDep,
    doc_id: Annotated[str, Path(examples=["06/2022/QH15"])],
    as_of: AsOf = None,
) -> JSONResponse:
    a = runtime.assistant()
    parsed = find_document(a.library, doc_id)
    return rendered(DocumentDetail, document_detail(parsed, a.registry, as_of or date.today()))


@router.get(
    "/provisions/{provision_id:path}",
    response_model=ProvisionView,
    summary="One provision: its full text, label, parent and children, and validity on a date",
    responses={**COMMON, **NOT_FOUND},
)
def provision(
    runtime: RuntimeDep,
    provision_id: Annotated[str, Path(examples=["06-2022-qh15/dieu-84/khoan-2"])],
    as_of: AsOf = None,
) -> dict:
    a = runtime.assistant()
    return provision_view(a.library, a.registry, provision_id, as_of or date.today())


@router.get(
    "/corpus/status",
    response_model=CorpusStatus,
    summary="Coverage of the legal framework (full / excerpt / missing), documents, index, jobs",
    responses={**COMMON},
)
def corpus_status(runtime: RuntimeDep) -> dict:
    a = runtime.assistant()
    return {
        **corpus_status_view(a.library, a.registry, date.today()),
        "index": runtime.served_index(),
        "jobs": [j.view() for j in runtime.jobs.recent()],
    }

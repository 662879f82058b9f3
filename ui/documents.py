"""The documents tab: framework coverage, browsing a document's structure, admin uploads."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.auth import check_admin_token
from assistant.app.runtime import Runtime
from assistant.app.uploads import check_extension
from assistant.app.views import coverage_items, document_detail, find_document
from assistant.models import DocKind
from assistant.parse.labels import doc_short_name
from ui.messages import friendly
from ui.render import coverage_html, outline_html

log = logging.getLogger(__name__)

_JOB_VI = {
    "queued": "đang chờ",
    "running": "đang lập chỉ mục",
    "succeeded": "xong",
    "failed": "thất bại",
}


class Documents:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def coverage(self) -> str:
        try:
            registry = self.runtime.assistant().registry
        except Exception as exc:
            return friendly(exc)
        return coverage_html(coverage_items(registry, date.today()))

    def search_state(self) -> tuple[str, Any]:
        """(the semantic search's state in a line, the timer: ticking while vectors are built)."""
        state = self.runtime.vectors_state()
        kind = state.get("state")
        if kind == "building":
            line = (
                f"Tìm kiếm ngữ nghĩa: đang tạo vector {state.get('done', 0)}/"
                f"{state.get('total', 0)} — trong lúc chờ, tìm theo từ khóa vẫn hoạt động."
            )
        elif kind == "pending":
            line = "Tìm kiếm ngữ nghĩa: đang chờ tạo vector — tìm theo từ khóa vẫn hoạt động."
        elif kind == "failed":
            line = (
                "Tìm kiếm ngữ nghĩa: chưa tạo được vector (xem nhật ký máy chủ) — đang tìm theo "
                "từ khóa."
            )
        elif kind == "ready":
            line = f"Tìm kiếm ngữ nghĩa: sẵn sàng ({state.get('vectors', 0)} vector)."
        else:
            line = "Tìm kiếm ngữ nghĩa: tắt — chỉ tìm theo từ khóa."
        return f"<p class='tdkt-small'>{line}</p>", gr.Timer(active=kind in ("building", "pending"))

    def choices(self) -> list[tuple[str, str]]:
        try:
            library = self.runtime.assistant().library
        except Exception:
            return []
        out = []
        for doc_id, parsed in sorted(
            library.documents.items(), key=lambda kv: (kv[1].meta.kind.value, kv[0])
        ):
            meta = parsed.meta
            if meta.kind == DocKind.PLAN:  # by subject, issuer and date, not by its file id
                name = doc_short_name(meta)
                out.append((name if len(name) < 110 else name[:107] + "…", doc_id))
                continue
            title = meta.title
            short = title if len(title) < 90 else title[:87] + "…"
            out.append((f"{doc_id} — {short}", doc_id))
        return out

    def show(self, doc_id: str | None) -> str:
        if not doc_id:
            return "<p class='tdkt-small'>Chọn một văn bản để xem cấu trúc.</p>"
        try:
            a = self.runtime.assistant()
            parsed = find_document(a.library, doc_id)
            detail = document_detail(parsed, a.registry, date.today())
        except Exception as exc:
            return f"<p>{friendly(exc)}</p>"
        return outline_html(detail)

    def upload(
        self, token: str, file: str | None, request: gr.Request | None = None
    ) -> tuple[str, str | None, Any]:
        """(status, job id to follow, timer update)."""
        if not file:
            return "Hãy chọn tệp văn bản cần thêm.", None, gr.Timer(active=False)
        path = Path(file)
        try:
            check_admin_token(
                self.runtime.settings.admin_token,
                token,
                lockout=self.runtime.token_lockout,
                client=_client_of(request),
            )
            check_extension(path.name)
            if path.stat().st_size > self.runtime.settings.max_upload_bytes:
                return (
                    f"Tệp lớn hơn giới hạn {self.runtime.settings.max_upload_bytes:,} byte.",
                    None,
                    gr.Timer(active=False),
                )
            result = self.runtime.add_document(path, path.name)
        except Exception as exc:
            return _upload_error(exc), None, gr.Timer(active=False)
        if result.get("unchanged"):
            return (
                f"**{result['saved_as']}** đã có trong kho và đã được lập chỉ mục; "
                "không cần lập chỉ mục lại.",
                None,
                gr.Timer(active=False),
            )
        status = (
            f"Đã nhận **{result['saved_as']}** ({result['doc_id']}). "
            "Đang lập chỉ mục; câu hỏi vẫn được trả lời bằng chỉ mục hiện tại."
        )
        return status, result["job_id"], gr.Timer(active=True)

    def poll(self, job_id: str | None) -> tuple[str | None, Any, Any, Any]:
        """(status or unchanged, timer, coverage, document choices) while a job runs."""
        job = self.runtime.jobs.get(job_id) if job_id else None
        if job is None:
            return gr.skip(), gr.Timer(active=False), gr.skip(), gr.skip()
        if not job.done:
            return (
                f"Lập chỉ mục: {_JOB_VI[job.status]}…",
                gr.Timer(active=True),
                gr.skip(),
                gr.skip(),
            )
        if job.status == "failed":
            return (
                f"Lập chỉ mục thất bại: {job.error}. Chỉ mục cũ vẫn được dùng.",
                gr.Timer(active=False),
                gr.skip(),
                gr.skip(),
            )
        docs = job.result.get("docs")
        return (
            f"Đã lập chỉ mục xong ({docs} văn bản). Văn bản mới đã tra cứu được.",
            gr.Timer(active=False),
            self.coverage(),
            gr.Dropdown(choices=self.choices()),
        )


def _client_of(request: gr.Request | None) -> str:
    client = getattr(request, "client", None) if request is not None else None
    return str(getattr(client, "host", None) or "unknown")


def _upload_error(exc: Exception) -> str:
    from assistant.errors import AuthError, TooManyRequestsError, UploadsOffError

    if isinstance(exc, TooManyRequestsError):
        return (
            "Đã nhập sai mã quản trị quá nhiều lần. Vui lòng chờ "
            f"{exc.headers['Retry-After']} giây rồi thử lại."
        )
    if isinstance(exc, UploadsOffError):
        return (
            "Máy chủ chưa bật chức năng tải văn bản lên (cần đặt TDKT_ADMIN_TOKEN khi khởi động)."
        )
    if isinstance(exc, AuthError):
        return "Mã quản trị không đúng hoặc còn trống."
    return friendly(exc)


def build_documents_tab(runtime: Runtime) -> Any:
    docs = Documents(runtime)
    job = gr.State(None)
    gr.Markdown(
        "### Phạm vi văn bản\nVăn bản thuộc khung pháp lý về thi đua, khen thưởng: "
        "có đầy đủ, chỉ có trích đoạn, hay chưa có trong kho."
    )
    coverage = gr.HTML(elem_id="tdkt-coverage")
    search_state = gr.HTML(elem_id="tdkt-search-state")
    search_timer = gr.Timer(5.0, active=True)
    search_timer.tick(
        docs.search_state, None, [search_state, search_timer], api_visibility="private"
    )
    gr.Markdown("### Xem văn bản theo cấu trúc")
    pick = gr.Dropdown(label="Văn bản", choices=[], elem_id="tdkt-doc-pick")
    outline = gr.HTML(elem_id="tdkt-outline")
    with gr.Accordion("Thêm văn bản (quản trị viên)", open=False, elem_id="tdkt-admin"):
        with gr.Row(equal_height=False):
            token = gr.Textbox(label="Mã quản trị", type="password", elem_id="tdkt-token", scale=1)
            file = gr.File(
                label="Tệp văn bản (.docx, .pdf, .txt, .md, .doc, .html)",
                file_types=[".docx", ".doc", ".pdf", ".txt", ".md", ".html", ".htm"],
                elem_id="tdkt-upload",
                scale=2,
            )
        send = gr.Button("Tải lên và lập chỉ mục", variant="primary", elem_id="tdkt-upload-go")
        status = gr.Markdown(elem_id="tdkt-upload-status")
    timer = gr.Timer(1.0, active=False)

    pick.change(docs.show, [pick], [outline], api_visibility="private")
    send.click(docs.upload, [token, file], [status, job, timer], api_visibility="private")
    timer.tick(docs.poll, [job], [status, timer, coverage, pick], api_visibility="private")

    def refresh() -> tuple[str, Any]:
        return docs.coverage(), gr.Dropdown(choices=docs.choices())

    return refresh, [coverage, pick]

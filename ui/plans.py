"""The plan tabs: draft a plan (form → preview → .docx) and check an uploaded plan (findings)."""

from __future__ import annotations

import logging
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app import drafting
from assistant.app.runtime import Runtime
from assistant.app.uploads import check_extension, named_as
from assistant.draft.spec import ISSUER_LEVEL_VI
from ui.messages import friendly, parse_day
from ui.render import SEVERITY_VI, findings_rows

log = logging.getLogger(__name__)

KINDS = [
    ("Kế hoạch công tác thi đua, khen thưởng năm", "annual"),
    ("Kế hoạch phát động phong trào / đợt thi đua", "campaign"),
]
LEVELS = [(label, level) for level, label in ISSUER_LEVEL_VI.items()]
FINDING_HEADERS = ["Mức độ", "Mã", "Nội dung", "Vị trí", "Cách sửa"]


class Plans:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._out = Path(tempfile.mkdtemp(prefix="tdkt-drafts-"))

    def draft(
        self,
        kind: str,
        issuer: str,
        level: str,
        place: str,
        year: Any,
        occasion: str,
        plan_date: str = "",
    ) -> tuple[str, Any]:
        """(Markdown preview, the .docx to download or None). `plan_date` (dd/mm/yyyy, may be
        blank): the day the plan is to be signed, which its legal bases are read on."""
        issuer, place = (issuer or "").strip(), (place or "").strip()
        if not issuer or not place:
            return "**Còn thiếu thông tin.** Hãy nhập cơ quan ban hành và địa danh.", None
        try:
            day = parse_day(plan_date)
        except Exception as exc:
            return friendly(exc), None
        fields = {
            "kind": kind,
            "issuer": issuer,
            "level": level,
            "place": place,
            "year": int(year) if year else None,
            "occasion": (occasion or "").strip() or None,
            "plan_date": day.isoformat() if day else None,
        }
        fields = {k: v for k, v in fields.items() if v is not None}
        try:
            registry = self.runtime.assistant().registry
            out = drafting.draft(fields, registry=registry)
        except Exception as exc:
            return friendly(exc), None
        folder = Path(tempfile.mkdtemp(dir=self._out))
        path = folder / out.file_name
        path.write_bytes(out.docx)
        return out.markdown, str(path)

    def check(self, file: str | None, plan_date: str = "") -> tuple[str, list[list[str]]]:
        """(summary, rows of findings) for the uploaded plan; `plan_date` (dd/mm/yyyy, may be
        blank) is the day it was issued, for a plan whose header does not say."""
        if not file:
            return "**Chưa có tệp.** Hãy chọn tệp kế hoạch (.docx, .pdf, .txt, .md).", []
        path = Path(file)
        try:
            day = parse_day(plan_date)
            check_extension(path.name)
            registry = self.runtime.assistant().registry
            with named_as(path, path.name):
                result = drafting.check(path, registry=registry, as_of=day)
        except Exception as exc:
            return friendly(exc), []
        rows = findings_rows(result["findings"])
        if not rows:
            return f"**{path.name}**: không phát hiện vấn đề nào.", []
        counts = result.get("counts", {})
        detail = ", ".join(
            f"{n} {SEVERITY_VI.get(sev, sev).lower()}" for sev, n in counts.items() if n
        )
        return f"**{path.name}**: {len(rows)} phát hiện ({detail}).", rows


def build_draft_tab(runtime: Runtime, plans: Plans) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            kind = gr.Radio(KINDS, value="annual", label="Loại kế hoạch")
            issuer = gr.Textbox(
                label="Cơ quan ban hành", placeholder="UBND phường Hòa Bình", elem_id="tdkt-issuer"
            )
            level = gr.Dropdown(LEVELS, value="phuong", label="Cấp")
            place = gr.Textbox(label="Địa danh", placeholder="Hòa Bình", elem_id="tdkt-place")
            year = gr.Number(
                label="Năm",
                value=date.today().year,
                precision=0,
                minimum=2000,
                maximum=2100,
                elem_id="tdkt-year",
            )
            occasion = gr.Textbox(
                label="Dịp / chủ đề thi đua (nếu có)",
                placeholder="Chào mừng kỷ niệm 80 năm Ngày Quốc khánh",
            )
            plan_date = gr.Textbox(
                label="Ngày ban hành (nếu đã biết)",
                placeholder="ngày/tháng/năm, ví dụ 05/01/2027",
                elem_id="tdkt-draft-date",
            )
            go = gr.Button("Soạn thảo", variant="primary", elem_id="tdkt-draft-go")
        with gr.Column(scale=2):
            download = gr.File(
                label="Tải về bản .docx", interactive=False, elem_id="tdkt-draft-file"
            )
            preview = gr.Markdown(
                "_Bản xem trước sẽ hiện ở đây._",
                elem_id="tdkt-draft-preview",
                container=True,
                padding=True,
            )
    go.click(
        plans.draft,
        [kind, issuer, level, place, year, occasion, plan_date],
        [preview, download],
        api_visibility="private",
    )


def build_check_tab(runtime: Runtime, plans: Plans) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=280):
            upload = gr.File(
                label="Tệp kế hoạch",
                file_types=[".docx", ".doc", ".pdf", ".txt", ".md", ".html"],
                elem_id="tdkt-check-file",
            )
            plan_date = gr.Textbox(
                label="Ngày ban hành kế hoạch (nếu văn bản không ghi rõ)",
                placeholder="ngày/tháng/năm, ví dụ 13/01/2025",
                elem_id="tdkt-check-date",
            )
            go = gr.Button("Kiểm tra", variant="primary", elem_id="tdkt-check-go")
        with gr.Column(scale=3):
            summary = gr.Markdown(elem_id="tdkt-check-summary")
            table = gr.Dataframe(
                headers=FINDING_HEADERS,
                datatype=["str"] * 5,
                wrap=True,
                interactive=False,
                elem_id="tdkt-findings",
                column_widths=["9%", "13%", "38%", "15%", "25%"],
            )
    go.click(plans.check, [upload, plan_date], [summary, table], api_visibility="private")

"""The drafted plan as typed parts, laid out by NĐ 30/2020/NĐ-CP Phụ lục I: one structure that
the Markdown and the DOCX renderers both read, so the two outputs cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # Quốc hiệu (Phụ lục I mục II.1.a)
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # Tiêu ngữ (Phụ lục I mục II.1.b)

# h1: "I. MỤC ĐÍCH, YÊU CẦU"; h2: "1. Mục đích" (a titled khoản, bold); text: a paragraph;
# item: a "- " line; point: "a) …" (Phụ lục I mục II.6.đ).
ParaStyle = Literal["h1", "h2", "text", "item", "point"]


@dataclass(frozen=True)
class Para:
    text: str
    style: ParaStyle = "text"


@dataclass(frozen=True)
class TimelineRow:
    """A row of the timeline appendix; a row with only `group` set heads a quarter or month."""

    task: str = ""
    when: str = ""
    lead: str = ""
    group: str | None = None


@dataclass(frozen=True)
class PlanDraft:
    issuer_lines: tuple[str, ...]  # box 2, capitals, bold
    number_line: str  # box 3: "Số: …/KH-UBND"
    place_date: str  # box 4: "Hòa Bình, ngày […] tháng […] năm 2027"
    title: str  # trích yếu (box 5a)
    bases: tuple[str, ...]  # "Căn cứ …;" lines, the last ending with "."
    intro: str  # "UBND phường … ban hành Kế hoạch … như sau:"
    body: tuple[Para, ...]
    closing: str  # "Trên đây là Kế hoạch …./."
    recipients: tuple[str, ...]  # box 9b, each "- …;", the last "- Lưu: VT, ….""
    signer_lines: tuple[str, ...]  # box 7a
    signer_name: str  # box 7b
    appendix_title: str
    appendix_ref: str  # "(Kèm theo Kế hoạch số …/KH-UBND ngày … của …)"
    timeline: tuple[TimelineRow, ...]
    parent_line: str | None = None  # cơ quan chủ quản above the issuer
    doc_type: str = "KẾ HOẠCH"  # box 5a
    timeline_columns: tuple[str, ...] = ("STT", "Nội dung công việc", "Thời gian", "Chủ trì")
    notes: tuple[str, ...] = field(default=())  # for the drafter; not part of the plan

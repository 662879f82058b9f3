"""What the web chat tells officials when something fails, in Vietnamese, in one place."""

from __future__ import annotations

import logging
import re
from datetime import date

from assistant.api.errors import FeatureMissingError, NotReadyError
from assistant.errors import (
    AssistantError,
    DuplicateDocumentError,
    IngestError,
    InvalidInputError,
    UnsupportedFormatError,
)

log = logging.getLogger(__name__)


class DateInputError(ValueError):
    pass


def parse_day(text: str | None) -> date | None:
    """ "01/08/2025", "1/8/2025" or "2025-08-01"; blank means today (None)."""
    value = (text or "").strip()
    if not value:
        return None
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(value)
    except ValueError:
        pass
    raise DateInputError(
        f"Ngày «{value}» không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 01/08/2025, "
        "hoặc để trống để áp dụng ngày hôm nay."
    )


def friendly(exc: BaseException) -> str:
    """A short Vietnamese message in Markdown (bold lead), then the library's own details."""
    if isinstance(exc, DateInputError):
        return f"**Ngày chưa hợp lệ.** {exc}"
    if isinstance(exc, NotReadyError):
        return "**Hệ thống đang xây dựng chỉ mục văn bản.** Vui lòng thử lại sau ít phút."
    if isinstance(exc, FeatureMissingError):
        return "**Chức năng này chưa có** trong bản cài đặt hiện tại."
    if isinstance(exc, NotImplementedError):
        return "**Chức năng trả lời câu hỏi chưa sẵn sàng** trong bản cài đặt hiện tại."
    if isinstance(exc, UnsupportedFormatError):
        return (
            "**Không nhận loại tệp này.** Hãy dùng .docx, .pdf, .txt, .md, .doc hoặc .html. "
            f"Chi tiết: {exc}"
        )
    if isinstance(exc, DuplicateDocumentError):
        return (
            f"**Kho văn bản đã có văn bản mang số hiệu này**, tệp chưa được thêm. Chi tiết: {exc}"
        )
    if isinstance(exc, IngestError):
        return f"**Tệp bị lỗi, chưa được thêm vào kho văn bản.** Chi tiết: {exc}"
    if isinstance(exc, InvalidInputError):
        return f"**Câu hỏi chưa hợp lệ.** {exc}"
    if isinstance(exc, AssistantError):
        return f"**Không thực hiện được.** {exc}"
    log.error("unexpected error in the web UI", exc_info=exc)
    return "**Có lỗi ngoài dự kiến trên máy chủ;** chi tiết đã được ghi vào nhật ký."

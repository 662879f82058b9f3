"""What the web chat tells officials when something fails, in Vietnamese, in one place."""

from __future__ import annotations

import logging
import re
from datetime import date

from assistant.api.errors import FeatureMissingError, NotReadyError
from assistant.errors import (
    AssistantError,
    ConverterBusyError,
    DraftError,
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
    """A short message in Vietnamese (bold lead). A refused file also shows the library's reason
    (what an administrator needs to mend it); other errors show none of the library's English,
    which goes to the log."""
    log.info("shown to the user as a message: %s", exc)
    if isinstance(exc, DateInputError):
        return f"**Ngày chưa hợp lệ.** {exc}"
    if isinstance(exc, NotReadyError):
        return "**Hệ thống đang xây dựng chỉ mục văn bản.** Vui lòng thử lại sau ít phút."
    if isinstance(exc, FeatureMissingError):
        return "**Chức năng này chưa có** trong bản cài đặt hiện tại."
    if isinstance(exc, NotImplementedError):
        return "**Chức năng trả lời câu hỏi chưa sẵn sàng** trong bản cài đặt hiện tại."
    if isinstance(exc, ConverterBusyError):
        return "**Máy chủ đang bận chuyển đổi tệp khác.** Vui lòng thử lại sau ít phút."
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
        return (
            "**Câu hỏi chưa hợp lệ.** Hãy nhập một câu hỏi ngắn gọn; câu hỏi trống hoặc quá "
            "dài không được xử lý."
        )
    if isinstance(exc, DraftError):
        return (
            "**Chưa soạn được kế hoạch.** Hãy kiểm tra các ô: cơ quan ban hành, cấp, địa danh, "
            "năm (kế hoạch năm) và dịp kỷ niệm (kế hoạch theo đợt)."
        )
    if isinstance(exc, AssistantError):
        log.warning("refused in the web UI: %s", exc)
        return "**Không thực hiện được yêu cầu.** Chi tiết đã được ghi vào nhật ký máy chủ."
    log.error("unexpected error in the web UI", exc_info=exc)
    return "**Có lỗi ngoài dự kiến trên máy chủ;** chi tiết đã được ghi vào nhật ký."

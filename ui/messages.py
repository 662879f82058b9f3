"""What the web chat tells officials when something fails, in Vietnamese, in one place."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import PurePath

from assistant.errors import (
    AssistantError,
    ConverterBusyError,
    DraftError,
    DuplicateDocumentError,
    IngestError,
    InvalidInputError,
    NotAPlanError,
    NotReadyError,
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


# Why a file was refused, in Vietnamese: the library's reason (English, kept in the log) read by
# pattern. A reason none of them reads is not shown; the log has it.
FILE_REASONS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern, re.I), text)
    for pattern, text in (
        (r"password-protected", "tệp có mật khẩu; hãy lưu một bản không đặt mật khẩu"),
        (r"zip bomb|too large|inflat|ratio|members", "tệp quá lớn hoặc có cấu trúc bất thường"),
        (
            r"no text layer",
            "PDF chỉ có ảnh quét, không có lớp chữ; hãy dùng bản .docx hoặc PDF có chữ",
        ),
        (r"file is empty|no text found", "tệp trống, không có nội dung chữ"),
        (r"binary data|not a text file", "tệp không phải văn bản (dữ liệu nhị phân)"),
        (r"not valid UTF-8|broken UTF-16", "tệp văn bản không đúng bảng mã UTF-8"),
        (r"not a PDF file", "tệp mang đuôi .pdf nhưng không phải PDF"),
        (
            r"with a \.docx? name|rename it",
            "đuôi tệp không khớp loại Word (.doc/.docx); hãy đổi đuôi tệp cho đúng",
        ),
        (r"not a Word \.docx|not a Word \.doc", "tệp không phải văn bản Word hợp lệ"),
        (r"damaged|truncated", "tệp bị hỏng hoặc không đầy đủ"),
        (r"could not be converted", "không chuyển đổi được tệp .doc; hãy lưu lại thành .docx"),
        (
            r"front matter is not valid YAML|front matter",
            "phần thông tin đầu tệp (front matter) sai cú pháp",
        ),
        (r"noise|character classes", "nội dung chuyển đổi ra không đọc được"),
        (r"unsupported file type", "loại tệp không được hỗ trợ"),
        (r"already has a document|duplicate document", "kho đã có văn bản mang số hiệu này"),
    )
)


def file_reason(exc: BaseException) -> str:
    """The reason a file was refused, in Vietnamese (or a pointer to the log)."""
    text = str(exc)
    for pattern, reason in FILE_REASONS:
        if pattern.search(text):
            return f"Lý do: {reason}."
    return "Chi tiết kỹ thuật đã được ghi vào nhật ký máy chủ."


def _file_name(exc: BaseException) -> str:
    name = PurePath(str(getattr(exc, "path", "") or "")).name
    return f" ({name})" if name else ""


def friendly(exc: BaseException) -> str:
    """A short message in Vietnamese (bold lead). A refused file also says why, in Vietnamese
    (``file_reason``: what an administrator needs to mend it); no message shows the library's
    English, which goes to the log."""
    log.info("shown to the user as a message: %s", exc)
    if isinstance(exc, DateInputError):
        return f"**Ngày chưa hợp lệ.** {exc}"
    if isinstance(exc, NotReadyError):
        return "**Hệ thống đang xây dựng chỉ mục văn bản.** Vui lòng thử lại sau ít phút."
    if isinstance(exc, NotImplementedError):
        return "**Chức năng trả lời câu hỏi chưa sẵn sàng** trong bản cài đặt hiện tại."
    if isinstance(exc, ConverterBusyError):
        return "**Máy chủ đang bận chuyển đổi tệp khác.** Vui lòng thử lại sau ít phút."
    if isinstance(exc, UnsupportedFormatError):
        return (
            f"**Không nhận loại tệp này.**{_file_name(exc)} Hãy dùng .docx, .pdf, .txt, .md, "
            ".doc hoặc .html."
        )
    if isinstance(exc, DuplicateDocumentError):
        return "**Kho văn bản đã có văn bản mang số hiệu này**, tệp chưa được thêm."
    if isinstance(exc, IngestError):
        return (
            f"**Tệp bị lỗi, chưa được thêm vào kho văn bản.**{_file_name(exc)} {file_reason(exc)}"
        )
    if isinstance(exc, NotAPlanError):
        return f"**Không phải kế hoạch.** {exc}" + (f" {exc.fix}" if exc.fix else "")
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

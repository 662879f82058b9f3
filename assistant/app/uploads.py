"""Uploaded files saved safely: the extension checked, the bytes counted while they are copied
(a file over the limit is refused as soon as it crosses it), the name kept apart from the path.
The HTTP side of the limit (bodies cut off while they stream in) is ``api/limits.py``.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from assistant.errors import IngestError, UnsupportedFormatError, UploadTooLargeError
from assistant.ingest import SUPPORTED_FORMATS, safe_file_name

log = logging.getLogger(__name__)

_CHUNK = 256 * 1024


def too_large(limit: int, upload: bool = True) -> UploadTooLargeError:
    if upload:
        return UploadTooLargeError(
            f"the request body is larger than {limit:,} bytes",
            fix="send a smaller file (the limit is TDKT_MAX_UPLOAD_BYTES)",
        )
    return UploadTooLargeError(
        f"the JSON body is larger than {limit:,} bytes",
        fix="send less text (the limit is 1 MiB); documents and plans go to the upload endpoints",
    )


def check_extension(file_name: str) -> str:
    suffix = Path(file_name).suffix.lower()
    if suffix not in SUPPORTED_FORMATS:
        raise UnsupportedFormatError(
            file_name or "(no name)",
            f"unsupported file type {suffix or '(no extension)'!r}; "
            f"supported: {', '.join(SUPPORTED_FORMATS)}",
            fix="save it as .docx, .pdf, .txt or .md and upload again",
        )
    return suffix


# The first bytes of each supported binary format.
_MAGIC = ((b"PK\x03\x04", ".docx"), (b"%PDF-", ".pdf"), (b"\xd0\xcf\x11\xe0", ".doc"))


def sniff_suffix(head: bytes) -> str | None:
    """The format of a file named without an extension, from its first bytes: a Word or PDF
    signature, HTML, or UTF-8 text (Markdown when it opens with front matter or a heading)."""
    for magic, suffix in _MAGIC:
        if head.startswith(magic):
            return suffix
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a multi-byte character cut at the end of the sample
        if exc.start < len(head) - 3:
            return None
        text = head[: exc.start].decode("utf-8")
    stripped = text.lstrip("\ufeff \t\r\n").lower()
    if stripped.startswith(("<!doctype html", "<html")):
        return ".html"
    if "\x00" in text:
        return None
    return ".md" if stripped.startswith(("---", "#")) else ".txt"


class Upload(Protocol):
    """An uploaded file as a web framework hands it over (Starlette's ``UploadFile`` is one)."""

    filename: str | None
    size: int | None
    file: BinaryIO


def save_upload(upload: Upload, limit: int, folder: Path) -> Path:
    """Copy the uploaded file into ``folder`` under a safe name; UploadTooLargeError past
    ``limit`` bytes.

    A name without an extension takes the one its content shows (``sniff_suffix``).
    """
    name = upload.filename or "upload"
    if not Path(name).suffix:
        upload.file.seek(0)
        sniffed = sniff_suffix(upload.file.read(4096))
        name = f"{name}{sniffed}" if sniffed else name
    check_extension(name)
    if upload.size is not None and upload.size > limit:
        raise too_large(limit)
    dest = Path(folder) / safe_file_name(name)
    written = 0
    upload.file.seek(0)
    with dest.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                raise too_large(limit)
            out.write(chunk)
    return dest


@contextmanager
def named_as(src: Path, client_name: str) -> Iterator[None]:
    """Errors about ``src`` name the user's file instead of this server's temporary path."""
    try:
        yield
    except IngestError as exc:
        reason = exc.reason.replace(str(src), client_name)
        raise type(exc)(client_name, reason, fix=exc.fix) from None


class UploadDir:
    """A private temporary folder for one request's file, removed afterwards."""

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix="tdkt-upload-"))
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

"""One file → one Document: dispatch by extension, decode, normalise, re-flow, read metadata."""

from __future__ import annotations

import codecs
import hashlib
import logging
import unicodedata
from pathlib import Path

import yaml

from assistant.errors import IngestError, UnsupportedFormatError
from assistant.ingest import converters
from assistant.ingest.charclass import VIETNAMESE_LETTERS as _VI_LETTERS
from assistant.ingest.frontmatter import split_front_matter
from assistant.ingest.metadata import build_meta
from assistant.ingest.reflow import looks_pdf_extracted, reflow
from assistant.models import DocKind, Document

log = logging.getLogger(__name__)

# extension → source_format
SUPPORTED_FORMATS: dict[str, str] = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}


def supported_extensions() -> str:
    return ", ".join(SUPPORTED_FORMATS)


def load_file(path: Path, *, kind: DocKind | None = None) -> Document:
    """Read one document. Raises IngestError (or a subclass) naming the file and the reason."""
    path = Path(path)
    fmt = SUPPORTED_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(
            str(path),
            f"unsupported file type {path.suffix or '(no extension)'!r}; "
            f"supported: {supported_extensions()}",
            fix="convert it to one of the supported formats (for example save it as .docx)",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"cannot open the file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise IngestError(str(path), "the file is empty")

    front: dict = {}
    offset = 1
    if fmt in ("md", "txt"):
        text = normalize_text(decode_text(data, path))
        try:
            front, text, offset = split_front_matter(text, source=str(path))
        except yaml.YAMLError as exc:
            raise IngestError(
                str(path),
                f"the front matter is not valid YAML ({exc})",
                fix="fix the YAML between the two '---' lines at the top of the file",
            ) from exc
    elif fmt == "docx":
        text = normalize_text(converters.docx_text(data, path))
    elif fmt == "pdf":
        text = normalize_text(converters.pdf_text(data, path))
    elif fmt == "html":
        text = normalize_text(converters.html_text(data, path))
    else:
        text = normalize_text(converters.doc_text(data, path))

    if not text.strip():
        raise IngestError(str(path), "no text found in the file")

    meta = build_meta(
        front,
        text,
        path=path,
        source_format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        kind=kind,
    )
    # Plans are re-flowed by the plan parser, which keeps a map back to source lines;
    # other texts are re-flowed here.
    if meta.kind is not DocKind.PLAN and _needs_reflow(text, fmt, bool(front)):
        text, offset = _reflow(text), 1
    return Document(meta=meta, text=text, front_matter=front, body_line_offset=offset)


# --- text decoding and normalisation ----------------------------------------------------

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\ufeff": None})


def normalize_text(text: str) -> str:
    """NFC, no BOM, LF line ends, non-breaking spaces as spaces, page breaks as line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return unicodedata.normalize("NFC", text.translate(_SPACES))


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258 when it clearly is."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(str(path), f"broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise IngestError(
                str(path),
                "binary data (NUL bytes), not a text file",
                fix="check the file; save text documents as UTF-8 .txt or .md",
            )
        return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        legacy = _windows_1258(data)
        if legacy is None:
            raise IngestError(
                str(path),
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
                "and not recognisable as Vietnamese Windows-1258 text",
                fix="save the file as UTF-8 (in Notepad or Word: Save As → Encoding: UTF-8)",
            ) from exc
        log.warning("%s is not UTF-8; read it as Windows-1258 (Vietnamese)", path)
        return legacy
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        raise IngestError(str(path), "binary data (control characters), not a text file")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 of mostly-Latin text has a NUL in every other byte; anything else is binary.
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    codec = "utf-16-le" if odd > 0.3 * half and even < 0.05 * half else None
    if even > 0.3 * half and odd < 0.05 * half:
        codec = "utf-16-be"
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _windows_1258(data: bytes) -> str | None:
    """Decode as Windows-1258 only if nearly every non-ASCII character is a Vietnamese letter."""
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text if ord(c) > 127]
    if len(non_ascii) < 3:
        return None
    vietnamese = sum(1 for c in non_ascii if c in _VI_LETTERS)
    typographic = sum(1 for c in non_ascii if c in "“”‘’–—…•")
    if (vietnamese + typographic) / len(non_ascii) < 0.95:
        return None
    return text


# --- PDF re-flow (assistant/ingest/reflow.py) -------------------------------------------------


def _needs_reflow(text: str, fmt: str, has_front_matter: bool) -> bool:
    if fmt == "pdf":
        return True
    if fmt not in ("md", "txt") or has_front_matter:
        return False
    return looks_pdf_extracted(text)


def _reflow(text: str) -> str:
    return reflow(text)

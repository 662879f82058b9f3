"""Format converters: the bytes of one file → plain text, before normalisation and re-flow.

Each converter raises IngestError with a reason an official can act on ("this is an old Word
.doc file named .docx") rather than the parser library's own exception.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from assistant.errors import (
    ConverterBusyError,
    ConverterMissingError,
    IngestError,
    UnreadableTextError,
)
from assistant.ingest.archive import check_package
from assistant.ingest.charclass import unreadable_reason

log = logging.getLogger(__name__)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)
_ZIP_MAGIC = b"PK\x03\x04"
_DOC_TIMEOUT_S = 180
# LibreOffice is a whole office suite per conversion (~1.3 s and a few hundred MB each): one
# runs at a time in this process, so a public route cannot start many at once. A request waits
# this long for its turn (room for about ten ordinary conversions), then is told to retry.
_HEAVY_CONVERSIONS = 1
_HEAVY_WAIT_S = 15.0
_heavy = threading.BoundedSemaphore(_HEAVY_CONVERSIONS)
_patient: ContextVar[bool] = ContextVar("patient_conversions", default=False)


# --- .docx -------------------------------------------------------------------------------


def docx_text(data: bytes, path: Path) -> str:
    """Paragraphs and tables in body order; tables as Markdown rows like the pack's files."""
    if data.startswith(_OLE_MAGIC):
        raise IngestError(
            str(path),
            "this is an old binary Word (.doc) file with a .docx name",
            fix="rename it to .doc",
        )
    if not data.startswith(_ZIP_MAGIC):
        raise IngestError(
            str(path),
            "not a Word .docx file (a .docx is a ZIP package; this file is not)",
            fix="open it in Word or LibreOffice and save it again as .docx",
        )
    # A .docx is a ZIP: a 1 MB file can unpack to gigabytes (a zip bomb), and python-docx reads
    # every part into memory. Every part is unpacked for real against limits first.
    check_package(data, path, kind=".docx")
    import docx  # lazy: python-docx costs import time the CLI does not always need

    try:
        from assistant.ingest.docx_numbering import Numbering

        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document.element.body, document, Numbering(document)))
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own types
        raise IngestError(
            str(path),
            f"damaged .docx package ({type(exc).__name__}: {exc})",
            fix="open it in Word or LibreOffice and save it again as .docx",
        ) from exc
    return "\n\n".join(b for b in blocks if b.strip())


def _docx_blocks(container, document, numbering):
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            text = Paragraph(child, document).text
            mark = numbering.label(child)  # Word's automatic "Điều 1.", "2.", "a)"
            yield f"{mark} {text.lstrip()}" if mark and text.strip() else text
            # Text in drawn boxes is not part of the paragraph's runs; NĐ 30/2020 puts real
            # content there. Word stores each box twice (DrawingML + VML fallback): dedupe.
            seen: set[str] = set()
            for box in child.iterfind(".//" + qn("w:txbxContent")):
                text = " ".join(
                    Paragraph(p, document).text.strip() for p in box.iterfind(qn("w:p"))
                ).strip()
                if text and text not in seen:
                    seen.add(text)
                    yield f"[Khung: {text}]"
        elif child.tag == qn("w:tbl"):
            yield _table_markdown(Table(child, document))
        elif child.tag == qn("w:sdt"):  # content controls wrap ordinary paragraphs and tables
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_blocks(content, document, numbering)


def _table_markdown(table) -> str:
    from docx.table import _Cell

    rows: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            # A vertically merged cell repeats its text in every row it spans: keep it once.
            text = "" if tc.vMerge == "continue" else _Cell(tc, table).text
            cells.append(_md_cell(text))
        if any(cells):
            rows.append(cells)
    return _markdown_rows(rows)


def _md_cell(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "<br>".join(line for line in lines if line).replace("|", "\\|")


def _markdown_rows(rows: list[list[str]]) -> str:
    if not rows:
        return ""
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


# --- .pdf --------------------------------------------------------------------------------


def pdf_text(data: bytes, path: Path) -> str:
    """The text layer of every page, one page after another (re-flow happens later)."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError(str(path), "not a PDF file (no %PDF- header)")
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                str(path), "the PDF is password-protected", fix="save an unprotected copy"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise IngestError(
            str(path),
            f"damaged or truncated PDF ({type(exc).__name__}: {exc})",
            fix="download or export the PDF again",
        ) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise IngestError(
            str(path),
            f"the PDF has no text layer ({len(pages)} page(s); a scanned image?)",
            fix="run OCR on it or add a .docx/.txt version of the document",
        )
    return text


# --- .html -------------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_SKIP_TAGS |= {"button", "select", "input", "textarea"}
_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "nav"}
_BLOCK_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre"}
_BLOCK_TAGS |= {"ul", "ol", "dl", "figure", "figcaption", "caption", "address", "center", "hr"}
_BLOCK_TAGS |= {"form", "fieldset", "body", "html"}


def html_text(data: bytes, path: Path) -> str:
    """Headings, paragraphs, list items and table rows each on their own line."""
    from bs4 import BeautifulSoup

    try:
        markup: str | bytes = data.decode("utf-8")
    except UnicodeDecodeError:
        markup = data  # let BeautifulSoup follow the page's <meta charset>
    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as exc:
        raise IngestError(str(path), f"unreadable HTML ({type(exc).__name__}: {exc})") from exc
    blocks: list[str] = []
    walker = _HtmlWalker(blocks)
    walker.walk(soup)
    walker.flush()
    return "\n\n".join(blocks)


class _HtmlWalker:
    def __init__(self, blocks: list[str]) -> None:
        self.blocks = blocks
        self.buf: list[str] = []

    def flush(self) -> None:
        lines = (" ".join(line.split()) for line in "".join(self.buf).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append(text)
        self.buf = []

    def walk(self, node) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import PreformattedString

        for child in node.children:
            if isinstance(child, PreformattedString):  # comments, doctype, CDATA
                continue
            if isinstance(child, NavigableString):
                self.buf.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                name = child.name
                if name in _SKIP_TAGS:
                    continue
                if name == "br":
                    self.buf.append("\n")
                elif name == "table":
                    self.flush()
                    self.blocks.append(_html_table(child))
                elif name in _BLOCK_TAGS:
                    self.flush()
                    self.walk(child)
                    self.flush()
                else:
                    self.walk(child)


def _html_table(table) -> str:
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:  # rows of a nested table stay in their cell
            continue
        cells = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            for junk in cell.find_all(_SKIP_TAGS):
                junk.decompose()
            cells.append(_md_cell(cell.get_text("\n")))
        if any(cells):
            rows.append(cells)
    return _markdown_rows(rows)


# --- .doc (binary Word 97–2003) ---------------------------------------------------------


def doc_text(data: bytes, path: Path) -> str:
    """antiword when installed (fast, what the pack's Luật was made with), else LibreOffice."""
    if data.startswith(_ZIP_MAGIC):
        raise IngestError(
            str(path),
            "this is a Word 2007+ (.docx) file with a .doc name",
            fix="rename it to .docx",
        )
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and (b"<html" in head or b"<!doctype html" in head):
        return html_text(data, path)  # Word's "Web page" saved with a .doc name
    rtf = head.startswith(b"{\\rtf")
    if not rtf and not data.startswith(_OLE_MAGIC):
        raise IngestError(
            str(path),
            "not a Word .doc file: it has neither the Word 97–2003 signature nor RTF",
            fix="open it in Word or LibreOffice and save it as .docx",
        )
    antiword = None if rtf else shutil.which("antiword")  # antiword reads only Word binaries
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not antiword and not soffice:
        raise ConverterMissingError(
            str(path),
            "no converter for old Word .doc files: neither antiword nor soffice (LibreOffice) "
            "is on PATH",
            fix="install antiword (apt-get install antiword) or LibreOffice, "
            "or save the file as .docx",
        )
    failures: list[tuple[str, IngestError]] = []
    if antiword:
        try:
            return _readable(_antiword(antiword, path), path, "antiword")
        except IngestError as exc:
            failures.append(("antiword", exc))
    if soffice:
        try:
            with heavy_conversion():
                text = _soffice(soffice, path)
            return _readable(text, path, "soffice")
        except IngestError as exc:
            failures.append(("soffice", exc))
    reasons = "; ".join(f"{name}: {exc.reason}" for name, exc in failures)
    if any(isinstance(exc, UnreadableTextError) for _, exc in failures):
        raise UnreadableTextError(
            str(path),
            f"the .doc file does not convert to readable text ({reasons})",
            fix="check that it is a Word document; open it in Word or LibreOffice and save it "
            "as .docx",
        )
    raise IngestError(
        str(path),
        f"the .doc file could not be converted ({reasons})",
        fix="open it in Word or LibreOffice and save it as .docx",
    )


def _readable(text: str, path: Path, converter: str) -> str:
    """``text`` if it reads as text; a converter that read binary noise as characters is a
    failure (UnreadableTextError), not a document."""
    reason = unreadable_reason(text)
    if reason:
        raise UnreadableTextError(str(path), f"what {converter} made of it is not text: {reason}")
    return text


@contextmanager
def heavy_conversion() -> Iterator[None]:
    """A turn at the heavy converter: at most _HEAVY_CONVERSIONS at once in this process.

    Waits up to _HEAVY_WAIT_S (without limit inside ``patient_conversions``), then raises
    ConverterBusyError (503). A turn ends when its conversion does: within _DOC_TIMEOUT_S.
    """
    wait = None if _patient.get() else _HEAVY_WAIT_S
    if not _heavy.acquire(timeout=wait):
        raise ConverterBusyError(
            f"the converter for old Word files (LibreOffice) is busy with other files; waited "
            f"{_HEAVY_WAIT_S:g} s",
            fix="send the file again in a minute, or save it as .docx, which needs no converter",
        )
    try:
        yield
    finally:
        _heavy.release()


@contextmanager
def patient_conversions() -> Iterator[None]:
    """Inside, a heavy conversion waits for its turn however long the queue: for index builds,
    where giving up would silently leave a document out."""
    token = _patient.set(True)
    try:
        yield
    finally:
        _patient.reset(token)


def _run(cmd: list[str], path: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, capture_output=True, timeout=_DOC_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise IngestError(str(path), f"{Path(cmd[0]).name} failed: {exc}") from exc


def _antiword(exe: str, path: Path) -> str:
    # -w 0: one line per paragraph; -m UTF-8.txt: UTF-8 output instead of Latin-1.
    proc = _run([exe, "-m", "UTF-8.txt", "-w", "0", str(path)], path)
    text = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode != 0 or not text.strip():
        reason = proc.stderr.decode("utf-8", errors="replace").strip() or "no text produced"
        raise IngestError(str(path), reason.splitlines()[-1])
    return "\n".join(_tidy_antiword_row(line) for line in text.splitlines())


def _tidy_antiword_row(line: str) -> str:
    # antiword pads table cells to fixed widths: "|Ô số      |Thành phần   |".
    stripped = line.strip()
    if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
        cells = [re.sub(r"\s+", " ", c).strip() for c in stripped[1:-1].split("|")]
        return "| " + " | ".join(cells) + " |"
    return line


def _soffice(exe: str, path: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="tdkt-soffice-") as tmp:
        tmp_dir = Path(tmp)
        # A private profile: a second soffice sharing the default one silently does nothing.
        profile = (tmp_dir / "profile").as_uri()
        out_dir = tmp_dir / "out"
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        cmd += ["--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out_dir), str(path)]
        proc = _run(cmd, path)
        produced = out_dir / f"{path.stem}.txt"
        if proc.returncode != 0 or not produced.exists():
            reason = proc.stderr.decode("utf-8", errors="replace").strip() or "no output file"
            raise IngestError(str(path), reason.splitlines()[-1])
        return produced.read_text(encoding="utf-8-sig", errors="replace")

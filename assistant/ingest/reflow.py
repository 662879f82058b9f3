"""Re-flow PDF-extracted text: join lines broken mid-sentence, keep structure lines whole.

Text pulled out of a PDF arrives one printed line per line, often with a blank line between
printed lines, so a sentence is cut into three or four pieces. Re-flowing joins the pieces and
keeps on their own lines what a reader sees as separate: list markers (I. 1. 1.1. a) - + •),
headings (ALL-CAPS lines, "KẾ HOẠCH"), the "Số:" line, "Nơi nhận:", the signature block, tables
(Markdown rows, tab-separated rows, HTML) and Markdown headings.

A break is a join when the next piece starts in lower case, or when the previous piece fills the
printed line (its length is near the text's wrap width, measured on breaks that are certainly
joins) and does not end a sentence. A short numbered line followed by a capital is a heading,
unless the previous item of the same shape ran on into its body.

reflow() repeats its pass until nothing changes, so reflow(reflow(x)) == reflow(x).
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass

log = logging.getLogger(__name__)

__all__ = ["looks_pdf_extracted", "reflow", "reflow_lines"]

# A sentence ends with . ; : ! ? … possibly followed by closing quotes, brackets or emphasis.
_TERMINAL = re.compile(r"[.;:!?…][\s\"'”’»)\]*_]*$")
_ROMAN = re.compile(r"^(?P<num>[IVXLC]+)\.(?=\s|$|\*)")
_ARABIC = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)\.(?=\s|$|\*)|^(?P<multi>\d{1,2}(?:\.\d{1,2})+)(?=\s)"
)
_LETTER = re.compile(r"^[a-zđ]\)(?=\s|$|\*)")
_BULLET = re.compile(r"^(?:[-+•–]|\*(?=\s))(?=\s|$)")
_MARKER_ONLY = re.compile(r"^(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\))$")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang \d{1,3}$", re.I)
# Lines that stand alone: never joined to the line before or after.
_KEYWORD = re.compile(r"^(?:Số\s*[:.]|Số\s+\d|Nơi nhận|Kính gửi|(?:TM|KT|TL|TUQ|Q)\.\s*\S)")
# Lines that begin a new paragraph even after a line that seems to run on.
_STARTER = re.compile(
    r"^(?:Căn cứ|Thực hiện|Trên đây|Theo đề nghị|Xét đề nghị|Điều \d|Chương [IVXLC\d]|"
    r"Mục \d|Phần [IVXLC\d]|Phụ lục \w|PHỤ LỤC)"
)
_DATE_DASH = re.compile(r"^[-–]\s*\d{1,2}/\d{1,2}/\d{4}")
_ENDS_WITH_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}$")
_SPACES = re.compile(r"[ \u00a0\u2007\u202f]{2,}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n---[ \t]*\n", re.S)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# Relative lengths against the wrap width: at or above LONG a non-final piece fills its line;
# a numbered line needs SURE when no earlier item of its shape tells heading from body.
_LONG = 0.75
_SURE = 0.9
_MIN_SAMPLES = 5


def _core(line: str) -> str:
    """The line without leading Markdown heading hashes, emphasis marks and escapes."""
    return re.sub(r"^(?:#+\s*)?[*_\\\s]*", "", line).strip()


def _roman_ok(numeral: str) -> bool:
    values = [_ROMAN_VALUES[c] for c in numeral]
    total = sum(
        -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
    )
    return 0 < total < 90 and _to_roman(total) == numeral


def _to_roman(value: int) -> str:
    out = ""
    for number, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV")):
        while value >= number:
            out += letters
            value -= number
    return out + "I" * value


def _numbered_shape(core: str) -> str | None:
    """ "roman", "arabic-1", "arabic-2" …, "letter" for a numbered marker line, else None."""
    m = _ROMAN.match(core)
    if m and _roman_ok(m.group("num")):
        return "roman"
    m = _ARABIC.match(core)
    if m:
        return f"arabic-{(m.group('num') or m.group('multi')).count('.') + 1}"
    if _LETTER.match(core):
        return "letter"
    return None


def _is_caps(core: str) -> bool:
    """Every letter upper case ("KẾ HOẠCH", "II. NỘI DUNG"); str.isupper ignores digits."""
    return len(core) >= 2 and core.isupper()


def _is_table_like(line: str) -> bool:
    s = line.lstrip(" ")
    return s.startswith(("|", "<", ">", "[^", "[Khung")) or "\t" in line or s.startswith("#")


def _standalone(line: str) -> bool:
    core = _core(line)
    if _MARKER_ONLY.match(core):
        return False  # a number split from its heading joins the next line
    return _is_table_like(line) or _is_caps(core) or bool(_KEYWORD.match(core))


def _first_letter(core: str) -> str:
    for c in core:
        if c.isalnum():
            return c
    return ""


def _normalise(line: str) -> str:
    line = line.rstrip("\r").strip(" \u00a0\u2007\u202f")
    return _SPACES.sub(" ", line) if line.strip() else ""


@dataclass
class _Logical:
    """One output line being built from physical lines."""

    src: int
    text: str
    blank_before: bool
    last_len: int
    pieces: int
    shape: str | None


def _is_sample(prev: str, nxt: str) -> bool:
    """A break that is certainly a join: the next piece continues in lower case."""
    if _standalone(prev) or _standalone(nxt) or _TERMINAL.search(prev):
        return False
    core = _core(nxt)
    if _numbered_shape(core) or _BULLET.match(core) or _STARTER.match(core):
        return False
    return _first_letter(core).islower()


def _wrap_width(lines: list[str]) -> float | None:
    """Median length of lines that certainly wrap, or None when the text is not hard-wrapped."""
    prose = [t for t in lines if t and not _standalone(t)]
    pairs = [(p, n) for p, n in zip(lines, lines[1:], strict=False)]
    samples = [len(p) for p, n in pairs if _is_sample(p, n)]
    if len(samples) < _MIN_SAMPLES or len(samples) < 0.1 * len(prose):
        return None
    return statistics.median(samples)


def _joins(prev: _Logical, nxt: str, width: float | None, siblings: dict[str, str]) -> bool:
    pcore, ncore = _core(prev.text), _core(nxt)
    if prev.pieces == 1 and _MARKER_ONLY.match(pcore):
        return not (_is_table_like(nxt) or _numbered_shape(ncore) or _BULLET.match(ncore))
    if _standalone(prev.text) or _standalone(nxt):
        return False
    if _numbered_shape(ncore) or _BULLET.match(ncore):
        # "… 30/11/2004" + "- 30/11/2024); …" is a date range cut at its dash, not a list item
        return bool(_DATE_DASH.match(ncore) and _ENDS_WITH_DATE.search(prev.text))
    if _STARTER.match(ncore):
        return False
    if _first_letter(ncore).islower():
        return True
    if width is None or prev.last_len < _LONG * width:
        return False
    # ";" closes a clause, not a paragraph: a full line ending with it runs on
    if _TERMINAL.search(prev.text) and not prev.text.endswith(";"):
        return False
    if prev.pieces == 1 and prev.shape:
        seen = siblings.get(prev.shape)
        if seen:
            return seen == "body"
        return prev.last_len >= _SURE * width
    return True


def _finish(item: _Logical, width: float | None, siblings: dict[str, str]) -> None:
    if not item.shape:
        return
    long = width is not None and item.last_len >= _LONG * width
    siblings[item.shape] = "body" if item.pieces > 1 or long else "heading"


def _glue(left: str, right: str) -> str:
    if re.search(r"\d[-–]$", left) and right[:1].isdigit():
        return left + right  # "(2021-" + "2025)" → "(2021-2025)"
    return f"{left} {right}"


def _pass(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    texts = [_normalise(t) for _, t in lines]
    width = _wrap_width([t for t in texts if t])
    out: list[_Logical] = []
    siblings: dict[str, str] = {}
    blank = False
    for (src, _), text in zip(lines, texts, strict=True):
        if not text:
            blank = bool(out)
            continue
        if width is not None and _PAGE_NUMBER.match(text):
            log.debug("dropped page number %r at line %d", text, src)
            continue
        if out and _joins(out[-1], text, width, siblings):
            last = out[-1]
            last.text = _glue(last.text, text)
            last.last_len = len(text)
            last.pieces += 1
        else:
            if out:
                _finish(out[-1], width, siblings)
            out.append(_Logical(src, text, blank, len(text), 1, _numbered_shape(_core(text))))
        blank = False
    result: list[tuple[int, str]] = []
    for item in out:
        if item.blank_before:
            result.append((item.src, ""))
        result.append((item.src, item.text))
    return result


def reflow_lines(text: str) -> list[tuple[int, str]]:
    """Re-flowed lines with the 1-based line of ``text`` each one starts at ("" = blank line).

    A leading YAML front matter block is passed through unchanged.
    """
    head = _FRONT_MATTER.match(text)
    start = head.group(0).count("\n") if head else 0
    lines = [(i + 1, t) for i, t in enumerate(text.split("\n"))]
    kept, body = lines[:start], lines[start:]
    for _ in range(5):
        new = _pass(body)
        if [t for _, t in new] == [t for _, t in body]:
            break
        body = new
    return kept + body


def reflow(text: str) -> str:
    """Join lines broken mid-sentence; keep markers, headings and tables on their own lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = "\n".join(t for _, t in reflow_lines(text))
    return out + "\n" if out else out


def looks_pdf_extracted(text: str) -> bool:
    """True when sentences are cut across lines the way PDF extraction cuts them.

    A text written as flowing paragraphs has (almost) none; two, and at least one per hundred
    lines, are enough: converted Word files keep an odd cut sentence in a long text.
    """
    head = _FRONT_MATTER.match(text)
    body = text[head.end() :] if head else text
    lines = [t for t in (_normalise(x) for x in body.split("\n")) if t]
    breaks = sum(_is_sample(p, n) for p, n in zip(lines, lines[1:], strict=False))
    return breaks >= 2 and breaks >= 0.01 * len(lines)

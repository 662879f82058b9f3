"""What the checker needs to know about a plan: its lines by section, issuer, date and period.

The plan's own date decides which texts and authorities were right. It is read from the header
("ngày 13 tháng 01 năm 2025"); a blank day or month widens it to the month or year; a blank
header falls back to the appendix's "(Kèm theo Kế hoạch số 14/KH-UBND ngày 13/01/2025 …)"; with
no date at all it is estimated from the plan's year and the latest date its preamble cites (a
plan is never older than the plan it implements). Checks that depend on the date only report a
problem that holds on every day of the resulting range.
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass
from datetime import date

from assistant.domain.levels import unit_words
from assistant.domain.places import central_city
from assistant.ingest.header import read_header
from assistant.ingest.reflow import looks_pdf_extracted, reflow_lines
from assistant.models import Document, ParsedDocument
from assistant.text import fold_words

_CITY = re.compile(r"[Tt]hành phố\b")
DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
_CITED_DATE = re.compile(r"(?<=ngày)\s*,?\s*" + DATE)
_HEADER_DATE = re.compile(
    r"ngày\s*(\d{1,2})?[\s.…\[\]]*tháng\s*(\d{1,2})?[\s.…\[\]]*năm\s*(\d{4})", re.I
)
_APPENDIX_REF = re.compile(
    r"Kèm theo Kế hoạch(?: số)?\s*[\w./-]*\s*ngày\s*(?:"
    + DATE
    + r"|(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4}))",
    re.I,
)
_PERIOD = re.compile(
    r"Thời gian[^:]{0,20}:[^.]{0,80}?\btừ\s+(?:ngày\s+)?"
    r"(?:(?P<issue>ban hành)|(?P<sd>\d{1,2})\s*/\s*(?P<sm>\d{1,2})\s*/\s*(?P<sy>\d{4}))"
    r"[^0-9]{0,40}?(?:đến|tới|-|–)\s*(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<ed>\d{1,2})\s*/\s*(?P<em>\d{1,2})\s*/\s*(?P<ey>\d{4})",
    re.I,
)


def proper_name_after(text: str, pos: int, max_words: int = 4) -> str | None:
    """The capitalised words right after `pos` ("Lào Cai" in "thành phố Lào Cai về …").

    One capitalised word run on by a lower-case one is the start of a title, not a place
    ("… của Ủy ban nhân dân thành phố Quy định về …"), unless it is a central city ("Huế")."""
    words: list[str] = []
    following = text[pos : pos + 80].split()
    ended = False
    for word in following[:max_words]:
        core = word.rstrip(",.;:)”\"'")
        if not (core.isalpha() and core[0].isupper()):
            break
        words.append(core)
        if core != word:  # the name ends at its punctuation
            ended = True
            break
    if len(words) == 1 and not ended and len(following) > 1:
        nxt = following[1]
        if nxt[:1].islower() and central_city(words[0]) is None:
            return None
    return " ".join(words) or None


def fold(text: str) -> str:
    return fold_words(text)


def parse_date(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the source file
    text: str  # re-flowed, without Markdown emphasis or HTML
    section: str | None  # "IV.2", "Phụ lục 1", "chữ ký"; None for header and preamble


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date
    precision: str  # day | month | year | estimated
    source: str  # header | appendix | estimated | as-of
    text: str  # how a message names it: "13/01/2025", "tháng 01/2025", "năm 2024 (ước tính)"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class PlanFacts:
    name: str
    title: str
    issuer: str | None
    issuer_level: str | None  # xa | huyen | tinh | so | co-quan
    kind: str | None  # annual | campaign
    year: int | None
    date: DateRange | None
    period: tuple[date, date] | None
    period_from_issue: bool  # "từ ngày ban hành kế hoạch đến …"
    lines: tuple[Line, ...]
    parsed: ParsedDocument
    city_level: str | None  # what a bare "thành phố" means in this plan: tinh | huyen | None
    source: tuple[str, ...] = ()  # the file's own lines (a reflowed line joins several)
    source_offset: int = 0  # Line.number - source_offset is the 1-based index into ``source``

    def line_of(self, line: Line, fragment: str) -> Line:
        """The line as numbered at `fragment` (where it starts in the file): a paragraph that
        PDF extraction cut into several lines is one Line, numbered by its first."""
        key = fold(fragment)[:40]
        if not key or not self.source:
            return line
        later = [ln.number for ln in self.lines if ln.number > line.number]
        end = later[0] if later else line.number + 40
        first = line.number - self.source_offset
        spans, parts, pos = [], [], 0
        for n in range(first, min(end - self.source_offset, len(self.source) + 1)):
            text = fold(self.source[n - 1])
            spans.append((pos, n))
            parts.append(text)
            pos += len(text) + 1
        at = " ".join(parts).find(key)
        if at <= 0:
            return line
        n = max(start_n for start, start_n in spans if start <= at)
        return Line(n + self.source_offset, line.text, line.section)

    @property
    def body_start(self) -> int:
        """The first line of Part I (the preamble and header are above it)."""
        for p in self.parsed.provisions:
            if p.kind in ("muc", "section") and p.line:
                return p.line
        return 0


def _clean(text: str) -> str:
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"^#{1,6}\s+", "", text.strip())
    text = text.replace("\\*", "*").replace("**", "").replace("*", "")
    return re.sub(r"[ \t]{2,}", " ", text).strip(" |")


def source_lines(doc: Document, parsed: ParsedDocument) -> tuple[Line, ...]:
    """The plan's lines as the plan parser numbers them, each with its section label."""
    text = doc.text
    if looks_pdf_extracted(text):
        numbered = [(n, t) for n, t in reflow_lines(text) if t.strip()]
    else:
        numbered = [(i + 1, t) for i, t in enumerate(text.split("\n")) if t.strip()]
    offset = max(doc.body_line_offset, 1) - 1
    starts = sorted(
        ((p.line, p) for p in parsed.provisions if p.line is not None), key=lambda x: x[0]
    )
    out: list[Line] = []
    i, current = 0, None
    for n, raw in numbered:
        number = n + offset
        while i < len(starts) and starts[i][0] <= number:
            p = starts[i][1]
            current = "chữ ký" if p.kind == "signature" else p.section
            i += 1
        if raw.lstrip().startswith(">"):
            continue  # a Markdown quote annotates the plan (drafting notes); it is not its text
        cleaned = _clean(raw)
        if cleaned:
            out.append(Line(number, cleaned, current))
    return tuple(out)


def _words_of(*level_ids: str) -> re.Pattern[str]:
    """The folded unit words of these levels (levels vocabulary), as whole words."""
    return re.compile(rf"\b(?:{'|'.join(fold(w) for w in unit_words(*level_ids))})\b")


_COMMUNE_WORD = _words_of("xa")  # phường, xã, thị trấn, đặc khu
_DISTRICT_WORD = _words_of("huyen")  # huyện, quận, thị xã


def issuer_level(issuer: str | None) -> str | None:
    if not issuer:
        return None
    low = fold(issuer)
    if _COMMUNE_WORD.search(low) and not re.search(r"\bthi xa\b", low):  # "thị xã" holds "xã"
        return "xa"
    if m := re.search(r"\bthanh pho\b|\btp\b", low):
        return "tinh" if central_city(low[m.end() :].strip()) else "huyen"
    if _DISTRICT_WORD.search(low):
        return "huyen"
    if re.search(r"\btinh\b", low):
        return "tinh"
    if low.startswith("so "):
        return "so"
    return "co-quan"


def _city_level(text: str) -> str | None:
    """A bare "thành phố" means a central city when one is named, a district-level city when
    only a city under a province is named, and is left unread otherwise."""
    names = [proper_name_after(text, m.end()) for m in _CITY.finditer(text)]
    named = [fold(n) for n in names if n]
    central = any(central_city(n) for n in named) or bool(re.search(r"\bthu do\b", fold(text)))
    if central:
        return "tinh"
    return "huyen" if named else None


def _kind(title: str) -> str | None:
    low = fold(title)
    if re.search(r"phat dong|dot thi dua|chao mung", low):
        return "campaign"
    if re.search(r"cong tac thi dua.*nam \d{4}", low):
        return "annual"
    return None


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _read_date(
    lines: tuple[Line, ...], body_start: int, year: int | None, kind: str | None, as_of: date | None
) -> DateRange | None:
    if as_of:
        return DateRange(as_of, as_of, "day", "as-of", f"{as_of:%d/%m/%Y}")
    header = [ln for ln in lines if not body_start or ln.number < body_start]
    head_text = "\n".join(ln.text for ln in header[:15])
    info = read_header(head_text)
    d, m, y = info.day, info.month, info.year
    if y is None:
        found = _HEADER_DATE.search(head_text)
        if found:
            d = int(found.group(1)) if found.group(1) else None
            m = int(found.group(2)) if found.group(2) else None
            y = int(found.group(3))
    if y and m and d and (day := parse_date(str(d), str(m), str(y))):
        return DateRange(day, day, "day", "header", f"{day:%d/%m/%Y}")
    for ln in lines:
        found = _APPENDIX_REF.search(ln.text)
        if found:
            g = found.groups()
            day = parse_date(*g[0:3]) if g[0] else parse_date(*g[3:6])
            if day and (y is None or day.year == y) and (m is None or day.month == m):
                return DateRange(day, day, "day", "appendix", f"{day:%d/%m/%Y}")
    if y and m:
        start, end = _month_range(y, m)
        return DateRange(start, end, "month", "header", f"tháng {m:02d}/{y}")
    if y:
        return DateRange(date(y, 1, 1), date(y, 12, 31), "year", "header", f"năm {y}")
    if year is None:
        return None
    # Only the dates of cited documents ("Kế hoạch số 03/KH-UBND ngày 08/01/2024"), not the
    # anniversaries a preamble celebrates ("(03/02/1930 - 03/02/2025)").
    cited = [
        day
        for ln in header
        for g in _CITED_DATE.findall(ln.text)
        if (day := parse_date(*g)) and day.year in (year - 1, year)
    ]
    # A yearly plan is written from December of the year before; it implements what it cites.
    start = max([date(year - 1, 12, 1) if kind == "annual" else date(year, 1, 1), *cited])
    end = date(year, 12, 31)
    if start > end:
        return None
    return DateRange(
        start,
        end,
        "estimated",
        "estimated",
        f"năm {year}, ước tính từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}",
    )


def _period(
    lines: tuple[Line, ...], kind: str | None, year: int | None, plan_date: DateRange | None
) -> tuple[tuple[date, date] | None, bool]:
    for ln in lines:
        found = _PERIOD.search(ln.text)
        if not found:
            continue
        end = parse_date(found["ed"], found["em"], found["ey"])
        if found["issue"]:
            if end and plan_date:
                return (plan_date.start, end), True
            continue
        start = parse_date(found["sd"], found["sm"], found["sy"])
        if start and end:
            return (start, end), False
    if kind == "annual" and year:
        return (date(year, 1, 1), date(year, 12, 31)), False
    return None, False


def read_facts(doc: Document, parsed: ParsedDocument, as_of: date | None = None) -> PlanFacts:
    lines = source_lines(doc, parsed)
    title = parsed.meta.title or ""
    kind = _kind(title)
    ym = re.search(r"năm\s+(\d{4})\s*$", title)
    year = int(ym.group(1)) if ym else None
    facts = PlanFacts(
        name=parsed.meta.doc_id,
        title=title,
        issuer=parsed.meta.issuer,
        issuer_level=issuer_level(parsed.meta.issuer),
        kind=kind,
        year=year,
        date=None,
        period=None,
        period_from_issue=False,
        lines=lines,
        parsed=parsed,
        city_level=_city_level(doc.text),
        source=tuple(doc.text.split("\n")),
        source_offset=max(doc.body_line_offset, 1) - 1,
    )
    plan_date = _read_date(lines, facts.body_start, year, kind, as_of)
    year = year or (
        plan_date.start.year if plan_date and plan_date.precision != "estimated" else None
    )
    period, from_issue = _period(lines, kind, year, plan_date)
    return PlanFacts(
        **{
            **facts.__dict__,
            "date": plan_date,
            "year": year,
            "period": period,
            "period_from_issue": from_issue,
        }
    )

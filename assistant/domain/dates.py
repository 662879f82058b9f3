"""Dates named in a question ("ngày 15/02/2024", "tháng 7/2025", "năm 2023", "before 2024").

An answer is correct for a date (DESIGN §1), so the question's own date, when it names one,
becomes the "as of" date. A period resolves to a single day: the period's last day ("năm 2023"
→ 31/12/2023, the state at the end of that year), the day before it starts for "trước" /
"before", the day after it ends for "sau" / "after", its first day for "từ" / "since".
Years that are part of a document number ("06/2022/QH15") or a law's name ("Luật 2022") are
not dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.domain.phrases import fold

_MONTHS_EN = {
    name: i
    for i, names in enumerate(
        (
            (),
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        )
    )
    for name in names
}
_MON = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
_YEAR = r"(1[89]\d\d|20\d\d|2100)"

# Patterns run on the folded text (lower case, no diacritics, punctuation kept as is) so that
# "tháng" and "thang" read the same; offsets are kept because folding is per character.
_DAY_PATTERNS = (
    re.compile(rf"\b{_YEAR}-(\d{{1,2}})-(\d{{1,2}})\b"),  # ISO
    re.compile(rf"\b(\d{{1,2}})\s*[/.-]\s*(\d{{1,2}})\s*[/.-]\s*{_YEAR}\b"),
    re.compile(rf"\bngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}})\s*(?:nam|,|/)?\s*{_YEAR}\b"),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MON})\.?,?\s+{_YEAR}\b"),
    re.compile(rf"\b({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b"),
)
_MONTH_PATTERNS = (
    re.compile(rf"\bthang\s+(\d{{1,2}})\s*(?:nam|/|-)\s*{_YEAR}\b"),
    re.compile(rf"(?<![\d/.-])(\d{{1,2}})\s*/\s*{_YEAR}\b(?!\s*/)"),
    re.compile(rf"\b({_MON})\.?,?\s+(?:of\s+)?{_YEAR}\b"),
)
_YEAR_PATTERN = re.compile(rf"(?<![\d/.-]){_YEAR}(?![\d/]|-\d)")

_BEFORE = ("truoc", "truoc ngay", "truoc nam", "truoc thang", "before", "prior to", "earlier than")
_AFTER = ("sau", "sau ngay", "sau nam", "sau thang", "after", "later than")
_FROM = ("tu", "tu ngay", "tu nam", "ke tu", "ke tu ngay", "since", "from", "as of", "starting")
_LAW_WORDS = ("luat", "law", "nghi dinh", "decree", "thong tu", "circular", "hien phap")


@dataclass(frozen=True)
class DateMention:
    start: date  # first day of the period named
    end: date  # last day of the period named
    granularity: str  # "day", "month", "year"
    relation: str  # "on", "before", "after", "from"
    span: tuple[int, int]
    text: str

    @property
    def resolved(self) -> date:
        """The single day this mention stands for (see the module docstring)."""
        if self.relation == "before":
            return self.start - timedelta(days=1)
        if self.relation == "after":
            return self.end + timedelta(days=1)
        if self.relation == "from":
            return self.start
        return self.end


def _folded_same_length(text: str) -> str:
    # fold() collapses punctuation; here every character maps to exactly one so offsets match.
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else (ch.lower() if not ch.isalnum() else "x"))
    return "".join(out)


def _relation(folded: str, start: int) -> str:
    before = re.sub(r"\s+", " ", folded[max(0, start - 20) : start]).strip(" ,:")
    for words, rel in ((_BEFORE, "before"), (_AFTER, "after"), (_FROM, "from")):
        if any(re.search(rf"(?:^|\W){re.escape(w)}$", before) for w in words):
            return rel
    return "on"


def _month_num(token: str) -> int:
    return int(token) if token.isdigit() else _MONTHS_EN[token.rstrip(".")]


def extract_dates(text: str) -> list[DateMention]:
    """Every date, month or year named in `text`, in text order."""
    folded = _folded_same_length(text)
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(start: date, end: date, gran: str, m: re.Match) -> None:
        a, b = m.span()
        taken.append((a, b))
        found.append(DateMention(start, end, gran, _relation(folded, a), (a, b), text[a:b]))

    for i, pat in enumerate(_DAY_PATTERNS):
        for m in pat.finditer(folded):
            if not free(*m.span()):
                continue
            g = m.groups()
            if i == 0:
                y, mo, d = int(g[0]), int(g[1]), int(g[2])
            elif i == 4:
                mo, d, y = _month_num(g[0]), int(g[1]), int(g[2])
            else:
                d, mo, y = int(g[0]), _month_num(g[1]), int(g[2])
            try:
                day = date(y, mo, d)
            except ValueError:
                continue
            add(day, day, "day", m)
    for pat in _MONTH_PATTERNS:
        for m in pat.finditer(folded):
            if not free(*m.span()):
                continue
            mo, y = _month_num(m.group(1)), int(m.group(2))
            if not 1 <= mo <= 12:
                continue
            last = calendar.monthrange(y, mo)[1]
            add(date(y, mo, 1), date(y, mo, last), "month", m)
    for m in _YEAR_PATTERN.finditer(folded):
        if not free(*m.span()):
            continue
        context = folded[max(0, m.start() - 40) : m.start()]
        after = folded[m.end() : m.end() + 12]
        # "Luật Thi đua, khen thưởng 2022", "the 2022 law": a law's name, not a date.
        if re.search(r"^\s*(?:law|luat|decree)\b", after) or any(
            re.search(rf"\b{w}\b[^.;?!]{{0,30}}$", context) for w in _LAW_WORDS
        ):
            continue
        y = int(m.group(1))
        add(date(y, 1, 1), date(y, 12, 31), "year", m)
    found.sort(key=lambda d: d.span)
    return found


_RANK = {"day": 0, "month": 1, "year": 2}


def extract_date(text: str) -> date | None:
    """The most specific date named in `text`, resolved to one day; None if there is none.

    >>> extract_date("Quyết định ký ngày 15/02/2024 theo luật nào?")
    datetime.date(2024, 2, 15)
    >>> extract_date("before 2024")
    datetime.date(2023, 12, 31)
    """
    mentions = extract_dates(text)
    if not mentions:
        return None
    best = min(mentions, key=lambda d: (_RANK[d.granularity], d.span[0]))
    return best.resolved

"""What a plan's lines mention: legal texts (and their forms), authorities of the district level,
awards with the body that grants them, and deadlines.

Legal texts are named by số hiệu ("Nghị định số 91/2017/NĐ-CP") or, for the Law on TĐKT, by name
with an optional year ("Luật sửa đổi, bổ sung một số điều của Luật thi đua, khen thưởng năm
2013"). A name with a year means the law of that year, whatever is in force on the plan's date;
without a year it means the one in force then (the registry decides).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from assistant.domain.levels import unit_words
from assistant.domain.places import central_city
from assistant.draft.plan_facts import (
    DATE,
    Line,
    fold,
    parse_date,
    proper_name_after,
)
from assistant.registry import Registry

_SO_HIEU = re.compile(
    r"(?<![\w/])(\d{1,4}[a-z]?\s*/\s*\d{4}\s*/\s*(?:QH\d{1,2}|[A-ZĐ]{1,5}(?:\s*-\s*[A-ZĐ]{1,6}){1,2})"
    # the Party's documents: "Chỉ thị số 34-CT/TW", "Kết luận số 01-KL/TW"
    r"|\d{1,3}\s*-\s*(?:CT|NQ|KL|QĐ|HD)\s*/\s*TW)(?![\w/])"
)
_TYPE_BEFORE = re.compile(
    r"(Luật|Nghị định|Thông tư(?: liên tịch)?|Quyết định|Chỉ thị|Nghị quyết)"
    r"(?:\s+số)?\s*:?\s*$",
    re.I,
)
_NAMED_LAW = re.compile(
    r"Luật\s+(?P<amend>sửa đổi(?:,?\s+bổ sung)?\s+(?:một số điều\s+)?(?:của\s+)?(?:Luật\s+)?)?"
    r"(?:thi đua\s*,?\s*(?:-\s*)?(?:và\s+)?khen thưởng|TĐKT)"
    # its year, alone or in the date it was passed ("… ngày 15 tháng 6 năm 2022", "… 15/6/2022")
    r"(?:\s+(?:ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+|ngày\s+\d{1,2}/\d{1,2}/|năm\s+|số\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?![\d/]))?",
    re.I,
)
_FORM = re.compile(r"[Mm]ẫu\s*(?:số\s*)?(\d{1,2}[a-z]?)\b[^.;]{0,60}$")
# Words that present a text as history rather than as something the plan applies.
_HISTORY = re.compile(r"thay thế|thay cho|bãi bỏ|hết hiệu lực|trước đây", re.I)
_NATIONAL_CODES = re.compile(r"/(?:QH\d+|NĐ-CP|TT-[A-ZĐ]+|TTLT-[A-ZĐ-]+)$")

# Bodies of the district level: UBND / Chủ tịch UBND / HĐND / Hội đồng or Ban TĐKT / a phòng,
# ban, trung tâm, văn phòng, thanh tra or công an of a huyện, quận, thị xã or thành phố ("UBND
# Quận Hai Bà Trưng", "phòng Nội vụ huyện", "Trung tâm Văn hóa huyện"), and Huyện/Quận/Thị ủy.
_DISTRICT_WORD = rf"(?P<level>{'|'.join(unit_words('huyen'))}|thành phố|TP\.?)"
_AUTHORITY = re.compile(
    r"(?P<body>(?:Chủ tịch\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)"
    r"|Hội đồng\s+(?:Thi đua\s*[-–,]?\s*Khen thưởng|TĐKT|TĐ\s*-\s*KT)|HĐ\s*TĐKT|HĐTĐKT"
    r"|Ban\s+(?:Thi đua\s*[-–,]?\s*Khen thưởng|TĐKT|TĐ\s*-\s*KT)"
    r"|(?:[Pp]hòng|Ban|Trung tâm|Văn phòng|Thanh tra|Công an)\s+(?-i:[A-ZĐÀ-Ỹ])[^,.;()]{1,40}?)"
    r"\s+(?:cấp\s+)?" + _DISTRICT_WORD + r"\b"
    # the district party committees ended with the district level ("Huyện ủy chỉ đạo")
    r"|(?P<party>(?:Ban Thường vụ\s+)?(?-i:Huyện|Quận|Thị)\s+(?:ủy|uỷ)\b)",
    re.I,
)
_GRANTED = re.compile(
    r"(?P<award>Bằng khen|Cờ thi đua|Giấy khen|Kỷ niệm chương)\s+(?:của\s+)?(?:Chủ tịch\s+)?"
    r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:các\s+)?(?:cấp\s+)?"
    rf"(?P<level>{'|'.join(unit_words())})\b",
    re.I,
)
_GRANTS = re.compile(
    r"(?:Chủ tịch\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:cấp\s+)?"
    rf"(?P<level>{'|'.join(unit_words('xa'))})\b[^.;:]{{0,60}}?\btặng\s+(?:danh hiệu\s+)?"
    r"(?P<award>[^.;:,(]{3,60})",
    re.I,
)
# what follows "tặng" up to whom it is given: the list of titles and forms granted
# ("tặng danh hiệu “Lao động tiên tiến”, “Gia đình văn hóa”, danh hiệu “Chiến sĩ thi đua cơ sở” và
# Giấy khen cho …")
_GRANTED_LIST = re.compile(r"[^.;:()]{3,220}?(?=\s+cho\b|[.;:(]|$)")
_CUE = re.compile(r"(?:trước|chậm nhất|hạn chót|hạn|đến hết|đến|từ|xong)\s*(?:ngày\s*)?$", re.I)
# A text "có hiệu lực từ 01/01/2025" states a fact, not a deadline of the plan.
_NOT_A_DEADLINE = re.compile(r"hiệu lực\s*(?:thi hành\s*)?(?:kể\s*)?từ\s*(?:ngày\s*)?$", re.I)
_SPAN = re.compile(DATE + r"\s*[-–]\s*" + DATE)


@dataclass(frozen=True)
class DocMention:
    line: Line
    text: str  # as written
    doc_id: str | None  # None: not known to the registry
    number: str | None  # the số hiệu as written, when named by number
    form: str | None  # "08" when a form of the text is cited
    historical: bool = False  # named as replaced ("thay thế Nghị định 98/2023"), not applied


@dataclass(frozen=True)
class AuthorityMention:
    line: Line
    text: str
    level: str  # huyen | tinh (a bare "thành phố" read with the plan's context)


@dataclass(frozen=True)
class GrantMention:
    line: Line
    award_text: str
    level: str  # the granting body's level: xa | huyen | tinh
    text: str


@dataclass(frozen=True)
class Deadline:
    line: Line
    day: date
    cue: str
    pos: int  # position in the line (text order)
    range_start: date | None = None  # "từ A đến B": A, when this is B


def _clean_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw)


def _named_law_id(m: re.Match, registry: Registry, on: date) -> str | None:
    year = m.group("year")
    if year is None:
        return registry.resolve_doc(m.group(0), on)
    roles = ("amending-law",) if m.group("amend") else ("law", "consolidated-law")
    cands = [
        e
        for e in registry.entries()
        if e.family == "luat-tdkt" and e.issued and e.issued.year == int(year) and e.role in roles
    ]
    cands.sort(key=lambda e: (e.role != "law", e.doc_id))
    return cands[0].doc_id if cands else None


def _historical(text: str, start: int, end: int) -> bool:
    """Within its clause ("…; …"), is the text named as replaced or repealed?"""
    left = text[max(0, start - 60) : start].split(";")[-1]
    right = text[end : end + 40].split(";")[0]
    return bool(_HISTORY.search(left) or _HISTORY.search(right))


def find_documents(lines: tuple[Line, ...], registry: Registry, on: date) -> list[DocMention]:
    out: list[DocMention] = []
    for ln in lines:
        numbered: list[tuple[int, int]] = []
        for m in _SO_HIEU.finditer(ln.text):
            number = _clean_number(m.group(1))
            before = ln.text[: m.start()]
            typed = _TYPE_BEFORE.search(before)
            ref = f"{typed.group(1)} {number}" if typed else number
            doc_id = registry.resolve_doc(ref, on) or registry.resolve_doc(number, on)
            form = _FORM.search(before[-90:])
            numbered.append(m.span())
            out.append(
                DocMention(
                    ln,
                    ref,
                    doc_id,
                    number,
                    form.group(1) if form else None,
                    _historical(ln.text, m.start(), m.end()),
                )
            )
        for m in _NAMED_LAW.finditer(ln.text):
            tail = ln.text[m.end() : m.end() + 25]
            if any(s <= m.end() and m.start() <= e for s, e in numbered) or re.match(
                r"\s*(?:số\s*)?\d{1,3}/\d{4}", tail
            ):
                continue  # named together with its số hiệu: the number decides
            out.append(
                DocMention(
                    ln,
                    m.group(0),
                    _named_law_id(m, registry, on),
                    None,
                    None,
                    _historical(ln.text, m.start(), m.end()),
                )
            )
    return out


def is_national_number(number: str | None) -> bool:
    """Laws, decrees and circulars (which a national framework lists), not local decisions."""
    return bool(number and _NATIONAL_CODES.search(number))


def _district_level(word: str, name: str | None, city_level: str | None) -> str | None:
    word = fold(word).rstrip(".")
    if word in ("huyen", "quan", "thi xa"):
        return "huyen"
    if name:
        return "tinh" if central_city(name) else "huyen"
    return city_level  # a bare "thành phố": as the plan's context reads it (may be None)


def find_authorities(lines: tuple[Line, ...], city_level: str | None) -> list[AuthorityMention]:
    out = []
    for ln in lines:
        for m in _AUTHORITY.finditer(ln.text):
            if m.group("party"):
                out.append(AuthorityMention(ln, m.group("party"), "huyen"))
                continue
            name = proper_name_after(ln.text, m.end())
            level = _district_level(m.group("level"), name, city_level)
            if level == "huyen":
                text = f"{m.group(0).strip()} {name}" if name else m.group(0).strip()
                out.append(AuthorityMention(ln, text, level))
    return out


def _grant_level(word: str, name: str | None, city_level: str | None) -> str | None:
    w = fold(word)
    if w in ("phuong", "xa", "thi tran", "dac khu"):
        return "xa"
    if w == "tinh":
        return "tinh"
    return _district_level(word, name, city_level)


def _award_names(text: str) -> list[str]:
    """The awards a list names, each as written ("Lao động tiên tiến", "Giấy khen")."""
    from assistant.domain import load_catalog

    found = load_catalog().match(text)
    return list(dict.fromkeys(m.award.name_vi for m in found if not m.inferred))


def find_grants(lines: tuple[Line, ...], city_level: str | None) -> list[GrantMention]:
    out = []
    for ln in lines:
        for m in _GRANTED.finditer(ln.text):
            name = proper_name_after(ln.text, m.end())
            level = _grant_level(m.group("level"), name, city_level)
            if level:
                out.append(GrantMention(ln, m.group("award"), level, m.group(0)))
        for m in _GRANTS.finditer(ln.text):
            listed = _GRANTED_LIST.match(ln.text, m.start("award"))
            names = _award_names(listed.group(0)) if listed else []
            before = ln.text[m.start() : m.start("award")].strip()
            for name in names or [m.group("award").strip()]:
                out.append(GrantMention(ln, name, "xa", f"{before} … {name}"))
    return out


def _spans_to_skip(text: str) -> list[tuple[int, int]]:
    # "(03/02/1930 - 03/02/2025)" is an anniversary, not a deadline.
    return [
        m.span() for m in _SPAN.finditer(text) if "(" in text[max(0, m.start() - 2) : m.start()]
    ]


def find_deadlines(lines: tuple[Line, ...], from_line: int) -> Iterator[Deadline]:
    """Dates the plan sets as deadlines: a date after "trước", "đến", "từ", "chậm nhất" …"""
    date_re = re.compile(DATE)
    for ln in lines:
        if ln.number < from_line:
            continue
        skip = _spans_to_skip(ln.text)
        previous: Deadline | None = None
        for m in date_re.finditer(ln.text):
            if any(s <= m.start() < e for s, e in skip):
                continue
            day = parse_date(*m.groups())
            before = ln.text[max(0, m.start() - 32) : m.start()]
            cue = _CUE.search(before[-22:])
            if day is None or cue is None or _NOT_A_DEADLINE.search(before):
                previous = None
                continue
            word = fold(cue.group(0)).split()[0]
            joined = ln.text[previous.pos : m.start()] if previous else ""
            start = (
                previous.day
                if previous
                and previous.cue == "tu"
                and re.search(r"đến|tới|-|–", joined)
                and len(joined) < 40
                else None
            )
            previous = Deadline(ln, day, word, m.start(), start)
            yield previous

"""Checks of a plan against itself, as a reviewer reads it: the number in the header against
the number its appendix repeats, a period written two ways, one document called by two types,
an appendix announced and absent, dossiers due after the campaign they close, an award power
given to the People's Committee where the Law gives it to its chairman, and a province's rule
made before the 2025 merger cited after it.

Each rule reads ``rules.Context`` and yields findings (``rules.finding``); none depends on a
list of places or documents kept here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from assistant.draft.findings import Finding
from assistant.draft.plan_facts import Line, fold, parse_date
from assistant.draft.rules import Context, finding
from assistant.registry.validity import fmt

# "Số: 14/KH-UBND", "Số: /KH-UBND" (left blank to be filled at signing)
_HEADER_NUMBER = re.compile(r"^\s*Số\s*:?\s*(?P<n>\d*)\s*/\s*(?P<code>KH[-\w]*)", re.I)
# "(Kèm theo Kế hoạch số 14/KH-UBND ngày 13/01/2025 …)"
_APPENDIX_OF = re.compile(
    r"[Kk]èm theo Kế hoạch(?: số)?\s*(?P<n>\d+)\s*/\s*(?P<code>KH[-\w]*)"
    r"(?:\s+ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}))?"
)
# "05 năm (2020 - 2025)", "giai đoạn 2021 - 2025", "nhiệm kỳ 2020 - 2025"
_YEARS = re.compile(r"(?<![\d/])((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?![\d/])")
_COUNT_BEFORE = re.compile(r"(\d{1,2})\s+năm\s*\(?\s*$")
_TERM_BEFORE = re.compile(r"nhiệm kỳ\s*\(?\s*$|kỷ niệm|thành lập|ngày sinh|năm ngày", re.I)
# "Hướng dẫn số 05/HD-HĐTĐKT", "Công văn số 05/…": the type a document is called by
_TYPED_REF = re.compile(
    r"\b(?P<type>Hướng dẫn|Công văn|Kế hoạch|Quyết định|Chỉ thị|Nghị quyết|Thông báo|Kết luận|"
    r"Thông tư|Nghị định|Chương trình|Đề án)\s+(?:số\s*)?"
    r"(?P<n>\d{1,4}(?:/\d{4})?/[A-ZĐ][A-ZĐ\-]*)"
)
_ANNOUNCED_APPENDIX = re.compile(
    r"\b(?:có|các|kèm theo|tại|theo)\s+[Pp]hụ lục\b|[Pp]hụ lục\s*(?:\d+|[IVX]+)?\s*kèm theo", re.I
)
_APPENDIX_HEADING = re.compile(r"^\W*PHỤ LỤC\b|^\W*Phụ lục\s*(?:\d+|[IVX]+)?\s*$")
# the People's Committee deciding awards where the Law names its chairman (Luật Điều 79, 80)
_BODY_DECIDES = re.compile(
    r"(?<!Chủ tịch )(?<!Chủ tịch\s)\b(?P<body>UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+"
    r"(?P<where>(?:cấp\s+)?(?:xã|phường|đặc khu|tỉnh|thành phố)[^,.;:()]{0,30}?)\s+"
    r"(?P<act>quyết định khen thưởng|quyết định tặng|tặng Giấy khen|tặng Bằng khen|khen thưởng "
    r"(?:cho|các))",
)
_TITLE_SPAN = re.compile(
    r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
)
_DOSSIER = re.compile(r"\bhồ sơ\b", re.I)
# a provincial decision by its number: "Quyết định số 30/2024/QĐ-UBND ngày 10/9/2024"
_PROVINCIAL_RULE = re.compile(
    r"Quyết định(?: số)?\s*(?P<n>\d{1,4}/(?P<y>\d{4})/QĐ-UBND)"
    r"(?:\s+ngày\s+(?P<d>\d{1,2})\s*(?:/|tháng)\s*(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<yy>\d{4}))?"
)


def _header(ctx: Context) -> list[Line]:
    start = ctx.facts.body_start or 10**9
    return [ln for ln in ctx.facts.lines if ln.number < start]


def header_number(ctx: Context) -> Iterator[Finding]:
    """The header's number against the one the appendix repeats ("Kèm theo Kế hoạch số 14/…")."""
    found = next(((ln, m) for ln in _header(ctx) if (m := _HEADER_NUMBER.match(ln.text))), None)
    if found is None:
        return
    head_line, head = found
    for ln in ctx.facts.lines:
        m = _APPENDIX_OF.search(ln.text)
        if not m:
            continue
        number = f"{m.group('n')}/{m.group('code')}"
        if not head.group("n"):
            yield finding(
                "warning",
                "number-blank-appendix-numbered",
                f"Số ký hiệu ở phần đầu để trống (“{head_line.text}”) nhưng phụ lục ghi "
                f"“Kế hoạch số {number}”.",
                head_line,
                f"Ghi cùng một số ký hiệu ở phần đầu và ở phụ lục (“Số: {number}”), hoặc để "
                "trống cả hai để cấp số khi ký.",
            )
        elif head.group("n") != m.group("n"):
            yield finding(
                "error",
                "number-mismatch",
                f"Số ký hiệu ở phần đầu (“{head.group('n')}/{head.group('code')}”) khác số ở phụ "
                f"lục (“{number}”).",
                ln,
                "Sửa cho phụ lục ghi đúng số ký hiệu của kế hoạch.",
            )
        day = parse_date(m.group("d"), m.group("m"), m.group("y")) if m.group("y") else None
        plan = ctx.facts.date
        if (
            day
            and plan
            and plan.source == "header"
            and plan.precision == "day"
            and day != plan.start
        ):
            yield finding(
                "warning",
                "date-mismatch",
                f"Ngày ở phụ lục ({fmt(day)}) khác ngày ban hành ở phần đầu ({plan.text}).",
                ln,
                "Ghi cùng một ngày ban hành ở phần đầu và ở phụ lục.",
            )
        return  # one appendix reference decides


def periods(ctx: Context) -> Iterator[Finding]:
    """A period of N years written with years that do not make N ("05 năm (2020 - 2025)"),
    when the plan itself writes the same period the other way ("2021 - 2025")."""
    spans: list[tuple[Line, int, int, int | None, bool]] = []
    for ln in ctx.facts.lines:
        for m in _YEARS.finditer(ln.text):
            before = ln.text[: m.start()]
            count = _COUNT_BEFORE.search(before)
            term = bool(_TERM_BEFORE.search(before[-40:]))
            spans.append(
                (ln, int(m.group(1)), int(m.group(2)), int(count.group(1)) if count else None, term)
            )
    for ln, first, last, count, term in spans:
        if count is None or term or last - first + 1 == count:
            continue
        other = next(
            (s for s in spans if s[2] == last and s[1] == last - count + 1 and not s[4]), None
        )
        if other is None:
            continue
        yield finding(
            "warning",
            "period-inconsistent",
            f"“{count:02d} năm ({first} - {last})” là {last - first + 1} năm tính cả hai đầu; "
            f"ở dòng {other[0].number} kế hoạch ghi giai đoạn {other[1]} - {other[2]}.",
            ln,
            f"Ghi thống nhất một giai đoạn: {count:02d} năm ({last - count + 1} - {last}).",
        )


def document_types(ctx: Context) -> Iterator[Finding]:
    """One document called by two types ("Hướng dẫn số 05/HD-…" and "Công văn số 05/HD-…")."""
    seen: dict[str, tuple[str, Line]] = {}
    reported: set[str] = set()
    for ln in ctx.facts.lines:
        for m in _TYPED_REF.finditer(ln.text):
            number, kind = m.group("n"), m.group("type")
            if number not in seen:
                seen[number] = (kind, ln)
                continue
            first, where = seen[number]
            if fold(first) != fold(kind) and number not in reported:
                reported.add(number)
                yield finding(
                    "warning",
                    "document-type-mismatch",
                    f"Văn bản số {number} được gọi là “{first}” (dòng {where.number}) và là "
                    f"“{kind}” ở đây.",
                    ln,
                    "Gọi văn bản đúng tên loại của nó (tên loại in trên văn bản) ở mọi chỗ.",
                )


def announced_appendix(ctx: Context) -> Iterator[Finding]:
    """The plan announces an appendix ("có phụ lục kèm theo") that it does not carry."""
    has = any(
        ln.section and fold(ln.section).startswith("phu luc") for ln in ctx.facts.lines
    ) or any(_APPENDIX_HEADING.match(ln.text) for ln in ctx.facts.lines)
    if has:
        return
    for ln in ctx.facts.lines:
        if ln.section == "chữ ký":
            continue
        if _ANNOUNCED_APPENDIX.search(ln.text):
            yield finding(
                "warning",
                "appendix-missing",
                "Kế hoạch nhắc đến phụ lục kèm theo nhưng không có phụ lục nào.",
                ln,
                "Đính kèm phụ lục (tiêu đề “Phụ lục”, dòng “Kèm theo Kế hoạch số … ngày …”) "
                "hoặc bỏ câu nhắc đến nó (NĐ 30/2020/NĐ-CP Phụ lục I mục II.10).",
            )
            return


def dossier_after_campaign(ctx: Context) -> Iterator[Finding]:
    """A campaign's award dossiers due after the occasion it celebrates (the anniversary in its
    title, "(01/10/1991 – 01/10/2021)"): the awards cannot be presented at it. Dossiers after
    the campaign's own period are normal (results are counted to its last day)."""
    facts = ctx.facts
    if facts.kind != "campaign":
        return
    spans = list(_TITLE_SPAN.finditer(facts.title))
    occasion = parse_date(*spans[-1].group(4, 5, 6)) if spans else None
    if occasion is None:
        return
    for d in ctx.deadlines:
        if d.cue == "tu" or d.day < occasion or not _DOSSIER.search(d.line.text):
            continue
        yield finding(
            "warning",
            "dossier-after-occasion",
            f"Hạn nộp hồ sơ {fmt(d.day)} không trước ngày kỷ niệm mà đợt thi đua chào mừng "
            f"({fmt(occasion)}): không kịp khen thưởng tại lễ kỷ niệm.",
            d.line,
            "Đặt hạn nộp hồ sơ trước ngày kỷ niệm, đủ thời gian xét và trình khen thưởng.",
        )


def body_for_chairman(ctx: Context) -> Iterator[Finding]:
    """ "UBND xã quyết định khen thưởng": the Law gives the power to the chairman."""
    for ln in ctx.facts.lines:
        if ln.section == "chữ ký" or ln.number < (ctx.facts.body_start or 0):
            continue
        for m in _BODY_DECIDES.finditer(ln.text):
            if re.search(r"Chủ tịch\s*$", ln.text[: m.start()]):
                continue
            yield finding(
                "warning",
                "authority-body-not-chairman",
                f"“{m.group(0)}”: thẩm quyền quyết định khen thưởng là của Chủ tịch Ủy ban nhân "
                "dân, không phải của Ủy ban nhân dân (Luật Thi đua, khen thưởng 2022, Điều 79, "
                "Điều 80).",
                ln,
                f"Ghi “Chủ tịch {m.group('body')} {m.group('where').strip()} {m.group('act')}”.",
            )


def pre_merger_rules(ctx: Context) -> Iterator[Finding]:
    """A province's decision made before the 1 July 2025 merger, cited by a plan issued after
    it: information, to check whether the merged province has replaced it."""
    facts, merger = ctx.facts, ctx.abolished  # the two-level local government began that day
    if facts.date is None or merger is None or facts.date.start < merger:
        return
    for ln in facts.lines:
        for m in _PROVINCIAL_RULE.finditer(ln.text):
            made = parse_date(m.group("d"), m.group("m"), m.group("yy")) if m.group("yy") else None
            if (made or date(int(m.group("y")), 12, 31)) >= merger:
                continue
            yield finding(
                "info",
                "provincial-rule-before-merger",
                f"Quyết định {m.group('n')} của cấp tỉnh ban hành trước khi sắp xếp đơn vị hành "
                f"chính và chính quyền địa phương hai cấp ({fmt(merger)}).",
                ln,
                "Kiểm tra tỉnh sau sắp xếp đã ban hành quy định mới thay thế chưa; nếu có, dẫn "
                "quy định mới.",
                kind="check",
            )


# the date line of the header: "Ninh Kiều, ngày 5 tháng 1 năm 2026"
_DATE_LINE = re.compile(
    r"^\W*(?P<place>[^,;|]{1,40}?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+\d{4}"
)
_UNIT_OF_ISSUER = re.compile(r"\b(?:xã|phường|đặc khu)\s+(?P<name>.+)$", re.I)


def place_and_date_line(ctx: Context) -> Iterator[Finding]:
    """NĐ 30/2020 Phụ lục I II.4: a commune or ward writes its own name as the place (where it
    has its seat), and a day below 10 and the months 1 and 2 are written with a leading 0."""
    for ln in _header(ctx):
        m = _DATE_LINE.match(ln.text)
        if not m:
            continue
        day, month = m.group("d"), m.group("m")
        if (int(day) < 10 and len(day) == 1) or (int(month) < 3 and len(month) == 1):
            yield finding(
                "warning",
                "date-line-format",
                f"Ngày ban hành “ngày {day} tháng {month}” thiếu số 0 phía trước.",
                ln,
                f"Ghi “ngày {int(day):02d} tháng {int(month):02d}” (NĐ 30/2020/NĐ-CP Phụ lục I "
                "mục II.4.b: ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 phía trước).",
            )
        unit = _UNIT_OF_ISSUER.search(ctx.facts.issuer or "")
        # the place is what follows the number's cell on a line pasted from the header table
        place = re.split(r"\t|\s{2,}|\|", m.group("place"))[-1].strip(" *_")
        place = re.sub(r"^Số\s*:?\s*\S*\s+", "", place)
        if ctx.facts.issuer_level == "xa" and unit and fold(place) != fold(unit.group("name")):
            yield finding(
                "warning",
                "place-line",
                f"Địa danh “{place}” không phải tên đơn vị hành chính nơi {ctx.facts.issuer} "
                "đóng trụ sở.",
                ln,
                f"Ghi “{unit.group('name').strip()}, ngày … tháng … năm …” (NĐ 30/2020/NĐ-CP "
                "Phụ lục I mục II.4.a).",
            )
        return


_COLLECTIVE_ISSUER = re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\b", re.I)
_CHAIR = re.compile(r"^\W*(?:KT\.\s*)?(?:PHÓ\s+)?CHỦ TỊCH\b")
_TM = re.compile(r"\bTM\s*\.")


def collective_signature(ctx: Context) -> Iterator[Finding]:
    """A plan of the People's Committee (a collective body) is signed "TM. ỦY BAN NHÂN DÂN"
    above the chairman's title (NĐ 30/2020 Phụ lục I II.7.b; four of the five seed plans do)."""
    if not _COLLECTIVE_ISSUER.match(ctx.facts.issuer or ""):
        return
    block = [ln for ln in ctx.facts.lines if ln.section == "chữ ký"]
    chair = next((ln for ln in block if _CHAIR.match(ln.text)), None)
    if chair is None or any(_TM.search(ln.text) for ln in block):
        return
    yield finding(
        "warning",
        "signer-tm-missing",
        "Kế hoạch của Ủy ban nhân dân ký thay mặt tập thể nhưng thiếu dòng “TM. ỦY BAN NHÂN "
        "DÂN” trên chức vụ người ký.",
        chair,
        "Ghi “TM. ỦY BAN NHÂN DÂN” rồi “CHỦ TỊCH” (hoặc “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH”) (NĐ "
        "30/2020/NĐ-CP Phụ lục I mục II.7.b).",
    )

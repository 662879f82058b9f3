"""Checks that depend on the plan's date: legal texts in force, authorities that still exist,
awards within the granting body's competence, deadlines inside the plan's period and in order.

The fix of an outdated text comes from the registry's successor chain (91/2017/NĐ-CP →
98/2023/NĐ-CP → 152/2025/NĐ-CP; an amending law → the law that replaced the one it amended).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from assistant.draft import awards as award_rules
from assistant.draft.citing import cite
from assistant.draft.findings import Finding
from assistant.draft.mentions import (
    DocMention,
    find_authorities,
    find_documents,
    find_grants,
    is_national_number,
)
from assistant.draft.rules import GRACE, LEVEL_VI, Context, finding
from assistant.models import Coverage
from assistant.registry.entries import RegistryEntry
from assistant.registry.validity import fmt, lapse_note, start_bound


def _successor(ctx: Context, entry: RegistryEntry, day: date) -> str | None:
    reg = ctx.registry
    for start in (entry.doc_id, *entry.amends):
        current = reg.current_version(start, day)
        if current != entry.doc_id and reg.validity(current, day).in_force:
            return current
    if entry.family == "luat-tdkt":
        return reg.main_law(day)
    return None


def _fix(ctx: Context, entry: RegistryEntry, mention: DocMention, day: date) -> str | None:
    """What to cite instead on `day`: the text of the successor chain in force then."""
    successor = _successor(ctx, entry, day)
    if successor is None:
        return "Bỏ văn bản này khỏi căn cứ; dẫn văn bản đang có hiệu lực vào ngày ban hành."
    other = ctx.registry.get(successor)
    label = ctx.registry.label(successor)
    named = label if successor in label else f"{label} ({successor})"
    text = (
        f"Dẫn {named}, có hiệu lực từ {fmt(start_bound(other))}"
        if other and start_bound(other) and start_bound(other) > ctx.facts.date.start
        else f"Dẫn {named}"
    )
    if mention.form:
        text += f"; dùng mẫu tương ứng trong Phụ lục của {label}"
        coverage = (
            other.coverage if other and other.indexed else (other.expected if other else None)
        )
        if coverage is not Coverage.FULL:
            text += (
                " (kho văn bản chưa có nội dung các mẫu: đối chiếu số mẫu với văn bản chính thức)"
            )
    later = other.expired if other else None
    if later and ctx.horizon and later <= ctx.horizon:
        nxt = ", ".join(other.replaced_by) if other else ""
        text += f"; văn bản này hết hiệu lực từ {fmt(later)}" + (
            f" ({nxt} thay thế)" if nxt else ""
        )
    return text + "."


def _name(ctx: Context, mention: DocMention, entry: RegistryEntry | None) -> str:
    name = entry.label if entry else mention.text
    return f"Mẫu số {mention.form} của {name}" if mention.form else name


def legal_texts(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    if facts.date is None:
        return
    start, end, when = facts.date.start, facts.date.end, facts.date.text
    seen: set[tuple] = set()
    for m in find_documents(facts.lines, ctx.registry, start):
        key = (m.doc_id or m.number, m.line.number)
        if key in seen or m.historical:
            continue
        seen.add(key)
        m = replace(m, line=facts.line_of(m.line, m.number or m.text))
        entry = ctx.registry.get(m.doc_id) if m.doc_id else None
        if entry is None:
            if m.number and is_national_number(m.number):
                yield _unknown(ctx, m)
            continue
        v_start = ctx.registry.validity(entry.doc_id, start)
        v_end = ctx.registry.validity(entry.doc_id, end)
        in_start, in_end = v_start.governs, v_end.governs
        name = _name(ctx, m, entry)
        if v_end.lapsed and in_end:
            # lapsed by its own terms, nothing known replaces it: a point to check, not an error
            yield finding(
                "info",
                "basis-lapsed-check",
                lapse_note(entry, "vi"),
                m.line,
                "Kiểm tra văn bản kéo dài hoặc thay thế trước khi ký.",
            )
            continue
        if not in_start and not in_end:
            begins = start_bound(entry)
            if begins and begins > end:
                yield finding(
                    "warning",
                    "basis-not-yet-in-force",
                    f"{name} chưa có hiệu lực vào ngày ban hành kế hoạch ({when}); "
                    f"có hiệu lực từ {fmt(begins)}.",
                    m.line,
                    "Chỉ dẫn văn bản đã có hiệu lực, hoặc ghi rõ thời điểm áp dụng.",
                )
                continue
            gone = f" từ {fmt(entry.expired)}" if entry.expired else ""
            if not _end_verified(ctx, entry):
                # its end or its replacement is known only from unverified sources
                yield finding(
                    "info",
                    "basis-not-in-force-check",
                    f"Cần kiểm tra: theo nguồn chưa xác minh, {name} không còn hiệu lực vào ngày "
                    f"ban hành kế hoạch ({when}): hết hiệu lực{gone}.",
                    m.line,
                    _fix(ctx, entry, m, start),
                    kind="check",
                )
                continue
            yield finding(
                "error",
                "basis-not-in-force",
                f"{name} không còn hiệu lực vào ngày ban hành kế hoạch ({when}): hết "
                f"hiệu lực{gone}.",
                m.line,
                _fix(ctx, entry, m, start),
            )
        elif entry.expired and ctx.horizon and entry.expired <= ctx.horizon:
            yield _expires_during(ctx, entry, m, name, when)


def _expires_during(
    ctx: Context, entry: RegistryEntry, m: DocMention, name: str, when: str
) -> Finding:
    """A text in force when the plan was issued that ends before the plan does. When the text
    that replaces it was not yet issued on the plan's date, the drafter could not have cited
    it: a later change to apply ("lưu ý áp dụng"), not a drafting error."""
    successor = _successor(ctx, entry, entry.expired)
    other = ctx.registry.get(successor) if successor else None
    known = other.issued if other else None
    if other is None or (known and known > ctx.facts.date.end):
        label = ctx.registry.label(successor) if successor else None
        issued = f" (ban hành {fmt(known)}, sau ngày ban hành kế hoạch)" if known else ""
        return finding(
            "info",
            "basis-changed-since",
            f"Lưu ý áp dụng: {name} còn hiệu lực vào ngày ban hành ({when}) và hết hiệu lực từ "
            f"{fmt(entry.expired)}, trước khi kế hoạch kết thúc ({fmt(ctx.horizon)})"
            + (f"; từ ngày đó áp dụng {label}{issued}" if label else "")
            + ", theo quy định chuyển tiếp của văn bản đó.",
            m.line,
            "Không phải lỗi soạn thảo: kế hoạch đúng vào ngày ban hành. Hồ sơ lập từ "
            f"{fmt(entry.expired)} theo văn bản thay thế"
            + (f" ({label})" if label else "")
            + " và quy định chuyển tiếp của nó.",
            kind="since",
        )
    return finding(
        "warning",
        "basis-expires-during-plan",
        f"{name} còn hiệu lực vào ngày ban hành ({when}) nhưng hết hiệu lực từ "
        f"{fmt(entry.expired)}, trước khi kế hoạch kết thúc ({fmt(ctx.horizon)}); "
        "hồ sơ xét sau ngày đó theo văn bản thay thế, đã ban hành trước kế hoạch.",
        m.line,
        _fix(ctx, entry, m, entry.expired),
    )


def _end_verified(ctx: Context, entry: RegistryEntry) -> bool:
    """The end of a text is established: its own entry is verified, or a verified text
    replaced it (NĐ 98/2023 ended NĐ 91/2017, whatever else of 91/2017 is unverified)."""
    if not entry.unverified:
        return True
    return any(
        (other := ctx.registry.get(s)) is not None and not other.unverified
        for s in entry.replaced_by
    )


def _unknown(ctx: Context, m: DocMention) -> Finding:
    number = m.number or ""
    roles = (
        ("law",)
        if "/QH" in number
        else ("decree-detail",)
        if number.endswith("/NĐ-CP")
        else ("circular",)
        if "/TT-" in number
        else ()
    )
    current = [e.label for e in ctx.registry.in_force_on(ctx.facts.date.start) if e.role in roles]
    fix = "Đối chiếu hiệu lực của văn bản này vào ngày ban hành kế hoạch"
    if current:
        fix += f"; văn bản cùng loại đang có hiệu lực khi đó: {', '.join(current)}"
    return finding(
        "info",
        "basis-unknown",
        f"{m.text} không có trong danh mục văn bản của trợ lý; chưa kiểm tra được "
        f"hiệu lực vào ngày ban hành kế hoạch ({ctx.facts.date.text}).",
        m.line,
        fix + ".",
    )


def authorities(ctx: Context) -> Iterator[Finding]:
    facts, gone = ctx.facts, ctx.abolished
    if gone is None or facts.date is None:
        return
    see = "Điều 59 Nghị định số 129/2025/NĐ-CP"
    if facts.issuer_level == "huyen" and facts.date.start >= gone:
        yield finding(
            "error",
            "issuer-abolished",
            f"{facts.issuer} không còn tồn tại vào ngày ban hành ({facts.date.text}): "
            f"không còn cấp huyện từ {fmt(gone)}.",
            facts.lines[0] if facts.lines else None,
            "Kế hoạch do Ủy ban nhân dân cấp xã (xã, phường, đặc khu) hoặc cấp tỉnh ban hành.",
        )
    mentions = find_authorities(facts.lines, facts.city_level)
    if facts.date.start >= gone:
        seen: set[tuple] = set()
        for a in mentions:
            if (a.line.number, a.text) in seen:
                continue
            seen.add((a.line.number, a.text))
            office = not a.text.lower().startswith(
                ("ubnd", "ủy ban", "uỷ ban", "chủ tịch", "hđnd", "hội đồng nhân dân")
            )
            party = a.text.lower().endswith(("ủy", "uỷ"))
            fix = (
                "cấp ủy cấp xã (Đảng ủy xã, phường) hoặc Tỉnh ủy, Thành ủy"
                if party
                else "Sở Nội vụ hoặc cơ quan thường trực Hội đồng Thi đua - Khen thưởng cấp xã"
                if office
                else f"Ủy ban nhân dân, Chủ tịch Ủy ban nhân dân cấp xã ({see}) hoặc cấp tỉnh"
            )
            yield finding(
                "error",
                "authority-abolished",
                f"“{a.text}”: cấp huyện không còn từ {fmt(gone)}, trước ngày ban hành "
                f"kế hoạch ({facts.date.text}).",
                a.line,
                f"Thay bằng {fix}.",
            )
        return
    # Right on the plan's date, but a dated step addressed to it falls after the abolition.
    by_line: dict[int, list[str]] = {}
    for a in mentions:
        by_line.setdefault(a.line.number, []).append(a.text)
    known = ctx.abolition_known
    since = known is not None and known > facts.date.end
    for d in ctx.deadlines:
        names = by_line.pop(d.line.number, None) if d.cue != "tu" and d.day >= gone else None
        if not names:
            continue
        who = "”, “".join(dict.fromkeys(names))
        if since:
            yield finding(
                "info",
                "authority-changed-since",
                f"Lưu ý áp dụng: thời hạn {fmt(d.day)} gửi/trình “{who}”, nhưng cấp huyện không "
                f"còn từ {fmt(gone)} (quyết định sau ngày ban hành kế hoạch).",
                d.line,
                "Không phải lỗi soạn thảo. Từ ngày đó gửi cơ quan kế thừa (Ủy ban nhân dân, Chủ "
                f"tịch Ủy ban nhân dân cấp xã, cấp tỉnh; Sở Nội vụ) theo {see}.",
                kind="since",
            )
        else:
            yield finding(
                "warning",
                "authority-abolished-before-deadline",
                f"Thời hạn {fmt(d.day)} gửi/trình “{who}”, nhưng cấp huyện không còn từ "
                f"{fmt(gone)}, đã được quyết định trước ngày ban hành kế hoạch.",
                d.line,
                f"Đưa thời hạn lên trước {fmt(gone)} hoặc gửi cơ quan kế thừa (Ủy ban "
                f"nhân dân cấp xã, cấp tỉnh; Sở Nội vụ) theo {see}.",
            )


def competence(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    if facts.date is None:
        return
    start, end = facts.date.start, facts.date.end
    for g in find_grants(facts.lines, facts.city_level):
        matches = ctx.catalog.match(g.award_text)
        if not matches:
            continue
        award = matches[0].award
        if g.level == "huyen" and ctx.abolished and start >= ctx.abolished:
            continue  # reported as an abolished authority
        if award_rules.can_grant(g.level, award, start, ctx.catalog) or award_rules.can_grant(
            g.level, award, end, ctx.catalog
        ):
            continue
        family = [award, *ctx.catalog.children(award.id)]
        refs = [r for a in family for r in a.refs_for("authority", start)]
        who = cite(refs, ctx.registry) if refs else None
        yield finding(
            "error",
            "award-outside-competence",
            f"“{g.text}”: {LEVEL_VI.get(g.level, g.level)} không có thẩm quyền tặng "
            f"{award.name_vi} vào ngày ban hành ({facts.date.text}).",
            g.line,
            f"{LEVEL_VI.get(g.level, g.level).capitalize()} chỉ đề nghị cấp có thẩm "
            "quyền tặng" + (f" (thẩm quyền: {who})" if who else "") + ".",
        )


def deadlines(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    previous: dict[int, list] = {}
    for d in ctx.deadlines:
        if d.range_start and d.day < d.range_start:
            yield finding(
                "error",
                "deadline-order",
                f"Khoảng thời gian ngược: từ {fmt(d.range_start)} đến {fmt(d.day)}.",
                d.line,
                "Sửa lại ngày bắt đầu, ngày kết thúc.",
            )
        if d.cue == "tu":
            continue
        if facts.date and d.day < facts.date.start:
            yield finding(
                "warning",
                "deadline-before-plan-date",
                f"Thời hạn {fmt(d.day)} trước ngày ban hành kế hoạch ({facts.date.text}).",
                d.line,
                "Đặt thời hạn sau ngày ban hành hoặc bỏ nhiệm vụ đã xong.",
            )
        elif facts.period and not (facts.period[0] <= d.day <= facts.period[1] + GRACE):
            yield finding(
                "warning",
                "deadline-outside-period",
                f"Thời hạn {fmt(d.day)} nằm ngoài thời gian của kế hoạch "
                f"({fmt(facts.period[0])} - {fmt(facts.period[1])}).",
                d.line,
                "Kiểm tra lại năm, tháng của thời hạn.",
            )
        earlier = [p for p in previous.get(d.line.number, []) if p.day > d.day]
        if earlier and d.cue in ("truoc", "xong", "cham", "han"):
            yield finding(
                "warning",
                "deadline-order",
                f"Thời hạn {fmt(d.day)} sớm hơn thời hạn {fmt(earlier[-1].day)} nêu "
                "trước nó trong cùng đoạn (bước sau hết hạn trước bước trước).",
                d.line,
                "Sắp xếp thời hạn các bước theo trình tự.",
            )
        previous.setdefault(d.line.number, []).append(d)


# not in the Law's own name of a title, "Xã, phường, thị trấn tiêu biểu"
_THI_TRAN = re.compile(r"(?<!phường, )\bthị trấn\b(?! tiêu biểu)", re.I)
# named as a form ("hình thức thi đua theo đợt", "b) Thi đua theo đợt", "các phong trào thi đua
# theo đợt, theo chuyên đề"), not a campaign's own name ("Đợt thi đua chào mừng …")
_ROUND_EMULATION = re.compile(
    r"(?:hình thức[^.;]{0,40}|tổ chức\s+|phong trào\s+|^\s*(?:[-+•]|[a-zđ0-9]{1,2}[).])?\s*)"
    r"thi đua theo đợt\b",
    re.I,
)
# "Huy hiệu" as an award form of the 2003 Law; the Party's "Huy hiệu … tuổi Đảng" is another thing
_BADGE = re.compile(r"\bHuy hiệu\b(?![^.;,]{0,15}(?:tuổi Đảng|Đảng\b))")
LAW_2022_EVENT = "law-2022-in-force"


def outdated_terms(ctx: Context) -> Iterator[Finding]:
    """Words of a system that ended before the plan: the thị trấn (the commune level is xã,
    phường, đặc khu since the district level ended) and the 2003 Law's "thi đua theo đợt" and
    "Huy hiệu", which the 2022 Law no longer has (Điều 16 khoản 1, Điều 9)."""
    facts = ctx.facts
    if facts.date is None:
        return
    start = facts.date.start
    law_2022 = next((ev.date for ev in ctx.registry.events() if ev.id == LAW_2022_EVENT), None)
    for ln in (ln for ln in facts.lines if ln.number >= facts.body_start):
        if ctx.abolished and start >= ctx.abolished and (m := _THI_TRAN.search(ln.text)):
            yield finding(
                "warning",
                "unit-abolished",
                f"“thị trấn”: từ {fmt(ctx.abolished)} đơn vị hành chính cấp xã gồm xã, phường, "
                f"đặc khu; kế hoạch ban hành ngày {facts.date.text} không còn thị trấn.",
                facts.line_of(ln, m.group(0)),
                "Dùng tên xã, phường sau sắp xếp đơn vị hành chính.",
            )
        if law_2022 is None or start < law_2022:
            continue
        if m := _ROUND_EMULATION.search(ln.text):
            yield finding(
                "warning",
                "form-outdated",
                "“thi đua theo đợt” là hình thức của Luật Thi đua, khen thưởng 2003; từ "
                f"{fmt(law_2022)} hình thức tổ chức thi đua gồm thi đua thường xuyên và thi đua "
                "theo chuyên đề (điểm a, b khoản 1 Điều 16 Luật Thi đua, khen thưởng 2022).",
                facts.line_of(ln, "thi đua theo đợt"),
                "Ghi “thi đua theo chuyên đề” (hoặc “thi đua thường xuyên”).",
            )
        if m := _BADGE.search(ln.text):
            yield finding(
                "warning",
                "form-outdated",
                "“Huy hiệu” không còn là hình thức khen thưởng theo Luật Thi đua, khen thưởng "
                f"2022 (Điều 9), có hiệu lực từ {fmt(law_2022)}.",
                facts.line_of(ln, m.group(0)),
                "Dùng một hình thức khen thưởng của Điều 9 (Kỷ niệm chương, Bằng khen, Giấy khen"
                " …).",
            )

"""The content of a drafted plan: the section structure the pack's plans share, filled from data.

I. MỤC ĐÍCH, YÊU CẦU — II. NỘI DUNG (phong trào, chỉ tiêu) — III. ĐỐI TƯỢNG, THỜI GIAN — IV. DANH
HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG (the issuer's competence on the plan's date, each with its
criteria; the awards it proposes) — V. QUY TRÌNH, HỒ SƠ, THỜI HẠN (Luật Điều 84) — VI. TỔ CHỨC
THỰC HIỆN by unit — a timeline appendix. Legal texts, awards and anniversaries are computed;
what only an official knows (numbers, deadlines, names) is left as "[…]".
"""

from __future__ import annotations

import re
from datetime import date

from assistant.domain import Ref, load_catalog
from assistant.draft.award_sections import awards_part, procedure_part
from assistant.draft.bases import Basis, finance_texts, legal_bases
from assistant.draft.citing import cite
from assistant.draft.document import Para, PlanDraft
from assistant.draft.organisation import Units, recipients, units_for
from assistant.draft.period import PlanPeriod, plan_anniversaries, plan_period
from assistant.draft.spec import PLACEHOLDER as P
from assistant.draft.spec import DraftRequest, short_date, vn_date
from assistant.draft.timeline import timeline_rows
from assistant.errors import InvalidInputError
from assistant.registry import Registry

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
_FOR = {"ca_nhan": "cá nhân", "tap_the": "tập thể", "ho_gia_dinh": "hộ gia đình"}
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _in_force(refs: tuple[Ref, ...], registry: Registry, on: date) -> tuple[Ref, ...]:
    out = []
    for r in refs:
        entry = registry.get(r.doc)
        if entry is None or registry.validity(entry.doc_id, on).governs:
            out.append(r)
    return tuple(out)


def _title(request: DraftRequest, period: PlanPeriod) -> str:
    if request.kind == "annual":
        return f"Công tác thi đua, khen thưởng năm {period.year}"
    return f"Phát động phong trào thi đua lập thành tích chào mừng {period.occasion}"


def _place_date(request: DraftRequest, period: PlanPeriod) -> str:
    return f"{request.place}, {_dated(request, period.reference)}"


def _implements(request: DraftRequest) -> str | None:
    text = (request.implements or "").strip().rstrip(".;")
    if not text:
        return None
    m = _DATE.search(text)
    if m and request.plan_date:
        upper = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if upper > request.plan_date:
            raise InvalidInputError(
                f"the plan implemented ({upper:%d/%m/%Y}) is dated after this plan "
                f"({request.plan_date:%d/%m/%Y})",
                fix="check --implements and --date",
            )
    return text[0].upper() + text[1:]


def _dated(request: DraftRequest, on: date) -> str:
    return vn_date(request.plan_date) if request.plan_date else f"ngày {P} tháng {P} năm {on.year}"


def _bases_lines(bases: list[Basis], implements: str | None) -> tuple[str, ...]:
    lines = [f"Căn cứ {b.text};" for b in bases]
    if implements:
        lines.append(f"Thực hiện {implements};")
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return tuple(lines)


def _bare(body: str) -> str:
    """A body's name without the role it carries in brackets ("Sở Nội vụ (cơ quan thường trực
    …)" → "Sở Nội vụ"): no brackets inside brackets."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", body)


def _purpose(request: DraftRequest, period: PlanPeriod, u: Units, celebrate: list[str]) -> list:
    where = (
        f"{request.unit_word} {request.place}"
        if request.commune_level
        else u.province
        if request.level == "tinh"
        else ""
    )
    occasion = f"năm {period.year}" if request.kind == "annual" else f"chào mừng {period.occasion}"
    days = f"; thiết thực lập thành tích chào mừng {'; '.join(celebrate)}" if celebrate else ""
    return [
        Para(f"{_ROMAN[0]}. MỤC ĐÍCH, YÊU CẦU", "h1"),
        Para("1. Mục đích", "h2"),
        Para(
            "Đẩy mạnh các phong trào thi đua yêu nước, phát huy sức mạnh của cả hệ thống chính "
            f"trị và các tầng lớp Nhân dân{' ' + where if where else ''}, phấn đấu hoàn thành thắng lợi các mục tiêu, "
            f"nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh {occasion}{days}.",
            "item",
        ),
        Para(
            "Kịp thời phát hiện, biểu dương, khen thưởng và nhân rộng các tập thể, cá nhân điển "
            "hình tiên tiến, người tốt, việc tốt trong các phong trào thi đua.",
            "item",
        ),
        Para("2. Yêu cầu", "h2"),
        Para(
            "Phong trào thi đua có nội dung, chỉ tiêu cụ thể, thiết thực, phù hợp với nhiệm vụ "
            "của từng cơ quan, đơn vị; tránh hình thức, phô trương, lãng phí.",
            "item",
        ),
        Para(
            "Việc xét khen thưởng bảo đảm chính xác, công khai, minh bạch, kịp thời, đúng thẩm "
            f"quyền; {u.council} chịu trách nhiệm thẩm định trước khi trình khen thưởng.",
            "item",
        ),
    ]


def _content(
    request: DraftRequest, period: PlanPeriod, u: Units, celebrate: list[str], principles: str
) -> list[Para]:
    members = f"cơ quan, đơn vị, {u.residential}" if u.residential else "cơ quan, đơn vị"
    out = [Para(f"{_ROMAN[1]}. NỘI DUNG, NHIỆM VỤ THI ĐUA", "h1")]
    if request.kind == "annual":
        out += [
            Para("1. Phong trào thi đua thường xuyên", "h2"),
            Para(
                "Thi đua hoàn thành thắng lợi các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã "
                f"hội, quốc phòng, an ninh năm {period.year}; đẩy mạnh cải cách hành chính, "
                "chuyển đổi số, thực hành tiết kiệm, chống lãng phí.",
                "item",
            ),
            Para("2. Phong trào thi đua theo chuyên đề", "h2"),
            Para(f"Triển khai các phong trào thi đua do cấp trên phát động: {P}.", "item"),
        ]
        out += [Para(f"Thi đua lập thành tích chào mừng {c}.", "item") for c in celebrate]
    else:
        out += [
            Para("1. Nội dung thi đua", "h2"),
            Para(
                f"Thi đua hoàn thành xuất sắc nhiệm vụ được giao, lập thành tích chào mừng "
                f"{period.occasion}.",
                "item",
            ),
            Para(
                f"Mỗi {members.split(',')[0]} đăng ký ít nhất {P} công trình, phần việc cụ thể "
                "chào mừng đợt thi đua.",
                "item",
            ),
        ]
    out += [
        Para(f"{3 if request.kind == 'annual' else 2}. Chỉ tiêu thi đua", "h2"),
        Para(f"{P}% {members} đăng ký, ký kết giao ước thi đua.", "item"),
        Para(
            f"Mỗi cơ quan, đơn vị xây dựng ít nhất {P} điển hình tiên tiến tập thể, {P} điển "
            "hình cá nhân.",
            "item",
        ),
        Para(f"{4 if request.kind == 'annual' else 3}. Công tác khen thưởng và tuyên truyền", "h2"),
        Para(
            "Khen thưởng kịp thời, đúng thẩm quyền; chú trọng khen thưởng người lao động trực "
            "tiếp, tập thể nhỏ và thành tích đột xuất; thực hiện nguyên tắc khen thưởng tại "
            f"{principles}.",
            "item",
        ),
        Para("Tuyên truyền, phát hiện, bồi dưỡng và nhân rộng các điển hình tiên tiến.", "item"),
    ]
    return out


def _subjects(request: DraftRequest, period: PlanPeriod, u: Units) -> list[Para]:
    if request.commune_level:
        collective = (
            f"các cơ quan, đơn vị thuộc Ủy ban nhân dân {request.unit_word}; "
            f"{u.front}; các {u.residential}; trường học, doanh nghiệp, hợp tác xã trên "
            "địa bàn"
        )
        people = (
            "cán bộ, công chức, viên chức, người lao động; hộ gia đình và Nhân dân trên "
            f"địa bàn {request.unit_word}"
        )
    elif request.level == "tinh":
        collective = f"{u.members[0].lower() + u.members[1:]}; doanh nghiệp, hợp tác xã"
        people = f"cán bộ, công chức, viên chức, người lao động và Nhân dân {u.province}"
    else:
        collective = u.members[0].lower() + u.members[1:]
        people = "công chức, viên chức, người lao động"
    start = (
        "ngày ban hành Kế hoạch"
        if request.kind == "campaign" and not request.period_start
        else f"ngày {short_date(period.start)}"
    )
    return [
        Para(f"{_ROMAN[2]}. ĐỐI TƯỢNG, THỜI GIAN THI ĐUA", "h1"),
        Para("1. Đối tượng", "h2"),
        Para(f"Tập thể: {collective}.", "item"),
        Para(f"Cá nhân: {people}.", "item"),
        Para(f"2. Thời gian: từ {start} đến hết ngày {short_date(period.end)}.", "h2"),
    ]


def _organisation(request: DraftRequest, period: PlanPeriod, u: Units, registry: Registry) -> list:
    fund = cite(_in_force(load_catalog().general["fund"], registry, period.reference), registry)
    money = [e.doc_id for e in finance_texts(registry, period.reference)]
    spend = f"; mức chi theo Thông tư số {money[0]}" if money else ""
    return [
        Para(f"{_ROMAN[5]}. TỔ CHỨC THỰC HIỆN", "h1"),
        Para(f"1. {u.council} ({_bare(u.standing)} là cơ quan thường trực)", "h2"),
        Para(
            f"Tham mưu triển khai Kế hoạch; hướng dẫn đăng ký thi đua, theo dõi, kiểm tra; thẩm "
            f"định hồ sơ, trình khen thưởng; sơ kết, tổng kết và báo cáo {u.upper}.",
            "text",
        ),
        Para(f"2. {u.culture}", "h2"),
        Para(
            "Tuyên truyền các phong trào thi đua, gương điển hình tiên tiến, người tốt, việc "
            "tốt trên các phương tiện thông tin.",
            "text",
        ),
        Para(f"3. {u.finance}", "h2"),
        Para(
            f"Tham mưu bố trí kinh phí khen thưởng từ Quỹ thi đua, khen thưởng ({fund}){spend}.",
            "text",
        ),
        Para(f"4. Đề nghị {u.front}", "h2"),
        Para(
            "Phối hợp phát động, vận động đoàn viên, hội viên tham gia thi đua; giới thiệu "
            "tập thể, cá nhân tiêu biểu để khen thưởng.",
            "text",
        ),
        Para(f"5. {u.members}", "h2"),
        Para(
            "Xây dựng kế hoạch, đăng ký thi đua; tổ chức thực hiện, bình xét và gửi hồ sơ "
            f"đúng thời hạn tại mục {_ROMAN[4]} Kế hoạch này.",
            "text",
        ),
    ]


def build_plan(request: DraftRequest, registry: Registry, today: date | None = None) -> PlanDraft:
    """The whole plan for a request, as typed parts (see document.PlanDraft)."""
    period = plan_period(request, today)
    on = period.reference
    u = units_for(request, on)
    bases = legal_bases(
        registry, on, request.level, province=request.province_label, until=period.end
    )
    implements = _implements(request)
    found = plan_anniversaries(period)
    celebrate = [a.label_vi[0].lower() + a.label_vi[1:] for a in found]
    principles = cite(_in_force(load_catalog().general["principles"], registry, on), registry)
    title = _title(request, period)
    body = [
        *_purpose(request, period, u, celebrate),
        *_content(request, period, u, celebrate, principles),
        *_subjects(request, period, u),
        *awards_part(request, period, u, registry),
        *procedure_part(request, period, u, registry),
        *_organisation(request, period, u, registry),
        Para("Tiến độ thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.", "text"),
    ]
    lower = title[0].lower() + title[1:]
    notes = [n for b in bases for n in b.notes]
    if not request.plan_date:
        notes.append(
            f"Căn cứ pháp lý lấy theo ngày {short_date(on)}; nhập ngày ban hành (ô “Ngày ban "
            "hành”, dòng lệnh --date) để căn cứ đúng theo ngày ký."
        )
    return PlanDraft(
        parent_line=request.parent_line,
        issuer_lines=request.issuer_lines,
        number_line=request.number_line,
        place_date=_place_date(request, period),
        title=title,
        bases=_bases_lines(bases, implements),
        intro=f"{request.short_issuer} ban hành Kế hoạch {lower} như sau:",
        body=tuple(body),
        closing=(
            f"Trên đây là Kế hoạch {lower} của {request.short_issuer}. Trong quá trình thực "
            f"hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh về {u.standing} "
            f"để tổng hợp, báo cáo {request.short_self} xem xét, giải quyết./."
        ),
        recipients=recipients(request, u),
        signer_lines=request.signer_lines(),
        signer_name=P,
        appendix_title=(
            "TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ THI ĐUA, KHEN THƯỞNG "
            + (f"NĂM {period.year}" if request.kind == "annual" else "ĐỢT THI ĐUA")
        ),
        appendix_ref=(
            f"(Kèm theo Kế hoạch số …/{request.symbol_code} {_dated(request, on)} "
            f"của {request.short_issuer})"
        ),
        timeline=timeline_rows(request, period, u, found),
        notes=tuple(notes),
    )

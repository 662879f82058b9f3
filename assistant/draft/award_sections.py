"""Parts IV and V of a drafted plan: the titles and awards within the issuer's competence on the
plan's date (each with its criteria) and those it proposes; the procedure, the dossier items of
Luật Thi đua, khen thưởng Điều 84 and the deadlines, left "[…]" where only an official decides."""

from __future__ import annotations

from assistant.domain import Ref, load_catalog
from assistant.draft import awards as award_rules
from assistant.draft.awards import LAW
from assistant.draft.citing import cite
from assistant.draft.document import Para
from assistant.draft.dossier import AWARD_DOSSIER, DOSSIER_COUNT, TITLE_DOSSIER
from assistant.draft.organisation import Units
from assistant.draft.period import PlanPeriod
from assistant.draft.spec import PLACEHOLDER as P
from assistant.draft.spec import DraftRequest, short_date
from assistant.registry import Registry

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
_FOR = {"ca_nhan": "cá nhân", "tap_the": "tập thể", "ho_gia_dinh": "hộ gia đình"}
# The Law quotes the names of the basic titles ("Lao động tiên tiến") but not these.
_UNQUOTED = ("Cờ thi đua", "Chiến sĩ thi đua cấp", "Chiến sĩ thi đua Bộ", "Thôn", "Xã, phường")


def _title_name(name: str) -> str:
    return f"Danh hiệu {name}" if name.startswith(_UNQUOTED) else f"Danh hiệu “{name}”"


def _in_force_refs(refs, registry: Registry, on, *, exclude: str = "") -> tuple[Ref, ...]:
    return tuple(
        r
        for r in refs
        if r.doc != exclude
        and r.applies_on(on)
        and registry.get(r.doc) is not None
        and registry.validity(r.doc, on).governs
    )


def _award_line(entry: award_rules.AwardEntry, name: str, registry: Registry, on) -> str:
    whom = ", ".join(_FOR[r] for r in entry.award.recipients)
    # a decree's criteria article is cited only on dates the decree applies
    criteria = cite(_in_force_refs(entry.criteria, registry, on), registry) or P
    return f"{name} ({whom}): tiêu chuẩn theo {criteria};"


def awards_part(request: DraftRequest, period: PlanPeriod, u: Units, registry: Registry) -> list:
    on = period.reference
    own = award_rules.competence(request.level, on)
    up = award_rules.proposals(request.level, on)
    if request.kind == "campaign":  # a campaign rewards with forms, not the yearly titles
        own = [e for e in own if e.award.kind == "hinh_thuc_khen_thuong"]
        up = [e for e in up if e.award.kind == "hinh_thuc_khen_thuong"]
    catalog = load_catalog()
    heading = (
        "DANH HIỆU THI ĐUA, HÌNH THỨC KHEN THƯỞNG"
        if request.kind == "annual"
        else "HÌNH THỨC KHEN THƯỞNG"
    )
    out = [
        Para(f"{_ROMAN[3]}. {heading}", "h1"),
        Para(
            f"1. Thuộc thẩm quyền của {u.authority} "
            f"({cite(award_rules.authority_refs(own), registry)})",
            "h2",
        ),
    ]
    for e in own:
        a = e.award
        if a.kind == "danh_hieu_thi_dua":
            name = _title_name(award_rules.display_name(a, u.province_word, on))
        else:
            base = catalog.get(a.parent).name_vi if a.parent else a.name_vi
            name = f"{base} của {u.authority}"
        out.append(Para(_award_line(e, name, registry, on), "item"))
    out.append(Para(f"Số lượng: {P} tập thể, {P} cá nhân, {P} hộ gia đình.", "item"))
    if up:
        above = cite(award_rules.authority_refs(up), registry)
        out.append(Para(f"2. Đề nghị cấp trên khen thưởng ({above})", "h2"))
        for e in up:
            name = award_rules.display_name(e.award, u.province_word, on)
            if e.award.kind == "danh_hieu_thi_dua":
                name = _title_name(name)
            out.append(Para(_award_line(e, name, registry, on), "item"))
    return out


def procedure_part(request: DraftRequest, period: PlanPeriod, u: Units, registry: Registry) -> list:
    on = period.reference
    out = [
        Para(f"{_ROMAN[4]}. QUY TRÌNH, HỒ SƠ, THỜI HẠN ĐỀ NGHỊ KHEN THƯỞNG", "h1"),
        Para("1. Quy trình", "h2"),
        Para(
            "Các cơ quan, đơn vị tổ chức bình xét công khai, lập hồ sơ gửi "
            f"{u.standing} (Thường trực {u.council}); {u.council} họp xét, trình {u.authority} "
            "quyết định khen thưởng theo thẩm quyền hoặc đề nghị cấp có thẩm quyền khen thưởng.",
            "text",
        ),
        Para("2. Hồ sơ", "h2"),
    ]
    groups = [("hình thức khen thưởng", AWARD_DOSSIER, 2)]
    if request.kind == "annual":
        groups.insert(0, ("danh hiệu thi đua", TITLE_DOSSIER, 1))
    for letter, (what, items, clause) in zip("abc", groups, strict=False):
        law = cite((Ref(LAW, 84, clause),), registry)
        out.append(Para(f"{letter}) Hồ sơ đề nghị xét tặng {what} ({law}) gồm:", "point"))
        out += [Para(f"{i.text} ({cite((i.ref,), registry)});", "item") for i in items]
    decree = next((e for e in registry.in_force_on(on) if e.role == "decree-detail"), None)
    if decree is not None:
        later = ""
        nxt = registry.get(decree.replaced_by[0]) if decree.replaced_by else None
        if (
            decree.expired
            and decree.expired <= period.end
            and nxt is not None
            and nxt.issued is not None
            and nxt.issued <= on  # a plan cannot cite a decree signed after it
        ):
            # the forms change inside the plan's period: say from when the successor's apply
            later = (
                f" (từ ngày {short_date(decree.expired)}: theo Phụ lục kèm theo "
                f"{nxt.loai} số {nxt.doc_id})"
            )
        out.append(
            Para(
                f"Mẫu tờ trình, báo cáo thành tích theo Phụ lục kèm theo {decree.loai} số "
                f"{decree.doc_id}{later}; số lượng hồ sơ: {P} bộ (bản chính) "
                f"({cite((DOSSIER_COUNT,), registry)}).",
                "item",
            )
        )
    # Since NĐ 152/2025 the province sets the dossier of the basic titles (catalog "dossier").
    local = _in_force_refs(load_catalog().general["dossier"], registry, on, exclude=LAW)
    if local:
        out.append(
            Para(
                "Hồ sơ, thủ tục xét tặng các danh hiệu cơ sở và Giấy khen theo Quy định về công "
                f"tác thi đua, khen thưởng của Ủy ban nhân dân {u.province_word} "
                f"({cite(local, registry)}).",
                "item",
            )
        )
    end = short_date(period.end)
    out.append(Para("3. Thời hạn", "h2"))
    if request.kind == "annual":
        out += [
            Para(
                f"Đăng ký thi đua: trước ngày {P}/{period.start.month:02d}/{period.year};", "item"
            ),
            Para(
                f"Hồ sơ khen thưởng đột xuất, chuyên đề: trong {P} ngày kể từ khi có thành tích;",
                "item",
            ),
            Para(
                f"Hồ sơ đề nghị xét tặng danh hiệu thi đua, hình thức khen thưởng năm "
                f"{period.year}: trước ngày {P}/12/{period.year};",
                "item",
            ),
        ]
    else:
        out += [
            Para(
                f"Đăng ký thi đua: trước ngày {P}/{period.start.month:02d}/{period.start.year};",
                "item",
            ),
            Para(
                f"Hồ sơ đề nghị khen thưởng: trước ngày {P} (sau khi kết thúc đợt thi đua ngày "
                f"{end}"
                + (
                    f", trước ngày kỷ niệm {short_date(occasion)} để kịp khen thưởng tại lễ kỷ niệm"
                    if (occasion := period.occasion_day) and occasion > period.end
                    else ""
                )
                + ");",
                "item",
            ),
        ]
    out.append(Para(f"Hồ sơ đề nghị cấp trên khen thưởng: theo thời hạn của {u.upper}.", "item"))
    return out

"""The words of an abstention: say plainly that the documents do not say, and where to look.

Where to look comes from the registry (texts in force whose text the pack lacks or only
excerpts) and from the gap itself (a province's own regulation, a form's full text). No number
is ever written here except those quoted from an indexed provision shown as a pointer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.answer.abstain import Decision
from assistant.answer.compose import pointer
from assistant.answer.rank import Scored
from assistant.corpus import Corpus
from assistant.domain.answer_types import quantities
from assistant.models import Coverage, Locator

_WHERE_ROLES = ("decree-detail", "circular", "amending-law")


@dataclass(frozen=True)
class Declined:
    text: str
    cite: tuple[str, ...] = ()


def partial_texts(view: Corpus, day: date, roles=_WHERE_ROLES) -> list[tuple[str, Coverage]]:
    """In-force framework texts the pack lacks or holds only in part, as (label, coverage)."""
    out = []
    for row in view.registry.coverage(day):
        if (
            row.in_framework
            and row.in_force_today
            and row.role in roles
            and (row.status is not Coverage.FULL)
        ):
            out.append((view.registry.label(row.doc_id), row.status))
    return out


def _where(view: Corpus, day: date, lang: str) -> str:
    texts = partial_texts(view, day)
    if lang == "vi":
        names = "; ".join(
            f"{n} ({'kho chỉ có trích đoạn' if s is Coverage.EXCERPT else 'chưa có trong kho'})"
            for n, s in texts
        )
        return (
            "Có thể tra: "
            + (names + "; " if names else "")
            + "quy định về thi đua, khen thưởng của tỉnh, thành phố nơi áp dụng."
        )
    names = "; ".join(
        f"{n} ({'excerpts only in the pack' if s is Coverage.EXCERPT else 'not in the pack'})"
        for n, s in texts
    )
    return (
        "Where to look: "
        + (names + "; " if names else "")
        + "the emulation and commendation rules of the province concerned."
    )


def _figure(word: str | None) -> tuple[str, str, tuple[str, ...]]:
    """(Vietnamese, English, words of a provision that speaks of it without stating it) for
    the unit a quantity question asked in (domain/data/answer_types.yaml)."""
    unit = quantities().units.get(word or "")
    if unit is None:
        return ("con số", "figure", ())
    return (unit.what_vi, unit.what_en, unit.near)


def _pointer_id(scored: list[Scored], view: Corpus, words: tuple[str, ...]) -> str | None:
    """The best in-force candidate whose text has one of `words` (a related provision)."""
    for s in scored[:5]:
        if s.in_force and any(w in view.folded(s.provision_id) for w in words):
            return s.provision_id
    return None


def decline(d: Decision, q, scored: list[Scored], view: Corpus, day: date, lang: str) -> Declined:
    vi = lang == "vi"
    if d.reason == "out_of_domain":
        return Declined(
            "Các văn bản hiện có không quy định nội dung này: kho văn bản chỉ gồm các văn bản về "
            "thi đua, khen thưởng (luật, nghị định, quy định của tỉnh, kế hoạch thi đua) và thể "
            "thức văn bản hành chính."
            if vi
            else "The documents do not say: the pack holds only texts on emulation and commendation "
            "(thi đua, khen thưởng: the Law, decrees, provincial rules, emulation plans) and on "
            "the format of administrative documents."
        )
    lines: list[str] = []
    cite: list[str] = []
    if (
        d.reason == "quantity"
        and d.detail.get("unit") in ("dong", "vnd")
        and view.registry.base_salary(day) is None
    ):
        bases = [e.label for e in view.registry.in_force_on(day) if e.role == "base-salary"]
        base = f" ({', '.join(bases)})" if bases else ""
        lines.append(
            "Các văn bản hiện có không quy định số tiền cụ thể bằng đồng: tiền thưởng được tính "
            f"bằng hệ số nhân với mức lương cơ sở, và kho không có văn bản quy định mức lương cơ "
            f"sở{base}."
            if vi
            else "The documents do not give an amount in đồng: bonuses are multiples of the base "
            f"salary (mức lương cơ sở), and the pack holds no text setting the base salary{base}."
        )
        pid = _pointer_id(scored, view, ("luong co so",))
    elif d.reason == "quantity":
        what_vi, what_en, words = _figure(d.detail.get("unit"))
        lines.append(
            f"Các văn bản hiện có không quy định {what_vi} mà câu hỏi cần."
            if vi
            else f"The documents do not state the {what_en} the question asks for."
        )
        lines.append(_where(view, day, lang))
        # a provision on the same award that speaks of it shows where the figure is set: the
        # award's own bonus clause for a sum, else the best candidate naming the award
        asked = {a.award.id for a in q.awards}
        own = [
            view.find_ref(ref)
            for a in q.awards[:1]
            for ref in (a.award.refs_for("bonus", day) if words == ("tien thuong",) else ())
        ]
        candidates = [p for p in own if p is not None] + [
            s.provision_id
            for s in scored[:5]
            if s.in_force and (not asked or view.awards(s.provision_id) & asked)
        ]
        pid = next(
            (p for p in candidates if any(w in view.folded(p) for w in words)),
            None,
        )
    elif (
        d.reason == "form"
        and (entry := view.registry.get(d.detail["doc"]))
        and (entry.coverage is Coverage.FULL and entry.missing_parts)
    ):
        # the text is held in full, but not its appendix of forms: say which part is missing
        name, part = entry.label, entry.missing_parts[0]
        lines.append(
            f"Các văn bản hiện có không có nội dung {d.detail['form']}: kho có toàn văn {name} "
            f"nhưng không có {part.name} (phần này không có trong nguồn văn bản). Cần tra "
            f"{part.name} của {name} trên bản chính thức (Công báo)."
            if vi
            else f"The documents do not hold {d.detail['form']}: the pack has the full text of "
            f"{name} but not {part.name_en or part.name}, which its source did not carry. See "
            f"the official publication (Công báo)."
        )
        # the clause that refers to the forms, as a pointer ("33.9" → khoản 9 Điều 33)
        refs = [view.find(_article_clause(entry.doc_id, r)) for r in part.referred_by]
        pid = next((p for p in refs if p), None)
    elif d.reason == "form":
        doc = d.detail["doc"]
        name = view.registry.label(doc)
        lines.append(
            f"Các văn bản hiện có không có nội dung {d.detail['form']} của {name}: kho chỉ có "
            f"trích đoạn văn bản này (phụ lục mẫu chỉ có tên mẫu). Cần tra toàn văn {name}."
            if vi
            else f"The documents do not hold {d.detail['form']} of {name}: the pack has only "
            f"excerpts of it (the appendix lists the forms' names only). See the full text of "
            f"{name}."
        )
        pid = None
    elif d.reason == "province":
        place = d.detail["place"]
        lines.append(
            f"Các văn bản hiện có không có quy định riêng của {place}; cần tra văn bản về thi "
            f"đua, khen thưởng do chính quyền {place} ban hành."
            if vi
            else f"The documents do not include {place}'s own regulation; see the emulation and "
            f"commendation rules issued by {place}."
        )
        pid = scored[0].provision_id if scored and scored[0].in_force else None
        if pid is not None and view.provisions[pid].doc_id in q.doc_hints:
            pid = None  # a plan of the place is no regulation of it
    elif d.reason == "missing_text":
        name = view.registry.label(d.detail["doc"])
        lines.append(
            f"Các văn bản hiện có không chứa {name}: văn bản này chưa có trong kho; cần tra "
            f"toàn văn của nó."
            if vi
            else f"The documents do not include {name}: its text is not in the pack."
        )
        pid = None
    else:
        lines.append(
            "Các văn bản hiện có không quy định nội dung này (không tìm thấy điều khoản tương ứng)."
            if vi
            else "The documents do not say: no provision in the pack answers this."
        )
        lines.append(_where(view, day, lang))
        pid = None
    if pid is not None:
        focus = _figure(d.detail.get("unit"))[2] if d.reason == "quantity" else ()
        lines.append(pointer(view, pid, lang, focus))
        cite.append(pid)
    return Declined("\n".join(lines), tuple(cite))


def _article_clause(doc: str, ref: str) -> Locator:
    """ "33.9" of a document → khoản 9 Điều 33; "33" → Điều 33."""
    numbers = [int(n) for n in ref.split(".")[:2]]
    return Locator(doc, article=numbers[0], clause=numbers[1] if len(numbers) > 1 else None)

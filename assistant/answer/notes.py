"""The notes an expert adds under an answer.

* which reading of an ambiguous word the answer took ("thành phố", "certificate of merit");
* that a cited text was not (or not yet) in force on the date, and what replaced it;
* that powers moved from the district to the commune level on 01/07/2025 (the registry's
  framework events say which provisions, and which provision holds the change);
* that a text governing the detail is in force but only partly in the pack, or amended by a
  text the pack does not hold;
* which date the answer is for, when it is not today.

Every note comes from data (the award catalog, framework.yaml through the registry); nothing
here names a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from assistant.answer.rank import RULE_MAKER
from assistant.corpus import Corpus
from assistant.domain import load_catalog
from assistant.models import Coverage
from assistant.retrieve.analysis import QueryAnalysis

# Read on the accented text: folded "quan" is also "cơ quan", "huyen" also "huyền".
_DISTRICT_WORDS = re.compile(r"\b(cấp huyện|huyện|quận|thị xã|district)\b")
_DETAIL_ROLES = ("decree-detail", "circular")
_DETAIL_INTENTS = ("dossier", "procedure")


def fmt(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@dataclass
class Notes:
    """Notes in order, and provisions the notes rest on (cited after the answer's own)."""

    lang: str
    items: list[str] = field(default_factory=list)
    cite: list[str] = field(default_factory=list)
    since: dict[str, date] = field(default_factory=dict)  # cited change → the day it applies

    def add(self, text: str | None) -> None:
        text = " ".join((text or "").split())
        if text and text not in self.items:
            self.items.append(text)


def reading_notes(q: QueryAnalysis, notes: Notes) -> None:
    """The reading taken of "thành phố" / "certificate of merit"."""
    texts = load_catalog().ambiguities
    codes: list[str] = []
    if q.levels is not None and q.levels.thanh_pho_ambiguous:
        codes.append("thanh_pho")
    for m in q.awards:
        if m.ambiguity and m.ambiguity not in codes:
            codes.append(m.ambiguity)
    for code in codes:
        text = texts.get(code, {})
        notes.add(text.get(notes.lang) or text.get("vi"))


def concerns_district(q: QueryAnalysis) -> bool:
    """The question is about the powers of the district level: one reading of "thành phố" is
    the former district; or it names the district (or who grants a Giấy khen, a power the
    district chairman held) while asking who decides, what to file or how."""
    lv = q.levels
    if lv is not None and lv.thanh_pho_ambiguous and "huyen" in lv.alternatives:
        return True
    asks_power = bool(set(q.intents[:2]) & {"authority", "dossier", "procedure", "temporal"})
    if not asks_power:
        return False  # "helps households in the district" names a place, not the level's powers
    if lv is not None and "huyen" in lv.levels:
        return True
    if any(m.award.level == "huyen" for m in q.awards):
        return True
    if (
        "authority" in q.intents[:2]
        and any(m.award.id.startswith("giay_khen") for m in q.awards)
        and not RULE_MAKER.search(q.folded)  # "who sets the rules for …" is not who grants
    ):
        return True
    return bool(_DISTRICT_WORDS.search(q.question.lower()))


def change_notes(
    q: QueryAnalysis, view: Corpus, day: date, cited: Iterable[str], notes: Notes
) -> None:
    """Framework events up to the date that change how a cited provision (or the question's
    level) applies: the note, and the provision holding the change to cite."""
    cited_units = [view.provisions[c] for c in cited if c in view.provisions]
    pending_concern = concerns_district(q)
    about_plan = bool(cited_units) and all(view.is_plan(p.id) for p in cited_units[:1])
    for ev in view.registry.events(day):
        for eff in ev.affects:
            entry = view.registry.get(eff.doc)
            if entry is None:
                continue
            same = [p for p in cited_units if p.doc_id == entry.doc_id and p.article == eff.article]
            # the changed clause itself is cited, or only the whole article that holds it
            hit = any(eff.clause is None or p.clause == eff.clause for p in same)
            holds = any(p.clause is None for p in same)
            district = ev.topic == "district-level"
            if not hit and not holds and not (pending_concern and district):
                continue
            concern = pending_concern and district
            if concern:
                pending_concern = False  # the concern needs it once
            notes.add(ev.note_on(eff, notes.lang))
            # the change is cited when the answer rests on what changed; a whole article
            # that merely holds the changed clause ("Điều 75. Giấy khen", asked about
            # something else) gets the note alone. A plan's own content is no legal
            # question: the note suffices there.
            cite_it = hit or (concern and not about_plan)
            see = view.resolve(eff.see, day) if eff.see and cite_it else None
            if see and see not in notes.cite:
                notes.cite.append(see)
                notes.since[see] = ev.date


def amount_notes(view: Corpus, cited: Iterable[str], day: date, notes: Notes) -> None:
    """Bonuses are multiples of the base salary; say so when no base salary is known for the
    date (the framework's base-salary texts start on 01/07/2024)."""
    if not any("lương cơ sở" in view.text(c).lower() for c in cited if c in view.provisions):
        return
    if view.registry.base_salary(day) is not None:
        return  # the sum is computed beside the quote (answer.amounts)
    bases = [e for e in view.registry.in_force_on(day) if e.role == "base-salary"]
    names = ", ".join(e.label for e in bases)
    if notes.lang == "vi":
        notes.add(
            "Tiền thưởng được tính bằng hệ số nhân với mức lương cơ sở; không có dữ liệu mức "
            "lương cơ sở áp dụng vào ngày này"
            + (f" ({names})" if names else "")
            + " nên câu trả lời không quy đổi ra đồng."
        )
    else:
        notes.add(
            "Bonuses are multiples of the base salary (mức lương cơ sở); no base salary is "
            "known for that date"
            + (f" ({names})" if names else "")
            + ", so no amount in đồng is given."
        )


def validity_notes(view: Corpus, docs: Iterable[str], day: date, notes: Notes) -> None:
    """Status of each cited text on the date, when there is something to say."""
    for doc in dict.fromkeys(docs):
        v = view.validity(doc, day)
        if v is None:
            continue
        telling = (
            not v.in_force
            or v.amended_by_in_force
            or v.amended_later
            or v.coverage is not Coverage.FULL
            or v.replaced_by
        )
        if not telling:
            continue
        text = v.note_vi if notes.lang == "vi" else v.note
        label = view.registry.label(doc)
        if text and not text.startswith(label):
            text = f"{label}: {text}"
        notes.add(text)


def detail_notes(q: QueryAnalysis, view: Corpus, day: date, notes: Notes) -> None:
    """Texts that govern the detail of a dossier or procedure, in force but not fully here."""
    if not set(q.intents[:2]) & set(_DETAIL_INTENTS):
        return
    partial = []
    for row in view.registry.coverage(day):
        if row.role in _DETAIL_ROLES and row.in_force_today and row.status is not Coverage.FULL:
            partial.append((row.doc_id, row.status))
    if not partial:
        return
    if notes.lang == "vi":
        names = "; ".join(
            f"{view.registry.label(d)} ({'trích đoạn' if s is Coverage.EXCERPT else 'chưa có'})"
            for d, s in partial
        )
        notes.add(
            f"Hồ sơ, thủ tục chi tiết do văn bản hướng dẫn quy định; kho chưa có đầy đủ: {names}."
        )
    else:
        names = "; ".join(
            f"{view.registry.label(d)} ({'excerpts only' if s is Coverage.EXCERPT else 'not in the pack'})"
            for d, s in partial
        )
        notes.add(
            f"The detailed dossier and procedure are set by implementing texts the pack "
            f"does not hold in full: {names}."
        )


def date_note(day: date, today: date, notes: Notes) -> None:
    if day == today:
        return
    if notes.lang == "vi":
        notes.add(f"Trả lời theo các văn bản có hiệu lực ngày {fmt(day)}.")
    else:
        notes.add(f"Answered under the texts in force on {fmt(day)}.")

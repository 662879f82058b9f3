"""When to say "the documents do not say", and where to look instead.

The rule, in order (each step is general; the threshold was calibrated on the dev set, see
SUPPORT_THRESHOLD):

1. Out of domain — the question has no TĐKT signal at all: no award, no domain word (thi đua,
   khen thưởng, bằng khen, kế hoạch, thể thức …), no document it names, and (in Vietnamese) the
   pack's best units do not hold most of its words (``covered``).
2. A gap the registry or the question makes explicit:
   * it asks for a quantity in a unit ("bao nhiêu ngày làm việc", "bao nhiêu đồng") and no
     candidate provision states a number in that unit;
   * it asks about a form ("Mẫu số 01") of a text whose forms are not indexed;
   * it asks what a named province regulates and no regulation of that province is indexed;
   * it asks about a text the registry knows but the pack does not hold.
3. Low support — the best candidate units hold too little of the question's weighted words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from assistant.answer.award_units import award_family, names_other_awards
from assistant.answer.effect import asks_validity
from assistant.answer.parts import split_question
from assistant.answer.rank import Scored
from assistant.corpus import Corpus
from assistant.domain.answer_types import QuantityUnit, quantities
from assistant.domain.places import asks_local_rule, provinces_named
from assistant.index.tokenizer import fold
from assistant.models import Coverage, DocKind
from assistant.retrieve.analysis import QueryAnalysis

# Share of the question's (IDF-weighted) words that the best units must hold. Support alone
# separates badly (an English tax question reaches 1.0 through stray words; no unanswerable
# item of the dev set is declined by it), so the rules above do the declining and this is only
# a floor for questions that match almost nothing. Long questions that tell a story ("a young
# man ran into a fire to save two children …") hold little of their words in any provision:
# answerable ones went down to 0.154 on the dev set and to 0.09 on a set of 40 questions
# written afterwards, where 0.12 refused 3 of 36 answerable ones.
SUPPORT_THRESHOLD = 0.06
# A Vietnamese question without a TĐKT word is still answered when the pack's best units hold
# this share of its weighted words: the pack also holds NĐ 30/2020 (bản sao, ký thay) and
# NĐ 129/2025 (phân định thẩm quyền), whose questions use none of them. Set on the labelled
# sets (train's real questions "Bản sao y là gì?" … were refused at 0.41–0.53; out-of-scope
# questions reach 0.20): 4 fewer false refusals in 326, no unanswerable answered.
COVERED = 0.35
SUPPORT_TOP = 3  # how many of the best candidates count for support
QUANTITY_TOP = 6  # how many candidates may hold the asked quantity

_DOMAIN = re.compile(
    r"\b(thi dua|khen thuong|danh hieu|bang khen|giay khen|huan chuong|huy chuong|ky niem chuong|"
    r"chien si|lao dong tien tien|tdkt|sang kien|van ban hanh chinh|the thuc|ke hoach|to trinh|"
    r"van thu|quoc hieu|tieu ngu|phong trao|dien hinh|gia dinh van hoa|vinh du|truy tang|"
    r"tien thuong|muc thuong|khen|ton vinh|nghe si|nha giao|thay thuoc|cong dan thu do|"
    r"emulation|commendation|awards?|merit|medals?|honou?rs?|decorations?|rewards?|campaign|"
    r"administrative document|font|margins?|paper size)\b"
)
# the question asks for a form itself (its content, its layout), not about a dossier
_ASKS_FORM = re.compile(r"\b(mau|bieu mau|forms?|templates?)\b")
_FORM = re.compile(r"\b(?:mau(?: so)?|form(?: no\.?)?)\s+(\d+[a-z]?)\b")
# Matched on the folded question with its case kept ("UBND tinh Lao Cai quy dinh …").
_PROVINCE_RULE = re.compile(
    r"(?i:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)?\s*(?i:tinh|thanh pho)\s+"
    r"(?P<name>(?:[A-Z]\w*\s?){1,3}?)\s*(?i:quy dinh|ban hanh)",
)
_PROVINCE_RULE_EN = re.compile(
    r"(?P<name>(?:[A-Z]\w+\s){1,3})province'?s?\s+(?:own\s+)?"
    r"(?:rules?|regulations?)"
)


# Why an answer is declined ("" when it is not): what the decline then says first.
DeclineReason = Literal[
    "", "out_of_domain", "quantity", "form", "province", "missing_text", "low_support"
]


@dataclass(frozen=True)
class Decision:
    abstain: bool
    reason: DeclineReason = ""
    support: float = 0.0
    detail: dict = field(default_factory=dict)


def in_domain(q: QueryAnalysis, named_docs: tuple[str, ...]) -> bool:
    """A TĐKT signal: an award, a domain word, a document named by number or name. A place
    alone is none ("register a company in Hanoi" names Hà Nội, whose rule is in the pack)."""
    return bool(q.awards or named_docs or _DOMAIN.search(q.folded) or q.mentions_plan)


def covered(q: QueryAnalysis, sup: float) -> bool:
    """The pack's best units hold most of the question's words. Only for Vietnamese: an English
    question's coverage counts only the words it was translated into, so an off-topic one can
    reach 1.0 ("corporate income tax rate")."""
    return q.language == "vi" and sup >= COVERED


def support(scored: list[Scored]) -> float:
    return max((s.coverage for s in scored[:SUPPORT_TOP]), default=0.0)


def asked_quantity(q: QueryAnalysis) -> tuple[str, QuantityUnit] | None:
    """The unit word of a quantity the question asks for (folded), with its unit: the pattern
    of text that states one, and what it is called (domain/data/answer_types.yaml)."""
    return quantities().asked(q.question)


def unanswered_quantity(q: QueryAnalysis, shown: list[str], view: Corpus) -> str | None:
    """The asked quantity's unit when none of the units an answer would show states one: the
    figure was somewhere among the candidates, but not in what was chosen to answer."""
    asked = asked_quantity(q)
    if asked is None or not shown or len(split_question(q.question)) > 1:
        return None  # a question that asks more: its other parts may well be answered
    word, unit = asked
    family = award_family(q)

    def states(pid: str) -> bool:
        if unit.of_the_award and family and not (view.awards(pid) & family):
            return False  # a figure of no award named, or of another award, is not this one's
        return bool(unit.states.search(view.folded(pid)))

    return None if any(states(pid) for pid in shown) else word


def quantity_holder(q: QueryAnalysis, scored: list[Scored], view: Corpus) -> Scored | None:
    """The best of the top candidates that states the quantity the question asks for (None
    when the question asks none, or none of them states it)."""
    found = asked_quantity(q)
    if found is None:
        return None
    _word, unit = found
    asked = award_family(q)
    for s in scored[:QUANTITY_TOP]:
        doc = view.provisions[s.provision_id].doc_id
        if view.is_provincial(doc) and doc not in q.doc_hints:
            continue  # a province's time limit is no answer to a question not about it
        if asked and (
            names_other_awards(view, s.provision_id, asked)
            or (unit.of_the_award and not view.awards(s.provision_id))
        ):
            continue  # another award's figure (or a page margin) is no answer for this one
        if unit.states.search(view.folded(s.provision_id)):
            return s
    return None


def _quantity_gap(q: QueryAnalysis, scored: list[Scored], view: Corpus) -> str | None:
    found = asked_quantity(q)
    if found is None or quantity_holder(q, scored, view) is not None:
        return None
    return found[0]


def missing_part_asked(q: QueryAnalysis, view: Corpus, docs) -> tuple[str, str] | None:
    """(doc, part name) when the question asks for a part of a held text that the pack lacks
    (the registry's ``missing_parts``: NĐ 152/2025's Phụ lục of forms)."""
    folded = fold(unicodedata.normalize("NFC", q.question).lower())
    for doc in dict.fromkeys(docs):
        entry = view.registry.get(doc)
        for part in entry.missing_parts if entry is not None else ():
            if any(re.search(rf"\b{re.escape(fold(c.lower()))}\b", folded) for c in part.cues):
                return doc, part.name
    return None


def _form_gap(
    q: QueryAnalysis, view: Corpus, named_docs: tuple[str, ...]
) -> tuple[str, str] | None:
    folded = fold(unicodedata.normalize("NFC", q.question).lower())
    m = _FORM.search(folded)
    if not m or not named_docs:
        return None
    if (part := missing_part_asked(q, view, named_docs)) is not None:
        return part[0], q.question[m.start() : m.end()]
    written = q.question[m.start() : m.end()]  # fold keeps positions: the words as written
    number = m.group(1).lstrip("0") or "0"
    for doc in named_docs:
        parsed = view.documents.get(doc)
        forms = [p for p in parsed.provisions if p.kind == "mau"] if parsed else []
        if not any((p.number or "").lstrip("0") == number for p in forms):
            return doc, written
    return None


def _province_gap(q: QueryAnalysis, view: Corpus) -> str | None:
    """A named province's own rule is asked and no legal text of that province is indexed:
    "UBND tỉnh X quy định …" (by its phrasing), or a province of the gazetteer named as a place
    ("tỉnh Nghệ An", "Nghệ An province") with words that ask for its own rule, the question
    not being about a plan."""
    folded = fold(unicodedata.normalize("NFC", q.question))
    m = _PROVINCE_RULE.search(folded) or _PROVINCE_RULE_EN.search(folded)
    if m:
        key = " ".join(m.group("name").lower().split())
        # fold keeps one character per character, so the span reads the name as written
        name = " ".join(q.question[m.start("name") : m.end("name")].split())
        return None if _holds_rules_of(view, key) else name
    if q.mentions_plan or not asks_local_rule(q.question):
        return None
    for province in provinces_named(q.question):
        if not _holds_rules_of(view, province.folded):
            return province.full
    return None


def _holds_rules_of(view: Corpus, key: str) -> bool:
    """Whether a legal text (not a plan) of the place ``key`` (folded) is indexed."""
    for parsed in view.documents.values():
        meta = parsed.meta
        if meta.kind == DocKind.PLAN:
            continue
        where = fold(f"{meta.issuer or ''} {meta.place or ''} {meta.title or ''}".lower())
        if key and key in where:
            return True
    return False


def _missing_text(q: QueryAnalysis, view: Corpus, named_docs: tuple[str, ...]) -> str | None:
    if "temporal" in q.intents:
        return None  # "is that text still in force?" is answered from the registry and the law
    for doc in named_docs:
        if doc not in view.documents:
            entry = view.registry.get(doc)
            if entry is not None and entry.coverage is Coverage.MISSING and not entry.text_via:
                return doc
    return None


def decide(
    q,
    scored: list[Scored],
    view: Corpus,
    named_docs: tuple[str, ...] = (),
    threshold: float = SUPPORT_THRESHOLD,
) -> Decision:
    sup = support(scored)
    if not in_domain(q, named_docs) and not covered(q, sup):
        return Decision(True, "out_of_domain", sup)
    if (doc := _missing_text(q, view, named_docs)) is not None:
        return Decision(True, "missing_text", sup, {"doc": doc})
    if (form := _form_gap(q, view, named_docs)) is not None:
        return Decision(True, "form", sup, {"doc": form[0], "form": form[1]})
    # "mẫu tờ trình …", "biểu mẫu báo cáo thành tích": the best candidates' text lacks its forms
    top_docs = [view.provisions[s.provision_id].doc_id for s in scored[:SUPPORT_TOP]]
    if _ASKS_FORM.search(q.folded) and (part := missing_part_asked(q, view, top_docs)):
        return Decision(True, "form", sup, {"doc": part[0], "form": part[1]})
    if (name := _province_gap(q, view)) is not None:
        return Decision(True, "province", sup, {"place": name})
    if (unit := _quantity_gap(q, scored, view)) is not None:
        return Decision(True, "quantity", sup, {"unit": unit})
    # "căn cứ luật nào", "còn áp dụng không": the effect articles answer whatever the words
    if not scored or (sup < threshold and not asks_validity(q)):
        return Decision(True, "low_support", sup)
    return Decision(False, "", sup)

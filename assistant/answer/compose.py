"""The extractive composer: a short answer built from the chosen units' own words.

Shape: one framing sentence for the question's intent ("Hồ sơ được quy định tại khoản 2 Điều 84
…:"), the primary unit's lead line and items verbatim, one line for each sibling or second unit,
a pointer to the related provision the catalog knows (the award's criteria for a dossier
question), and for amounts the reminder that the texts give multiples of the base salary. The
framing is Vietnamese or English after the question; the quoted lines are always Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.answer.items import excerpt, sentence, shorten, strip_number
from assistant.answer.select import Selection
from assistant.corpus import Corpus
from assistant.errors import AssistantError
from assistant.parse.labels import label_for

MAX_PRIMARY_CHARS = 1800  # a longer unit shows its lead and the lines holding the question
MAX_SIBLING_CHARS = 800

_FRAME = {
    "vi": {
        "dossier": "Hồ sơ được quy định tại {label}:",
        "criteria": "Tiêu chuẩn, điều kiện được quy định tại {label}:",
        "authority": "Thẩm quyền được quy định tại {label}:",
        "procedure": "Trình tự, thủ tục được quy định tại {label}:",
        "amount": "Mức thưởng được quy định tại {label}:",
        "definition": "{label} quy định:",
        "temporal": "Về hiệu lực, {label} quy định:",
        "format": "Thể thức được quy định tại {label}:",
        "plan": "Theo {label}:",
        None: "Theo {label}:",
    },
    "en": {
        "dossier": "The dossier is set out in {label} (quoted in Vietnamese):",
        "criteria": "The conditions are set out in {label} (quoted in Vietnamese):",
        "authority": "Who decides is set out in {label} (quoted in Vietnamese):",
        "procedure": "The procedure is set out in {label} (quoted in Vietnamese):",
        "amount": "The amount is set out in {label} (quoted in Vietnamese):",
        "definition": "{label} provides (quoted in Vietnamese):",
        "temporal": "On validity, {label} provides (quoted in Vietnamese):",
        "format": "The format rule is set out in {label} (quoted in Vietnamese):",
        "plan": "The plan says ({label}, quoted in Vietnamese):",
        None: "{label} provides (quoted in Vietnamese):",
    },
}
_ALSO = {"vi": "Ngoài ra, {label}: {text}", "en": "Also, {label}: {text}"}
_RELATED = {
    "criteria": {
        "vi": "Tiêu chuẩn xét tặng {award}: {label}.",
        "en": "The criteria for the {award} are in {label}.",
    },
}
_OLD_LAW = {
    "vi": "Ngày {day}, văn bản áp dụng là {doc}.",
    "en": "On {day} the applicable text is {doc}.",
}


@dataclass(frozen=True)
class Composed:
    text: str
    cite: tuple[str, ...]  # provision ids, in the order shown


def label(view: Corpus, pid: str) -> str:
    p = view.provisions[pid]
    return label_for(p, view.documents[p.doc_id].meta)


def _frame(
    view: Corpus, pid: str, intent: str | None, lang: str, q, served: str | None = None
) -> str:
    """ "Hồ sơ được quy định tại …" only for a unit that speaks to that intent (a catalog
    reference for it, or its words); a neutral "Theo …:" otherwise."""
    from assistant.answer.rank import INTENT_CUES

    frames = _FRAME[lang]
    if view.is_plan(pid):
        if q.mentions_plan or intent == "plan":
            intent = "plan"
    elif intent == "plan":
        intent = None  # a Law or decree is no plan
    cue = INTENT_CUES.get(intent or "")
    # a temporal question is served by criteria references: "Về hiệu lực" needs its own words
    if (intent != served or intent == "temporal") and cue and not cue.search(view.folded(pid)):
        intent = None
    return frames.get(intent, frames[None]).format(label=label(view, pid))


def compose(
    q,
    sel: Selection,
    view: Corpus,
    day: date,
    lang: str,
    today: date | None = None,
    qtokens: set[str] | None = None,
) -> Composed:
    """The answer text and the provisions it cites (primary first)."""
    if not sel.chosen:
        return Composed("", ())
    today = today or date.today()
    qtokens = qtokens or set()
    parts: list[str] = []
    cite: list[str] = []
    for c in sel.chosen:
        lab = label(view, c.provision_id)
        if c.role in ("primary", "block"):
            # frame by the intent the unit speaks to; a neutral "Theo …:" otherwise
            served = sel.extra.get("served")
            parts.append(_frame(view, c.provision_id, c.why or None, lang, q, served))
            parts.extend(excerpt(view, c.provision_id, qtokens, MAX_PRIMARY_CHARS))
            cite.append(c.provision_id)
        elif c.role in ("sibling", "second", "old"):
            lines = excerpt(view, c.provision_id, qtokens, MAX_SIBLING_CHARS)
            # "khoản 6 …: Số lượng hồ sơ …", not "khoản 6 …: 6. Số lượng hồ sơ …"
            parts.append(_ALSO[lang].format(label=lab, text=strip_number(lines[0])))
            parts.extend(lines[1:])
            cite.append(c.provision_id)
        elif c.role in ("related", "pointer"):
            award = q.awards[0].award.name_vi if q.awards else ""
            template = _RELATED.get(c.why, {}).get(lang)
            if template:
                parts.append(template.format(award=award, label=lab))
            if c.role == "related":
                cite.append(c.provision_id)
    primary = sel.chosen[0]
    doc = view.provisions[primary.provision_id].doc_id
    then = _main_doc(view, day)
    if doc == then and then != _main_doc(view, today):
        # the answer is under another Law than today's: say which, up front
        parts.insert(
            0, _OLD_LAW[lang].format(day=day.strftime("%d/%m/%Y"), doc=view.registry.label(doc))
        )
    return Composed("\n".join(p for p in parts if p), tuple(dict.fromkeys(cite)))


def _main_doc(view: Corpus, day: date) -> str | None:
    try:
        return view.registry.main_law(day)
    except AssistantError:  # no Law in the framework: nothing to compare with
        return None


def pointer(view: Corpus, pid: str, lang: str, focus: tuple[str, ...] = ()) -> str:
    """One line pointing at a related unit (used by abstentions): its first sentence, or its
    first line holding one of the folded words ``focus``."""
    from assistant.index.tokenizer import fold

    lab = label(view, pid)
    lines = [ln.strip() for ln in view.text(pid).splitlines() if ln.strip()]
    hit = next((ln for ln in lines if any(w in fold(ln.lower()) for w in focus)), None)
    text = shorten(hit if hit is not None else sentence(view, pid), 240)
    return (
        f"Quy định liên quan: {lab}: {text}"
        if lang == "vi"
        else f"Related provision: {lab}: {text}"
    )


def change_line(view: Corpus, pid: str, since: date | None, lang: str, qtokens: set[str]) -> str:
    """The provision that changed who does what (NĐ 129/2025 Điều 59), quoted in one line."""
    lines = excerpt(view, pid, qtokens, MAX_SIBLING_CHARS)
    body = " ".join(strip_number(ln) for ln in lines[1:] or lines)
    when = since.strftime("%d/%m/%Y") if since else ""
    lab = label(view, pid)
    if lang == "vi":
        return f"Từ {when}, theo {lab}: {body}" if when else f"Theo {lab}: {body}"
    return f"Since {when}, under {lab}: {body}" if when else f"Under {lab}: {body}"

"""Query analysis: what a question asks, about what, for which date and which documents."""

from __future__ import annotations

import re
from datetime import date

from assistant.domain import (
    AwardMatch,
    detect_intents,
    detect_language,
    detect_levels,
    extract_date,
    extract_dates,
    resolve_awards,
    translate_query,
)
from assistant.domain.answer_types import asked_types
from assistant.domain.sources import load_retrieval_hints
from assistant.index.tokenizer import fold
from assistant.registry.citations import find_citations
from assistant.retrieve.analysis import QueryAnalysis
from assistant.steps import current as steps_current

# Words that say the question is about a plan (kế hoạch) rather than the law.
_PLAN_WORDS = re.compile(r"\b(ke hoach|dot thi dua|phong trao thi dua|plan|campaign)\b")
# Words that point at the old law or a past period explicitly.
_OLD_WORDS = re.compile(
    r"\b(luat cu|truoc day|truoc nam 2024|luat 2003|luat nam 2003|15/2003|old law|previous law|"
    r"former law|before 2024|so voi luat cu|quy dinh cu)\b"
)


def asked_first(awards: tuple[AwardMatch, ...], text: str) -> tuple[AwardMatch, ...]:
    """The awards named in the sentence that asks come first: "được tặng Bằng khen của Thủ
    tướng năm 2019 … Như vậy đã đủ tiêu chuẩn đề nghị Huân chương Lao động hạng Ba chưa?" asks
    about the Huân chương; the Bằng khen is the story before it."""
    end = text.rfind("?")
    if end < 0 or len(awards) < 2:
        return awards
    start = max(text.rfind(c, 0, end) for c in ".!?;\n") + 1
    asked = [m for m in awards if start <= m.span[0] < end]
    if not asked or len(asked) == len(awards):
        return awards
    return tuple(asked) + tuple(m for m in awards if m not in asked)


def asking_sentence(text: str) -> str:
    """The sentence that asks (the last one ending in "?"), or the whole text when no sentence
    does or when it is the only one."""
    end = text.rfind("?")
    if end < 0:
        return text
    start = max(text.rfind(c, 0, end) for c in ".!?;\n") + 1
    return text[start : end + 1]


def analyze(
    question: str,
    *,
    as_of: date,
    doc_names=None,
    registry=None,
) -> QueryAnalysis:
    question = question.strip()
    language = detect_language(question)
    search_text = translate_query(question) if language == "en" else question
    hints_table = load_retrieval_hints()
    search_text = hints_table.expand(search_text)
    folded = fold(search_text.lower())
    intents = tuple(i.intent for i in detect_intents(search_text)[:3])
    awards = asked_first(tuple(resolve_awards(search_text)), search_text)
    levels = detect_levels(search_text)
    # One date names the day the answer is for; several ("ký ngày 20/12/2023 và 15/02/2024")
    # are being compared, so the answer stays on the as-of date and shows each text's status.
    # In a story told before the question ("được tặng Huân chương năm 2019. Nay … có đủ điều
    # kiện không?") only the sentence that asks names the day; the story's dates are events.
    asking = asking_sentence(question) if steps_current().asked_date else question
    mentions = {m.start for m in extract_dates(asking)}
    q_date = extract_date(asking) if len(mentions) <= 1 else None
    citations = tuple(ref for _, ref in find_citations(question))
    hints: list[str] = []
    if registry is not None:
        for ref in citations:
            doc_ref = getattr(ref, "doc_ref", None)
            if doc_ref:
                doc_id = registry.resolve_doc(doc_ref, q_date or as_of)
                if doc_id and doc_id not in hints:
                    hints.append(doc_id)
    if doc_names is not None:
        for doc_id in doc_names.hinted(question):
            if doc_id not in hints:
                hints.append(doc_id)
    preferred: list[str] = []
    for intent in intents[:1]:
        preferred.extend(d for d in hints_table.intent_docs.get(intent, ()) if d not in hints)
    return QueryAnalysis(
        question=question,
        language=language,
        search_text=search_text,
        folded=folded,
        as_of=as_of,
        question_date=q_date,
        intents=intents,
        awards=awards,
        levels=levels,
        citations=citations,
        doc_hints=tuple(hints),
        mentions_plan=bool(_PLAN_WORDS.search(folded)),
        mentions_old_law=bool(_OLD_WORDS.search(folded)),
        answer_types=asked_types(folded),
        preferred_docs=tuple(preferred),
        intent_refs=tuple(r for i in intents[:1] for r in hints_table.intent_refs.get(i, ()))
        + (hints_table.authority_refs(search_text) if "authority" in intents[:2] else ()),
    )

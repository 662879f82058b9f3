"""The answer's first line when the question asks for one fact (an amount, a period, a time
limit, a share) and the quoted unit states exactly one: "Mức thưởng: 3,5 lần mức lương cơ sở".

The fact is cut from the unit's own text (never written by us): its shape is matched on the
diacritic-folded text, which has the same length as the text, so the span is read back from the
text as printed. A unit that states none, or two different ones, gets no such line: the quote
says it all.
"""

from __future__ import annotations

from assistant.answer.abstain import asked_quantity
from assistant.corpus import Corpus
from assistant.index.tokenizer import fold
from assistant.retrieve.analysis import QueryAnalysis


def stated_fact(q: QueryAnalysis, view: Corpus, pid: str, lang: str) -> str | None:
    """The line "<label>: <fact as printed>" for the question's first asked type, or None.

    Only for a question that asks a quantity in so many words ("bao nhiêu ngày làm việc",
    "mấy tháng", "how much": ``abstain.asked_quantity``), and only a fact in the asked unit: a
    question about who pays a bonus names "tiền thưởng" but asks no sum.
    """
    asked = asked_quantity(q)
    kinds = q.answer_types
    kind = kinds[0] if kinds else None
    if asked is None or kind is None or kind.fact is None or not kind.label:
        return None
    text = view.text(pid)
    folded = fold(text).lower()
    if len(folded) != len(text):  # a text that folds to another length: spans would not map
        return None
    unit = asked[1].states
    found = {
        text[m.start() : m.end()].strip()
        for m in kind.fact.finditer(folded)
        if unit.search(folded, max(0, m.start() - 20), m.end() + 20)
    }
    if len(found) != 1:
        return None
    return f"{kind.label.get(lang) or kind.label['vi']}: {found.pop()}"

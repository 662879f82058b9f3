"""Which unit of an article speaks of the award asked about.

* A clause headed by another award ("1. Danh hiệu Cờ thi đua của Ủy ban nhân dân tỉnh" for a
  question on the provincial Bằng khen) gives way to the clause of its article headed by the
  asked award ("3. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh").
* Who grants a generic award ("giấy khen"), the question naming no level and no office holder:
  the award's own article lists its kinds by who grants them.
* A clause naming only other awards is no sibling of an answer about this one.
"""

from __future__ import annotations

from datetime import date

from assistant.answer.items import strip_number
from assistant.corpus import Corpus
from assistant.index.tokenizer import fold
from assistant.retrieve.analysis import QueryAnalysis


def headed_by(view: Corpus, pid: str) -> set[str]:
    """Awards a unit's first line names ("3. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"):
    what the unit is about, not the awards its conditions mention."""
    from assistant.domain import match_awards

    first = (view.provisions[pid].text or "").strip().split("\n", 1)[0]
    return {m.award.id for m in match_awards(first)}


def award_family(q: QueryAnalysis) -> set[str]:
    """The question's awards with their parents and children (a family answers for itself)."""
    from assistant.domain import load_catalog

    catalog = load_catalog()
    out: set[str] = set()
    for m in q.awards:
        a = m.award
        out.add(a.id)
        if a.parent:
            out.add(a.parent)
        out.update(c.id for c in catalog.children(a.id))
    return out


def names_other_awards(view: Corpus, pid: str, asked: set[str]) -> bool:
    named = view.awards(pid)
    return bool(named) and not (named & asked)


def retarget(q: QueryAnalysis, view: Corpus, lead: str, siblings: list[str]) -> str:
    """The clause among `siblings` headed by the asked award, when the lead clause is headed
    by another award; the lead otherwise."""
    asked = award_family(q)
    if view.provisions[lead].kind != "khoan" or not asked:
        return lead
    named = headed_by(view, lead)
    if not named or named & asked:
        return lead
    for sid in siblings:
        if view.provisions[sid].kind == "khoan" and headed_by(view, sid) & asked:
            return sid
    return lead


def award_kinds(q: QueryAnalysis, view: Corpus, day: date) -> str | None:
    """Who grants a generic award ("giấy khen", "bằng khen"), the question naming no level
    and no office holder: the clause of the award's own article that lists its kinds by who
    grants them ("Giấy khen gồm: a) Giấy khen của Thủ trưởng …; … đ) Giấy khen của Chủ tịch
    Ủy ban nhân dân cấp xã"). It answers in one place what each grantor's powers say
    piecemeal. None when the question is not of that kind."""
    from assistant.domain.sources import load_retrieval_hints

    if q.levels is not None and q.levels.levels:
        return None
    if load_retrieval_hints().authority_refs(q.search_text):
        return None  # "Giám đốc Sở có được tặng …": that office holder's powers answer
    for m in q.awards:
        if not m.award.by_level or m.inferred:
            continue
        name = fold(m.award.name_vi.lower())
        for ref in m.award.refs_for("criteria", on=day)[:1]:
            pid = view.find(ref.locator.at_article())
            if not pid or fold((view.provisions[pid].title or "").lower()) != name:
                continue
            for cid in view.provisions[pid].children:
                points = [view.provisions[x] for x in view.provisions[cid].children]
                kinds = [x for x in points if _starts_with(x.text, name)]
                if len(kinds) >= 2:
                    return cid
            return pid
    return None


def _starts_with(text: str | None, name: str) -> bool:
    return strip_number(fold((text or "").lower())).startswith(name)

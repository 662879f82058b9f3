"""The old Law's counterpart of a unit, for questions that compare the old and the new Law.

"So với luật cũ …", "luật cũ và luật mới khác nhau thế nào": beside the 2022 unit, the unit of
the other text of the same family (the 2003 Law as consolidated) that says the most alike —
among the retrieved units, the unit under the same number, and the old Law's references the
award catalog gives for the question's awards.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.answer.rank import Scored
from assistant.corpus import Corpus
from assistant.index.tokenizer import fold
from assistant.retrieve.analysis import QueryAnalysis

SIMILARITY = 0.25  # Jaccard similarity of word sets a counterpart must reach
# "so với luật cũ", "thay đổi thế nào", "khác nhau", "compared with", "what changed"
_COMPARE = re.compile(r"so voi|thay doi|khac nhau|khac gi|compared|what changed|difference")
# Headings of final provisions: effect, transition ("Hiệu lực thi hành", "Điều khoản chuyển tiếp")
_FINAL = re.compile(r"hieu luc|chuyen tiep|thi hanh")


def compares(q: QueryAnalysis, view: Corpus, lead: str) -> bool:
    """The question compares the Laws, and the lead is no final provision (the old Law's own
    final provisions say nothing about how the new Law's apply)."""
    if not (q.mentions_old_law or _COMPARE.search(q.folded)):
        return False
    return not _FINAL.search(fold(view.heading(lead).lower()))


def counterpart(q: QueryAnalysis, view: Corpus, scored: list[Scored], pid: str) -> str | None:
    """The unit of the other text of `pid`'s family that says the most alike, or None."""
    doc = view.provisions[pid].doc_id
    entry = view.registry.get(doc)
    if entry is None or not entry.family:
        return None
    others = {
        e.doc_id
        for e in view.registry.entries()
        if e.family == entry.family and e.doc_id != doc and e.doc_id in view.documents
    }
    if not others:
        return None
    p = view.provisions[pid]
    mine = set(view.tokens(pid))
    cands = [s.provision_id for s in scored if view.provisions[s.provision_id].doc_id in others]
    for other in others:  # the same numbering, which amended laws often keep
        same = view.find(replace(p.locator, doc=other)) if p.article else None
        if same:
            cands.append(same)
    for m in q.awards:  # where the catalog says the old Law held the award's rules
        for kind in ("old_criteria", "old_authority"):
            for ref in m.award.refs_for(kind):
                if ref.doc in others and (found := view.find_ref(ref)):
                    cands.append(found)
    best, best_sim = None, 0.0
    for cid in dict.fromkeys(cands):
        theirs = set(view.tokens(cid))
        sim = len(mine & theirs) / (len(mine | theirs) or 1)
        if sim > best_sim:
            best, best_sim = cid, sim
    return best if best is not None and best_sim >= SIMILARITY else None

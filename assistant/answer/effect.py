"""Whether texts still apply: the effect articles that say so.

"Kế hoạch … vẫn yêu cầu tuyên truyền Nghị định 91/2017 … còn áp dụng không?", "quyết định ký
ngày 20/12/2023 … căn cứ luật nào?", "are awards under the old law still recognised?" are
answered by the article on when a text takes effect and which texts it ends ("Điều 94. Hiệu
lực thi hành"): of the text that replaced the one the question names, or of the Law in force
on the date. When a text began and what it ended are one answer, so such an article is shown
whole (it is short).
"""

from __future__ import annotations

import re
from datetime import date

from assistant.corpus import Corpus
from assistant.errors import AssistantError
from assistant.retrieve.analysis import QueryAnalysis

# "còn áp dụng không", "còn dùng được không", "căn cứ luật nào", "still in force", "still
# recognised" (folded text)
ASKS_VALIDITY = re.compile(
    r"\b(con|van) (ap dung|dung|su dung|hieu luc|gia tri|duoc cong nhan)|"
    r"can cu (luat|van ban) nao|(luat|van ban) nao (ap dung|dieu chinh)|"
    r"ap dung (luat|van ban) nao|"
    r"still (apply|applies|valid|in force|recogni[sz]ed|usable|used)|which (law|text) applies"
)
_EFFECT_TITLE = re.compile(r"^\s*hiệu lực")


def asks_validity(q: QueryAnalysis) -> bool:
    return bool(ASKS_VALIDITY.search(q.folded))


def effect_article(view: Corpus, doc_id: str) -> str | None:
    """A text's article on when it takes effect and what it ends ("Điều 94. Hiệu lực thi
    hành"), the last one when several; None when the text has none indexed."""
    parsed = view.documents.get(doc_id)
    if parsed is None:
        return None
    found = None
    for p in parsed.provisions:
        if p.kind == "dieu" and p.part is None and _EFFECT_TITLE.match((p.title or "").lower()):
            found = p.id
    return found


def whole_effect_article(view: Corpus, pid: str) -> str:
    """The effect article a clause belongs to (the unit itself otherwise)."""
    art = view.article(pid)
    if art is not None and art.id != pid and art.id == effect_article(view, art.doc_id):
        return art.id
    return pid


def successors(q: QueryAnalysis, view: Corpus, day: date, named: tuple[str, ...] = ()) -> list[str]:
    """Indexed texts that replaced, by the date, the texts the question names."""
    docs: list[str] = []
    for doc in dict.fromkeys((*q.doc_hints, *named)):
        v = view.validity(doc, day)
        if v is not None and not v.in_force:
            docs.extend(d for d in v.replaced_by if d in view.documents)
    return list(dict.fromkeys(docs))


def is_effect_article(view: Corpus, pid: str) -> bool:
    p = view.provisions[pid]
    return p.kind == "dieu" and pid == effect_article(view, p.doc_id)


def effect_articles(
    q: QueryAnalysis, view: Corpus, day: date, named: tuple[str, ...] = ()
) -> list[str]:
    """The effect articles answering whether the texts the question names (`named`, besides
    its document hints) still apply: of the texts that replaced them, else of the Law in force
    on the date."""
    docs = successors(q, view, day, named)
    if not docs:
        try:
            docs = [view.registry.main_law(day)]
        except AssistantError:  # no Law in the framework
            return []
    return [a for d in dict.fromkeys(docs) if (a := effect_article(view, d)) is not None]

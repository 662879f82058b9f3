"""Lists out of legal units: the lead line of a clause and its points, as printed.

"2. Hồ sơ đề nghị xét tặng hình thức khen thưởng gồm:" with "a) Tờ trình …;" "b) …" below is a
lead and four items. Nothing is rewritten: items are the units' own lines, only shortened (with
"…") when one is very long, so an answer can be read at a glance and the quote still holds the
whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import fsum

from assistant.corpus import Corpus

# "2. ", "(3) ", "a) ", "đ) ", "1.2. ", "IV. ", "- ", "+ " at the start of a unit's first line.
_NUMBER = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*[.)]\s+|[a-zđ]\)\s+|[IVXLC]+\.\s+|[-+•]\s+)")
_ARTICLE_HEAD = re.compile(r"^\s*Điều\s+\d+[a-zđ]?\s*\.?\s*", re.IGNORECASE)
MAX_ITEM_CHARS = 600
MAX_ITEMS = 12


@dataclass(frozen=True)
class Extract:
    """What a unit says, ready to show: its lead line and the items under it."""

    provision_id: str
    lead: str  # the unit's own text without its number ("Hồ sơ đề nghị … gồm:")
    items: tuple[str, ...] = ()  # the children's lines, as printed ("a) Tờ trình …;")
    context: str = ""  # the enclosing clause's lead for a point ("1. … sau đây:")

    def lines(self) -> list[str]:
        out = [self.context] if self.context else []
        if self.lead:
            out.append(self.lead)
        out.extend(self.items)
        return out


def shorten(text: str, limit: int = MAX_ITEM_CHARS) -> str:
    """Cut at a word boundary with "…" when longer than `limit` (verbatim up to the cut)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;: ") + " …"


# Where a long line may be cut: after a comma or semicolon (the text's own phrase boundaries).
_PHRASE_END = re.compile(r"(?<=[,;])\s+")
LINE_HEAD_CHARS = 160  # what a windowed line keeps of its start (who or what it is about)


def window(text: str, limit: int, weigh) -> str:
    """A long line cut to `limit` characters around what the question asks: its start, then
    the run of whole phrases holding the most question weight (`weigh(phrases) -> float`),
    gaps marked "…". "2. Bộ trưởng, … Chủ tịch Ủy ban nhân dân cấp tỉnh xem xét, … đề nghị
    Thủ tướng Chính phủ trình Chủ tịch nước …" keeps the authority the question asks about
    even when it stands at the end of a 900-character enumeration."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    phrases = _PHRASE_END.split(text)
    if len(phrases) < 3:
        return shorten(text, limit)
    best, best_w = (0, 0), -1.0
    for i in range(len(phrases)):
        size = 0
        for j in range(i, len(phrases)):
            size += len(phrases[j]) + 1
            if size > limit - (LINE_HEAD_CHARS if i else 0):
                break
            w = weigh(phrases[i : j + 1])
            # ties go to the earlier, longer window: the text's own order and more context
            if w > best_w or (w == best_w and (i, -j) < (best[0], -best[1])):
                best, best_w = (i, j), w
    i, j = best
    if best_w <= 0 or i == 0:
        return shorten(text, limit)
    head = shorten(phrases[0], LINE_HEAD_CHARS).removesuffix(" …").rstrip(",; ")
    body = " ".join(phrases[i : j + 1]).rstrip(",; ")
    tail = " …" if j < len(phrases) - 1 else ""
    return f"{head} … {body}{tail}"


def strip_number(line: str) -> str:
    return _NUMBER.sub("", _ARTICLE_HEAD.sub("", line, count=1), count=1).strip()


def extract(view: Corpus, pid: str, *, limit: int = MAX_ITEM_CHARS) -> Extract:
    """The lead and items of a unit (a point brings its clause's lead as context)."""
    p = view.provisions[pid]
    own = (p.text or "").strip()
    if p.kind == "dieu":
        lead = p.title or strip_number(own.splitlines()[0] if own else "")
        body = own.split("\n", 1)[1].strip() if "\n" in own else ""
        if body:
            lead = f"{lead}: {shorten(body, limit)}" if lead else shorten(body, limit)
    else:
        lead = shorten(own, limit)
    items = tuple(
        shorten(view.text(cid), limit)
        for cid in p.children[:MAX_ITEMS]
        if view.provisions.get(cid) is not None and view.provisions[cid].kind != "footnotes"
    )
    context = ""
    if p.kind in ("diem", "tiet") and p.parent_id in view.provisions:
        parent = view.provisions[p.parent_id]
        context = shorten(parent.text or "", limit)
    return Extract(pid, lead, items, context)


def sentence(view: Corpus, pid: str, limit: int = 300) -> str:
    """A unit in one line: its own text (or title and first line), shortened."""
    e = extract(view, pid, limit=limit)
    text = " ".join(e.lines()) if not e.items else f"{e.lead} {' '.join(e.items)}"
    return shorten(strip_number(text) if not e.context else text, limit)


def excerpt(
    view: Corpus, pid: str, qtokens: set[str], budget: int, line_limit: int = MAX_ITEM_CHARS
) -> list[str]:
    """The unit's lines as printed, all of them when they fit in `budget` characters, else
    its first line and the lines holding most of the question's words (in text order, a gap
    marked "…"). A point brings its clause's lead line first, which it means nothing without."""
    from assistant.index.lexical import unit_tokens

    p = view.provisions[pid]
    lines = [ln.strip() for ln in view.text(pid).splitlines() if ln.strip()]
    if p.kind in ("diem", "tiet") and p.parent_id in view.provisions:
        lead = (view.provisions[p.parent_id].text or "").strip().splitlines()
        lines = lead[:1] + lines

    asked: dict[str, set[str]] = {}  # phrase → the question's words it holds

    def weigh(phrases: list[str]) -> float:
        for ph in phrases:
            if ph not in asked:
                asked[ph] = unit_tokens(ph) & qtokens
        return fsum(view.idf.weight(t) for t in set().union(*(asked[ph] for ph in phrases)))

    lines = [window(ln, line_limit, weigh) for ln in lines]
    if sum(len(ln) for ln in lines) <= budget:
        return lines
    if p.kind == "dieu" and len(p.children) > 1:
        return _by_clause(view, p, qtokens, budget, line_limit)
    weights = [
        fsum(view.idf.weight(t) for t in qtokens & unit_tokens(ln)) / (1 + len(ln) / 400)
        for ln in lines
    ]
    keep = {0}
    used = len(lines[0])
    for i in sorted(range(1, len(lines)), key=lambda i: -weights[i]):
        if weights[i] <= 0 or used + len(lines[i]) > budget:
            continue
        keep.add(i)
        used += len(lines[i])
    out: list[str] = []
    last = -1
    for i in sorted(keep):
        if i != last + 1:
            out.append("…")
        out.append(lines[i])
        last = i
    if last != len(lines) - 1:
        out.append("…")
    return out


def _by_clause(view: Corpus, p, qtokens: set[str], budget: int, line_limit: int) -> list[str]:
    """A long article shown by its heading and whole clauses, those holding most of the
    question first, in text order ("…" where clauses are left out)."""
    heading = (p.text or "").strip().splitlines()[:1]
    clauses = []
    for cid in p.children:
        text = [shorten(ln, line_limit) for ln in view.text(cid).splitlines() if ln.strip()]
        clauses.append((view.idf.coverage(qtokens, view.tokens(cid)), cid, text))
    keep: set[str] = set()
    used = sum(len(h) for h in heading)
    for cov, cid, text in sorted(clauses, key=lambda c: -c[0]):
        size = sum(len(ln) for ln in text)
        if keep and (cov <= 0 or used + size > budget):
            continue
        keep.add(cid)
        used += size
    out = list(heading)
    gap = False
    for _, cid, text in clauses:
        if cid in keep:
            if gap:
                out.append("…")
            out.extend(text)
            gap = False
        else:
            gap = True
    if gap:
        out.append("…")
    return out

"""Building a provision tree line by line: open units on a stack, then freeze them.

The grammars (legal.py, plan.py) decide what a line is; this module keeps the bookkeeping that
both need: which unit is open, where a new unit hangs, stable ids with a "-2" suffix (and a
warning) when damaged numbering would give two units the same id, and the frozen Provisions in
document order with parent_id and children filled.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.models import Provision, ProvisionKind

_FOOTNOTE_MARK = re.compile(r"\[\^\d+\]")


def strip_footnote_marks(text: str) -> str:
    """Drop footnote marks: "Điều 4[^2]" → "Điều 4", "2.[^4] Nguyên tắc" → "2. Nguyên tắc"."""
    return _FOOTNOTE_MARK.sub("", text)


@dataclass(eq=False)
class Draft:
    """A unit while its lines are still being read."""

    kind: ProvisionKind
    rank: int  # depth class: a new unit closes every open unit of equal or higher rank
    segment: str  # this unit's id segment: "dieu-58a", "khoan-2", "phu-luc-i", "ii"
    line: int
    number: str | None = None
    title: str | None = None
    part: str | None = None
    article: int | None = None
    article_suffix: str | None = None
    clause: int | None = None
    point: str | None = None
    appendix: str | None = None
    section: str | None = None
    # "parent": the id extends the parent's id; "root": it extends the document (+ part) id
    anchor: str = "parent"
    lines: list[str] = field(default_factory=list)
    parent: Draft | None = None
    children: list[Draft] = field(default_factory=list)
    # how the unit was announced, for warnings ("Điều 5", "khoản 2")
    display: str = ""

    def add(self, text: str) -> None:
        if text:
            self.lines.append(text)


class TreeBuilder:
    """A stack of open Drafts under one root."""

    def __init__(self, root_id: str, doc_id: str, line: int) -> None:
        self.root_id = root_id
        self.doc_id = doc_id
        self.root = Draft(kind="document", rank=0, segment="", line=line, display="document")
        self.stack: list[Draft] = [self.root]
        self.order: list[Draft] = [self.root]
        self.warnings: list[str] = []

    @property
    def current(self) -> Draft:
        return self.stack[-1]

    def close_to(self, rank: int) -> Draft:
        """Close every open unit of rank ≥ ``rank``; return the unit that stays open."""
        while len(self.stack) > 1 and self.stack[-1].rank >= rank:
            self.stack.pop()
        return self.stack[-1]

    def open(self, draft: Draft) -> Draft:
        parent = self.close_to(draft.rank)
        draft.parent = parent
        parent.children.append(draft)
        self.stack.append(draft)
        self.order.append(draft)
        return draft

    def find_open(self, predicate: Callable[[Draft], bool]) -> Draft | None:
        for d in reversed(self.stack):
            if predicate(d):
                return d
        return None

    def freeze(self) -> tuple[Provision, ...]:
        """Assign ids in document order and return frozen Provisions, root first."""
        ids: dict[int, str] = {}
        taken: set[str] = set()
        for d in self.order:
            if d is self.root:
                pid = self.root_id
            else:
                if d.anchor == "root":
                    base = self.root_id + ("/quyet-dinh" if d.part == "quyet-dinh" else "")
                else:
                    base = ids[id(d.parent)]
                pid = f"{base}/{d.segment}"
            if pid in taken:
                n = 2
                while f"{pid}-{n}" in taken:
                    n += 1
                self.warnings.append(
                    f"line {d.line}: {d.display or d.kind} would repeat the id {pid!r} "
                    f"(numbering in the source is duplicated or damaged); kept as {pid}-{n}"
                )
                pid = f"{pid}-{n}"
            taken.add(pid)
            ids[id(d)] = pid

        out: list[Provision] = []
        for d in self.order:
            out.append(
                Provision(
                    id=ids[id(d)],
                    doc_id=self.doc_id,
                    kind=d.kind,
                    number=d.number,
                    title=d.title or None,
                    text="\n".join(d.lines),
                    parent_id=ids[id(d.parent)] if d.parent is not None else None,
                    children=tuple(ids[id(c)] for c in d.children),
                    part=d.part,
                    article=d.article,
                    article_suffix=d.article_suffix,
                    clause=d.clause,
                    point=d.point,
                    appendix=d.appendix,
                    section=d.section,
                    line=d.line,
                )
            )
        return tuple(out)

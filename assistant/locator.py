"""Where a provision is: ``Locator``, the one owner of citation coordinates, their labels and
their order (a leaf module: every stage reads it, it reads nothing of the project)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

QUYET_DINH = "quyet-dinh"  # the part of a decision's own articles (DESIGN §4, evals README)


@dataclass(frozen=True, slots=True)
class Locator:
    """Where a provision is (DESIGN §4): its document and the coordinates inside it.

    The one owner of coordinates, their labels and their order. Provisions, chunks, citations,
    hits, catalog references, framework effects and eval gold all read theirs through
    ``Locator.of`` (or the ``locator`` property of ``Coordinates``).
    """

    doc: str = ""
    part: str | None = None  # "quyet-dinh" for a decision's own articles
    article: int | None = None
    article_suffix: str | None = None  # "a" for Điều 58a
    clause: int | None = None
    point: str | None = None  # as printed: "a", "đ"
    appendix: str | None = None  # "I", "2"
    section: str | None = None  # "IV.2" (plan), "Phần I.II.7.b" (appendix)

    @classmethod
    def of(cls, obj: object) -> Locator:
        """The coordinates of any record or mapping that has them; its document is read from
        ``doc``, ``doc_id`` or ``doc_ref``, whichever it has."""
        if isinstance(obj, Locator):
            return obj
        if isinstance(obj, Mapping):
            get = obj.get
        else:

            def get(name: str, default: object = None) -> object:
                return getattr(obj, name, default)

        doc = get("doc") or get("doc_id") or get("doc_ref") or ""
        return cls(
            doc=str(doc),
            part=get("part"),
            article=get("article"),
            article_suffix=get("article_suffix") or None,
            clause=get("clause"),
            point=get("point"),
            appendix=get("appendix"),
            section=get("section"),
        )

    @property
    def is_article(self) -> bool:
        return self.article is not None

    def at_article(self) -> Locator:
        """The article this unit belongs to (itself for an article or a section)."""
        return replace(self, clause=None, point=None)

    def unit(self) -> tuple:
        """What counts as one unit for grouping: the article, suffix included (Điều 58a is not
        Điều 58), or the top section of a plan or an appendix."""
        if self.article is not None:
            return (self.doc, self.part, self.article, self.article_suffix)
        return (self.doc, self.appendix, (self.section or "").split(".")[0])

    def sort_key(self) -> tuple:
        """Document order within one document (None first)."""
        return (
            self.doc,
            self.part or "",
            self.article is not None,
            self.article or 0,
            self.article_suffix or "",
            self.clause or 0,
            self.point or "",
            self.appendix or "",
            self.section or "",
        )

    def article_label(self) -> str:
        """ "điểm a khoản 2 Điều 84a", smallest first; "" outside articles."""
        if self.article is None:
            return ""
        parts: list[str] = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}{self.article_suffix or ''}")
        return " ".join(parts)

    def label_vi(self, *, form: str | None = None) -> str:
        """The Vietnamese label of the unit without its document, smallest first: "điểm a
        khoản 2 Điều 84", "Điều 1 của Quyết định", "Mẫu số 01 Phụ lục I", "mục IV.2"."""
        parts = [self.article_label()] if self.article is not None else []
        if self.article is not None and self.part == QUYET_DINH:
            parts.append("của Quyết định")
        if form:
            parts.append(f"Mẫu số {form}")
        if self.section:
            head, _, rest = self.section.partition(".")
            if head.startswith("Phần "):
                parts.append(f"{head} mục {rest}" if rest else head)
            else:
                parts.append(f"mục {self.section}")
        if self.appendix:
            parts.append(f"Phụ lục {self.appendix}")
        return " ".join(parts)

    def short(self) -> str:
        """Short label for reports and logs: "06/2022/QH15 Đ84 k2 a", "30/2020/NĐ-CP PL I §…"."""
        parts = [self.doc]
        if self.part:
            parts.append(f"[{self.part}]")
        if self.article is not None:
            parts.append(f"Đ{self.article}{self.article_suffix or ''}")
            if self.clause is not None:
                parts.append(f"k{self.clause}")
            if self.point is not None:
                parts.append(self.point)
        if self.appendix:
            parts.append(f"PL {self.appendix}")
        if self.section:
            parts.append(f"§{self.section}")
        return " ".join(parts)

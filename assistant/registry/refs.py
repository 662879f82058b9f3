"""CitationRef: the coordinates a citation names, before it is resolved to a provision id."""

from __future__ import annotations

from dataclasses import dataclass

QUYET_DINH = "quyet-dinh"  # part of a decision's own articles (DESIGN §4, evals README)


@dataclass(frozen=True, slots=True)
class CitationRef:
    """What a citation names. ``doc_ref`` is the document as written ("Luật TĐKT") or, once
    resolved, its id; None means "not named" (a bare "Điều 84": the main Law on the date)."""

    doc_ref: str | None = None
    part: str | None = None  # "quyet-dinh" for a decision's own articles
    article: int | None = None
    article_suffix: str | None = None  # "a" for Điều 58a
    clause: int | None = None
    point: str | None = None  # as printed: "a", "đ"
    appendix: str | None = None  # "I", "2"
    section: str | None = None  # "IV.2" (plan), "Phần I.II.7.b" (appendix)
    form: str | None = None  # "01" for Mẫu số 01
    text: str = ""  # the words as written

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.article, self.clause, self.point, self.appendix, self.section, self.form)
        )

    def label(self) -> str:
        """Vietnamese label of the unit, smallest first: "điểm a khoản 2 Điều 84"."""
        parts: list[str] = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        if self.article is not None:
            parts.append(f"Điều {self.article}{self.article_suffix or ''}")
            if self.part == QUYET_DINH:
                parts.append("của Quyết định")
        if self.form:
            parts.append(f"Mẫu số {self.form}")
        if self.section:
            head, _, rest = self.section.partition(".")
            if head.startswith("Phần "):
                parts.append(f"{head} mục {rest}" if rest else head)
            else:
                parts.append(f"mục {self.section}")
        if self.appendix:
            parts.append(f"Phụ lục {self.appendix}")
        return " ".join(parts)

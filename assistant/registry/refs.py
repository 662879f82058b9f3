"""CitationRef: the coordinates a citation names, before it is resolved to a provision id."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.locator import QUYET_DINH, Locator

__all__ = ["QUYET_DINH", "CitationRef"]


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
        return Locator.of(self).label_vi(form=self.form)

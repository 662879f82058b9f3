"""CitationRef: the coordinates a citation names, before it is resolved to a provision id."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.locator import QUYET_DINH, Locator

__all__ = ["QUYET_DINH", "CitationRef"]


@dataclass(frozen=True, slots=True)
class CitationRef(Locator):
    """What a citation names: the coordinates of a ``Locator``, plus the document as written.
    ``doc_ref`` is that document ("Luật TĐKT") or, once resolved, its id; None means "not
    named" (a bare "Điều 84": the main Law on the date). ``doc`` stays empty until a caller
    places the reference in a document."""

    doc_ref: str | None = None
    form: str | None = None  # "01" for Mẫu số 01
    text: str = ""  # the words as written

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.article, self.clause, self.point, self.appendix, self.section, self.form)
        )

    def label(self) -> str:
        """Vietnamese label of the unit, smallest first: "điểm a khoản 2 Điều 84"."""
        return self.label_vi(form=self.form)

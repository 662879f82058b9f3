"""What a system returned for one Q&A item, in a form that scores and serialises (report.json).

The runner turns Hits and Answers into these records right after each call, so metrics and
reports never depend on the system's own classes (and a saved run can be re-scored).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.models import Coordinates

EXCERPT_CHARS = 300


class Located(Coordinates):
    """Citation coordinates shared by hits and shown citations (see evals.matching)."""

    model_config = ConfigDict(frozen=True)

    doc: str
    provision_id: str = ""
    label: str = ""

    def where(self) -> str:
        """Short label for reports: the system's own label, else the coordinates."""
        if self.label:
            return f"{self.label} ({self.doc})" if self.doc not in self.label else self.label
        return self.locator.short()


class HitRecord(Located):
    score: float = 0.0
    excerpt: str = ""


class CitationRecord(Located):
    pass


class ItemResult(BaseModel):
    """One system's output for one item: ranked hits, the answer, wall-clock latencies."""

    model_config = ConfigDict(frozen=True)

    id: str
    hits: tuple[HitRecord, ...] = ()
    answer: str = ""
    abstained: bool = False
    citations: tuple[CitationRecord, ...] = ()
    search_ms: float | None = None
    ask_ms: float | None = None
    error: str | None = None


def _coords(obj: Any, doc_attr: str) -> dict[str, Any]:
    return {
        "doc": getattr(obj, doc_attr, "") or "",
        **{name: getattr(obj, name, None) for name in Coordinates.model_fields},
        "provision_id": getattr(obj, "provision_id", "") or "",
        "label": getattr(obj, "label", "") or "",
    }


def hit_record(hit: Any) -> HitRecord:
    """From an assistant.models.Hit (anything with ``.chunk`` and ``.score``)."""
    chunk = hit.chunk
    text = " ".join(str(getattr(chunk, "text", "")).split())
    return HitRecord(
        **_coords(chunk, "doc_id"), score=float(hit.score), excerpt=text[:EXCERPT_CHARS]
    )


def citation_record(citation: Any) -> CitationRecord:
    """From an assistant.models.Citation."""
    return CitationRecord(**_coords(citation, "doc"))

"""What of the expected framework is indexed in full, as excerpts, or missing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from assistant.models import Coverage
from assistant.registry.framework import Role
from assistant.registry.validity import is_in_force

if TYPE_CHECKING:
    from assistant.registry.entries import RegistryEntry


@dataclass(frozen=True, slots=True)
class CoverageRow:
    doc_id: str
    title: str
    status: Coverage  # full | excerpt | missing
    in_force_today: bool
    indexed: bool
    role: Role = "other"
    in_framework: bool = True
    via: str | None = None  # the indexed text that carries it (15/2003/QH11 → 16/VBHN-VPQH)
    unverified: bool = False
    note: str = ""


def coverage_rows(entries: Iterable[RegistryEntry], today: date) -> list[CoverageRow]:
    """Framework documents first (in framework order), then indexed documents outside it."""
    ordered = sorted(entries, key=lambda e: (not e.in_framework, e.kind != "legal"))
    rows: list[CoverageRow] = []
    for e in ordered:
        status = e.coverage
        if status is Coverage.MISSING and e.text_via:
            status = Coverage.FULL  # readable through the consolidated text
        rows.append(
            CoverageRow(
                doc_id=e.doc_id,
                title=e.title,
                status=status,
                in_force_today=is_in_force(e, today),
                indexed=e.indexed,
                role=e.role,
                in_framework=e.in_framework,
                via=e.text_via,
                unverified=e.unverified,
                note=e.note,
            )
        )
    return rows

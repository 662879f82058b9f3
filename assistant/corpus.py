"""The corpus read model: the indexed documents and provisions as every stage above the index
reads them — a provision by id or by ``Locator``, its text, heading, word sets and levels, and a
document's validity on a day.

Built once with each index snapshot (``app.service.Assistant.reload``) over the snapshot's
``Library`` (the parsed documents, as stored with the index) and the ``Registry``, so that an
answer costs a few dictionary look-ups, not a walk over the library. The registry resolves
citations through the same ``ProvisionLookup`` (``lookup``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from assistant.errors import AssistantError
from assistant.index.lexical import Idf, unit_tokens
from assistant.index.tokenizer import fold
from assistant.models import DocKind, Locator, ParsedDocument, Provision
from assistant.registry.lookup import ProvisionLookup

log = logging.getLogger(__name__)


class Corpus:
    """Read-only views of one index snapshot's documents, provisions and their validity."""

    def __init__(self, library, registry) -> None:
        self.library = library
        self.registry = registry
        self.provisions: dict[str, Provision] = library.provisions
        self.idf = Idf.build(p.text for p in self.provisions.values() if p.text)
        self.lookup = ProvisionLookup(self.provisions.values())
        self._tokens: dict[str, frozenset[str]] = {}
        self._folded: dict[str, str] = {}
        self._validity: dict[tuple[str, date], object] = {}
        self._levels: dict[str, frozenset[str]] = {}
        self._resolved: dict[tuple[str, date], str | None] = {}

    @property
    def documents(self) -> dict[str, ParsedDocument]:
        return self.library.documents

    # -- texts ------------------------------------------------------------------------------
    def text(self, pid: str) -> str:
        """The verbatim text of the unit and everything under it (what a quote shows)."""
        return self.library.full_text(pid)

    def article(self, pid: str) -> Provision | None:
        """The Điều a unit belongs to (itself for an article), None outside articles."""
        p = self.provisions.get(pid)
        while p is not None and p.kind not in ("dieu",):
            if p.parent_id is None:
                return None
            p = self.provisions.get(p.parent_id)
        return p

    def top_section(self, pid: str) -> Provision | None:
        """The highest numbered ancestor below the document root (plans, appendices)."""
        p = self.provisions.get(pid)
        best = p
        while p is not None and p.parent_id is not None:
            parent = self.provisions.get(p.parent_id)
            if parent is None or parent.kind in ("document",):
                break
            best = parent
            p = parent
        return best

    def unit_key(self, pid: str) -> tuple:
        """What counts as "the same article" for grouping (the plan's top section otherwise)."""
        return self.provisions[pid].locator.unit()

    def heading(self, pid: str) -> str:
        """The article's (or top section's) title, for matching what a unit is about."""
        art = self.article(pid)
        if art is not None:
            return art.title or ""
        top = self.top_section(pid)
        return (top.title or "") if top is not None else ""

    def tokens(self, pid: str) -> frozenset[str]:
        """Folded syllables and bigrams of the unit's text and its heading."""
        if pid not in self._tokens:
            self._tokens[pid] = frozenset(unit_tokens(f"{self.heading(pid)}\n{self.text(pid)}"))
        return self._tokens[pid]

    def text_tokens(self, pid: str) -> frozenset[str]:
        """Folded syllables and bigrams of the unit's own text (its heading left out: every
        unit of the article or section shares it)."""
        key = f"={pid}"
        if key not in self._tokens:
            self._tokens[key] = frozenset(unit_tokens(self.text(pid)))
        return self._tokens[key]

    def naming_tokens(self, doc_id: str) -> frozenset[str]:
        """Words that name a document: its kind, title, issuer, place and number. A question
        naming the plan ("kế hoạch … của phường Pom Hán") says which document, not which of
        its units."""
        key = f"doc:{doc_id}"
        if key not in self._tokens:
            parsed = self.library.documents.get(doc_id)
            m = parsed.meta if parsed is not None else None
            named = (
                f"{m.loai or ''} {m.title} {m.issuer or ''} {m.place or ''} {m.so_hieu or ''}"
                if m is not None
                else ""
            )
            self._tokens[key] = frozenset(unit_tokens(named))
        return self._tokens[key]

    def heading_tokens(self, pid: str) -> frozenset[str]:
        key = f"#{pid}"
        if key not in self._tokens:
            self._tokens[key] = frozenset(unit_tokens(self.heading(pid)))
        return self._tokens[key]

    def folded(self, pid: str) -> str:
        """Lower-case, diacritic-folded text of the unit with its heading (for cue patterns)."""
        if pid not in self._folded:
            self._folded[pid] = fold(f"{self.heading(pid)}\n{self.text(pid)}".lower())
        return self._folded[pid]

    def levels(self, pid: str) -> frozenset[str]:
        """Administrative levels the unit's text names ("cấp tỉnh", "Chủ tịch UBND cấp xã")."""
        if pid not in self._levels:
            from assistant.domain import detect_levels

            self._levels[pid] = detect_levels(self.text(pid)).levels
        return self._levels[pid]

    def awards(self, pid: str) -> frozenset[str]:
        """Ids of the catalog awards the unit's text names, as named (no parents added)."""
        key = f"@{pid}"
        if key not in self._levels:
            from assistant.domain import match_awards

            self._levels[key] = frozenset(m.award.id for m in match_awards(self.text(pid)))
        return self._levels[key]

    def is_provincial(self, doc_id: str) -> bool:
        """A province's own regulation (it binds that province only)."""
        return self.registry.is_provincial(doc_id)

    def is_plan(self, pid: str) -> bool:
        doc = self.library.documents.get(self.provisions[pid].doc_id)
        return doc is not None and doc.meta.kind == DocKind.PLAN

    # -- coordinates ------------------------------------------------------------------------
    def find(self, where: Locator) -> str | None:
        """The provision id of the unit at these coordinates, or None when it is not indexed."""
        p = self.lookup.at(where)
        return p.id if p is not None else None

    def find_ref(self, ref) -> str | None:
        """A catalog Ref (assistant.domain.Ref) as a provision id, falling back to its clause."""
        where = ref.locator
        pid = self.find(where)
        if pid is None and where.point is not None:
            pid = self.find(replace(where, point=None))
        return pid

    def resolve(self, citation: str, on: date) -> str | None:
        """The provision a citation string names ("Điều 59 Nghị định 129/2025/NĐ-CP"), or None."""
        key = (citation, on)
        if key not in self._resolved:
            from assistant.registry import resolve_citation

            try:
                self._resolved[key] = resolve_citation(citation, self.registry, self.lookup, on)
            except AssistantError:
                log.info("cannot resolve %r", citation)
                self._resolved[key] = None
        return self._resolved[key]

    # -- time -------------------------------------------------------------------------------
    def validity(self, doc_id: str, on: date):
        """Registry validity, cached; None for a document the registry does not know."""
        key = (doc_id, on)
        if key not in self._validity:
            try:
                self._validity[key] = self.registry.validity(doc_id, on)
            except AssistantError:  # a user's own document: unknown to the framework
                log.debug("no validity for %s", doc_id)
                self._validity[key] = None
        return self._validity[key]

    def is_user_document(self, doc_id: str) -> bool:
        """A user's legal text outside the framework: cited with its origin, never as law."""
        entry = self.registry.get(doc_id)
        return bool(entry and entry.user_document)

    def text_in_force(self, doc_id: str, on: date) -> bool:
        """The text's own state on the date (the badge a citation carries)."""
        v = self.validity(doc_id, on)
        return True if v is None else bool(v.in_force)

    def in_force(self, doc_id: str, on: date) -> bool:
        """Still the text to apply on the date, for choosing what answers (``Validity.governs``);
        the citation's badge shows the text's own state (``text_in_force``)."""
        v = self.validity(doc_id, on)
        return True if v is None else v.governs

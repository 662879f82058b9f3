"""The document registry: the expected framework merged with what is indexed.

It answers which text an official means ("Luật TĐKT", "NĐ 152"), whether a text was in force on
a date, what replaced it, and what of the framework the pack covers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from assistant.errors import DocumentNotFoundError
from assistant.models import DocKind, DocMeta
from assistant.parse.ids import doc_slug
from assistant.registry.coverage import CoverageRow, coverage_rows
from assistant.registry.entries import (
    RegistryEntry,
    entry_from_framework,
    entry_from_meta,
    merge_meta,
    symmetric,
)
from assistant.registry.framework import Framework, FrameworkEvent, load_framework
from assistant.registry.names import (
    normalize_name,
    numbers_match,
    parse_doc_number,
)
from assistant.registry.validity import (
    Validity,
    compute_validity,
    governs,
    is_in_force,
    start_bound,
)
from assistant.text import fold_lower

log = logging.getLogger(__name__)

_MAIN_LAW_ROLES = ("law", "consolidated-law")
_PROVINCIAL_ISSUER = re.compile(r"\b(uy ban nhan dan|ubnd|hoi dong nhan dan) (tinh|thanh pho)\b")


def fold_text(text: str | None) -> str:
    return fold_lower(text)


class Registry:
    """Framework documents merged with indexed documents. Build with ``from_sources``."""

    def __init__(self, entries: Iterable[RegistryEntry], events: Iterable[FrameworkEvent] = ()):
        self._entries: dict[str, RegistryEntry] = {e.doc_id: e for e in entries}
        self._events = tuple(sorted(events, key=lambda ev: ev.date))
        self._by_slug = {doc_slug(k): k for k in self._entries}
        self._aliases: dict[str, list[str]] = {}
        for e in self._entries.values():
            for name in (e.doc_id, e.title, e.label, *e.aliases):
                key = normalize_name(name)
                if key and e.doc_id not in self._aliases.setdefault(key, []):
                    self._aliases[key].append(e.doc_id)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_sources(
        cls, framework_path: Path | None = None, metas: Iterable[DocMeta] = ()
    ) -> Registry:
        """Merge framework.yaml (default: the committed one) with the indexed documents' metas."""
        return cls.from_framework(load_framework(framework_path), metas)

    @classmethod
    def from_framework(cls, framework: Framework, metas: Iterable[DocMeta] = ()) -> Registry:
        entries = {d.id: entry_from_framework(d) for d in framework.documents}
        by_slug = {doc_slug(k): k for k in entries}
        for meta in metas:
            key = by_slug.get(doc_slug(meta.doc_id)) or (
                by_slug.get(doc_slug(meta.so_hieu)) if meta.so_hieu else None
            )
            if key and entries[key].indexed:
                log.warning("registry: %s is indexed twice; keeping the first", meta.doc_id)
            elif key:
                entries[key] = merge_meta(entries[key], meta)
            elif meta.doc_id in entries:
                log.warning("registry: %s is indexed twice; keeping the first", meta.doc_id)
            else:
                entries[meta.doc_id] = entry_from_meta(meta)
        entries = symmetric(entries)
        for doc_id, e in entries.items():
            via = e.consolidated_in
            if not e.indexed and via in entries and entries[via].indexed:
                entries[doc_id] = e.model_copy(update={"text_via": via})
        return cls(entries.values(), framework.events)

    # ------------------------------------------------------------------ lookup
    def entries(self) -> tuple[RegistryEntry, ...]:
        return tuple(self._entries.values())

    def get(self, doc_id: str) -> RegistryEntry | None:
        if doc_id in self._entries:
            return self._entries[doc_id]
        key = self._by_slug.get(doc_slug(doc_id)) if doc_id else None
        return self._entries.get(key) if key else None

    def is_provincial(self, doc_id: str) -> bool:
        """A province's own text (it binds that province only): by the framework's role, the
        entry's province, or an issuer that is a provincial People's Committee or Council."""
        entry = self.get(doc_id)
        if entry is None:
            return False
        if entry.role == "provincial" or entry.province:
            return True
        issuer = entry.meta.issuer if entry.meta is not None else entry.issuer
        return entry.kind == DocKind.LEGAL and bool(_PROVINCIAL_ISSUER.search(fold_text(issuer)))

    def _require(self, doc_id: str) -> RegistryEntry:
        entry = self.get(doc_id)
        if entry is None:
            raise DocumentNotFoundError(
                f"unknown document {doc_id!r}",
                fix="use a số hiệu listed by `tdkt corpus list`, or add the text to corpus/user/",
            )
        return entry

    def meta(self, doc_id: str) -> DocMeta:
        """The indexed DocMeta with the framework's dates and relations (or one made from them)."""
        e = self._require(doc_id)
        fields = {
            "title": e.title,
            "issuer": e.issuer,
            "issued": e.issued,
            "effective": e.effective,
            "expired": e.expired,
            "replaces": e.replaces,
            "replaced_by": e.replaced_by,
            "amended_by": e.amended_by,
            "coverage": e.coverage,
        }
        if e.meta is not None:
            return e.meta.model_copy(update=fields)
        return DocMeta(doc_id=e.doc_id, kind=e.kind, so_hieu=e.doc_id, loai=e.loai, **fields)

    def label(self, doc_id: str) -> str:
        e = self.get(doc_id)
        return e.label if e else doc_id

    def is_indexed(self, doc_id: str) -> bool:
        e = self.get(doc_id)
        return bool(e and e.indexed)

    # ------------------------------------------------------------------ time
    def validity(self, doc_id: str, on: date | None = None) -> Validity:
        return compute_validity(self._require(doc_id), on or date.today(), self.get)

    def in_force_on(
        self, on: date | None = None, *, framework_only: bool = True
    ) -> list[RegistryEntry]:
        day = on or date.today()
        return [
            e
            for e in self._entries.values()
            if (e.in_framework or not framework_only) and is_in_force(e, day)
        ]

    def governing_on(self, on: date | None = None) -> list[RegistryEntry]:
        """Framework texts still to apply on the date: in force, or lapsed by their own terms
        with no known successor (said with a caveat wherever they are used)."""
        day = on or date.today()
        return [e for e in self._entries.values() if e.in_framework and governs(e, day)]

    def base_salary(self, on: date | None = None) -> RegistryEntry | None:
        """The text setting the mức lương cơ sở in force on the date (with its sum), if known."""
        day = on or date.today()
        found = [e for e in self.in_force_on(day) if e.base_salary_vnd]
        return max(found, key=lambda e: start_bound(e) or date.min, default=None)

    def successor_chain(self, doc_id: str) -> tuple[str, ...]:
        """The document and its successors: 91/2017/NĐ-CP → 98/2023/NĐ-CP → 152/2025/NĐ-CP."""
        chain = [self._require(doc_id).doc_id]
        while True:
            e = self._entries.get(chain[-1])
            nxt = [r for r in (e.replaced_by if e else ()) if r not in chain]
            if not nxt:
                return tuple(chain)
            # Several successors (a text split in two) are rare; follow the earliest in force.
            nxt.sort(
                key=lambda r: (
                    start_bound(self._entries[r]) or date.max if r in self._entries else date.max
                )
            )
            chain.append(nxt[0])

    def current_version(self, doc_id: str, on: date | None = None) -> str:
        """The member of the successor chain in force on the date (else the last one)."""
        day = on or date.today()
        chain = self.successor_chain(doc_id)
        for d in chain:
            e = self._entries.get(d)
            if e and is_in_force(e, day):
                return d
        return chain[-1]

    def main_law(self, on: date | None = None) -> str:
        """The Law on TĐKT whose text answers a bare "Điều 84" on the date."""
        day = on or date.today()
        cands = [
            e
            for e in self._entries.values()
            if e.family == "luat-tdkt" and e.role in _MAIN_LAW_ROLES
        ]
        if not cands:
            raise DocumentNotFoundError(
                "the framework names no Law on TĐKT (family luat-tdkt)",
                fix="restore corpus/framework.yaml",
            )
        return self._readable(self._choose(cands, day))

    def events(self, on: date | None = None) -> tuple[FrameworkEvent, ...]:
        """Framework events up to and including the date (all when no date is given)."""
        return tuple(ev for ev in self._events if on is None or ev.date <= on)

    def provision_notes(
        self,
        doc_id: str,
        article: int | None,
        clause: int | None = None,
        point: str | None = None,
        on: date | None = None,
        *,
        lang: str = "vi",
    ) -> list[str]:
        """Notes of framework events on a provision (Luật Điều 80 khoản 2 after 01/07/2025)."""
        day = on or date.today()
        e = self.get(doc_id)
        if e is None or article is None:
            return []
        notes = []
        for ev in self.events(day):
            for eff in ev.affects:
                if self.get(eff.doc) is not e or eff.article != article:
                    continue
                if clause is not None and eff.clause is not None and eff.clause != clause:
                    continue
                if point is not None and eff.point is not None and eff.point != point:
                    continue
                notes.append(ev.note_on(eff, lang))
        return notes

    # ------------------------------------------------------------------ names
    def resolve_doc(self, ref: str, on: date | None = None) -> str | None:
        """Map how officials name a document to its id, or None when it is not known.

        A name shared by several texts ("Luật Thi đua, khen thưởng") picks the one in force on the
        date (default today); a text that exists only inside an indexed consolidated text
        (15/2003/QH11) resolves to that text (16/VBHN-VPQH).
        """
        if not ref or not ref.strip():
            return None
        day = on or date.today()
        ref = ref.strip()
        exact = self.get(ref)
        if exact is not None:
            return self._readable(exact.doc_id)
        norm = normalize_name(ref)
        stripped = _strip_lead(norm)
        for key in (norm, stripped):
            if key in self._aliases:
                return self._readable(
                    self._choose([self._entries[i] for i in self._aliases[key]], day)
                )
        if (plan := self._plan_token(ref)) is not None:
            return plan
        number = parse_doc_number(ref)
        if number is not None:
            cands = [e for e in self._entries.values() if numbers_match(number, e.number)]
            cands = self._by_place(cands, norm)
            return self._readable(self._choose(cands, day)) if cands else None
        return self._contained(stripped, day)

    def _plan_token(self, ref: str) -> str | None:
        """Plans are named by file stem ("kế hoạch 004_f5d8082cf000cdee", "kế hoạch 004")."""
        is_plan_ref = normalize_name(ref).split()[:1] == ["kh"]
        for token in re.split(r"[\s,;:()]+", ref):
            e = self.get(token) if token else None
            if e is not None and (is_plan_ref or "_" in token):
                return e.doc_id
        if not is_plan_ref:
            return None
        for token in re.split(r"[\s,;:()]+", ref):
            if not token.isalnum():
                continue
            hits = [
                e.doc_id
                for e in self._entries.values()
                if e.kind is DocKind.PLAN and re.match(rf"{re.escape(token)}[_-]", e.doc_id, re.I)
            ]
            if len(hits) == 1:
                return hits[0]
        return None

    def _by_place(self, cands: list[RegistryEntry], norm: str) -> list[RegistryEntry]:
        if len(cands) < 2:
            return cands
        placed = [
            e
            for e in cands
            if (p := normalize_name(e.province or "")) and re.search(rf"\b{re.escape(p)}\b", norm)
        ]
        return placed or cands

    def _contained(self, norm: str, day: date) -> str | None:
        """The longest known name (3+ words) that appears whole inside the reference."""
        best: tuple[int, list[str]] = (0, [])
        padded = f" {norm} "
        for key, ids in self._aliases.items():
            n = key.count(" ") + 1
            if n >= 3 and n >= best[0] and f" {key} " in padded:
                best = (n, best[1] + ids if n == best[0] else list(ids))
        if not best[1]:
            return None
        return self._readable(self._choose([self._entries[i] for i in dict.fromkeys(best[1])], day))

    def _choose(self, cands: list[RegistryEntry], day: date) -> str:
        """Among texts sharing a name: the one in force on the date, then the one with a text,
        then the most recent that had started (else the earliest still to come)."""

        def key(e: RegistryEntry) -> tuple:
            start = start_bound(e) or date.min
            started = start <= day
            return (
                is_in_force(e, day),
                e.indexed or e.text_via is not None,
                started,
                start.toordinal() if started else -start.toordinal(),
            )

        return max(cands, key=key).doc_id

    def _readable(self, doc_id: str) -> str:
        e = self._entries[doc_id]
        # An amending law's "Điều 1" is not the consolidated text's Điều 1: only the original
        # law keeps its numbering inside the consolidation.
        if not e.indexed and e.text_via and e.role != "amending-law":
            return e.text_via
        return doc_id

    # ------------------------------------------------------------------ coverage
    def coverage(self, today: date | None = None) -> list[CoverageRow]:
        return coverage_rows(self._entries.values(), today or date.today())


_LEAD = re.compile(
    r"^(?:(?:theo|tai|cua|can cu|quy dinh|quy che|ban hanh|kem theo|in|under|per)\s+)+"
)


def _strip_lead(norm: str) -> str:
    """Drop lead-in words ("theo", "quy định kèm theo") that officials put before a name."""
    return _LEAD.sub("", norm).strip()

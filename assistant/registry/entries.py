"""Registry entries: one per document, from the framework, from indexed metadata, or both."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ConfigDict

from assistant.models import Coverage, DocKind, DocMeta
from assistant.registry.framework import DocumentFacts, FrameworkDoc
from assistant.registry.names import DocNumber, number_of
from assistant.text import SO_HIEU


class RegistryEntry(DocumentFacts):
    """One document as the registry serves it: the framework's facts (``DocumentFacts``) merged
    with what the indexed text says of itself."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    doc_id: str
    kind: DocKind
    loai: str
    title: str
    label: str
    number: DocNumber
    expected: Coverage = Coverage.MISSING  # what the framework says the pack holds
    coverage: Coverage = Coverage.MISSING  # what is actually indexed
    indexed: bool = False
    in_framework: bool = False
    text_via: str | None = None  # an indexed text that carries this one (consolidation)
    meta: DocMeta | None = None

    @property
    def user_document(self) -> bool:
        """A legal text a user added that the framework does not list: shown as the user's
        document, never as a legal text in force, whatever its own pages claim."""
        return (
            not self.in_framework
            and self.kind is DocKind.LEGAL
            and self.meta is not None
            and self.meta.origin == "user"
        )


def entry_from_framework(doc: FrameworkDoc) -> RegistryEntry:
    return RegistryEntry(
        doc_id=doc.id,
        kind=DocKind.LEGAL,
        loai=doc.loai,
        title=doc.title,
        label=doc.label or f"{doc.loai} {doc.id}",
        number=number_of(doc.id, doc.loai),
        **{name: getattr(doc, name) for name in DocumentFacts.model_fields},
        expected=doc.pack,
        in_framework=True,
    )


def _ids_in(values: Iterable[str]) -> tuple[str, ...]:
    """Front matter relations are prose ("Luật … số 15/2003/QH11 (đã được …)"): keep the số hiệu."""
    found: list[str] = []
    for value in values:
        m = SO_HIEU.search(value)
        if m and m.group(0) not in found:
            found.append(m.group(0))
    return tuple(found)


def _user_legal(meta: DocMeta) -> bool:
    return meta.origin == "user" and meta.kind is DocKind.LEGAL


def entry_from_meta(meta: DocMeta) -> RegistryEntry:
    plan = meta.kind is DocKind.PLAN
    title = meta.title or meta.doc_id
    # A plan's "Số: /KH-UBND" has no number and would match every other plan.
    names = tuple(n for n in (meta.title, meta.so_hieu) if n and any(c.isdigit() for c in n))
    names = tuple(n for n in (meta.title, *names) if n)
    return RegistryEntry(
        doc_id=meta.doc_id,
        kind=meta.kind,
        loai=meta.loai or ("Kế hoạch" if plan else ""),
        title=title,
        label=f"{meta.loai} {meta.doc_id}" if meta.loai and not plan else title,
        number=number_of(meta.so_hieu or meta.doc_id, meta.loai),
        aliases=names,
        issuer=meta.issuer,
        issued=meta.issued,
        # A plan applies from the day it is signed when it names no other date.
        effective=meta.effective or (meta.issued if plan else None),
        expired=meta.expired,
        # A user's legal text outside the framework ends, replaces or amends nothing: its own
        # front matter could otherwise retire the Law.
        replaces=() if _user_legal(meta) else _ids_in(meta.replaces),
        replaced_by=_ids_in(meta.replaced_by),
        amended_by=_ids_in(meta.amended_by),
        role="plan" if plan else "other",
        expected=meta.coverage,
        coverage=meta.coverage,
        indexed=True,
        meta=meta,
    )


def merge_meta(entry: RegistryEntry, meta: DocMeta) -> RegistryEntry:
    coverage = meta.coverage
    # Loaders that do not read the pack's "trich-doan" convention report excerpts as full.
    if (
        coverage is Coverage.FULL
        and entry.expected is Coverage.EXCERPT
        and "trich-doan" in Path(meta.source_path).name
    ):
        coverage = Coverage.EXCERPT
    return entry.model_copy(
        update={
            "issuer": entry.issuer or meta.issuer,
            "issued": entry.issued or meta.issued,
            "effective": entry.effective or meta.effective,
            "expired": entry.expired or meta.expired,
            "coverage": coverage,
            "indexed": True,
            "meta": meta,
        }
    )


def symmetric(entries: dict[str, RegistryEntry]) -> dict[str, RegistryEntry]:
    """Make replaces/replaced_by and amends/amended_by agree both ways."""
    extra: dict[str, dict[str, list[str]]] = {k: {} for k in entries}
    pairs = (("replaces", "replaced_by"), ("replaced_by", "replaces"))
    pairs += (("amends", "amended_by"), ("amended_by", "amends"))
    for doc_id, e in entries.items():
        for field, mirror in pairs:
            for other in getattr(e, field):
                if other in entries and doc_id not in getattr(entries[other], mirror):
                    extra[other].setdefault(mirror, []).append(doc_id)
    out = {}
    for doc_id, e in entries.items():
        updates = {f: tuple(getattr(e, f)) + tuple(v) for f, v in extra[doc_id].items()}
        out[doc_id] = e.model_copy(update=updates) if updates else e
    return out

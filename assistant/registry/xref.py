"""Cross-references inside legal texts: "Điều 24 của Luật này", "điểm a khoản 1 Điều này",
"các điểm a, b và c khoản 1 Điều 73", "khoản 2 Điều 80 Luật Thi đua, khen thưởng".

Each reference is resolved relative to the citing provision (its document, part, article and
clause), then against an index of provision ids.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from assistant.models import DocMeta, ParsedDocument, Provision
from assistant.parse.ids import doc_slug
from assistant.registry.catalog import Registry
from assistant.registry.citations import find_provision, refs_from_chain
from assistant.registry.framework import DEFAULT_FRAMEWORK_PATH, Framework, load_framework
from assistant.registry.grammar import THIS, DocPhrase, find_chains, fold_keep_positions
from assistant.registry.lookup import ProvisionLookup, candidate_ids
from assistant.registry.refs import QUYET_DINH, CitationRef

log = logging.getLogger(__name__)

# Heading lines name the unit itself ("Điều 84. Hồ sơ …"), not a reference.
_HEADED_KINDS = frozenset({"dieu", "chuong", "muc", "phan", "phu-luc", "mau"})
_ATTACHED_WORDS = ("quy dinh", "quy che", "dieu le", "regulation")
_DECISION_WORDS = ("quyet dinh", "qd", "decision")


@dataclass(frozen=True, slots=True)
class Reference:
    span: tuple[int, int]  # in provision.text
    target: CitationRef  # absolute coordinates; doc_ref = the target's doc id when known
    target_provision_id: str | None  # the parser-convention id (checked by resolve_references)
    text: str = ""
    external: bool = False  # names another document
    relative: bool = False  # "Điều này", "khoản 3" (same article) …


def _mask_heading(provision: Provision) -> str:
    text = provision.text
    if provision.kind in _HEADED_KINDS:
        first, sep, rest = text.partition("\n")
        return " " * len(first) + sep + rest
    return text


def _doc_date(meta: DocMeta | None) -> date | None:
    return (meta.issued or meta.effective) if meta is not None else None


def find_references(
    provision: Provision,
    doc_meta: DocMeta | None = None,
    registry: Registry | None = None,
    on: date | None = None,
) -> list[Reference]:
    """References made by one provision's own text.

    A named document ("Luật Thi đua, khen thưởng") is resolved with the registry on the citing
    document's own date (a 2025 decree means the Law in force in 2025); without a registry only
    references inside the same document get a target id.
    """
    text = _mask_heading(provision)
    folded = fold_keep_positions(text)
    day = on or _doc_date(doc_meta)
    own_doc = provision.doc_id
    out: list[Reference] = []
    for chain in find_chains(text, folded):
        doc = chain.doc
        span = (chain.start, chain.end)
        raw = provision.text[chain.start : chain.end]
        target_doc: str | None = own_doc
        external = False
        if doc is not None and doc.kind == "named":
            external = True
            target_doc = registry.resolve_doc(doc.text, day) if registry is not None else None
            if target_doc is not None and doc_slug(target_doc) == doc_slug(own_doc):
                external = False
        for ref in refs_from_chain(chain, doc.text if doc is not None else None, raw):
            if not any((ref.article, ref.clause, ref.point, ref.appendix, ref.form)):
                continue  # "Mục 2 Chương III": a chapter's section, not a citable unit
            absolute, relative = _absolute(ref, provision, doc, external)
            if absolute is None:
                continue
            pid = None
            if target_doc is not None:
                absolute = replace(absolute, doc_ref=target_doc)
                pid = candidate_ids(target_doc, absolute)[0]
            out.append(Reference(span, absolute, pid, raw, external, relative))
    return out


def _absolute(
    ref: CitationRef, p: Provision, doc: DocPhrase | None, external: bool
) -> tuple[CitationRef | None, bool]:
    """Fill what a reference leaves implicit from the citing provision's coordinates."""
    relative = False
    part = ref.part
    if doc is None:
        part = p.part  # same numbering as the citing text
    elif doc.kind == "self":
        if doc.type_word in _DECISION_WORDS:
            part = QUYET_DINH
        elif any(doc.type_word.startswith(w) for w in _ATTACHED_WORDS):
            part = None
        else:
            part = p.part
    article, suffix, clause, point = ref.article, ref.article_suffix, ref.clause, ref.point
    if article == THIS or (article is None and not external and (clause or point)):
        if p.article is None:
            return None, False
        article, suffix, relative = p.article, p.article_suffix, True
        if clause is None and point is not None and point != THIS:
            clause = p.clause  # "điểm b" alone: a point of the same clause
    if clause == THIS:
        if p.clause is None:
            return None, False
        clause, relative = p.clause, True
    if point == THIS:
        if p.point is None:
            return None, False
        point, relative = p.point, True
    if external and article is None and not (ref.appendix or ref.form):
        return None, False
    return (
        replace(ref, part=part, article=article, article_suffix=suffix, clause=clause, point=point),
        relative,
    )


@dataclass
class ReferenceReport:
    resolved: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unresolved: list[tuple[str, Reference, str]] = field(
        default_factory=list
    )  # (citing id, ref, why)


def _default_registry(metas: list[DocMeta]) -> Registry:
    framework = load_framework() if DEFAULT_FRAMEWORK_PATH.exists() else Framework()
    return Registry.from_framework(framework, metas)


def reference_report(
    parsed_docs: Iterable[ParsedDocument], registry: Registry | None = None
) -> ReferenceReport:
    """Resolve every cross-reference of the given documents against their provisions."""
    docs = list(parsed_docs)
    registry = registry or _default_registry([d.meta for d in docs])
    lookup = ProvisionLookup.from_parsed(docs)
    report = ReferenceReport()
    for d in docs:
        for p in d.provisions:
            targets: list[str] = []
            ancestors = _ancestors(p, lookup)
            for ref in find_references(p, d.meta, registry):
                doc_id = ref.target.doc_ref if ref.target_provision_id else None
                if doc_id is None:
                    report.unresolved.append((p.id, ref, "document not known"))
                    continue
                if not lookup.has_doc(doc_id):
                    report.unresolved.append((p.id, ref, f"{doc_id} is not indexed"))
                    continue
                found = find_provision(lookup, doc_id, ref.target)
                if found is None:
                    report.unresolved.append((p.id, ref, "no such provision"))
                elif found.id != p.id and found.id not in ancestors and found.id not in targets:
                    targets.append(found.id)
            if targets:
                report.resolved[p.id] = tuple(targets)
    return report


def resolve_references(
    parsed_docs: Iterable[ParsedDocument], registry: Registry | None = None
) -> dict[str, tuple[str, ...]]:
    """provision id → ids of the provisions it refers to (itself and its ancestors left out)."""
    return reference_report(parsed_docs, registry).resolved


def _ancestors(p: Provision, lookup: ProvisionLookup) -> set[str]:
    out: set[str] = set()
    cur = p.parent_id
    while cur and cur not in out:
        out.add(cur)
        parent = lookup.get(cur)
        cur = parent.parent_id if parent else None
    return out

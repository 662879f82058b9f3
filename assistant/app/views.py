"""Library objects → the plain shapes the API returns and the UI renders.

Both the routes and the Gradio UI call these, so a document, a provision or a hit looks the same
in the JSON and on screen.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError, DocumentNotFoundError, ProvisionNotFoundError
from assistant.models import Answer, Hit, ParsedDocument, Provision
from assistant.parse.ids import doc_slug
from assistant.parse.labels import label_for

if TYPE_CHECKING:
    from assistant.library import Library
    from assistant.registry import Registry

_OUTLINE_KINDS = {"footnotes", "signature", "table"}


def answer_id(answer: Answer) -> str:
    """A stable id of an answer's content (what feedback refers to); timings are left out."""
    data = answer.model_dump(mode="json", exclude={"timings_ms"})
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:16]


def find_document(library: Library, key: str) -> ParsedDocument:
    """A document by its id ("06/2022/QH15") or its slug ("06-2022-qh15"), any case."""
    key = key.strip().strip("/")
    if key in library.documents:
        return library.documents[key]
    wanted = doc_slug(key)
    for doc_id, parsed in library.documents.items():
        if doc_slug(doc_id) == wanted:
            return parsed
    raise DocumentNotFoundError(
        f"no indexed document {key!r}", fix="list the documents with GET /api/documents"
    )


def find_provision(library: Library, provision_id: str) -> Provision:
    pid = provision_id.strip().strip("/").lower()
    p = library.provisions.get(pid)
    if p is None:
        raise ProvisionNotFoundError(
            f"no provision {provision_id!r}",
            fix="use a provision_id from a citation, a search hit or a document outline",
        )
    return p


def _validity(registry: Registry, doc_id: str, on: date) -> tuple[bool, str]:
    try:
        v = registry.validity(doc_id, on)
    except AssistantError:  # a document the registry does not know: nothing says it ended
        return True, ""
    return v.in_force, v.note_vi or v.note


def structure_counts(parsed: ParsedDocument) -> dict[str, int]:
    """How many articles, clauses, points and sections the parser found in a document."""
    kinds = Counter(p.kind for p in parsed.provisions)
    return {
        "articles": kinds["dieu"],
        "clauses": kinds["khoan"],
        "points": kinds["diem"],
        "sections": kinds["muc"] + kinds["section"],
    }


def document_summary(parsed: ParsedDocument, registry: Registry, on: date) -> dict[str, Any]:
    m = parsed.meta
    in_force, note = _validity(registry, m.doc_id, on)
    root = parsed.provisions[0] if parsed.provisions else None
    return {
        "doc_id": m.doc_id,
        "slug": doc_slug(m.doc_id),
        "kind": m.kind.value,
        "label": label_for(root, m) if root else m.doc_id,
        "title": m.title,
        "so_hieu": m.so_hieu,
        "loai": m.loai,
        "issuer": m.issuer,
        "issued": m.issued,
        "effective": m.effective,
        "expired": m.expired,
        "coverage": m.coverage.value,
        "in_force": in_force,
        "validity_note": note,
        "provisions": len(parsed.provisions),
        **structure_counts(parsed),
        "source_format": m.source_format,
        "user_document": parsed.meta.origin == "user",
    }


def outline(parsed: ParsedDocument) -> list[dict[str, Any]]:
    """The document's structure without texts: chapters › articles › clauses › points."""
    by_id = parsed.by_id()
    meta = parsed.meta

    def node(p: Provision) -> dict[str, Any]:
        return {
            "id": p.id,
            "kind": p.kind,
            "number": p.number,
            "title": p.title,
            "label": label_for(p, meta),
            "children": [
                node(by_id[c])
                for c in p.children
                if c in by_id and by_id[c].kind not in _OUTLINE_KINDS
            ],
        }

    if not parsed.provisions:
        return []
    root = parsed.provisions[0]
    return [
        node(by_id[c]) for c in root.children if c in by_id and by_id[c].kind not in _OUTLINE_KINDS
    ]


def document_detail(parsed: ParsedDocument, registry: Registry, on: date) -> dict[str, Any]:
    return {
        **document_summary(parsed, registry, on),
        "warnings": list(parsed.warnings),
        "outline": outline(parsed),
    }


def _ref(library: Library, pid: str) -> dict[str, Any] | None:
    p = library.provisions.get(pid)
    if p is None:
        return None
    meta = library.documents[p.doc_id].meta
    return {"id": p.id, "kind": p.kind, "label": label_for(p, meta), "title": p.title}


def provision_view(
    library: Library, registry: Registry, provision_id: str, on: date
) -> dict[str, Any]:
    p = find_provision(library, provision_id)
    parsed = library.documents[p.doc_id]
    meta = parsed.meta
    in_force, note = _validity(registry, p.doc_id, on)
    notes = [note] if note else []
    if p.article is not None:
        with contextlib.suppress(AssistantError):
            notes += registry.provision_notes(p.doc_id, p.article, p.clause, p.point, on)
    return {
        "provision_id": p.id,
        "doc": p.doc_id,
        "doc_title": meta.title,
        "kind": p.kind,
        "label": label_for(p, meta),
        "number": p.number,
        "title": p.title,
        **p.coordinates(),
        "text": library.full_text(p.id),
        "parent": _ref(library, p.parent_id) if p.parent_id else None,
        "children": [r for c in p.children if (r := _ref(library, c))],
        "as_of": on,
        "in_force": in_force,
        "validity_note": " ".join(notes),
    }


def hit_view(hit: Hit, library: Library) -> dict[str, Any]:
    c = hit.chunk
    parsed = library.documents.get(c.doc_id)
    return {
        "doc": c.doc_id,
        "doc_title": parsed.meta.title if parsed else "",
        **c.coordinates(),
        "provision_id": c.provision_id,
        "label": c.label,
        "score": round(float(hit.score), 6),
        "in_force": hit.in_force,
        "origin": parsed.meta.origin if parsed else "pack",
        "note": hit.note,
        "text": c.text,
        "sources": list(hit.sources),
    }


def coverage_items(registry: Registry, today: date | None = None) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": r.doc_id,
            "title": r.title,
            "status": r.status.value,
            "in_force_today": r.in_force_today,
            "indexed": r.indexed,
            "role": r.role,
            "in_framework": r.in_framework,
            "via": r.via,
            "note": r.note,
        }
        for r in registry.coverage(today)
    ]


def corpus_status(library: Library, registry: Registry, on: date) -> dict[str, Any]:
    """What the corpus holds on a day: a summary row of each parsed document (by id) and the
    framework's coverage rows. ``tdkt corpus status`` prints it; the API adds the index served
    and the jobs."""
    return {
        "documents": [
            document_summary(d, registry, on) for _, d in sorted(library.documents.items())
        ],
        "framework": coverage_items(registry, on),
    }

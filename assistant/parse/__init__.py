"""Document → provision tree (legal and plan grammars) → chunks with stable ids."""

from __future__ import annotations

from assistant.models import DocKind, Document, ParsedDocument


def parse_document(doc: Document) -> ParsedDocument:
    """Parse a document with the grammar of its kind (legal text or plan)."""
    if doc.meta.kind == DocKind.PLAN:
        # imported here: the plan grammar is a separate module that legal-only callers never need
        from assistant.parse.plan import parse_plan

        return parse_plan(doc)
    from assistant.parse.legal import parse_legal

    return parse_legal(doc)


__all__ = ["parse_document"]

"""Citation records (DESIGN §4): the exact unit named, its verbatim text, its label and status.

The quote of a citation is always ``library.full_text(provision_id)`` of the unit it names, and
a citation whose provision is not in the library is never built — so nothing shown can be a
paraphrase or point at a text that is not there.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date

from assistant.corpus import Corpus
from assistant.models import Citation, DocKind
from assistant.parse.labels import label_for

log = logging.getLogger(__name__)

MAX_CITATIONS = 5


def citation_for(view: Corpus, provision_id: str, on: date) -> Citation | None:
    """The citation of one indexed provision on a date; None when the id is not indexed."""
    p = view.provisions.get(provision_id)
    if p is None:
        log.warning("dropped a citation of %r: not an indexed provision", provision_id)
        return None
    parsed = view.documents.get(p.doc_id)
    if parsed is None:
        return None
    return Citation(
        doc=p.doc_id,
        doc_title=parsed.meta.title or p.doc_id,
        **p.coordinates(),
        label=label_for(p, parsed.meta),
        quote=view.text(provision_id),
        provision_id=provision_id,
        in_force=view.text_in_force(p.doc_id, on),
        origin=parsed.meta.origin,
        doc_kind="plan" if parsed.meta.kind == DocKind.PLAN else "legal",
    )


def citations_for(
    view: Corpus, ids: Iterable[str], on: date, limit: int = MAX_CITATIONS
) -> tuple[Citation, ...]:
    """Citations of distinct units, in order; a unit inside one already cited is left out."""
    out: list[Citation] = []
    for pid in ids:
        if len(out) >= limit:
            break
        if any(pid == c.provision_id or pid.startswith(c.provision_id + "/") for c in out):
            continue
        c = citation_for(view, pid, on)
        if c is not None:
            # a wider unit that arrives later replaces the narrower ones it contains
            out = [o for o in out if not o.provision_id.startswith(pid + "/")]
            out.append(c)
    return tuple(out)


def verified(view: Corpus, citations: Iterable[Citation]) -> tuple[Citation, ...]:
    """Only citations whose provision is indexed and whose quote is exactly its text."""
    keep = []
    for c in citations:
        if c.provision_id in view.provisions and c.quote == view.text(c.provision_id):
            keep.append(c)
        else:
            log.warning("dropped citation %s: quote does not match the indexed text", c.label)
    return tuple(keep)

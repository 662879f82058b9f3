"""How a plan writes a reference: "khoản 1, 3, 4 và 6 Điều 24 Luật Thi đua, khen thưởng".

NĐ 30/2020/NĐ-CP Phụ lục I mục II.6.b: a Law is named by its type and name, other texts by type
and số hiệu. Several references to one article are merged the way officials write them.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.domain.awards import Ref
from assistant.registry import Registry

_LAW_ROLES = ("law", "amending-law", "consolidated-law")


def doc_name(doc_id: str, registry: Registry) -> str:
    """ "Luật Thi đua, khen thưởng", "Nghị định số 129/2025/NĐ-CP" (unknown ids as given)."""
    entry = registry.get(doc_id)
    if entry is None:
        return doc_id
    if entry.role in _LAW_ROLES and entry.loai == "Luật":
        return entry.title
    return f"{entry.loai} số {entry.doc_id}" if entry.loai else entry.doc_id


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " và " + parts[-1]


def _units(refs: list[Ref]) -> str:
    """The units of one article: "khoản 1, 3 và 4", "điểm đ khoản 1 và khoản 2", ""."""
    if any(r.clause is None for r in refs):
        return ""
    if all(r.point is None for r in refs):
        return "khoản " + _join([str(r.clause) for r in refs])
    return _join(
        [f"điểm {r.point} khoản {r.clause}" if r.point else f"khoản {r.clause}" for r in refs]
    )


def cite(refs: Iterable[Ref], registry: Registry) -> str:
    """References grouped by document and article, in the order given; "" for none."""
    groups: list[tuple[tuple[str, int, str | None], list[Ref]]] = []
    for ref in refs:
        key = (ref.doc, ref.article, ref.article_suffix)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(ref)
        else:
            groups.append((key, [ref]))
    by_doc: list[tuple[str, list[str]]] = []
    for (doc, article, suffix), members in groups:
        units = _units(members)
        text = f"{units} Điều {article}{suffix or ''}".strip()
        if by_doc and by_doc[-1][0] == doc:
            by_doc[-1][1].append(text)
        else:
            by_doc.append((doc, [text]))
    return "; ".join(f"{', '.join(texts)} {doc_name(doc, registry)}" for doc, texts in by_doc)

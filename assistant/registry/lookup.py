"""Find provisions by citation coordinates (document, part, article, clause, point, section).

Ids are built by the parser; coordinates are what a citation names. Looking up by coordinates
keeps citations working whatever the id spelling ("diem-dd" for điểm đ), and lets an error say
what exists nearby ("Điều 84 has khoản 1–7").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from assistant.models import Locator, ParsedDocument, Provision
from assistant.parse.ids import doc_slug, slug
from assistant.registry.grammar import fold_keep_positions
from assistant.registry.refs import CitationRef

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
# The shallowest unit wins when several share coordinates (a "tiết" under its point, a table).
_KIND_ORDER = {
    k: i
    for i, k in enumerate(
        ("document", "dieu", "khoan", "diem", "phu-luc", "phan", "muc", "section", "mau", "tiet")
    )
}


def roman_to_int(token: str) -> int | None:
    token = token.lower()
    if not token or any(c not in _ROMAN for c in token):
        return None
    total = 0
    for a, b in zip(token, token[1:] + " ", strict=False):
        v = _ROMAN[a]
        total += -v if b in _ROMAN and _ROMAN[b] > v else v
    return total


def norm_appendix(value: str | None) -> str | None:
    """ "I" ≡ "1" ≡ "01"; "Mẫu số 01" ≡ "mau so 1"."""
    if not value:
        return None
    v = fold_keep_positions(value).strip()
    if v.isdigit():
        return str(int(v))
    if (r := roman_to_int(v)) is not None:
        return str(r)
    return re.sub(r"\b0+(\d)", r"\1", re.sub(r"\s+", " ", v))


def norm_section(value: str | None) -> str | None:
    """ "Phần I.II.7.b" → "phan-i.ii.7.b"; "IV.2" → "iv.2" (đ kept apart from d)."""
    if not value:
        return None
    v = fold_keep_positions(value).strip().rstrip(".")
    v = re.sub(r"\b(phan|phu luc|mau so|mau)\s+", lambda m: m.group(1).replace(" ", "-") + "-", v)
    return ".".join(seg.strip() for seg in v.split("."))


def norm_form(value: str | None) -> str | None:
    return re.sub(r"\b0+(\d)", r"\1", value.strip().lower()) if value else None


Key = tuple[str, str | None, int | None, str | None, int | None, str | None, str | None, str | None]


def key_of(doc_id: str, ref: CitationRef | Provision | Locator) -> Key:
    return (
        doc_slug(doc_id),
        ref.part,
        ref.article,
        ref.article_suffix or None,
        ref.clause,
        ref.point or None,
        norm_appendix(ref.appendix),
        norm_section(ref.section),
    )


class ProvisionLookup:
    """Provisions of one or more parsed documents, by id and by citation coordinates."""

    def __init__(self, provisions: Iterable[Provision]):
        self._by_id: dict[str, Provision] = {}
        self._by_key: dict[Key, list[Provision]] = defaultdict(list)
        self._forms: dict[str, list[Provision]] = defaultdict(list)
        self._docs: dict[str, list[Provision]] = defaultdict(list)
        for p in provisions:
            self._by_id[p.id] = p
            self._docs[doc_slug(p.doc_id)].append(p)
            if p.kind == "mau":
                self._forms[doc_slug(p.doc_id)].append(p)
            else:
                self._by_key[key_of(p.doc_id, p)].append(p)
        for bucket in self._by_key.values():
            bucket.sort(key=lambda p: (_KIND_ORDER.get(p.kind, 99), len(p.id)))

    @classmethod
    def from_parsed(cls, docs: Iterable[ParsedDocument]) -> ProvisionLookup:
        return cls(p for d in docs for p in d.provisions)

    def get(self, provision_id: str) -> Provision | None:
        return self._by_id.get(provision_id)

    def __contains__(self, provision_id: object) -> bool:
        return provision_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def has_doc(self, doc_id: str) -> bool:
        return doc_slug(doc_id) in self._docs

    def at(self, where: Locator) -> Provision | None:
        """The shallowest unit at these coordinates (an article before the table in it)."""
        hits = self._by_key.get(key_of(where.doc, where))
        return hits[0] if hits else None

    def find(self, doc_id: str, ref: CitationRef) -> Provision | None:
        if ref.form:
            return self._find_form(doc_id, ref)
        hits = self._by_key.get(key_of(doc_id, ref))
        return hits[0] if hits else None

    def _find_form(self, doc_id: str, ref: CitationRef) -> Provision | None:
        want = norm_form(ref.form)
        app = norm_appendix(ref.appendix)
        for p in self._forms.get(doc_slug(doc_id), ()):
            if norm_form(p.number) == want and (
                app is None or norm_appendix(p.appendix) in (app, None)
            ):
                return p
        return None

    def provisions_of(self, doc_id: str) -> list[Provision]:
        return self._docs.get(doc_slug(doc_id), [])

    def children(self, p: Provision) -> list[Provision]:
        return [c for cid in p.children if (c := self._by_id.get(cid)) is not None]


def _seg(value: str) -> str:
    return "dd" if value == "đ" else slug(value)


def candidate_ids(doc_id: str, ref: CitationRef) -> list[str]:
    """Provision ids the parser would give the unit a citation names (first guess first)."""
    base = [doc_slug(doc_id)] + ([ref.part] if ref.part else [])
    if ref.article is not None:
        path = [*base, f"dieu-{ref.article}{ref.article_suffix or ''}"]
        if ref.clause is not None:
            path.append(f"khoan-{ref.clause}")
            if ref.point:
                path.append(f"diem-{_seg(ref.point)}")
        return ["/".join(path)]
    segs = [_seg(s) for s in (ref.section or "").split(".") if s]
    if ref.form:
        form = f"mau-so-{ref.form}"
        app = [f"phu-luc-{slug(ref.appendix)}"] if ref.appendix else []
        return ["/".join([*base, *app, form]), "/".join([*base, form])]
    if ref.appendix:
        return ["/".join([*base, f"phu-luc-{slug(ref.appendix)}", *segs])]
    if segs:
        return ["/".join([*base, f"muc-{segs[0]}", *segs[1:]]), "/".join([*base, *segs])]
    return ["/".join(base)]


# What citations can be resolved against: a lookup, or what one is built from.
Provisions = ProvisionLookup | ParsedDocument | Mapping[str, Provision] | Sequence[ParsedDocument]


def as_lookup(index: Provisions) -> ProvisionLookup:
    """Accept a ProvisionLookup, ParsedDocument(s) or a mapping id → Provision."""
    if isinstance(index, ProvisionLookup):
        return index
    if isinstance(index, ParsedDocument):
        return ProvisionLookup(index.provisions)
    if isinstance(index, Mapping):
        return ProvisionLookup(v for v in index.values() if isinstance(v, Provision))
    if isinstance(index, list | tuple) and all(isinstance(d, ParsedDocument) for d in index):
        return ProvisionLookup.from_parsed(index)
    raise TypeError(f"cannot look provisions up in {type(index).__name__}")

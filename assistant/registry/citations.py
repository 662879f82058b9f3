"""Citation strings as officials type them → coordinates → an indexed provision id.

parse_citation("k2 Đ84 Luật TĐKT")        → CitationRef(doc_ref="Luật TĐKT", article=84, clause=2)
resolve_citation("khoản 2 Điều 84 Luật Thi đua, khen thưởng", registry, index)
                                          → "06-2022-qh15/dieu-84/khoan-2"
find_citations("Điều 84 quy định gì?")    → [((0, 7), CitationRef(article=84))]
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace
from datetime import date

from assistant.errors import CitationNotFoundError
from assistant.models import Coverage, Provision
from assistant.registry.catalog import Registry
from assistant.registry.grammar import (
    THIS,
    Chain,
    DocPhrase,
    doc_phrase_before,
    find_chains,
    fold_keep_positions,
)
from assistant.registry.lookup import ProvisionLookup, Provisions, as_lookup
from assistant.registry.refs import QUYET_DINH, CitationRef

log = logging.getLogger(__name__)

__all__ = [
    "CitationRef",
    "find_citations",
    "find_provision",
    "parse_citation",
    "parse_citations",
    "refs_from_chain",
    "resolve_citation",
    "resolve_ref",
]

_DECISION_WORDS = ("quyet dinh", "qd", "decision")
_LEAD_WORDS = re.compile(r"^[\s,:;.]*(?:(?:của|theo|tại|thuộc|of|the|in|under|cua|tai|thuoc)\s+)*")


def _part_for(doc: DocPhrase | None) -> str | None:
    # "Điều 2 Quyết định 86/2025" is the decision's own article; "Điều 2 Quy định kèm theo
    # Quyết định 86/2025" (attached) or any other document keeps the main numbering.
    if doc is not None and doc.type_word in _DECISION_WORDS and not doc.attached:
        return QUYET_DINH
    return None


def _section_of(item: dict) -> str | None:
    phan, muc = item.get("phan"), item.get("muc")
    if phan and muc:
        return f"Phần {phan.upper()}.{muc}"
    if phan:
        return f"Phần {phan.upper()}"
    return muc


def _appendix_of(item: dict) -> str | None:
    app = item.get("appendix")
    if app is None:
        return None
    return app if app.isdigit() else app.upper()


def refs_from_chain(chain: Chain, doc_ref: str | None, text: str) -> list[CitationRef]:
    """One CitationRef per unit the chain names; THIS markers are left to the caller (xref)."""
    part = _part_for(chain.doc)
    refs: list[CitationRef] = []
    for item in chain.items:
        article = item.get("article")
        suffix = None
        if article and article != THIS:
            m = re.fullmatch(r"(\d+)([a-z]?)", article)
            article, suffix = (int(m.group(1)), m.group(2) or None) if m else (None, None)
        clause = item.get("clause")
        refs.append(
            CitationRef(
                doc_ref=doc_ref,
                part=part,
                article=article,  # type: ignore[arg-type]  # may be THIS for xref
                article_suffix=suffix,
                clause=int(clause) if clause and clause != THIS else clause,  # type: ignore
                point=item.get("point"),
                appendix=_appendix_of(item),
                section=_section_of(item),
                form=item.get("form"),
                text=text,
            )
        )
    return refs


def _has_this(ref: CitationRef) -> bool:
    return THIS in (ref.article, ref.clause, ref.point)


def parse_citation(text: str) -> CitationRef:
    """Parse one citation string ("khoản 2 Điều 84 Luật 06/2022/QH15", "Article 84(2) of the
    Law on …", "mục IV.2 kế hoạch <stem>"). Raises CitationNotFoundError when it names no unit."""
    refs = parse_citations(unicodedata.normalize("NFC", text))
    if not refs:
        raise CitationNotFoundError(
            f"no article, clause, point, section or form found in {text!r}",
            fix='write e.g. "khoản 2 Điều 84 Luật Thi đua, khen thưởng", "mục IV.2 kế hoạch <tệp>"',
        )
    return refs[0]


def parse_citations(text: str) -> list[CitationRef]:
    """Every unit one citation string names ("các điểm a, b khoản 1 Điều 73" names two)."""
    folded = fold_keep_positions(text)
    chains = find_chains(text, folded)
    if not chains:
        return []
    chain = chains[0]
    doc_ref: str | None = None
    if chain.doc is not None and chain.doc.kind == "named":
        doc_ref = chain.doc.text
    elif chain.doc is None:
        before = doc_phrase_before(text, folded, chain.start)
        if before is not None:
            doc_ref, chain.doc = before.text, before
        else:
            # A bare số hiệu or plan stem around the units ("Điều 84 06/2022/QH15").
            rest = _LEAD_WORDS.sub("", text[chain.end :]).strip(" .;,?!")
            head = text[: chain.start].strip(" .;,:?!")
            doc_ref = next((s for s in (rest, head) if re.search(r"\d/|_", s)), None)
    return [r for r in refs_from_chain(chain, doc_ref, text.strip()) if not _has_this(r)]


def find_citations(text: str) -> list[tuple[tuple[int, int], CitationRef]]:
    """Explicit citations inside a question ("Điều 84 quy định gì?", "theo khoản 2 Điều 80").

    A unit with no document named (doc_ref None) means the main Law in force on the date.
    Spans are positions in the NFC text. "điều này"/"khoản này" (this article, in a question:
    "this matter") and bare clauses with no article are not citations.
    """
    text = unicodedata.normalize("NFC", text)
    folded = fold_keep_positions(text)
    found: list[tuple[tuple[int, int], CitationRef]] = []
    for chain in find_chains(text, folded):
        start = chain.start
        doc = chain.doc
        if doc is None and (before := doc_phrase_before(text, folded, chain.start)) is not None:
            doc, start = before, before.start
            chain.doc = before
        doc_ref = doc.text if doc is not None and doc.kind == "named" else None
        for ref in refs_from_chain(chain, doc_ref, text[start : chain.end]):
            if _has_this(ref):
                continue
            # "khoản 2" alone names nothing; "mục IV.2", "Mẫu số 01", "Phụ lục I" need their
            # document ("kế hoạch …", "Nghị định 30/2020").
            if ref.article is None and ref.doc_ref is None:
                continue
            found.append(((start, chain.end), ref))
    return found


# ---------------------------------------------------------------------------- resolution


def resolve_citation(
    text: str, registry: Registry, provisions_index: Provisions, on: date | None = None
) -> str:
    """The id of the indexed provision a citation string names, or CitationNotFoundError saying
    which part was not found and what exists nearby."""
    return resolve_ref(parse_citation(text), registry, provisions_index, on)


def resolve_ref(
    ref: CitationRef, registry: Registry, provisions_index: Provisions, on: date | None = None
) -> str:
    lookup = as_lookup(provisions_index)
    doc_id = _target_doc(ref, registry, on)
    entry = registry.get(doc_id)
    label = entry.label if entry else doc_id
    if not lookup.has_doc(doc_id):
        if entry is not None and entry.coverage is Coverage.MISSING:
            raise CitationNotFoundError(
                f"{label} ({doc_id}) is known but its text is not in the pack",
                fix="add the text to corpus/user/ and rebuild the index",
            )
        raise CitationNotFoundError(
            f"{label} ({doc_id}) is not indexed", fix="run `tdkt index` after adding the document"
        )
    found = find_provision(lookup, doc_id, ref)
    if found is not None:
        return found.id
    raise CitationNotFoundError(_explain_missing(lookup, doc_id, label, ref, entry))


def _target_doc(ref: CitationRef, registry: Registry, on: date | None) -> str:
    if ref.doc_ref:
        doc_id = registry.resolve_doc(ref.doc_ref, on)
        if doc_id is None:
            raise CitationNotFoundError(
                f"no known document matches {ref.doc_ref!r}",
                fix='name it by số hiệu ("Luật 06/2022/QH15", "NĐ 152/2025/NĐ-CP") or by its '
                "name as in `tdkt corpus list`",
            )
        return doc_id
    if ref.article is None and not ref.appendix and not ref.form:
        raise CitationNotFoundError(
            f"{ref.label() or ref.text!r} does not say which plan or document it is in",
            fix='add the plan, e.g. "mục IV.2 kế hoạch <tên tệp>"',
        )
    return registry.main_law(on)


def find_provision(lookup, doc_id: str, ref: CitationRef) -> Provision | None:
    """The provision a ref names in a document, trying the other numbering (decision / attached
    text) and the plan spellings of sections when the first reading does not exist."""
    found = lookup.find(doc_id, ref)
    if found is not None:
        return found
    if ref.part == QUYET_DINH:
        # "Điều 8 Quyết định 86/2025": the decision has 3 articles, so Điều 8 is the attached
        # regulation's; a decision without an attached text numbers its articles in the main part.
        found = lookup.find(doc_id, replace(ref, part=None))
        if found is not None:
            log.debug(
                "citation %r: no Điều %s of the decision itself; using the attached text",
                ref.text,
                ref.article,
            )
        return found
    if ref.part is None and ref.article is not None:
        return lookup.find(doc_id, replace(ref, part=QUYET_DINH))
    if ref.section and ref.section.startswith("Phần "):
        # Plans number their parts "I.", "II."; "phần II mục 1" means section "II.1".
        return lookup.find(doc_id, replace(ref, section=ref.section[len("Phần ") :]))
    if ref.appendix:
        # Plans cite appendices inside the section path: "Phụ lục 2.II".
        path = f"Phụ lục {ref.appendix}" + (f".{ref.section}" if ref.section else "")
        return lookup.find(doc_id, replace(ref, appendix=None, section=path)) or lookup.find(
            doc_id, replace(ref, section=path)
        )
    return None


def _ranges(numbers: list[int]) -> str:
    nums = sorted(set(numbers))
    out: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(f"{nums[i]}–{nums[j]}" if j > i + 1 else ", ".join(map(str, nums[i : j + 1])))
        i = j + 1
    return ", ".join(out)


def _explain_missing(
    lookup: ProvisionLookup, doc_id: str, label: str, ref: CitationRef, entry
) -> str:
    """Which part of the citation was not found, and what exists one level up."""
    excerpt = ""
    if entry is not None and entry.coverage is Coverage.EXCERPT:
        excerpt = " (the pack holds only excerpts of it)"
    if ref.article is None:
        nearby = _nearby_sections(lookup, doc_id, ref)
        what = ref.label() or ref.text
        return f"{what} not found in {label}{excerpt}" + (f"; {nearby}" if nearby else "")
    article_ref = CitationRef(part=ref.part, article=ref.article, article_suffix=ref.article_suffix)
    article = find_provision(lookup, doc_id, article_ref)
    if article is None:
        same_part = [
            p for p in lookup.provisions_of(doc_id) if p.kind == "dieu" and p.part == ref.part
        ]
        plain = [p.article for p in same_part if p.article is not None and not p.article_suffix]
        extra = [f"{p.article}{p.article_suffix}" for p in same_part if p.article_suffix]
        where = "the decision itself" if ref.part == QUYET_DINH else label
        has = ", ".join(filter(None, [_ranges(plain), ", ".join(extra)])) or "no articles"
        cited = f"Điều {ref.article}{ref.article_suffix or ''}"
        return f"{cited} not found in {label}{excerpt}; {where} has Điều {has}"
    art = f"Điều {article.article}{article.article_suffix or ''}"
    if ref.clause is None:
        return f"{art} of {label} found but not the unit cited ({ref.label()})"
    clauses = [c for c in lookup.children(article) if c.kind == "khoan"]
    clause = next((c for c in clauses if c.clause == ref.clause), None)
    if clause is None:
        numbers = [c.clause for c in clauses if c.clause]
        has = f"has khoản {_ranges(numbers)}" if numbers else "has no numbered khoản"
        return f"khoản {ref.clause} not found in {art} of {label}{excerpt}; {art} {has}"
    points = [c.point for c in lookup.children(clause) if c.kind == "diem" and c.point]
    has = f"has điểm {', '.join(points)}" if points else "has no điểm"
    where = f"khoản {ref.clause} {art}"
    return f"điểm {ref.point} not found in {where} of {label}; khoản {ref.clause} {has}"


def _nearby_sections(lookup, doc_id: str, ref: CitationRef) -> str:
    """Sections that exist under the longest prefix of the cited path that does exist."""
    segs = (ref.section or "").split(".") if ref.section else []
    for n in range(len(segs) - 1, -1, -1):
        parent_ref = replace(ref, section=".".join(segs[:n]) or None, form=None)
        parent = find_provision(lookup, doc_id, parent_ref)
        if parent is not None:
            kids = [c.number or c.id.rsplit("/", 1)[-1] for c in lookup.children(parent)]
            kids = [k for k in kids if k]
            where = ".".join(segs[:n]) or (
                f"Phụ lục {ref.appendix}" if ref.appendix else "the document"
            )
            return (
                f"{where} has {', '.join(kids[:30])}" if kids else f"{where} has no numbered parts"
            )
    return ""

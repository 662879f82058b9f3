"""How officials name documents: normalised names and số hiệu ("NĐ 152/2025/NĐ-CP", "Luật 2022")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import fold_lower

# Multi-word type names first so "thong tu lien tich" wins over "thong tu".
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("van ban hop nhat", "vbhn"),
    ("thong tu lien tich", "ttlt"),
    ("nghi dinh", "nd"),
    ("nghi quyet", "nq"),
    ("thong tu", "tt"),
    ("quyet dinh", "qd"),
    ("ke hoach", "kh"),
    ("bo luat", "bl"),
    ("hien phap", "hp"),
    ("resolution", "nq"),
    ("decree", "nd"),
    ("circular", "tt"),
    ("decision", "qd"),
    ("plan", "kh"),
    ("law", "luat"),
)
TYPE_CODES = frozenset(code for _, code in _TYPE_WORDS) | {"luat"}

# Words that carry no identity in a document name ("Luật số 06/2022", "Law on …").
_NOISE = frozenset({"so", "va", "and", "the", "of", "on", "nam"})
_EXPAND = {"tdkt": "thi dua khen thuong"}

# Loại as printed in front matter → type code.
_LOAI_CODES = (
    ("van ban hop nhat", "vbhn"),
    ("bo luat", "bl"),
    ("luat", "luat"),
    ("nghi dinh", "nd"),
    ("thong tu", "tt"),
    ("quyet dinh", "qd"),
    ("ke hoach", "kh"),
    ("nghi quyet", "nq"),
)


def fold(text: str) -> str:
    """Diacritics stripped (đ → d), lower case (``assistant.text.fold_lower``)."""
    return fold_lower(text)


def normalize_name(text: str) -> str:
    """A comparable form of a name: "Luật Thi đua, khen thưởng" → "luat thi dua khen thuong".

    Type names become codes ("Nghị định" → "nd"), "TĐKT" is expanded, and filler words
    ("số", "năm", "và") are dropped, so the ways officials write one name compare equal.
    """
    t = re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()
    for words, code in _TYPE_WORDS:
        t = re.sub(rf"\b{words}\b", code, t)
    tokens = [_EXPAND.get(tok, tok) for tok in t.split()]
    return " ".join(tok for tok in " ".join(tokens).split() if tok not in _NOISE)


def loai_code(loai: str | None) -> str | None:
    if not loai:
        return None
    folded = fold(loai)
    for words, code in _LOAI_CODES:
        if folded.startswith(words):
            return code
    return None


@dataclass(frozen=True, slots=True)
class DocNumber:
    """The parts of a số hiệu a reference names; None = not given."""

    type: str | None = None  # luat, nd, tt, qd, vbhn, kh …
    number: int | None = None
    year: int | None = None
    suffix: str | None = None  # "qh15", "nd-cp", "qd-ubnd", "vbhn-vpqh"


_FULL = re.compile(
    r"(?<![0-9])(?P<num>\d{1,4})\s*/\s*(?P<year>(?:19|20)\d{2})"
    r"(?:\s*/\s*(?P<suf>[a-z]+[0-9]*(?:\s*-\s*[a-z0-9]+)*))?"
)
_NO_YEAR = re.compile(r"(?<![0-9])(?P<num>\d{1,4})\s*/\s*(?P<suf>[a-z]+(?:\s*-\s*[a-z0-9]+)+)")
_TYPED = re.compile(r"\b(?P<type>luat|bl|nd|tt|ttlt|qd|vbhn|kh|nq)\s+(?P<num>\d{1,4})\b(?!\s*/)")


def _suffix(text: str | None) -> str | None:
    return re.sub(r"\s+", "", text) if text else None


def parse_doc_number(ref: str) -> DocNumber | None:
    """Find the số hiệu parts in a reference: "NĐ 152/2025/NĐ-CP", "06/2022", "Nghị định 30",
    "Luật 2022" (a year), "16/VBHN-VPQH". None when the reference names no number."""
    folded = fold(ref)
    named = normalize_name(ref)
    type_ = next((tok for tok in named.split() if tok in TYPE_CODES), None)
    if m := _FULL.search(folded):
        return DocNumber(type_, int(m["num"]), int(m["year"]), _suffix(m["suf"]))
    if m := _NO_YEAR.search(folded):
        return DocNumber(type_, int(m["num"]), None, _suffix(m["suf"]))
    if m := _TYPED.search(named):
        value = int(m["num"])
        if 1945 <= value <= 2100:  # "Luật 2022", "Nghị định năm 2025": a year, not a number
            return DocNumber(m["type"], None, value, None)
        return DocNumber(m["type"], value, None, None)
    return None


def number_of(doc_id: str, loai: str | None = None) -> DocNumber:
    """The số hiệu parts of a document id ("152/2025/NĐ-CP" → nd, 152, 2025, "nd-cp")."""
    parsed = parse_doc_number(doc_id)
    type_ = loai_code(loai)
    if parsed is None:
        return DocNumber(type_)
    if type_ is None and parsed.suffix:
        # "86/2025/QĐ-UBND": the suffix names the type when the loại is unknown.
        head = parsed.suffix.split("-")[0]
        type_ = head if head in TYPE_CODES else ("luat" if head.startswith("qh") else None)
    return DocNumber(type_ or parsed.type, parsed.number, parsed.year, parsed.suffix)


def numbers_match(ref: DocNumber, doc: DocNumber) -> bool:
    """Does a reference's number fit a document's? Parts the reference leaves out match anything."""
    if ref.number is None and ref.year is None:
        return False
    if ref.number is not None and ref.number != doc.number:
        return False
    if ref.year is not None and ref.year != doc.year:
        return False
    if ref.suffix and doc.suffix and ref.suffix.replace("-", "") != doc.suffix.replace("-", ""):
        return False
    return not (ref.type and doc.type and ref.type != doc.type)

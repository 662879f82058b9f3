"""Text normalisation every stage shares, with no import of the project: diacritic folding,
stable ASCII slugs and the shape of a số hiệu. A leaf module, so that domain data, ingest, parse and index read the same
folding without importing each other (no import cycle between stage packages)."""

from __future__ import annotations

import re
import unicodedata

# A số hiệu as printed: "06/2022/QH15", "152/2025/NĐ-CP", "16/VBHN-VPQH" (no year), "58a/…".
SO_HIEU = re.compile(r"(?<![\w/])\d{1,5}[a-z]?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")
# The number of a Party document: "34-CT/TW", "01-KL/TW".
PARTY_NUMBER = re.compile(r"(?<![\w/])\d{1,3}-[A-ZĐ]{2}/TW\b")

_NON_ID = re.compile(r"[^a-z0-9]+")
_SPACE = re.compile(r"\s+")


def ascii_fold(text: str) -> str:
    """Strip Vietnamese diacritics: "Điều" → "Dieu", "đ" → "d"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_lower(text: str | None) -> str:
    """Diacritics stripped (đ → d), lower case: "Nghị định" → "nghi dinh"."""
    return ascii_fold(text or "").lower()


def fold_words(text: str | None) -> str:
    """`fold_lower` with every run of white space one space, trimmed."""
    return _SPACE.sub(" ", fold_lower(text)).strip()


def fold_alnum(text: str | None) -> str:
    """`fold_lower` with everything but letters and digits one space: "Ngày Thương binh -
    Liệt sĩ" → "ngay thuong binh liet si"."""
    return _NON_ID.sub(" ", fold_lower(text)).strip()


def slug(text: str) -> str:
    """ "06/2022/QH15" → "06-2022-qh15"; "30/2020/NĐ-CP" → "30-2020-nd-cp"; "Phần I" → "phan-i"."""
    return _NON_ID.sub("-", ascii_fold(text).lower()).strip("-")


def doc_slug(doc_id: str) -> str:
    """A document id as the first segment of its provision ids.

    Legal texts: the slugged số hiệu. Plans: the file stem, kept as is when already ASCII-safe
    ("004_f5d8082cf000cdee").
    """
    if re.fullmatch(r"[A-Za-z0-9_.-]+", doc_id):
        return doc_id.lower()
    return slug(doc_id)


def _build_fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x00C0, 0x1F00):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if base != char and len(base) == 1 and base.isascii():
            table[code] = base
    # Stray combining marks (text that was not NFC after all) vanish instead of splitting words.
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_FOLD = _build_fold_table()


def fold(token: str) -> str:
    """Strip Vietnamese diacritics character by character: "hồ_sơ" → "ho_so", "đ" → "d"."""
    return token if token.isascii() else token.translate(_FOLD)

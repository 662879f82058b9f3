"""Stable ASCII ids for documents and provisions (DESIGN §4)."""

from __future__ import annotations

import re
import unicodedata

_NON_ID = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Strip Vietnamese diacritics: "Điều" → "Dieu", "đ" → "d"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


def join(*segments: str) -> str:
    return "/".join(s for s in segments if s)

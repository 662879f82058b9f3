"""Which documents a question names by place or issuer ("phường Pom Hán", "tỉnh Bắc Ninh").

Built from the documents' own metadata, so it works for plans and regulations nobody has seen
before: a plan of "UBND phường Vĩnh Tuy" is hinted by a question that says "Vĩnh Tuy".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.index.tokenizer import fold
from assistant.models import DocMeta

# Words that name a unit, not a place: stripped from issuer names to leave the place name.
_UNIT_WORDS = re.compile(
    r"^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd|thành phố|tp\.?|tỉnh|"
    r"huyện|quận|thị xã|thị trấn|xã|phường|đặc khu|sở|ban)\s+",
    re.IGNORECASE,
)
_GENERIC = {"", "viet nam", "trung uong", "chinh phu", "quoc hoi", "noi vu"}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text.lower())))


def place_names(meta: DocMeta) -> set[str]:
    """Folded place names a question may use for this document."""
    names: set[str] = set()
    candidates = [meta.place or ""]
    for issuer in (meta.issuer or "",):
        name = issuer.strip()
        for _ in range(3):  # "Ủy ban nhân dân thành phố Hà Nội" → "Hà Nội"
            stripped = _UNIT_WORDS.sub("", name)
            if stripped == name:
                break
            name = stripped
        candidates.append(name)
    for c in candidates:
        n = _norm(c)
        if n not in _GENERIC and len(n) >= 4 and len(n.split()) <= 4:
            names.add(n)
    return names


class DocNames:
    def __init__(self, metas: Iterable[DocMeta]) -> None:
        self._names: list[tuple[str, str]] = []  # (folded name, doc id)
        for meta in metas:
            for name in place_names(meta):
                self._names.append((name, meta.doc_id))
        # longest names first so "Vĩnh Tuy" wins over a shorter overlapping name
        self._names.sort(key=lambda x: -len(x[0]))

    def hinted(self, question: str) -> list[str]:
        q = f" {_norm(question)} "
        out: list[str] = []
        for name, doc_id in self._names:
            if f" {name} " in q and doc_id not in out:
                out.append(doc_id)
        return out

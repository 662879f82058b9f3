"""When a retrieved passage or a shown citation counts for a gold citation.

The rules are those of ../shared/evals/README.md ("How citations are matched"):

1. ``doc`` is equal (required).
2. For article citations, ``article`` is equal (required).
3. ``clause`` and ``point``: equal when both sides give a value; a null on either side matches
   (a whole-article chunk satisfies khoản 2, and khoản 2 satisfies a whole-article gold; khoản 3
   never satisfies khoản 2).
4. For section citations, ``appendix`` (if present) is equal and one ``section`` path is a prefix
   of the other at segment boundaries: ``IV`` covers ``IV.2``; ``IV.1`` does not match ``IV.2``;
   ``I`` does not match ``II``.
5. ``part`` is equal, a missing part meaning the attached regulation ("quyet-dinh" = the
   decision's own articles).

Article level ignores clause and point (rule 3 is skipped); section citations are matched the
same way at both levels.

Two spellings of an appendix are treated alike: a plan's ``"Phụ lục 2.II"`` (appendix written in
the section path) and ``appendix="2", section="II"`` (appendix in its own field) both become the
path ``Phụ lục 2 / II``, so the score does not depend on which convention the parser picked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Literal

from assistant.models import Locator
from assistant.parse.ids import slug

Level = Literal["article", "clause"]

_APPENDIX_HEAD = re.compile(r"^phụ lục\b", re.I)


def _norm(value: object) -> str | None:
    """NFC, case-folded, inner whitespace collapsed; empty → None."""
    if value is None:
        return None
    text = " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()
    return text or None


def _norm_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return value
    digits = re.match(r"\s*(\d+)", str(value))
    return int(digits.group(1)) if digits else None


def section_path(ref: Locator) -> tuple[str, ...]:
    """Segments of ``[Phụ lục X.]section``; empty for article citations."""
    segments = tuple(s.strip() for s in (ref.section or "").split(".") if s.strip())
    if ref.appendix and not (segments and _APPENDIX_HEAD.match(segments[0])):
        segments = (f"phụ lục {ref.appendix}", *segments)
    return segments


def to_ref(obj: Any) -> Locator:
    """The coordinates of a Gold, Chunk, Citation, Provision, Locator or mapping, normalised for
    matching (case and spacing folded; an article's suffix is not part of the rules).

    Chunks and provisions name their document ``doc_id``; gold citations and shown citations
    name it ``doc``.
    """

    def get(name: str) -> Any:
        if isinstance(obj, Mapping):
            return obj.get(name)
        return getattr(obj, name, None)

    doc = get("doc") or get("doc_id") or ""
    part = _norm(get("part"))
    appendix = _norm(get("appendix"))
    if appendix:  # "Phụ lục I" and "I" name the same appendix
        appendix = _APPENDIX_HEAD.sub("", appendix).strip() or None
    return Locator(
        doc=_norm(doc) or "",
        article=_norm_int(get("article")),
        clause=_norm_int(get("clause")),
        point=_norm(get("point")),
        part=slug(part) if part else None,
        section=_norm(get("section")),
        appendix=appendix,
    )


def _prefix_either_way(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return longer[: len(shorter)] == shorter


def matches(candidate: Any, gold: Any, level: Level = "clause") -> bool:
    """True when ``candidate`` (a hit's chunk or a shown citation) satisfies ``gold``."""
    c, g = to_ref(candidate), to_ref(gold)
    if not c.doc or c.doc != g.doc:
        return False
    if c.part != g.part:
        return False
    if g.is_article:
        if c.article != g.article:
            return False
        if level == "article":
            return True
        if c.clause is not None and g.clause is not None and c.clause != g.clause:
            return False
        return not (c.point is not None and g.point is not None and c.point != g.point)
    # Section citation: the candidate must name a section or an appendix of its own; a bare
    # document-level chunk (header, preamble) covers nothing in particular.
    if c.is_article:
        return False
    c_path, g_path = section_path(c), section_path(g)
    if not c_path or not g_path:
        return False
    if g.appendix is not None and c_path[0] != g_path[0]:
        return False
    return _prefix_either_way(c_path, g_path)


def matches_any(candidate: Any, golds: Any, level: Level = "clause") -> bool:
    return any(matches(candidate, g, level) for g in golds)


def distinct_golds(golds: Any, level: Level) -> list[Locator]:
    """Gold citations as Locators, de-duplicated at ``level`` (84 k2 and 84 k6 are one article)."""
    seen: list[Locator] = []
    for gold in golds:
        ref = to_ref(gold)
        if level == "article" and ref.is_article:
            ref = ref.at_article()
        if ref not in seen:
            seen.append(ref)
    return seen

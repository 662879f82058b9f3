"""Word's automatic numbering, written out: "Điều 1.", "1.", "a)" that Word draws from
numbering.xml are not in a paragraph's text, and without them the legal grammar finds no
Điều, khoản or điểm.

Each paragraph that carries a numbering (directly or through its style) gets its label from
the level's pattern (``lvlText`` such as "Điều %1." or "%2)") and format (decimal, letters,
Roman, bullet), with counters per list that restart the deeper levels, as Word shows them.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_BULLET = "-"


class Numbering:
    """Labels of one document's numbered paragraphs, in reading order (call `label` once per
    paragraph, in order: the counters advance)."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → level
        self._counters: dict[str, dict[int, int]] = {}
        self._style_num: dict[str, tuple[str, int] | None] = {}
        self._styles = document.styles.element if document.styles is not None else None
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing is numbered
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iterfind(f"{_W}abstractNum"):
            abstract[_val(an, "abstractNumId")] = {
                int(_val(lvl, "ilvl") or 0): _level(lvl) for lvl in an.iterfind(f"{_W}lvl")
            }
        for num in root.iterfind(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(_val(ref, "val"), {})) if ref is not None else {}
            for override in num.iterfind(f"{_W}lvlOverride"):
                ilvl = int(_val(override, "ilvl") or 0)
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    fmt, text, _ = levels[ilvl]
                    levels[ilvl] = (fmt, text, _int(_val(start, "val"), 1))
            self._levels[_val(num, "numId")] = levels

    def label(self, p) -> str:
        """The label Word draws before paragraph element ``p`` ("" when none)."""
        if not self._levels:
            return ""
        found = self._num_pr(p.find(f"{_W}pPr"))
        if found is None:
            found = self._from_style(p)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        fmt, _, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new "khoản" restarts its "điểm"
        if fmt == "bullet":
            return _BULLET
        text = levels[ilvl][1]
        for k in range(ilvl + 1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                kfmt, _, kstart = levels.get(k, ("decimal", "", 1))
                text = text.replace(placeholder, _format(counters.get(k, kstart), kfmt))
        return text.strip()

    # -- where a paragraph's numbering comes from -------------------------------------------
    def _num_pr(self, ppr) -> tuple[str, int] | None:
        if ppr is None:
            return None
        num_pr = ppr.find(f"{_W}numPr")
        if num_pr is None:
            return None
        num_id = num_pr.find(f"{_W}numId")
        if num_id is None:
            return None
        value = _val(num_id, "val")
        if value in ("", "0"):
            return ("0", 0)  # numbering switched off for this paragraph
        ilvl = num_pr.find(f"{_W}ilvl")
        return value, _int(_val(ilvl, "val"), 0) if ilvl is not None else 0

    def _from_style(self, p) -> tuple[str, int] | None:
        ppr = p.find(f"{_W}pPr")
        style = ppr.find(f"{_W}pStyle") if ppr is not None else None
        style_id = _val(style, "val") if style is not None else ""
        if not style_id or self._styles is None:
            return None
        if style_id not in self._style_num:
            self._style_num[style_id] = self._style_chain(style_id, depth=0)
        return self._style_num[style_id]

    def _style_chain(self, style_id: str, depth: int) -> tuple[str, int] | None:
        if depth > 10:
            return None
        for st in self._styles.iterfind(f"{_W}style"):
            if _val(st, "styleId") != style_id:
                continue
            found = self._num_pr(st.find(f"{_W}pPr"))
            if found is not None:
                return found
            based = st.find(f"{_W}basedOn")
            return self._style_chain(_val(based, "val"), depth + 1) if based is not None else None
        return None


def _val(el, name: str) -> str:
    return el.get(f"{_W}{name}", "") if el is not None else ""


def _int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def _level(lvl) -> tuple[str, str, int]:
    fmt = lvl.find(f"{_W}numFmt")
    text = lvl.find(f"{_W}lvlText")
    start = lvl.find(f"{_W}start")
    return (
        _val(fmt, "val") or "decimal",
        _val(text, "val"),
        _int(_val(start, "val"), 1) if start is not None else 1,
    )


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letters(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and anything else Word may hold


def _letters(n: int) -> str:
    # Word's lowerLetter: a … z, then aa, bb … (the letter repeated)
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out) or str(n)

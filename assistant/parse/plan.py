"""Plan grammar: a Kế hoạch's text → provision tree (DESIGN §1, §4).

A plan reads: header block, "KẾ HOẠCH", trích yếu, căn cứ and an opening paragraph (the root
"document" provision); Roman parts "I." (kind "muc", id "<plan>/muc-iv"); Arabic items "1.",
"1.1." below them (kind "section", id "<plan>/muc-iv/2", "<plan>/muc-ii/1/4"); points "a)"
(".../muc-iv/3/a"); then the closing sentence, Nơi nhận and signature (kind "signature"); then
Phụ lục with their own Roman parts ("<plan>/phu-luc-2/ii", section "Phụ lục 2.II"). "-" and "+"
lines stay in their parent's text. Arabic numbers restart inside each Roman part.

Damaged numbering is kept as printed: a repeated number gets a "-2" id suffix and a warning.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field

from assistant.ingest.header import read_header
from assistant.ingest.reflow import looks_pdf_extracted, reflow_lines
from assistant.models import Document, ParsedDocument, Provision, ProvisionKind
from assistant.parse.ids import doc_slug, slug

log = logging.getLogger(__name__)

__all__ = ["parse_plan"]

_ROMAN = re.compile(r"^(?P<num>[IVXLC]+)\.(?:\s+|$)(?P<rest>.*)$")
_ARABIC = re.compile(
    r"^(?:(?P<one>\d{1,2})\.|(?P<multi>\d{1,2}(?:\.\d{1,2})+)\.?)(?:\s+|$)(?P<rest>.*)$"
)
_POINT = re.compile(r"^(?P<num>[a-zđ])\)(?:\s+|$)(?P<rest>.*)$")
_PHU_LUC = re.compile(
    r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?(?P<num>\d{1,2}|[IVXLC]+)\b)?\s*[:.\-–]?\s*(?P<rest>.*)$"
)
_SIGNATURE = re.compile(r"^(?:Nơi nhận|Trên đây|(?:TM|KT|TL|TUQ|Q)\.\s*\S)")
_AUTHORITY = re.compile(r"^(?:PHÓ )?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|THỦ TRƯỞNG)$")
_CLOSING = re.compile(r"\./\.$")  # the official end-of-text mark
_POINT_ORDER = "abcdđeghiklmnopqrstuvxy"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_TITLE_MAX = 160


def _roman_value(numeral: str) -> int | None:
    values = [_ROMAN_VALUES[c] for c in numeral]
    total = sum(
        -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
    )
    canonical = ""
    rest = total
    for number, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X")):
        while rest >= number:
            canonical += letters
            rest -= number
    canonical += ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")[rest]
    return total if canonical == numeral else None


@dataclass
class _Line:
    src: int
    text: str
    bold: str | None = None  # the line's leading bold run, when it carries the heading
    emphasised: bool = False  # the whole line is bold or italic (appendix title lines)


@dataclass(eq=False)
class _Node:
    id: str
    kind: ProvisionKind
    line: int
    number: str | None = None
    title: str | None = None
    section: str | None = None
    parent: _Node | None = None
    lines: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


# --- cleaning -------------------------------------------------------------------------------


def _strip_emphasis(text: str) -> str:
    text = text.replace("\\*", "\x00")
    text = re.sub(r"\*+(?!\s)|(?<=\S)\*+", "", text)
    return re.sub(r"(?<!\S)\*+(?=\s*$)", "", text).replace("\x00", "*")


def _clean(src: int, raw: str) -> list[_Line]:
    """One source line → text lines without Markdown emphasis, heading hashes or HTML tags."""
    s = raw.strip(" \u00a0")
    if not s.strip() or re.fullmatch(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*", s):
        return []
    s = re.sub(r"^#{1,6}\s+", "", s)
    s = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", "\t", s, flags=re.I)
    s = re.sub(
        r"<br\s*/?>|</(?:p|div|tr|li|h\d|table)>|<(?:p|div|tr|li|table)\b[^>]*>",
        "\n",
        s,
        flags=re.I,
    )
    s = html.unescape(re.sub(r"<[^>]+>", "", s))
    out: list[_Line] = []
    for piece in s.split("\n"):
        piece = piece.strip(" ")
        if not piece.strip():
            continue
        bold = re.match(r"^\*{2,3}(.+?)\*{2,3}", piece)
        emphasised = bool(re.fullmatch(r"([*_]{1,3})[^*_].*?[*_]{1,3}", piece.strip()))
        text = re.sub(r" {2,}", " ", _strip_emphasis(piece)).strip(" ")
        if text:
            out.append(
                _Line(
                    src, text, _strip_emphasis(bold.group(1)).strip() if bold else None, emphasised
                )
            )
    return out


def _is_caps(text: str) -> bool:
    """Every letter upper case ("KẾ HOẠCH", "II. NỘI DUNG"); str.isupper ignores digits."""
    return len(text) >= 2 and text.isupper()


def _first_sentence(text: str) -> str | None:
    """A heading's title: up to the first sentence end (. : ; ! ?), capped in length."""
    text = text.strip()
    for m in re.finditer(r"[.:;!?](?=\s|$)", text):
        before = text[m.start() - 1 : m.start()]
        if before.islower() or before.isdigit() or before in ')”"’':
            text = text[: m.start()]
            break
    text = text.strip(" :.-–")
    if len(text) > _TITLE_MAX:
        text = text[: text.rfind(" ", 0, _TITLE_MAX)].rstrip(" ,;") + " …"
    return text or None


def _heading_title(line: _Line, marker: str, rest: str) -> str | None:
    if line.bold:
        bold = line.bold.strip()
        if bold.startswith(marker):
            bold = bold[len(marker) :].strip(" .")
        if bold and rest.startswith(bold.rstrip(":")[:20]):
            return bold.strip(" :.;") or None
    return _first_sentence(rest)


# --- the grammar ------------------------------------------------------------------------------


class _Builder:
    def __init__(self, plan_id: str, root_line: int) -> None:
        self.plan_id = plan_id
        self.root = _Node(id=plan_id, kind="document", line=root_line)
        self.nodes: list[_Node] = [self.root]
        self.taken: set[str] = {plan_id}
        self.warnings: list[str] = []
        self.top = self.root  # root or the current Phụ lục
        self.roman: _Node | None = None
        self.items: dict[int, _Node] = {}  # depth → open Arabic item
        self.current = self.root
        self.signature: _Node | None = None
        self.awaiting: tuple[_Node, str] | None = None  # heading that may continue: "caps"/"any"
        self.appendix_title: _Node | None = None
        self.seen_roman: dict[str, set[str]] = {}
        self.last_number: dict[tuple[str, str], str] = {}
        self.appendices = 0

    # bookkeeping

    def _add(self, node: _Node, parent: _Node, label: str) -> _Node:
        if node.id in self.taken:
            n = 2
            while f"{node.id}-{n}" in self.taken:
                n += 1
            node.id = f"{node.id}-{n}"
            self.warnings.append(
                f"duplicate section number {label} at line {node.line} (kept as {node.id})"
            )
        self.taken.add(node.id)
        node.parent = parent
        parent.children.append(node)
        self.nodes.append(node)
        self.current = node
        self.awaiting = None
        self.appendix_title = None
        return node

    def _check_sequence(
        self, key: tuple[str, str], number: str, label: str, line: int, repeated: bool
    ) -> None:
        """Warn when a number does not follow its previous sibling (a repeat warns in _add)."""
        previous = self.last_number.get(key)
        if key[1] == "point":
            i = _POINT_ORDER.find(previous) if previous else -1
            # after "f", "z" … (not Vietnamese point letters) or "y" nothing is expected
            expected = _POINT_ORDER[i + 1 : i + 2] if previous is None or i >= 0 else ""
        else:
            expected = str(int(previous) + 1) if previous else "1"
        if expected and number != expected and number != previous and not repeated:
            self.warnings.append(
                f"section number {label} at line {line} out of sequence (expected {expected})"
            )
        self.last_number[key] = number

    # units

    def phu_luc(self, line: _Line, number: str | None, rest: str) -> None:
        self.appendices += 1
        number = number or str(self.appendices)
        node = _Node(
            id=f"{self.plan_id}/phu-luc-{slug(number)}",
            kind="phu-luc",
            line=line.src,
            number=number,
            title=rest.strip(" :.-–") or None,
            section=f"Phụ lục {number}",
            lines=[line.text],
        )
        self._add(node, self.root, node.section)
        self.top, self.roman, self.items, self.signature = node, None, {}, None
        self.appendix_title = None if node.title else node

    def roman_part(self, line: _Line, numeral: str, rest: str) -> None:
        value = _roman_value(numeral) or 0
        seen = self.seen_roman.setdefault(self.top.id, set())
        if self.top is self.root:
            node_id, section = f"{self.plan_id}/muc-{numeral.lower()}", numeral
        else:
            node_id, section = f"{self.top.id}/{numeral.lower()}", f"{self.top.section}.{numeral}"
        if numeral not in seen:
            expected = len(seen) + 1
            if value != expected:
                self.warnings.append(
                    f"section number {section} at line {line.src} out of sequence "
                    f"(expected {_roman_from(expected)})"
                )
        seen.add(numeral)
        title = rest.strip(" :.") or None
        node = _Node(node_id, "muc", line.src, numeral, title, section, lines=[line.text])
        self._add(node, self.top, section)
        self.signature = None
        self.roman, self.items = node, {}
        self.awaiting = (node, "caps" if title else "any")

    def arabic_item(self, line: _Line, number: str, rest: str) -> None:
        parts = number.split(".")
        container = self.roman or self.top
        parent = container
        for depth in range(len(parts) - 1, 0, -1):
            item = self.items.get(depth)
            if item and item.number == ".".join(parts[:depth]):
                parent = item
                break
        if parent is container and len(parts) > 1:
            self.warnings.append(
                f"item {number} at line {line.src} has no item {'.'.join(parts[:-1])} above it; "
                f"placed under {container.section or 'the document'}"
            )
        section = f"{container.section}.{number}" if container.section else number
        node_id = "/".join([container.id, *parts])
        repeated = node_id in self.taken
        self._check_sequence((parent.id, "item"), parts[-1], section, line.src, repeated)
        title = _heading_title(line, number, rest)
        node = _Node(node_id, "section", line.src, number, title, section, lines=[line.text])
        self._add(node, parent, section)
        self.items = {d: n for d, n in self.items.items() if d < len(parts)}
        self.items[len(parts)] = node
        if not rest:
            self.awaiting = (node, "any")

    def point_item(self, line: _Line, letter: str, rest: str) -> None:
        parent = self.items[max(self.items)] if self.items else (self.roman or self.top)
        section = f"{parent.section}.{letter}" if parent.section else letter
        node_id = f"{parent.id}/{'dd' if letter == 'đ' else letter}"  # as legal ids: đ ≠ d
        repeated = node_id in self.taken
        self._check_sequence((parent.id, "point"), letter, section, line.src, repeated)
        title = _heading_title(line, f"{letter})", rest)
        node = _Node(node_id, "section", line.src, letter, title, section, lines=[line.text])
        self._add(node, parent, section)
        if not rest:
            self.awaiting = (node, "any")

    def start_signature(self, line: _Line) -> None:
        node = _Node(f"{self.plan_id}/chu-ky", "signature", line.src, title="Nơi nhận và chữ ký")
        self.signature = self._add(node, self.root, "chữ ký")
        self.roman, self.items = None, {}
        node.lines.append(line.text)

    # dispatch

    def feed(self, line: _Line) -> None:
        text = line.text
        if self.awaiting:
            node, mode = self.awaiting
            structural = _structural(text)
            if not structural and (mode == "any" or _is_caps(text)) and "\t" not in text:
                node.lines[0] = f"{node.lines[0]} {text}"
                node.title = f"{node.title or ''} {_first_sentence(text) or ''}".strip() or None
                if mode == "any":
                    self.awaiting = (node, "caps")
                return
            self.awaiting = None
        if "\t" not in text and not text.startswith("|"):
            m = _phu_luc(text)
            if m:
                return self.phu_luc(line, m.group("num"), m.group("rest"))
            in_body = self.top is self.root
            if in_body and not self.signature and self.root.children and _is_signature(text):
                return self.start_signature(line)
            m = _ROMAN.match(text)
            if m and _roman_value(m.group("num")):
                return self.roman_part(line, m.group("num"), m.group("rest"))
            if not self.signature:
                m = _ARABIC.match(text)
                if m:
                    raw = m.group("one") or m.group("multi")
                    number = ".".join(str(int(n)) for n in raw.split("."))  # "01" → "1"
                    return self.arabic_item(line, number, m.group("rest"))
                m = _POINT.match(text)
                if m and self.current is not self.root:
                    return self.point_item(line, m.group("num"), m.group("rest"))
        if self.appendix_title is not None:
            node = self.appendix_title
            if (
                (line.emphasised or _is_caps(text))
                and not text.startswith("(")
                and len(node.lines) < 4
            ):
                node.lines.append(text)
                node.title = f"{node.title or ''} {text.rstrip(':')}".strip()
                return
            self.appendix_title = None
        self.current.lines.append(text)

    def provisions(self, doc_id: str) -> tuple[Provision, ...]:
        return tuple(
            Provision(
                id=n.id,
                doc_id=doc_id,
                kind=n.kind,
                number=n.number,
                title=n.title,
                text="\n".join(n.lines),
                parent_id=n.parent.id if n.parent else None,
                children=tuple(c.id for c in n.children),
                section=n.section,
                line=n.line,
            )
            for n in self.nodes
        )


def _roman_from(value: int) -> str:
    tens, units = divmod(value, 10)
    return "X" * tens + ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")[units]


def _phu_luc(text: str) -> re.Match | None:
    """ "PHỤ LỤC 2", "Phụ lục 1 - …" opening a line; "(Phụ lục 1 - …)" in the body is not one."""
    m = _PHU_LUC.match(text)
    return m if m and (text.startswith("PHỤ LỤC") or m.group("num")) else None


def _structural(text: str) -> bool:
    return bool(
        _phu_luc(text)
        or _ROMAN.match(text)
        or _ARABIC.match(text)
        or _POINT.match(text)
        or _SIGNATURE.match(text)
        or text.startswith(("-", "+", "•", "(", "|"))
    )


def _is_signature(text: str) -> bool:
    return bool(_SIGNATURE.match(text) or _AUTHORITY.match(text) or _CLOSING.search(text))


def parse_plan(doc: Document) -> ParsedDocument:
    """Parse a plan into its provision tree; see the module docstring for the id scheme."""
    text = doc.text
    if looks_pdf_extracted(text):
        numbered = [(n, t) for n, t in reflow_lines(text) if t]
    else:
        numbered = [(i + 1, t) for i, t in enumerate(text.split("\n")) if t.strip()]
    offset = max(doc.body_line_offset, 1) - 1
    lines = [cl for n, t in numbered for cl in _clean(n + offset, t)]

    header = read_header("\n".join(t for _, t in numbered))
    meta = doc.meta
    updates = {k: v for k, v in header.meta_fields().items() if not getattr(meta, k)}
    if updates:
        meta = meta.model_copy(update=updates)

    builder = _Builder(doc_slug(meta.doc_id), lines[0].src if lines else offset + 1)
    builder.root.title = meta.title or header.title
    for line in lines:
        builder.feed(line)
    for warning in builder.warnings:
        log.info("%s: %s", meta.doc_id, warning)
    return ParsedDocument(
        meta=meta, provisions=builder.provisions(meta.doc_id), warnings=tuple(builder.warnings)
    )

"""Grammar of Vietnamese legal texts → provision tree.

Body: Phần > Chương > Mục > Điều > Khoản ("1.", "(1)") > Điểm ("a)", "đ)"). Headings may carry
Markdown "#" markers (the pack) or be plain lines (users' files); a Chương/Mục/Phần/Phụ lục
title on the following line(s) is joined. Appendices (Phụ lục, Mẫu): Phần > "I." > "1." > "a)",
with a section path "Phần I.II.7.b". A decision that carries an attached Quy định/Quy chế has
two numberings: the decision's own articles get part="quyet-dinh".

Kept out of provision text: Markdown heading markers, footnote marks "[^n]" and compiler notes
in blockquotes ("> …"). "-"/"+" lines, tables and "[Khung: …]" lines stay in their unit's text.
"""

from __future__ import annotations

import logging
import re

from assistant.models import Document, ParsedDocument
from assistant.parse.ids import doc_slug, slug
from assistant.parse.structure import Draft, TreeBuilder, strip_footnote_marks

log = logging.getLogger(__name__)

# Vietnamese point letters in order (no f, j, w, z).
POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"

# Ranks: a new unit closes every open unit of equal or higher rank.
R_TOP = 1  # attached regulation, Phụ lục, Mẫu, signature, footnotes, secondary blocks
R_PHAN, R_CHUONG, R_MUC, R_DIEU, R_KHOAN, R_DIEM = 2, 3, 4, 5, 6, 7
A_PHAN, A_ROMAN, A_MAU, A_ARABIC, A_LETTER = 2, 3, 4, 5, 6  # inside an appendix

_ROMAN = r"[IVXLC]+"
_SEP = r"[.:\-–—]"
_MD = re.compile(r"^(#{1,6})\s+(.*)$")
_PHAN = re.compile(rf"^(?i:phần)\s+((?i:thứ)\s+[^\s.:]+|{_ROMAN}|\d+)(?!\w)\s*({_SEP})?\s*(.*)$")
_CHUONG = re.compile(rf"^(?i:chương)\s+({_ROMAN}|\d+)(?!\w)\s*({_SEP})?\s*(.*)$")
_MUC = re.compile(rf"^(?i:mục)\s+(\d+|{_ROMAN})(?!\w)\s*({_SEP})?\s*(.*)$")
_DIEU = re.compile(r"^(?i:điều)\s+(\d+)([a-zđ]?)(?!\w)\s*([.:\-–—])?\s*(.*)$")
_KHOAN = re.compile(r"^(\d+)\.(?!\d)\s*(.*)$")
_KHOAN_PAREN = re.compile(r"^\((\d+)\)\s*(.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(.*)$")
_ROMAN_ITEM = re.compile(rf"^({_ROMAN})\.\s*(.*)$")
_PHU_LUC = re.compile(
    rf"^(?i:phụ\s+lục)(?:\s+(?i:số))?(?:\s+({_ROMAN}|\d+[a-zA-Z]?)(?!\w))?\s*({_SEP})?\s*(.*)$"
)
_MAU = re.compile(rf"^(?i:mẫu)(?:\s+(?i:số))?\s+(\d+(?:\.\d+)*[a-z]?)(?!\w)\s*({_SEP})?\s*(.*)$")
_ATTACHED = re.compile(r"^(QUY ĐỊNH|QUY CHẾ|ĐIỀU LỆ)(?:\s+(.*))?$")
_PROMULGATES = re.compile(r"\bban hành\b.*\b(?:quy định|quy chế|điều lệ)\b", re.I)
_FOOTNOTE_DEF = re.compile(r"^\[\^\d+\]:")
_FOOTNOTE_INTRO = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|(?i:chú thích|ghi chú)\b.*)$")
_SIGNER = re.compile(
    r"Nơi nhận|\bTM\.|\bKT\.|\bTL\.|\bTUQ\.|\bQ\. |CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ NHIỆM|GIÁM ĐỐC"
)
_CLOSING = re.compile(r"^(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết) này (?:đã )?được .{0,300}thông qua")
_NOI_NHAN = re.compile(r"^(?i:nơi nhận)\b")
_END_MARK = re.compile(r"\./\.?$")
_VALID_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def is_upper_line(text: str) -> bool:
    """A title line in capitals ("NHỮNG QUY ĐỊNH CHUNG"), not a sentence."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _is_roman(token: str) -> bool:
    return bool(token) and bool(_VALID_ROMAN.match(token))


def _heading_title(rest: str, limit: int = 250) -> str | None:
    """The rest of a heading line is a title when it reads like one, not like a sentence."""
    rest = rest.strip()
    if not rest or len(rest) > limit or rest.endswith((".", ";", ":", ",")):
        return None
    if "…" in rest or ".." in rest:  # a form's blank to fill in, not a title
        return None
    return rest


def _plain_ok(sep: str | None, rest: str) -> bool:
    """A plain line ("Chương II", "Điều 5. Tên") is a heading, not a sentence that starts so."""
    return bool(sep) or not rest or is_upper_line(rest)


def _point_segment(letter: str) -> str:
    # "đ" folds to "d" in ASCII; keep both points apart.
    return "dd" if letter == "đ" else letter


class _LegalParser:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.offset = doc.body_line_offset or 1
        self.b = TreeBuilder(doc_slug(doc.meta.doc_id), doc.meta.doc_id, self.offset)
        self.mode = "body"  # body | appendix | signature | footnotes
        self.awaiting: Draft | None = None  # a unit whose title may follow on the next lines
        self.articles_in_part = 0
        self.last_article: int | None = None
        self.attached: Draft | None = None
        self.ended = False  # the previous line closed the text ("./.")
        self.top: Draft | None = None  # current Phụ lục / Mẫu / secondary block
        self.secondary: list[Draft] = []
        self.notes = 0
        meta = doc.meta
        self.promulgates = bool(
            (meta.loai or "").lower().startswith("quyết định")
            or "/QĐ-" in (meta.so_hieu or meta.doc_id)
            or _PROMULGATES.search(meta.title or "")
        )

    # ---- driving -------------------------------------------------------------------------

    def run(self) -> ParsedDocument:
        lines = self.doc.text.splitlines()
        fn_start = _footnotes_start(lines)
        for i, raw in enumerate(lines):
            lineno = self.offset + i
            stripped = raw.strip()
            if i >= fn_start:
                self._footnote_line(stripped, lineno)
                continue
            if not stripped:
                continue
            if stripped.startswith(">"):
                self.notes += 1  # compiler's note, not legal text
                continue
            md = _MD.match(stripped)
            level = len(md.group(1)) if md else 0
            s = strip_footnote_marks(md.group(2) if md else stripped).strip()
            if not s:
                continue
            if self.awaiting is not None and self._title_line(s, level):
                continue
            if self.mode == "appendix":
                self._appendix_line(s, level, lineno)
            else:
                self._body_line(s, level, lineno)
        for d in self.secondary:
            if any(line.startswith("|") for line in d.lines):
                d.kind = "table"
        provisions = self.b.freeze()
        if self.notes:
            log.debug("%s: %d compiler note lines left out", self.doc.meta.doc_id, self.notes)
        return ParsedDocument(
            meta=self.doc.meta, provisions=provisions, warnings=tuple(self.b.warnings)
        )

    def _title_line(self, s: str, level: int) -> bool:
        d = self.awaiting
        assert d is not None
        if level or self._is_heading(s) or s.startswith(("|", "[", "(", "-", "+")):
            self.awaiting = None
            return False
        if is_upper_line(s):
            d.title = f"{d.title} {s}" if d.title else s
            d.add(s)
            return True
        self.awaiting = None
        if not d.title and _heading_title(s, 200):
            d.title = s
            d.add(s)
            return True
        return False

    def _is_heading(self, s: str) -> bool:
        if any(
            rx.match(s)
            for rx in (_PHAN, _CHUONG, _MUC, _DIEU, _KHOAN, _KHOAN_PAREN, _LETTER, _ROMAN_ITEM)
        ):
            return True
        m = _PHU_LUC.match(s)
        return bool(m and m.group(1))

    # ---- body ------------------------------------------------------------------------------

    def _body_line(self, s: str, level: int, lineno: int) -> None:
        if self._top_heading(s, level, lineno):
            return
        if self._attached_heading(s, level, lineno):
            return
        if self._structure_heading(s, level, lineno):
            self.ended = bool(_END_MARK.search(s))
            return
        if self.mode == "signature":
            self.b.current.add(s)
            return
        if self.articles_in_part and (
            (s.startswith("|") and _SIGNER.search(s) and "CỘNG HÒA XÃ HỘI" not in s)
            or _NOI_NHAN.match(s)
            or _CLOSING.match(s)
            or (self.ended and not s.startswith(("-", "+")))
        ):
            self._open_signature(s, lineno)
            return
        if level and level <= 2 and self.articles_in_part:
            self._open_secondary(s, lineno)
            return
        self.b.current.add(s)
        self.ended = bool(_END_MARK.search(s))

    def _top_heading(self, s: str, level: int, lineno: int) -> bool:
        """Phụ lục / Mẫu headings that leave the body for appendix grammar."""
        m = _PHU_LUC.match(s)
        if m and (level or (m.group(1) and _plain_ok(m.group(2), m.group(3)))):
            self._open_appendix(m.group(1), m.group(3), s, lineno)
            return True
        m = _MAU.match(s)
        if m and (level or not m.group(3)):
            self._open_mau_top(m.group(1), m.group(3), s, lineno)
            return True
        return False

    def _attached_heading(self, s: str, level: int, lineno: int) -> bool:
        """A "QUY ĐỊNH" / "QUY CHẾ" / "ĐIỀU LỆ" line after a decision's articles: its attachment."""
        m = _ATTACHED.match(s)
        if not m or not is_upper_line(s) or not self._decision_like():
            return False
        if self.articles_in_part and (level or not m.group(2) or self.mode == "signature"):
            d = self._open_attached(lineno, name=m.group(1))
            d.title = s
            d.add(s)
            self.awaiting = d
            return True
        return False

    def _structure_heading(self, s: str, level: int, lineno: int) -> bool:
        m = _PHAN.match(s)
        if m and (level or _plain_ok(m.group(2), m.group(3))) and self.mode != "signature":
            self._open_container("phan", R_PHAN, m.group(1), m.group(3), s, lineno)
            return True
        m = _CHUONG.match(s)
        if m and (level or _plain_ok(m.group(2), m.group(3))):
            self._open_container("chuong", R_CHUONG, m.group(1), m.group(3), s, lineno)
            return True
        m = _MUC.match(s)
        if m and (level or _plain_ok(m.group(2), m.group(3))):
            self._open_container("muc", R_MUC, m.group(1), m.group(3), s, lineno)
            return True
        m = _DIEU.match(s)
        if m and (level or m.group(3) or not m.group(4)):
            self._open_article(int(m.group(1)), m.group(2), m.group(4), s, lineno)
            return True
        if self.mode == "signature":
            return False
        article = self.b.find_open(lambda d: d.kind == "dieu")
        if article is None:
            return False
        m = _KHOAN.match(s) or _KHOAN_PAREN.match(s)
        if m:
            n = int(m.group(1))
            d = self._open(
                Draft(kind="khoan", rank=R_KHOAN, segment=f"khoan-{n}", line=lineno),
                number=str(n),
                display=f"khoản {n} Điều {article.number}",
            )
            d.clause = n
            d.add(s)
            return True
        m = _LETTER.match(s)
        if m and m.group(1) in POINT_LETTERS:
            letter = m.group(1)
            d = self._open(
                Draft(
                    kind="diem", rank=R_DIEM, segment=f"diem-{_point_segment(letter)}", line=lineno
                ),
                number=letter,
                display=f"điểm {letter} Điều {article.number}",
            )
            d.point = letter
            d.add(s)
            return True
        return False

    # ---- opening units -----------------------------------------------------------------------

    def _open(self, d: Draft, *, number: str | None, display: str) -> Draft:
        d.number = number
        d.display = display
        self.b.open(d)
        self.mode = "appendix" if self.mode == "appendix" else "body"
        parent = d.parent
        if parent is not None and parent.kind != "document":
            for name in ("part", "article", "article_suffix", "clause", "point", "appendix"):
                if getattr(d, name) is None:
                    setattr(d, name, getattr(parent, name))
        return d

    def _open_container(
        self, kind: str, rank: int, number: str, rest: str, s: str, lineno: int
    ) -> None:
        number = number.strip()
        if self._decision_text_ends():
            self._open_attached(lineno, name=None)  # a decision has no chapters of its own
        d = Draft(kind=kind, rank=rank, segment=slug(f"{kind} {number}"), line=lineno)
        d = self._open(d, number=number, display=s.split(".")[0])
        if kind != "muc" or d.parent is None or d.parent.kind != "chuong":
            d.anchor = "root"
        d.title = _heading_title(rest) if rest else None
        d.add(s)
        self.awaiting = None if d.title else d

    def _open_article(self, number: int, suffix: str, rest: str, s: str, lineno: int) -> None:
        if number == 1 and self._decision_text_ends():
            self._open_attached(lineno, name=None)  # numbering restarts: the attached text
        if self.last_article is not None and number < self.last_article:
            self.b.warnings.append(
                f"line {lineno}: Điều {number}{suffix} comes after Điều {self.last_article}"
                " (article numbering goes backwards)"
            )
        d = Draft(kind="dieu", rank=R_DIEU, segment=f"dieu-{number}{suffix}", line=lineno)
        d.anchor = "root"
        d.article = number
        d.article_suffix = suffix or None
        d.title = _heading_title(rest)
        self._open(d, number=f"{number}{suffix}", display=f"Điều {number}{suffix}")
        d.add(s)
        self.articles_in_part += 1
        self.last_article = number
        self.ended = False

    def _decision_text_ends(self) -> bool:
        """A decision's own articles are followed by a heading only an attached text has."""
        return self.attached is None and self.articles_in_part > 0 and self._decision_like()

    def _decision_like(self) -> bool:
        """A decision (or any act that promulgates an attached text) by metadata or header."""
        return self.promulgates or any(
            line.rstrip(":") == "QUYẾT ĐỊNH" for line in self.b.root.lines
        )

    def _open_attached(self, lineno: int, name: str | None) -> Draft:
        for d in self.b.order[1:]:
            d.part = "quyet-dinh"  # everything so far is the decision itself
        d = Draft(
            kind="phan",
            rank=R_TOP,
            segment=slug(name) if name else "van-ban-kem-theo",
            line=lineno,
        )
        d.display = name.capitalize() if name else "văn bản kèm theo"
        self.b.open(d)
        self.mode = "body"
        self.attached = d
        self.articles_in_part = 0
        self.last_article = None
        return d

    def _open_signature(self, s: str, lineno: int) -> None:
        d = Draft(kind="signature", rank=R_TOP, segment="chu-ky", line=lineno, anchor="root")
        d.display = "nơi nhận, chữ ký"
        self.b.open(d)
        d.add(s)
        self.mode = "signature"
        self.ended = False

    def _open_secondary(self, s: str, lineno: int) -> None:
        """A block the grammar does not know (e.g. a compiler's summary table)."""
        head = re.split(r"[(:]", s, maxsplit=1)[0]
        segment = slug(" ".join(head.split()[:6])) or "khoi"
        d = Draft(kind="phu-luc", rank=R_TOP, segment=segment, line=lineno, display=s[:60])
        d.title = s
        self.b.open(d)
        d.add(s)
        self.secondary.append(d)
        self.top = d
        self.mode = "appendix"
        self.awaiting = None

    def _open_appendix(self, number: str | None, rest: str, s: str, lineno: int) -> None:
        if number:
            segment = f"phu-luc-{slug(number)}"
            title = _heading_title(rest) if rest else None
        else:
            head = re.split(r"[(:]", rest, maxsplit=1)[0]
            segment = slug("phu-luc " + " ".join(head.split()[:6]))
            title = s
        d = Draft(kind="phu-luc", rank=R_TOP, segment=segment, line=lineno)
        d.number = number
        d.appendix = number
        d.title = title
        d.display = f"Phụ lục {number or ''}".strip()
        self.b.open(d)
        d.add(s)
        self.top = d
        self.mode = "appendix"
        self.awaiting = None if title else d

    def _open_mau_top(self, number: str, rest: str, s: str, lineno: int) -> None:
        d = Draft(kind="mau", rank=R_TOP, segment=f"mau-so-{slug(number)}", line=lineno)
        d.number = number
        d.appendix = f"Mẫu số {number}"
        d.title = _heading_title(rest) if rest else None
        d.display = d.appendix
        self.b.open(d)
        d.add(s)
        self.top = d
        self.mode = "appendix"
        self.awaiting = None if d.title else d

    # ---- appendices ------------------------------------------------------------------------

    def _appendix_line(self, s: str, level: int, lineno: int) -> None:
        if self._top_heading_in_appendix(s, level, lineno):
            return
        if self._attached_heading(s, level, lineno):
            return
        if level and level <= 2:
            self._open_secondary(s, lineno)
            return
        m = _PHAN.match(s)
        if m and _plain_ok(m.group(2), m.group(3)):
            self._open_section(
                "phan",
                A_PHAN,
                m.group(1),
                f"phan-{slug(m.group(1))}",
                f"Phần {m.group(1)}",
                m.group(3),
                s,
                lineno,
                absolute=True,
            )
            return
        m = _ROMAN_ITEM.match(s)
        if m and _is_roman(m.group(1)):
            r = m.group(1)
            self._open_section("muc", A_ROMAN, r, r.lower(), r, m.group(2), s, lineno)
            return
        m = _KHOAN.match(s)
        if m:
            n = m.group(1)
            self._open_section("section", A_ARABIC, n, n, n, m.group(2), s, lineno)
            return
        m = _LETTER.match(s)
        if m and m.group(1) in POINT_LETTERS:
            x = m.group(1)
            self._open_section("section", A_LETTER, x, _point_segment(x), x, m.group(2), s, lineno)
            return
        self.b.current.add(s)

    def _top_heading_in_appendix(self, s: str, level: int, lineno: int) -> bool:
        m = _PHU_LUC.match(s)
        if m and (level or (m.group(1) and _plain_ok(m.group(2), m.group(3)))):
            self._open_appendix(m.group(1), m.group(3), s, lineno)
            return True
        m = _MAU.match(s)
        if not m:
            return False
        sibling_forms = self.top is not None and self.top.kind == "mau"
        if level or (sibling_forms and not m.group(3)):
            self._open_mau_top(m.group(1), m.group(3), s, lineno)
            return True
        if self.top is not None and self.top.kind == "phu-luc" and (m.group(2) or not m.group(3)):
            number = m.group(1)
            self._open_section(
                "mau", A_MAU, number, f"mau-{slug(number)}", f"Mẫu {number}", m.group(3), s, lineno
            )
            return True
        return False

    def _open_section(
        self,
        kind: str,
        rank: int,
        number: str,
        segment: str,
        path_part: str,
        rest: str,
        s: str,
        lineno: int,
        *,
        absolute: bool = False,
    ) -> None:
        d = Draft(kind=kind, rank=rank, segment=segment, line=lineno)  # type: ignore[arg-type]
        self._open(d, number=number, display=f"mục {path_part}")
        parent = d.parent
        base = None if absolute or parent is None or parent.rank <= R_TOP else parent.section
        d.section = f"{base}.{path_part}" if base else path_part
        d.title = _heading_title(rest, 150)
        d.add(s)
        # "Phần I" carries its title on the next line; numbered items never do
        self.awaiting = d if kind == "phan" and not d.title else None

    # ---- footnotes -----------------------------------------------------------------------------

    def _footnote_line(self, s: str, lineno: int) -> None:
        if self.mode != "footnotes":
            d = Draft(kind="footnotes", rank=R_TOP, segment="chu-thich", line=lineno)
            d.display = "chú thích"
            self.b.open(d)
            self.mode = "footnotes"
            self.awaiting = None
        if s:
            self.b.current.add(s)


def _footnotes_start(lines: list[str]) -> int:
    """Index of the footnote block at the end ("[^1]: …" and its heading), or len(lines)."""
    first = next((i for i, line in enumerate(lines) if _FOOTNOTE_DEF.match(line.strip())), None)
    if first is None:
        return len(lines)
    start = first
    i = first - 1
    seen = 0
    while i >= 0 and seen < 3:
        s = lines[i].strip()
        if s:
            if not _FOOTNOTE_INTRO.match(s):
                break
            start = i
            seen += 1
        i -= 1
    return start


def parse_legal(doc: Document) -> ParsedDocument:
    """Parse a legal text (law, decree, circular, decision, consolidated text) into provisions."""
    return _LegalParser(doc).run()

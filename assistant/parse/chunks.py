"""Provision tree → chunks, the units that are indexed and quoted.

One chunk per clause of a long article; one per article when it is short or has no clauses;
one per leaf-ish appendix or plan section; one for the document's preamble (căn cứ lines are
searched). A chunk's id is the provision id of the unit it covers and its text is
ParsedDocument.full_text(id) exactly, so a quote is always the whole cited unit. The one
exception is the root: its chunk holds the root's own text (header, title, preamble), not the
whole document. Signatures and footnotes are not indexed.
"""

from __future__ import annotations

from assistant.models import Chunk, DocKind, ParsedDocument, Provision
from assistant.parse.labels import attached_name, doc_short_name, label_for

ARTICLE_CHUNK_MAX = 1200  # an article up to this many characters is one chunk
SECTION_CHUNK_MAX = 1200  # likewise an appendix or plan section with sub-items
LEAD_IN_CONTEXT_MAX = 300  # an article's lead-in ("… gồm:") carried into its clauses' context
WHOLE_MAX = 6000  # a unit with a long preface is also indexed whole, up to this size
_SKIP = frozenset({"signature", "footnotes"})
_CONTAINERS = frozenset({"phan", "chuong", "muc"})  # in a legal body (not inside an appendix)


def heading_of(p: Provision) -> str:
    """A unit's heading as a reader sees it: "Điều 84. Hồ sơ …", "Chương IV. THẨM QUYỀN …"."""
    word = {
        "phan": "Phần",
        "chuong": "Chương",
        "muc": "Mục",
        "dieu": "Điều",
        "phu-luc": "Phụ lục",
        "mau": "Mẫu",
    }.get(p.kind)
    if p.appendix is not None and p.kind in ("muc", "section"):
        word = None  # appendix/plan items print their own number: "II.", "7."
    if word and p.number:
        if p.kind == "mau" and p.appendix and p.appendix.lower().startswith("mẫu"):
            head = p.appendix
        else:
            head = f"{word} {p.number}"
        return f"{head}. {p.title}" if p.title else head
    if p.title:
        return f"{p.number}. {p.title}" if p.number else p.title
    first = p.text.split("\n", 1)[0] if p.text else ""
    return first[:120]


def _lead_in(p: Provision) -> str:
    """An article's own text after its heading line, when short enough to carry as context."""
    lines = p.text.split("\n")[1:]
    lead = " ".join(line for line in lines if line).strip()
    return lead if len(lead) <= LEAD_IN_CONTEXT_MAX else lead[:LEAD_IN_CONTEXT_MAX] + "…"


class _Chunker:
    def __init__(self, parsed: ParsedDocument) -> None:
        self.parsed = parsed
        self.meta = parsed.meta
        self.index = parsed.by_id()
        self.short = doc_short_name(parsed.meta)
        self.attached = attached_name(parsed)
        self.is_plan = parsed.meta.kind == DocKind.PLAN
        self.out: list[Chunk] = []
        self._full: dict[str, str] = {}

    def full_text(self, pid: str) -> str:
        """ParsedDocument.full_text, bottom-up with a cache (that one re-indexes on every call)."""
        if pid not in self._full:
            p = self.index[pid]
            parts = [p.text] if p.text else []
            parts += [t for t in (self.full_text(c) for c in p.children) if t]
            self._full[pid] = "\n".join(parts)
        return self._full[pid]

    def context(self, p: Provision) -> str:
        parts = [self.short]
        chain: list[Provision] = []
        parent = self.index.get(p.parent_id) if p.parent_id else None
        while parent is not None and parent.kind != "document":
            chain.append(parent)
            parent = self.index.get(parent.parent_id) if parent.parent_id else None
        for anc in reversed(chain):
            parts.append(heading_of(anc))
            if anc.kind == "dieu":
                lead = _lead_in(anc)
                if lead:
                    parts.append(lead)
        return " — ".join(x for x in parts if x)

    def emit(self, p: Provision, text: str | None = None) -> None:
        text = self.full_text(p.id) if text is None else text
        if not text.strip():
            return
        self.out.append(
            Chunk(
                id=p.id,
                doc_id=p.doc_id,
                provision_id=p.id,
                text=text,
                context=self.context(p),
                kind=p.kind,
                **p.coordinates(),
                label=label_for(p, self.meta, attached=self.attached),
                doc_kind=self.meta.kind,
            )
        )

    def walk(self, p: Provision) -> None:
        children = [self.index[c] for c in p.children]
        if p.kind in _SKIP:
            return
        if p.kind == "document":
            self.emit(p, text=p.text)
        elif p.kind in _CONTAINERS and p.appendix is None and not self.is_plan:
            pass  # Phần, Chương, Mục: their titles travel in the context of what they hold
        elif p.kind == "dieu":
            self.article(p, children)
            return
        else:
            self.section(p, children)
            return
        for c in children:
            self.walk(c)

    def article(self, p: Provision, children: list[Provision]) -> None:
        clauses = [c for c in children if c.kind == "khoan"]
        if not clauses or len(self.full_text(p.id)) <= ARTICLE_CHUNK_MAX:
            self.emit(p)
            return
        for c in children:
            self.emit(c)  # clauses (with their points); stray points before the first clause too

    def section(self, p: Provision, children: list[Provision]) -> None:
        """Appendix units and plan sections: whole when small or a leaf, else their parts."""
        parts = [c for c in children if c.kind != "tiet" and c.kind not in _SKIP]
        split = bool(parts) and (
            len(self.full_text(p.id)) > SECTION_CHUNK_MAX
            or p.kind in ("phu-luc", "mau", "phan", "table")
            or (self.is_plan and p.kind == "muc")
        )
        if not split:
            self.emit(p)
            return
        if len(_own_body(p)) > LEAD_IN_CONTEXT_MAX and len(self.full_text(p.id)) <= WHOLE_MAX:
            # what sits before the first sub-item (a table, a long preface) must stay findable
            self.emit(p)
        for c in parts:
            self.walk(c)


def _own_body(p: Provision) -> str:
    return "\n".join(p.text.split("\n")[1:]).strip()


def make_chunks(parsed: ParsedDocument) -> list[Chunk]:
    """The chunks of one parsed document, in document order."""
    if not parsed.provisions:
        return []
    chunker = _Chunker(parsed)
    chunker.walk(parsed.provisions[0])
    return chunker.out

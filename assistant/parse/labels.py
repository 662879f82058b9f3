"""Citation labels in Vietnamese, written the way officials write them.

"điểm a khoản 2 Điều 84 Luật Thi đua, khen thưởng (06/2022/QH15)", "Điều 59 Nghị định
129/2025/NĐ-CP", "khoản 3 Điều 6 Quy định ban hành kèm theo Quyết định 86/2025/QĐ-UBND",
"mục Phần I.II.7.b Phụ lục I Nghị định 30/2020/NĐ-CP", "mục IV.2 Kế hoạch 12/KH-UBND (004_…)".
"""

from __future__ import annotations

import re

from assistant.models import DocKind, DocMeta, ParsedDocument, Provision

# The kind of a document from its số hiệu when the metadata does not say.
_LOAI_BY_SUFFIX = (
    (re.compile(r"/VBHN-"), "Văn bản hợp nhất"),
    (re.compile(r"/QH\d+$"), "Luật"),
    (re.compile(r"/NĐ-CP$"), "Nghị định"),
    (re.compile(r"/NQ-"), "Nghị quyết"),
    (re.compile(r"/TT-"), "Thông tư"),
    (re.compile(r"/TTLT-"), "Thông tư liên tịch"),
    (re.compile(r"/QĐ-"), "Quyết định"),
    (re.compile(r"/CT-"), "Chỉ thị"),
    (re.compile(r"/KH-"), "Kế hoạch"),
)
_ATTACHED_NAME = re.compile(r"\b(quy định|quy chế|điều lệ)\b", re.I)
_INFER = object()  # label_for(attached=...) not given: read it from the decision's title


def _base_loai(meta: DocMeta) -> str | None:
    if meta.loai:
        base = meta.loai.split("(")[0].strip()
        if base:
            return base
    sh = meta.so_hieu or meta.doc_id
    for rx, loai in _LOAI_BY_SUFFIX:
        if rx.search(sh):
            return loai
    return None


def _plain_title(meta: DocMeta) -> str:
    """The title without a trailing parenthesis ("Luật Thi đua, khen thưởng (hợp nhất …)")."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", meta.title or "").strip()


def _plan_number(so_hieu: str | None) -> str | None:
    """The number of a plan: "Số: 12/KH-UBND" → "12/KH-UBND"; "Số: /KH-UBND" → None."""
    if not so_hieu:
        return None
    value = re.sub(r"^\s*(?i:số)\s*:?\s*", "", so_hieu).strip()
    return value if re.match(r"\d", value) else None


def doc_short_name(meta: DocMeta) -> str:
    """How a document is named in a citation: "Nghị định 30/2020/NĐ-CP",
    "Luật Thi đua, khen thưởng (06/2022/QH15)", "Kế hoạch Công tác thi đua, khen thưởng năm 2025
    của UBND phường Vĩnh Tuy (13/01/2025)"."""
    loai = _base_loai(meta)
    so_hieu = meta.so_hieu or meta.doc_id
    if meta.kind == DocKind.PLAN:
        # a plan by its number or subject, its issuer and its date, as an official names it;
        # the file's id only when none of them is known
        number = _plan_number(meta.so_hieu)
        name = number or _plain_title(meta) or ""
        if name.lower().startswith("kế hoạch"):
            name = name[len("kế hoạch") :].strip()
        issuer = f" của {meta.issuer}" if meta.issuer else ""
        day = f" ({meta.issued:%d/%m/%Y})" if meta.issued else ""
        if not (name or issuer):
            return f"Kế hoạch ({meta.doc_id})"
        return f"Kế hoạch {name}{issuer}{day}".replace("  ", " ")
    title = _plain_title(meta)
    if loai in ("Luật", "Bộ luật", "Pháp lệnh") and title:
        return f"{title} ({so_hieu})"
    if loai == "Văn bản hợp nhất" and title:
        return f"{title} (Văn bản hợp nhất {so_hieu})"
    if loai:
        return f"{loai} {so_hieu}"
    return title or so_hieu


def attached_name(parsed: ParsedDocument) -> str | None:
    """The name of a decision's attached text ("Quy định", "Quy chế", "Điều lệ"), or None."""
    root = parsed.provisions[0].id if parsed.provisions else ""
    for p in parsed.provisions:
        if p.part == "quyet-dinh":
            break
    else:
        return None
    # its own heading ("QUY CHẾ …"), else the decision's title, else its Điều 1 ("Ban hành kèm
    # theo Quyết định này Quy chế …")
    heads = [
        p.title or ""
        for p in parsed.provisions
        if p.parent_id == root and p.kind == "phan" and p.number is None
    ]
    own = [p.text for p in parsed.provisions if p.part == "quyet-dinh" and p.kind == "dieu"]
    for text in [*heads, parsed.meta.title or "", *own[:1]]:
        m = _ATTACHED_NAME.search(text)
        if m:
            return m.group(1).capitalize()
    return "Văn bản"


def _owner(p: Provision, meta: DocMeta, attached: object) -> str:
    """The document a unit belongs to: the decision itself or the text it carries."""
    short = doc_short_name(meta)
    if p.part == "quyet-dinh" or meta.kind == DocKind.PLAN:
        return short
    if attached is _INFER:
        attached = None
        if (_base_loai(meta) or "").startswith("Quyết định"):
            m = _ATTACHED_NAME.search(meta.title or "")
            attached = m.group(1).capitalize() if m else None
    if attached:
        return f"{attached} ban hành kèm theo {short}"
    return short


def _appendix_name(appendix: str) -> str:
    return appendix if appendix.lower().startswith("mẫu") else f"Phụ lục {appendix}"


def label_for(p: Provision, meta: DocMeta, *, attached: object = _INFER) -> str:
    """The citation label of one provision.

    ``attached`` names the text a decision carries ("Quy định"); by default it is read from the
    decision's title ("Ban hành Quy định …"). Pass None when the decision carries none.
    """
    short = doc_short_name(meta)
    if p.kind == "document":
        return short
    if p.kind == "signature":
        return f"nơi nhận, chữ ký {short}"
    if p.kind == "footnotes":
        return f"chú thích {short}"
    if meta.kind == DocKind.PLAN:
        return _plan_label(p, short)
    owner = _owner(p, meta, attached)
    if p.article is not None:
        return f"{p.locator.article_label()} {owner}"
    if p.kind in ("chuong", "muc", "phan") and p.appendix is None and p.number:
        word = {"chuong": "Chương", "muc": "Mục", "phan": "Phần"}[p.kind]
        return f"{word} {p.number} {owner}"
    if p.kind == "phan" and p.appendix is None:  # the attached text itself
        return owner
    if p.kind == "mau" and p.number and p.appendix and not p.appendix.lower().startswith("mẫu"):
        return f"Mẫu {p.number} Phụ lục {p.appendix} {owner}"
    if p.appendix and p.section:
        if p.section.startswith("Phần") and "." not in p.section:
            return f"{p.section} {_appendix_name(p.appendix)} {owner}"
        return f"mục {p.section} {_appendix_name(p.appendix)} {owner}"
    if p.appendix:
        return f"{_appendix_name(p.appendix)} {owner}"
    if p.title:
        return f"{p.title} — {owner}"
    return owner


def _plan_label(p: Provision, short: str) -> str:
    section = p.section
    if section:
        m = re.match(r"^(Phụ lục\s+\S+?)(?:\.(.+))?$", section)
        if m:
            return (
                f"mục {m.group(2)} {m.group(1)} {short}" if m.group(2) else f"{m.group(1)} {short}"
            )
        return f"mục {section} {short}"
    if p.appendix:
        return f"Phụ lục {p.appendix} {short}"
    if p.title:
        return f"{p.title} — {short}"
    return short

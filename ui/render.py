"""HTML and Markdown for the web chat: answers with their quoted citations, coverage, outlines.

Pure functions over plain data, so what officials see is tested without a browser. Every text
that comes from a document or a user is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from typing import Any
from urllib.parse import quote

from assistant.models import Answer, Citation

COVERAGE_VI = {"full": "Đầy đủ", "excerpt": "Trích đoạn", "missing": "Chưa có"}
SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Gợi ý"}
# A finding about a later change, or on a fact to be checked, is labelled as such whatever
# its severity: it is not a drafting error (draft/findings.FindingKind).
KIND_VI = {"since": "Lưu ý áp dụng", "check": "Cần kiểm tra"}


def provision_href(provision_id: str, as_of: date | None = None) -> str:
    """The page showing a provision inside its article (served by ui.pages)."""
    url = "/xem/" + quote(provision_id, safe="/")
    query = f"?as_of={as_of.isoformat()}" if as_of else ""
    return f"{url}{query}#{quote(provision_id, safe='/')}"


def _text_html(text: str) -> str:
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def _badge(in_force: bool) -> str:
    if in_force:
        return '<span class="tdkt-badge ok">Còn hiệu lực</span>'
    return '<span class="tdkt-badge off">Hết hiệu lực</span>'


_PLAN_BADGE = '<span class="tdkt-badge plan">Kế hoạch</span>'
_USER_BADGE = '<span class="tdkt-badge user">Tài liệu do người dùng tải lên</span>'


def _citation_badges(c: Citation) -> str:
    """A user's upload says so; outside the framework it carries no validity badge at all,
    because it is no legal text in force."""
    if c.doc_kind == "plan":
        return _PLAN_BADGE  # a plan has a period, not a validity
    if c.origin != "user":
        return _badge(c.in_force)
    return _USER_BADGE if not c.in_force else f"{_badge(True)} {_USER_BADGE}"


def citation_html(n: int, c: Citation, as_of: date | None = None) -> str:
    """One citation as an expandable quote: label and validity, the verbatim text, a link."""
    return (
        f'<details class="tdkt-cite"><summary><span class="tdkt-n">[{n}]</span> '
        f"{escape(c.label)} {_citation_badges(c)}</summary>"
        f'<blockquote class="tdkt-quote">{_text_html(c.quote)}</blockquote>'
        f'<a class="tdkt-link" href="{escape(provision_href(c.provision_id, as_of))}" '
        f'target="_blank" rel="noopener">Xem trong văn bản ↗</a></details>'
    )


def answer_text(text: str) -> str:
    """The composer's text as Markdown: its own markup kept, any HTML from a document shown
    as text."""
    return escape(text.strip(), quote=False)


def answer_state(answer: Answer) -> str:
    """What the official should know first: answered from the texts, or not in them."""
    en = answer.language == "en"
    if answer.abstained:
        label = "Not in the documents held" if en else "Không có trong các văn bản đang lưu"
        return f'<div class="tdkt-state miss">{label}</div>'
    label = "Answered from the documents held" if en else "Trả lời theo văn bản đang lưu"
    return f'<div class="tdkt-state ok">{label}</div>'


def answer_markdown(answer: Answer) -> str:
    """The whole assistant message: answer text, notes, then the citations to expand."""
    en = answer.language == "en"
    parts = [answer_state(answer), answer_text(answer.answer)]
    if answer.notes:
        title = "Notes" if en else "Lưu ý"
        notes = "".join(f"<li>{escape(n)}</li>" for n in answer.notes)
        parts.append(f'<div class="tdkt-notes"><b>{title}:</b><ul>{notes}</ul></div>')
    if answer.citations:
        title = "Sources" if en else "Căn cứ"
        cites = "".join(
            citation_html(i, c, answer.as_of) for i, c in enumerate(answer.citations, 1)
        )
        parts.append(
            f'<div class="tdkt-cites"><div class="tdkt-cites-title">{title} '
            f"({len(answer.citations)})</div>{cites}</div>"
        )
    day = answer.as_of.strftime("%d/%m/%Y")
    when = f"Applies the law as of {day}" if en else f"Áp dụng pháp luật tại ngày {day}"
    parts.append(f'<div class="tdkt-meta">{when}</div>')
    return "\n\n".join(parts)


def coverage_html(rows: Iterable[dict[str, Any]]) -> str:
    """The expected legal framework: what is indexed in full, as excerpts, or missing."""
    body = []
    for r in rows:
        status = r["status"]
        force = "Còn hiệu lực" if r["in_force_today"] else "Hết hiệu lực"
        via = f" (qua {escape(r['via'])})" if r.get("via") else ""
        body.append(
            "<tr>"
            f"<td><b>{escape(r['doc_id'])}</b></td>"
            f"<td>{escape(r['title'])}</td>"
            f'<td><span class="tdkt-cov {status}">{COVERAGE_VI.get(status, status)}</span>{via}</td>'
            f"<td>{force}</td>"
            f'<td class="tdkt-small">{escape(r.get("note") or "")}</td>'
            "</tr>"
        )
    return (
        '<table class="tdkt-table"><thead><tr><th>Số hiệu</th><th>Tên văn bản</th>'
        "<th>Trong kho</th><th>Hiệu lực hôm nay</th><th>Ghi chú</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


_UNIT_WORD = {
    "phan": "Phần",
    "chuong": "Chương",
    "muc": "Mục",
    "dieu": "Điều",
    "khoan": "Khoản",
    "diem": "Điểm",
    "phu-luc": "Phụ lục",
    "mau": "Mẫu",
}


def unit_name(node: dict[str, Any], plan: bool = False) -> str:
    """How a unit reads in a document's own outline: "Điều 84. Hồ sơ …", "Khoản 2", "IV.2"."""
    kind, number, title = node["kind"], node.get("number"), node.get("title")
    word = None if plan and kind in ("muc", "section") else _UNIT_WORD.get(kind)
    if number:
        base = f"{word} {number}" if word else str(number)
    else:
        base = title or node["label"]
        title = None
    return f"{base}. {title}" if title else base


def _outline_items(nodes: list[dict[str, Any]], depth: int, plan: bool) -> str:
    out = []
    for n in nodes:
        name = unit_name(n, plan)
        link = (
            f'<a href="{escape(provision_href(n["id"]))}" target="_blank" rel="noopener" '
            f'title="{escape(n["label"])}">{escape(name)}</a>'
        )
        if n["children"] and depth < 3:
            out.append(
                f"<li><details><summary>{link}</summary>"
                f"<ul>{_outline_items(n['children'], depth + 1, plan)}</ul></details></li>"
            )
        else:
            out.append(f"<li>{link}</li>")
    return "".join(out)


def outline_html(detail: dict[str, Any]) -> str:
    """A document's structure as nested, expandable lists linking to each unit."""
    meta = [
        ("Số hiệu", detail.get("so_hieu")),
        ("Loại", detail.get("loai")),
        ("Cơ quan ban hành", detail.get("issuer")),
        ("Ngày ban hành", _day(detail.get("issued"))),
        ("Ngày hiệu lực", _day(detail.get("effective"))),
        ("Trong kho", COVERAGE_VI.get(detail["coverage"], detail["coverage"])),
        # a plan has a period, not a validity
        None
        if detail.get("kind") == "plan"
        else ("Hiệu lực hôm nay", "Còn hiệu lực" if detail["in_force"] else "Hết hiệu lực"),
    ]
    meta = [m for m in meta if m]
    rows = "".join(f"<tr><th>{k}</th><td>{escape(str(v))}</td></tr>" for k, v in meta if v)
    note = (
        f'<p class="tdkt-small">{escape(detail["validity_note"])}</p>'
        if detail.get("validity_note")
        else ""
    )
    plan = detail.get("kind") == "plan"
    items = _outline_items(detail["outline"], 0, plan) or "<li>(không có cấu trúc)</li>"
    return (
        f'<div class="tdkt-doc"><h3>{escape(detail["label"])}</h3>'
        f'<p>{escape(detail["title"])}</p><table class="tdkt-kv">{rows}</table>{note}'
        f'<ul class="tdkt-outline">{items}</ul></div>'
    )


def _day(value: Any) -> str | None:
    if not value:
        return None
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def location_vi(location: Any) -> str:
    """{"section": "IV.2", "line": 248} → "mục IV.2 (dòng 248)"."""
    if not isinstance(location, dict):
        return str(location or "")
    section, line = location.get("section"), location.get("line")
    where = f"mục {section}" if section else ""
    if line:
        where = f"{where} (dòng {line})" if where else f"dòng {line}"
    return where


def findings_rows(findings: Iterable[dict[str, Any]]) -> list[list[str]]:
    return [
        [
            KIND_VI.get(str(f.get("kind")))
            or SEVERITY_VI.get(str(f.get("severity")), str(f.get("severity", ""))),
            str(f.get("code", "")),
            str(f.get("message", "")),
            location_vi(f.get("location")),
            str(f.get("fix") or ""),
        ]
        for f in findings
    ]

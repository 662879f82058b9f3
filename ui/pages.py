"""`/xem/<provision id>`: a cited provision shown inside its article, for the citation links.

A plain, self-contained HTML page (no scripts or fonts from elsewhere) that an official can read,
print or keep open beside the chat; the JSON is at /api/provisions/<id>.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Annotated
from urllib.parse import quote

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse

from assistant.app.runtime import Runtime
from assistant.app.views import find_provision, provision_view
from assistant.errors import AssistantError, DocumentNotFoundError, ProvisionNotFoundError
from assistant.models import DocKind
from assistant.parse.labels import label_for

_MAX_CONTEXT_CHARS = 40_000
_CONTAINERS = {"document", "phan", "chuong", "muc"}

_STYLE = """
body{font:16px/1.6 "Times New Roman",Liberation Serif,serif;color:#1f2937;background:#f8fafc;
margin:0}main{max-width:52rem;margin:0 auto;padding:1.5rem 1.25rem 4rem;background:#fff;
min-height:100vh;box-shadow:0 0 0 1px #e5e7eb}
nav,.meta{font:14px/1.5 system-ui,Segoe UI,Roboto,Arial,sans-serif;color:#4b5563}
nav a{color:#1d4ed8;text-decoration:none}h1{font-size:1.3rem;margin:.6rem 0}
.badge{display:inline-block;border-radius:999px;padding:0 .6rem;font-size:.8rem;margin-left:.4rem}
.ok{background:#dcfce7;color:#166534}.off{background:#fee2e2;color:#991b1b}
.plan{background:#e0e7ff;color:#3730a3}
.u{margin:.15rem 0 .15rem 0;padding:.1rem .4rem;border-left:3px solid transparent}
.u .u{margin-left:1.2rem}.hl{background:#fef9c3;border-left-color:#ca8a04}
.note{background:#eff6ff;border-radius:6px;padding:.5rem .8rem;margin:.6rem 0}
"""


def _context_root(library, target_id: str) -> str:
    """The article holding the target (or its top-level part in a plan); the target itself
    when it is a chapter or larger."""
    p = library.provisions[target_id]
    chain = [p]
    while chain[-1].parent_id and chain[-1].parent_id in library.provisions:
        chain.append(library.provisions[chain[-1].parent_id])
    for unit in chain:
        if unit.kind == "dieu":
            return unit.id
    if p.kind in _CONTAINERS:
        return p.id
    below_root = [
        u for u in chain if u.parent_id and library.provisions[u.parent_id].kind in _CONTAINERS
    ]
    return below_root[-1].id if below_root else p.id


def _render_tree(library, root_id: str, target_id: str) -> str:
    out: list[str] = []

    def walk(pid: str) -> None:
        p = library.provisions[pid]
        cls = "u hl" if pid == target_id else "u"
        lines = "<br>".join(escape(line) for line in p.text.splitlines()) if p.text else ""
        out.append(f'<div class="{cls}" id="{escape(pid)}">{lines}')
        for child in p.children:
            if child in library.provisions:
                walk(child)
        out.append("</div>")

    walk(root_id)
    return "".join(out)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status)


def provision_page(runtime: Runtime, provision_id: str, as_of: date | None) -> HTMLResponse:
    back = '<nav><a href="/">← Về trợ lý</a></nav>'
    try:
        a = runtime.assistant()
        p = find_provision(a.library, provision_id)
        view = provision_view(a.library, a.registry, p.id, as_of or date.today())
    except AssistantError as exc:
        status = 404 if isinstance(exc, ProvisionNotFoundError | DocumentNotFoundError) else 503
        return _page(
            "Không tìm thấy",
            f"{back}<h1>Không tìm thấy điều khoản</h1><p>{escape(str(exc))}</p>",
            status,
        )
    library = a.library
    meta = library.documents[p.doc_id].meta
    root = library.provisions[_context_root(library, p.id)]
    if len(library.full_text(root.id)) > _MAX_CONTEXT_CHARS:
        root = p
    crumbs = []
    unit = library.provisions.get(root.parent_id) if root.parent_id else None
    while unit is not None:
        crumbs.append(escape(unit.title or label_for(unit, meta)))
        unit = library.provisions.get(unit.parent_id) if unit.parent_id else None
    badge = (
        '<span class="badge plan">Kế hoạch</span>'  # a plan has a period, not a validity
        if meta.kind == DocKind.PLAN
        else '<span class="badge ok">Còn hiệu lực</span>'
        if view["in_force"]
        else '<span class="badge off">Hết hiệu lực</span>'
    )
    day = view["as_of"].strftime("%d/%m/%Y")
    note = (
        f'<div class="note meta">{escape(view["validity_note"])}</div>'
        if view["validity_note"]
        else ""
    )
    json_link = "/api/provisions/" + quote(p.id, safe="/")
    body = (
        f'{back}<div class="meta">{" › ".join(reversed(crumbs))}</div>'
        f"<h1>{escape(view['label'])}{badge}</h1>"
        f'<div class="meta">Hiệu lực tính tại ngày {day} · '
        f'<a href="{escape(json_link)}">dữ liệu JSON</a></div>{note}'
        f"<article>{_render_tree(library, root.id, p.id)}</article>"
    )
    return _page(view["label"], body)


def add_pages(app: FastAPI, runtime: Runtime) -> None:
    @app.get("/xem/{provision_id:path}", include_in_schema=False, response_class=HTMLResponse)
    def show_provision(
        provision_id: str, as_of: Annotated[date | None, Query()] = None
    ) -> HTMLResponse:
        return provision_page(runtime, provision_id, as_of)

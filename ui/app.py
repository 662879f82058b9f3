"""The Gradio web app (Vietnamese), mounted at / on the API's FastAPI app by `tdkt serve`.

It calls the same Runtime as the API in-process (no HTTP round trip), works with no network: no
CDN, no analytics, no share links, fonts served by the app itself.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from assistant.app.runtime import Runtime
from assistant.config import apply_offline_env

log = logging.getLogger(__name__)

TITLE = "Trợ lý Thi đua – Khen thưởng"

# Outside Gradio's content area, which its `css=` cannot reach (it scopes every rule to it): on
# a phone the page keeps narrow side padding and the tab buttons wrap instead of widening it.
PHONE_HEAD = """<style>
@media (max-width:480px){.gradio-container .main{padding-left:6px !important;
padding-right:6px !important}.gradio-container .tabs{min-width:0 !important}
.gradio-container [role=tablist]{flex-wrap:wrap !important}}
</style>"""

CSS = """
.gradio-container{max-width:1280px !important;margin:0 auto !important}
#tdkt-header{padding:.25rem 0 .5rem;border-bottom:1px solid var(--border-color-primary);
margin-bottom:.5rem}
#tdkt-header h1{font-size:1.5rem;margin:0;color:var(--color-accent)}
#tdkt-header p{margin:.1rem 0 0;color:var(--body-text-color-subdued)}
.tdkt-empty{text-align:center;color:var(--body-text-color-subdued);line-height:1.7}
.tdkt-cites{margin-top:.5rem;border-top:1px solid var(--border-color-primary);padding-top:.4rem}
.tdkt-cites-title{font-weight:600;margin-bottom:.25rem}
.tdkt-cite{border:1px solid var(--border-color-primary);border-radius:8px;margin:.3rem 0;
padding:.3rem .6rem;background:var(--background-fill-secondary)}
.tdkt-cite summary{cursor:pointer;font-weight:500}
.tdkt-n{color:var(--color-accent);font-weight:700}
.tdkt-quote{margin:.4rem 0;padding:.2rem .7rem;border-left:3px solid var(--color-accent);
font-family:"Times New Roman",Liberation Serif,serif;font-size:1.02em}
.tdkt-badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.78em;
font-weight:500;margin-left:.3rem;vertical-align:middle}
.tdkt-badge.ok{background:#dcfce7;color:#166534}.tdkt-badge.off{background:#fee2e2;color:#991b1b}
.tdkt-badge.user{background:#fef3c7;color:#92400e}.tdkt-badge.plan{background:#e0e7ff;color:#3730a3}
.tdkt-state{display:inline-block;border-radius:6px;padding:.05rem .5rem;font-size:.8em;
font-weight:600;margin-bottom:.3rem}
.tdkt-state.ok{background:#dcfce7;color:#166534}.tdkt-state.miss{background:#fee2e2;color:#991b1b}
@media (max-width:480px){#tdkt-main-row{flex-direction:column}
#tdkt-main-row>*{min-width:0 !important;width:100% !important}
.tdkt-table{display:block;overflow-x:auto}#tdkt-header h1{font-size:1.15rem}
#tdkt-chat{min-height:300px}.tdkt-quote{font-size:.95em}}
.tdkt-notes{background:#fffbeb;border:1px solid #fde68a;border-radius:8px;padding:.35rem .7rem;
font-size:.95em}
.tdkt-notes ul{margin:.2rem 0 0 1rem}
.tdkt-meta,.tdkt-small{font-size:.85em;color:var(--body-text-color-subdued)}
.tdkt-table{border-collapse:collapse;width:100%;font-size:.92em}
.tdkt-table th,.tdkt-table td{border-bottom:1px solid var(--border-color-primary);
padding:.35rem .5rem;text-align:left;vertical-align:top}
.tdkt-cov{border-radius:999px;padding:0 .55rem;font-size:.85em;white-space:nowrap}
.tdkt-cov.full{background:#dcfce7;color:#166534}.tdkt-cov.excerpt{background:#fef9c3;
color:#854d0e}.tdkt-cov.missing{background:#fee2e2;color:#991b1b}
.tdkt-kv th{text-align:left;padding-right:1rem;font-weight:500;color:var(--body-text-color-subdued)}
.tdkt-outline{line-height:1.7}.tdkt-outline summary{cursor:pointer}
.tdkt-outline,.tdkt-outline ul{list-style:none;padding-left:1.1rem}
.tdkt-table,.tdkt-table th,.tdkt-table td{border-left:0 !important;border-right:0 !important}
.tdkt-table{border:0 !important}.tdkt-table thead th{border-top:0 !important}
.tdkt-table td:nth-child(4),.tdkt-table th:nth-child(4){white-space:nowrap}
#tdkt-findings table,#tdkt-findings td,#tdkt-findings th{font-family:var(--font) !important}
.tdkt-outline a{text-decoration:none}.tdkt-outline a:hover{text-decoration:underline}
footer{display:none !important}
"""


def _theme():
    import gradio as gr

    # IBM Plex Sans ships with Gradio (served locally) and has every Vietnamese letter in the
    # two weights used here; Montserrat, the Soft theme's default, reads poorly in long legal text.
    plex = gr.themes.LocalFont("IBM Plex Sans", weights=(400, 700))
    return gr.themes.Soft(
        primary_hue="blue",
        secondary_hue="slate",
        neutral_hue="slate",
        font=[plex, "ui-sans-serif", "system-ui", "sans-serif"],
    )


def build_ui(runtime: Runtime):
    """The Blocks of the web app over one Runtime."""
    import gradio as gr

    from ui.chat import build_chat_tab
    from ui.documents import build_documents_tab
    from ui.plans import Plans, build_check_tab, build_draft_tab

    plans = Plans(runtime)
    with gr.Blocks(title=TITLE, analytics_enabled=False) as blocks:
        gr.HTML(
            f"<div id='tdkt-header'><h1>{TITLE}</h1><p>Tra cứu Luật Thi đua, khen thưởng, các "
            "nghị định, quy định của tỉnh và kế hoạch thi đua — trích dẫn đến từng điều, khoản, "
            "điểm; soạn và kiểm tra kế hoạch.</p></div>"
        )
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="chat"):
                build_chat_tab(runtime)
            with gr.Tab("Soạn kế hoạch", id="draft"):
                build_draft_tab(runtime, plans)
            with gr.Tab("Kiểm tra kế hoạch", id="check"):
                build_check_tab(runtime, plans)
            with gr.Tab("Văn bản", id="documents"):
                refresh, outputs = build_documents_tab(runtime)
        blocks.load(refresh, None, outputs, api_visibility="private")
    return blocks


def mount_ui(app: FastAPI) -> FastAPI:
    """Add the provision pages and mount the Gradio app at / (after the API routes)."""
    apply_offline_env()
    import gradio as gr

    from ui.offline import LocalOnlyPages
    from ui.pages import add_pages

    runtime: Runtime = app.state.runtime
    add_pages(app, runtime)
    app.add_middleware(LocalOnlyPages)
    blocks = build_ui(runtime)
    blocks.queue(default_concurrency_limit=8)
    return gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        footer_links=[],
        run_history=False,
        ssr_mode=False,
        pwa=False,
        mcp_server=False,
        max_file_size=runtime.settings.max_upload_bytes,
        theme=_theme(),
        css=CSS,
        head=PHONE_HEAD,
        show_error=False,
    )

"""report.html: one self-contained page (inline CSS, plots as base64 PNG, no external assets)."""

from __future__ import annotations

import html
from typing import Any

from evals import plots
from evals.metrics import HEADLINE, SPECS
from evals.report_views import (
    BREAKDOWN,
    FAILURE_LEGEND,
    METHOD_NOTES,
    breakdown_rows,
    failures,
    mark,
    metric_rows,
)

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3}td.num{text-align:right}td.best{font-weight:bold;background:#eef7ee}
details{border:1px solid #ddd;margin:.4em 0;padding:.3em .6em}summary{cursor:pointer}
.ok{color:#176b2c}.ko{color:#a11}.muted{color:#666}img{max-width:100%}
"""


def _h(text: Any) -> str:
    return html.escape(str(text))


def _html_table(header: list[str], rows: list[list[tuple[str, str]]]) -> str:
    head = "".join(f"<th>{_h(c)}</th>" for c in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="{cls}">{_h(text)}</td>' for text, cls in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_failure(f: dict[str, Any]) -> str:
    def marked(text: str, ok: bool | str) -> str:
        cls = "ok" if ok is True or ok in ("✓", "+") else "ko"
        return f'<span class="{cls}">{mark(ok)}</span> {_h(text)}'

    parts = [f"<details><summary>{_h(f['head'])} — {_h(f['question'])}</summary><ul>"]
    parts.append(f"<li>Expected: {_h('; '.join(f['gold']))}</li>")
    if f["facts"]:
        parts.append("<li>Key facts: " + "; ".join(marked(t, ok) for t, ok in f["facts"]) + "</li>")
    if f["error"]:
        parts.append(f"<li>Error: <code>{_h(f['error'])}</code></li>")
    hits = "".join(f"<li>{marked(w, ok)}</li>" for w, ok in f["hits"]) or "<li>(none)</li>"
    parts.append(f"<li>Top hits:<ol>{hits}</ol></li>")
    parts.append(
        f"<li>Answer (abstained: {'yes' if f['abstained'] else 'no'}): "
        f"<blockquote>{_h(f['answer']) or '(empty)'}</blockquote></li>"
    )
    cites = "; ".join(marked(w, ok) for w, ok in f["citations"]) or "(none)"
    parts.append(f"<li>Citations: {cites}</li></ul></details>")
    return "".join(parts)


def render_html(data: dict[str, Any], figures: dict[str, str]) -> str:
    meta, names = data["meta"], list(data["systems"])
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Evaluation report {_h(meta['started'])}</title><style>{_CSS}</style></head><body>",
        "<h1>Evaluation report</h1>",
        f"<p class='muted'>Q&amp;A set <code>{_h(meta.get('qa'))}</code> ({meta['items']} items),"
        f" as of {_h(meta.get('as_of') or 'today')}, k = {meta['k']},"
        f" run {_h(meta['started'])} → {_h(meta['finished'])}.</p>",
        "<h2>Summary</h2>",
    ]
    rows = [
        [(label, "")]
        + [(v, "num best" if best else "num") for v, best in zip(values, flags, strict=True)]
        for label, values, flags in metric_rows(data, HEADLINE + ("items", "errors"))
    ]
    out.append(_html_table(["metric", *names], rows))
    for key, title in (
        ("metrics", "Metrics per system"),
        ("per_type", "Per question type"),
        ("key_facts_per_type", "Key facts per question type"),
        ("latency", "Latency distribution"),
    ):
        if key in figures:
            out.append(
                f"<h3>{_h(title)}</h3><img alt='{_h(title)}' src='data:image/png;base64,{figures[key]}'>"
            )
    for group, title in (("by_type", "By question type"), ("by_lang", "By language")):
        out.append(f"<h2>{title}</h2>")
        for key in BREAKDOWN:
            out.append(f"<h4>{_h(SPECS[key].label)}</h4>")
            out.append(
                _html_table(
                    [group.removeprefix("by_"), *names],
                    [
                        [(g, "")] + [(c, "num") for c in cells]
                        for g, cells in breakdown_rows(data, group, key)
                    ],
                )
            )
    out.append("<h2>All metrics</h2>")
    out.append(
        _html_table(
            ["metric", *names],
            [
                [(lbl, "")] + [(v, "num") for v in vals]
                for lbl, vals, _ in metric_rows(data, tuple(SPECS))
            ],
        )
    )
    out.append("<h2>Systems and notes</h2><ul>")
    for n in names:
        s = data["systems"][n]
        notes = "".join(f"<li>{_h(note)}</li>" for note in s["notes"])
        out.append(
            f"<li><b>{_h(n)}</b>: {_h(s['description'])} (opened in {s['setup_s']:.1f} s)"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</li>"
        )
    out += [f"<li>{_h(note)}</li>" for note in METHOD_NOTES] + [
        "</ul>",
        "<h2>Failed items</h2>",
        f"<p class='muted'>{_h(FAILURE_LEGEND)}</p>",
    ]
    for n in names:
        failed = failures(data, n)
        out.append(f"<h3>{_h(n)}: {len(failed)} of {meta['items']} items</h3>")
        out += [_html_failure(f) for f in failed]
    out.append("</body></html>")
    return "\n".join(out)


def figures(data: dict[str, Any]) -> dict[str, str]:
    summaries = {n: s["summary"] for n, s in data["systems"].items()}
    latencies = {
        n: {
            op: [e[f"{op}_ms"] for e in s["items"] if e[f"{op}_ms"] is not None]
            for op in ("search", "ask")
        }
        for n, s in data["systems"].items()
    }
    return {
        "metrics": plots.metrics_per_system(summaries),
        "per_type": plots.metric_per_type(summaries, "hit5_article"),
        "key_facts_per_type": plots.metric_per_type(summaries, "key_fact_coverage"),
        "latency": plots.latency_distribution(latencies),
    }

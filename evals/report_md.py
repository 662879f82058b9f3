"""report.md: the summary, breakdowns, notes and failed items as Markdown."""

from __future__ import annotations

from typing import Any

from evals.metrics import HEADLINE, SPECS
from evals.report_views import (
    BREAKDOWN,
    FAILURE_LEGEND,
    MD_FAILURES_PER_SYSTEM,
    METHOD_NOTES,
    breakdown_rows,
    failures,
    mark,
    metric_rows,
)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(data: dict[str, Any]) -> str:
    meta, names = data["meta"], list(data["systems"])
    out = [
        "# Evaluation report",
        "",
        f"Q&A set `{meta.get('qa')}` ({meta['items']} items), as of {meta.get('as_of') or 'today'},"
        f" k = {meta['k']}, run {meta['started']} → {meta['finished']}.",
        "",
        "## Summary",
        "",
    ]
    rows = [
        [label] + [f"**{v}**" if best else v for v, best in zip(values, flags, strict=True)]
        for label, values, flags in metric_rows(data, HEADLINE + ("items", "errors"))
    ]
    out += _md_table(["metric", *names], rows)
    for group, title in (("by_type", "By question type"), ("by_lang", "By language")):
        out += [f"## {title}", ""]
        for key in BREAKDOWN:
            out += [f"**{SPECS[key].label}**", ""]
            out += _md_table(
                [group.removeprefix("by_"), *names],
                [[g, *cells] for g, cells in breakdown_rows(data, group, key)],
            )
    out += ["## All metrics", ""]
    out += _md_table(
        ["metric", *names], [[lbl, *vals] for lbl, vals, _ in metric_rows(data, tuple(SPECS))]
    )
    out += ["## Systems and notes", ""]
    for n in names:
        s = data["systems"][n]
        out.append(f"* **{n}**: {s['description']} (opened in {s['setup_s']:.1f} s)")
        out += [f"  * {note}" for note in s["notes"]]
    out += [f"* {note}" for note in METHOD_NOTES] + [""]
    out += ["## Failed items", "", FAILURE_LEGEND, ""]
    for n in names:
        failed = failures(data, n)
        out += [f"### {n}: {len(failed)} of {meta['items']} items", ""]
        for f in failed[:MD_FAILURES_PER_SYSTEM]:
            out += _md_failure(f)
        if len(failed) > MD_FAILURES_PER_SYSTEM:
            more = len(failed) - MD_FAILURES_PER_SYSTEM
            out += [f"… {more} more in report.html and report.json.", ""]
    return "\n".join(out).rstrip() + "\n"


def _md_failure(f: dict[str, Any]) -> list[str]:
    lines = [f"#### {f['head']}", "", f"* Question: {f['question']}"]
    lines.append(f"* Expected: {'; '.join(f['gold'])}")
    if f["facts"]:
        lines.append("* Key facts: " + "; ".join(f"{mark(ok)} “{t}”" for t, ok in f["facts"]))
    if f["error"]:
        lines.append(f"* Error: `{f['error']}`")
    hits = " · ".join(f"{i}. {mark(ok)} {w}" for i, (w, ok) in enumerate(f["hits"], 1))
    lines.append(f"* Top hits: {hits or '(none)'}")
    lines.append(
        f"* Answer (abstained: {'yes' if f['abstained'] else 'no'}): {_md_cell(f['answer']) or '(empty)'}"
    )
    cites = "; ".join(f"{mark(ok)} {w}" for w, ok in f["citations"])
    lines += [f"* Citations: {cites or '(none)'}", ""]
    return lines


# --- HTML ------------------------------------------------------------------------------------

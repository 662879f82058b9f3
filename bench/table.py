"""The bench's tables: built as plain rows from a part's JSON (so a saved run can be shown
again), then rendered with rich for the terminal or as Markdown for the README."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.table import Table

from bench.timing import bar_from_json

DASH = "—"
TEXT_COLUMNS = {"note", "other", "error", "bar", "verdict"}


@dataclass(frozen=True)
class TableSpec:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


# --- cells -----------------------------------------------------------------------------------


def fmt_ms(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def fmt_s(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f} s"


def fmt_rate(value: float | None) -> str:
    return DASH if value is None else f"{value:.3f}"


def fmt_bytes(value: float | None) -> str:
    if value is None:
        return DASH
    mib = value / 1024**2
    return f"{mib / 1024:.2f} GiB" if mib >= 1024 else f"{mib:.0f} MiB"


def fmt_value(value: float | None, unit: str) -> str:
    if unit == "bytes":
        return fmt_bytes(value)
    if unit == "ms":
        return DASH if value is None else f"{fmt_ms(value)} ms"
    if unit == "s":
        return fmt_s(value)
    if unit == "rate":
        return fmt_rate(value)
    return DASH if value is None else f"{value:g} {unit}"


def pair(a: float | None, b: float | None, fmt: Callable[[float | None], str]) -> str:
    return f"{fmt(a)} / {fmt(b)}"


# --- one spec per part -----------------------------------------------------------------------


def build_specs(part: dict[str, Any]) -> list[TableSpec]:
    data = part["data"]
    lex = data["lexical"]
    rows = [
        ("process start → lexical index built (default)", fmt_s(lex["process_to_index_s"])),
        ("– interpreter start", fmt_s(data["process_start_s"])),
        ("– import the pack", fmt_s(lex["import_pack_s"])),
        ("– read + parse", fmt_s(lex["parse_s"])),
        ("– chunk + BM25 + snapshot", fmt_s(lex["index_s"])),
        ("rebuild, nothing changed", fmt_s(lex["rebuild_unchanged_s"])),
        ("chunks / documents", f"{lex['chunks']} / {lex['docs']}"),
    ]
    dense = data.get("dense")
    if dense:
        rows += [
            (f"dense build ({dense['model']}), same process", fmt_s(dense["build_s"])),
            ("– extra over lexical (model + embed + Chroma)", fmt_s(dense["extra_over_lexical_s"])),
            ("– chunks embedded", str(dense["embedded"])),
            ("dense rebuild, nothing changed", fmt_s(dense["rebuild_unchanged_s"])),
            (
                "– vectors reused / re-embedded",
                f"{dense['reused_on_rebuild']} / {dense['embedded_on_rebuild']}",
            ),
        ]
    else:
        rows.append(("dense build", "skipped"))
    return [TableSpec("Index build", ("figure", "value"), tuple(rows), tuple(part["notes"]))]


def latency_specs(part: dict[str, Any]) -> list[TableSpec]:
    warm, cold = part["data"]["warm"], part["data"]["cold"]
    rows = []
    for op in ("search", "ask"):
        w, c = warm.get(op, {}), cold.get(op, {})
        row = [op]
        if w.get("available"):
            row += [fmt_ms(w["p50"]), fmt_ms(w["p95"]), fmt_ms(w["p99"]), str(w["n"])]
        else:
            row += ["n/a"] * 4
        if c.get("available"):
            row += [
                fmt_ms(c["first_result_ms"]["p50"]),
                fmt_ms(c["open_ms"]["p50"]),
                fmt_ms(c["first_query_ms"]["p50"]),
                str(c["runs"]),
            ]
        else:
            row += ["n/a"] * 4
        rows.append(tuple(row))
    columns = (
        "op",
        "warm p50 ms",
        "warm p95 ms",
        "warm p99 ms",
        "warm n",
        "cold: spawn → 1st result ms",
        "cold: spawn → opened ms",
        "cold: 1st query ms",
        "cold runs",
    )
    return [TableSpec("Latency", columns, tuple(rows), tuple(part["notes"]))]


def memory_specs(part: dict[str, Any]) -> list[TableSpec]:
    proc, served = part["data"]["process"], part["data"]["served"]
    n = proc.get("questions")
    rows = [
        ("assistant process, after open", fmt_bytes(proc.get("rss_after_open_bytes")), DASH),
        (
            f"assistant process, after {n} {proc.get('op')}",
            fmt_bytes(proc.get("rss_bytes")),
            fmt_bytes(proc.get("peak_rss_bytes")),
        ),
    ]
    if "error" in served:
        rows.append(("tdkt serve", "not measured", DASH))
    else:
        rows += [
            ("tdkt serve, ready", fmt_bytes(served.get("rss_after_start_bytes")), DASH),
            (
                f"tdkt serve, after {served.get('questions')} {served.get('op')}",
                fmt_bytes(served.get("rss_bytes")),
                fmt_bytes(served.get("peak_rss_bytes")),
            ),
        ]
    return [
        TableSpec(
            "Resident memory", ("process", "RSS", "peak RSS"), tuple(rows), tuple(part["notes"])
        )
    ]


def retrieval_specs(part: dict[str, Any]) -> list[TableSpec]:
    rows = []
    labels = []
    for key, s in part["data"]["systems"].items():
        labels.append(f"{key}: {s['label']}")
        if "overall" not in s:
            rows.append((key, *([DASH] * 9), s.get("skipped") or s.get("error") or ""))
            continue
        o, by = s["overall"], s.get("by_lang", {})
        vi, en = by.get("vi", {}), by.get("en", {})
        rows.append(
            (
                key,
                fmt_rate(o["hit1_article"]),
                fmt_rate(o["hit5_article"]),
                fmt_rate(o["mrr10_article"]),
                fmt_rate(o["hit1_clause"]),
                fmt_rate(o["hit5_clause"]),
                fmt_rate(o["mrr10_clause"]),
                pair(vi.get("hit5_article"), en.get("hit5_article"), fmt_rate),
                pair(vi.get("mrr10_article"), en.get("mrr10_article"), fmt_rate),
                fmt_ms(s["search_ms"]["p50"]),
                f"{s['errors']} errors" if s.get("errors") else "",
            )
        )
    columns = (
        "system",
        "H@1 art",
        "H@5 art",
        "MRR@10 art",
        "H@1 cl",
        "H@5 cl",
        "MRR@10 cl",
        "H@5 art vi/en",
        "MRR art vi/en",
        "p50 ms",
        "note",
    )
    notes = (*part["notes"], *labels)
    return [TableSpec("Retrieval on the dev set", columns, tuple(rows), notes)]


def _pct_cell(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f} %"


def api_specs(part: dict[str, Any]) -> list[TableSpec]:
    data = part["data"]
    rows = []
    for endpoint in ("search", "ask"):
        result = data.get(endpoint, {})
        if not result.get("available"):
            rows.append((f"/api/{endpoint}", DASH, "not available", *([DASH] * 6)))
            continue
        for level in result["levels"]:
            other = {k: v for k, v in level["statuses"].items() if k != "200"}
            rows.append(
                (
                    f"/api/{endpoint}",
                    str(level["clients"]),
                    f"{level['throughput_rps']:.1f}" if level["throughput_rps"] else DASH,
                    fmt_ms(level["latency_ms"]["p50"]),
                    fmt_ms(level["latency_ms"]["p95"]),
                    f"{level['ok']}/{level['requests']}",
                    _pct_cell(level.get("server_cpu_pct")),
                    _pct_cell(level.get("client_cpu_pct")),
                    ", ".join(f"{k}×{v}" for k, v in other.items()) or "",
                )
            )
    notes = (f"server start → /api/health ready: {fmt_s(data.get('ready_s'))}", *part["notes"])
    columns = (
        "endpoint",
        "clients",
        "req/s",
        "p50 ms",
        "p95 ms",
        "ok/sent",
        "server CPU",
        "client CPU",
        "other",
    )
    return [TableSpec("API on loopback", columns, tuple(rows), notes)]


SPECS: dict[str, Callable[[dict[str, Any]], list[TableSpec]]] = {
    "build": build_specs,
    "latency": latency_specs,
    "memory": memory_specs,
    "retrieval": retrieval_specs,
    "api": api_specs,
}


def part_specs(name: str, part: dict[str, Any]) -> list[TableSpec]:
    if part.get("error"):
        return [TableSpec(name, ("error",), ((part["error"],),))]
    return SPECS[name](part)


def meta_spec(meta: dict[str, Any]) -> TableSpec:
    """Where and when: the figures mean little without the machine's load at the time."""
    load = [", ".join(map(str, meta.get(k) or [])) for k in ("loadavg_at_start", "loadavg_at_end")]
    rows = (
        ("started", str(meta.get("started_at"))),
        ("commit", str(meta.get("commit"))),
        ("python / CPUs", f"{meta.get('python')} / {meta.get('cpus')}"),
        ("load average (1, 5, 15 min) at start → end", f"{load[0]} → {load[1]}"),
        ("Q&A set", f"{meta.get('qa')} ({meta.get('qa_items')} items)"),
        ("mode", "quick" if meta.get("quick") else "full"),
    )
    return TableSpec("Bench run", ("item", "value"), rows)


def bars_spec(parts: dict[str, dict[str, Any]]) -> TableSpec:
    rows = []
    for name, part in parts.items():
        for raw in part.get("bars", []):
            bar = bar_from_json(raw)
            verdict = {True: "PASS", False: "FAIL", None: "not measured"}[bar.ok]
            sign = "≥" if bar.higher_is_better else "≤"
            rows.append(
                (
                    name,
                    bar.name,
                    fmt_value(bar.value, bar.unit),
                    f"{sign} {fmt_value(bar.limit, bar.unit)}",
                    verdict,
                )
            )
    return TableSpec("Bars", ("part", "bar", "value", "limit", "verdict"), tuple(rows))


# --- renderers -------------------------------------------------------------------------------


def to_rich(spec: TableSpec) -> Table:
    table = Table(title=spec.title, caption="\n".join(spec.notes) or None, caption_justify="left")
    for i, column in enumerate(spec.columns):
        text = i == 0 or column in TEXT_COLUMNS
        table.add_column(column, justify="left" if text else "right")
    for row in spec.rows:
        table.add_row(*row)
    return table


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|") or " "


def to_markdown(spec: TableSpec) -> str:
    lines = [f"**{spec.title}**", ""]
    lines.append("| " + " | ".join(_md_cell(c) for c in spec.columns) + " |")
    aligns = ["---" if i == 0 or c in TEXT_COLUMNS else "---:" for i, c in enumerate(spec.columns)]
    lines.append("|" + "|".join(aligns) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in spec.rows]
    if spec.notes:
        lines.append("")
        lines += [f"- {note}" for note in spec.notes]
    return "\n".join(lines) + "\n"


def all_specs(parts: dict[str, dict[str, Any]], order: Sequence[str]) -> list[TableSpec]:
    specs = [s for name in order if name in parts for s in part_specs(name, parts[name])]
    return [*specs, bars_spec({n: parts[n] for n in order if n in parts})]

"""The report's figures as base64 PNG (matplotlib, Agg backend), so report.html needs no files."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from typing import Any

from evals.metrics import HEADLINE, SPECS

_RATE_KEYS = [k for k in HEADLINE if SPECS[k].kind in ("rate", "score")]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display here or in CI
    import matplotlib.pyplot as plt

    return plt


def _encode(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    _pyplot().close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _grouped_bars(
    categories: Sequence[str], series: dict[str, list[float]], title: str, xlabel: str
) -> str:
    plt = _pyplot()
    height = max(3.0, 0.32 * len(categories) * max(1, len(series)) + 1.2)
    fig, ax = plt.subplots(figsize=(8, height))
    bar = 0.8 / max(1, len(series))
    for n, (name, values) in enumerate(series.items()):
        positions = [i + n * bar for i in range(len(categories))]
        ax.barh(positions, values, height=bar, label=name)
    ax.set_yticks([i + bar * (len(series) - 1) / 2 for i in range(len(categories))])
    ax.set_yticklabels(categories)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize="small")
    return _encode(fig)


def metrics_per_system(summaries: dict[str, dict[str, Any]]) -> str:
    """Headline rates side by side (missing values drawn as 0)."""
    labels = [SPECS[k].label for k in _RATE_KEYS]
    series = {
        name: [s["overall"].get(k) or 0.0 for k in _RATE_KEYS] for name, s in summaries.items()
    }
    return _grouped_bars(labels, series, "Metrics per system", "0–1")


def metric_per_type(summaries: dict[str, dict[str, Any]], key: str) -> str:
    # Types where the metric never applies (unanswerable items have no retrieval score) are left out.
    types = sorted(
        {
            t
            for s in summaries.values()
            for t, agg in s["by_type"].items()
            if agg.get(key) is not None
        }
    )
    series = {
        name: [(s["by_type"].get(t, {}).get(key) or 0.0) for t in types]
        for name, s in summaries.items()
    }
    return _grouped_bars(types, series, f"{SPECS[key].label} per question type", "0–1")


def latency_distribution(latencies: dict[str, dict[str, list[float]]]) -> str:
    """Box plots of search and ask wall-clock times per system (log scale: they differ 1000×)."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    for ax, op in zip(axes, ("search", "ask"), strict=True):
        names = [n for n, v in latencies.items() if v.get(op)]
        if names:
            ax.boxplot([latencies[n][op] for n in names], tick_labels=names, showfliers=True)
            ax.set_yscale("log")
        else:
            ax.text(0.5, 0.5, "no timings", ha="center", va="center", transform=ax.transAxes)
        ax.set_title(f"{op} latency (ms)")
        ax.grid(axis="y", alpha=0.3)
    return _encode(fig)

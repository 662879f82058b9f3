"""Latency summaries and the bars the figures are held to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from statistics import fmean
from typing import Any

from evals.metrics import percentile


def summarize_ms(values_ms: Iterable[float]) -> dict[str, float | int | None]:
    """n, p50, p95, p99, mean and max of durations in milliseconds (None when empty)."""
    data = sorted(values_ms)
    if not data:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "mean": None, "max": None}
    return {
        "n": len(data),
        "p50": round(percentile(data, 50), 3),
        "p95": round(percentile(data, 95), 3),
        "p99": round(percentile(data, 99), 3),
        "mean": round(fmean(data), 3),
        "max": round(data[-1], 3),
    }


@dataclass(frozen=True)
class Bar:
    """A target from DESIGN §6 or the issues: ``value`` must stay at or under ``limit``
    (or at or above it when ``higher_is_better``). No value (not measured) is neither."""

    name: str
    value: float | None
    limit: float
    unit: str
    higher_is_better: bool = False

    @property
    def ok(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.limit if self.higher_is_better else self.value <= self.limit

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def bar_from_json(data: dict[str, Any]) -> Bar:
    return Bar(
        name=data["name"],
        value=data.get("value"),
        limit=data["limit"],
        unit=data["unit"],
        higher_is_better=data.get("higher_is_better", False),
    )

"""`python -m bench` (`make bench`): build, latency, memory, retrieval and API figures.

    python -m bench [--quick] [--only build,latency,memory,retrieval,dense,ranker,api,load,hostile]
                    [--out bench/results/latest.json] [--qa ../shared/evals/dev.jsonl] [--limit N]
    python -m bench --show bench/results/latest.json [--markdown]

Prints one table per part and a table of the bars, and writes everything as JSON. Exit code 1
when a part could not run at all (a missed bar is reported, not an error).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.logging import RichHandler

from assistant.config import PROJECT_ROOT, apply_offline_env, get_settings
from assistant.errors import AssistantError, InvalidInputError

log = logging.getLogger("bench")
PARTS = (
    "build",
    "latency",
    "memory",
    "retrieval",
    "dense",
    "ranker",
    "checker",
    "api",
    "load",
    "hostile",
)
NEEDS_INDEX = {"latency", "memory", "retrieval", "dense", "ranker", "api", "load", "hostile"}
DEFAULT_OUT = PROJECT_ROOT / "bench" / "results" / "latest.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer queries, no dense models")
    parser.add_argument("--only", default=None, help=f"comma-separated parts: {','.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument("--qa", type=Path, default=None, help="Q&A set (default: the dev set)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N Q&A items")
    parser.add_argument("--show", type=Path, default=None, help="print a saved results file")
    parser.add_argument("--markdown", action="store_true", help="with --show: Markdown tables")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    return parser


def selected_parts(only: str | None) -> list[str]:
    if not only:
        return list(PARTS)
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in PARTS]
    if unknown or not names:
        raise InvalidInputError(
            f"unknown part(s) in --only: {', '.join(unknown) or only!r}",
            fix=f"choose from {','.join(PARTS)}",
        )
    return [p for p in PARTS if p in names]


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def _meta(args: argparse.Namespace, qa: Path, items: int, parts: list[str]) -> dict[str, Any]:
    return {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "quick": args.quick,
        "parts": parts,
        "qa": str(qa),
        "qa_sha256": hashlib.sha256(qa.read_bytes()).hexdigest()[:16],
        "qa_items": items,
    }


def _run_part(name: str, ctx: Any) -> dict[str, Any]:
    import importlib

    from bench.context import PartResult

    started = time.perf_counter()
    try:
        result = importlib.import_module(f"bench.{name}").run(ctx)
    except Exception as exc:  # one part failing must not lose the others' figures
        log.exception("part %s failed", name)
        result = PartResult(name=name, error=f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    return result.to_json()


def _print(data: dict[str, Any], markdown: bool, console: Console) -> None:
    import bench.checker  # noqa: F401 — registers the checker part's table
    import bench.dense  # noqa: F401 — registers the dense part's table
    import bench.hostile  # noqa: F401 — registers the hostile part's table
    import bench.load  # noqa: F401 — registers the load part's table
    import bench.ranker  # noqa: F401 — registers the ranker part's table
    from bench.table import all_specs, meta_spec, to_markdown, to_rich

    for spec in [meta_spec(data["meta"]), *all_specs(data["parts"], PARTS)]:
        if markdown:
            sys.stdout.write(to_markdown(spec) + "\n")  # unwrapped: Markdown has its own
        else:
            console.print(to_rich(spec))


def _bench(args: argparse.Namespace, console: Console) -> int:
    from bench.context import BenchContext, ensure_index
    from bench.table import part_specs, to_rich
    from evals.dataset import load_qa

    parts = selected_parts(args.only)
    settings = get_settings()
    qa = args.qa or settings.pack_path.parent / "evals" / "dev.jsonl"
    items = load_qa(qa, limit=args.limit)
    meta = _meta(args, qa, len(items), parts)
    if NEEDS_INDEX & set(parts):
        ensure_index(settings)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as scratch:
        ctx = BenchContext(
            settings=settings, items=items, qa_path=qa, scratch=Path(scratch), quick=args.quick
        )
        for name in parts:
            log.info("bench: %s", name)
            results[name] = _run_part(name, ctx)
            for spec in part_specs(name, results[name]):
                console.print(to_rich(spec))
    meta["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    from bench.table import bars_spec, meta_spec

    console.print(to_rich(meta_spec(meta)))
    console.print(to_rich(bars_spec(results)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"meta": meta, "parts": results}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    console.print(f"results: {args.out}")
    return 1 if any(p.get("error") for p in results.values()) else 0


def main(argv: Sequence[str] | None = None) -> int:
    apply_offline_env()
    args = _parser().parse_args(argv)
    stderr = Console(stderr=True)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(message)s",
        handlers=[RichHandler(console=stderr, show_path=False)],
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request drowns the log
    console = Console(width=None if sys.stdout.isatty() else 160)
    try:
        if args.show:
            data = json.loads(args.show.read_text(encoding="utf-8"))
            _print(data, args.markdown, console)
            return 0
        return _bench(args, console)
    except AssistantError as exc:
        log.error("%s", exc)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""``python -m evals``: run systems over a Q&A set and write reports; keep a baseline.

    python -m evals run --qa ../shared/evals/dev.jsonl [--as-of 2025-12-31] [--out DIR]
        [--systems ours,langchain,bm25] [--limit N] [--compare evals/baseline.json]
        [--system-factory NAME=module:callable] [--pack DIR] [--k 10]
    python -m evals baseline --from evals/reports/<timestamp> [--to evals/baseline.json]
    python -m evals train [--check] [--folds 5] [--out FILE]   # the learned answer ranker

``--system-factory`` adds a system built by any importable zero-argument callable that returns
an object with ``search`` and ``ask`` (a fake in tests, an experiment, a remote client).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.config import apply_offline_env
from assistant.errors import AssistantError, InvalidInputError

log = logging.getLogger("evals")
_stderr = Console(stderr=True)


def _as_of(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _load_factory(spec: str) -> tuple[str, Any]:
    """``NAME=module:callable`` or ``module:callable`` (the name is then the callable's)."""
    name, _, target = spec.rpartition("=")
    module_name, _, attr = target.partition(":")
    if not module_name or not attr:
        raise InvalidInputError(
            f"--system-factory {spec!r} is not module:callable",
            fix="write it as NAME=package.module:function",
        )
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise InvalidInputError(f"cannot load system factory {target!r}: {exc}") from exc
    if not callable(obj):
        raise InvalidInputError(f"system factory {target!r} is not callable")
    return name or attr.rsplit(".", 1)[-1], obj


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run systems over a Q&A set and write reports")
    run.add_argument("--qa", required=True, type=Path, help="Q&A set (.jsonl)")
    run.add_argument("--as-of", type=_as_of, default=None, help="date the answers are for")
    run.add_argument("--out", type=Path, default=None, help="report folder")
    run.add_argument("--systems", default=None, help="comma-separated: ours,langchain,bm25")
    run.add_argument(
        "--system-factory",
        action="append",
        default=[],
        metavar="NAME=MODULE:CALLABLE",
        help="add a system built by a zero-argument callable (repeatable)",
    )
    run.add_argument("--limit", type=int, default=None, help="only the first N items")
    run.add_argument("--compare", type=Path, default=None, help="baseline JSON to compare with")
    run.add_argument("--pack", type=Path, default=None, help="document pack for the baselines")
    run.add_argument("--k", type=int, default=10, help="hits requested per search")

    train = commands.add_parser(
        "train", help="fit the learned ranker, cross-validate it against the rules, write it"
    )
    train.add_argument("--out", type=Path, default=None, help="model file (the committed one)")
    train.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    train.add_argument(
        "--check", action="store_true", help="only check that the committed file is reproduced"
    )

    baseline = commands.add_parser("baseline", help="write evals/baseline.json from a run")
    baseline.add_argument("--from", dest="source", required=True, type=Path, help="run folder")
    baseline.add_argument("--to", type=Path, default=None, help="target (evals/baseline.json)")
    return parser


def _summary_table(data: dict[str, Any]) -> Table:
    from evals.metrics import HEADLINE, SPECS
    from evals.report_views import fmt

    table = Table(title="Evaluation summary")
    table.add_column("metric")
    for name in data["systems"]:
        table.add_column(name, justify="right")
    for key in (*HEADLINE, "errors"):
        cells = [fmt(key, s["summary"]["overall"].get(key)) for s in data["systems"].values()]
        table.add_row(SPECS[key].label, *cells)
    return table


def _compare_table(changes: Sequence[Any]) -> Table:
    from evals.report_views import fmt

    table = Table(title="Changes against the baseline")
    for column in ("system", "metric", "before", "after", "verdict"):
        table.add_column(column)
    style = {"better": "green", "worse": "red", "new": "cyan", "gone": "yellow"}
    for c in changes:
        if c.verdict != "same":
            table.add_row(
                c.system,
                c.label,
                fmt(c.key, c.before),
                fmt(c.key, c.after),
                f"[{style[c.verdict]}]{c.verdict}[/]",
            )
    return table


def _run(args: argparse.Namespace) -> int:
    from evals.dataset import load_qa
    from evals.report import default_out_dir, report_data, write_report_files
    from evals.runner import BUILTIN_SYSTEMS, builtin_factories, run_eval

    items = load_qa(args.qa, limit=args.limit)
    extra = dict(_load_factory(spec) for spec in args.system_factory)
    default = ",".join(extra) if extra else ",".join(BUILTIN_SYSTEMS)
    names = [n.strip() for n in (args.systems or default).split(",") if n.strip()]
    unknown = [n for n in names if n not in extra and n not in BUILTIN_SYSTEMS]
    if unknown:
        raise InvalidInputError(
            f"unknown system(s): {', '.join(unknown)}",
            fix=f"choose from {', '.join([*BUILTIN_SYSTEMS, *extra])}",
        )
    builtin = builtin_factories([n for n in names if n not in extra], pack=args.pack)
    factories = {n: extra[n] if n in extra else builtin[n] for n in names}

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_stderr,
        transient=True,
        disable=not _stderr.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done)

        run = run_eval(
            items, factories, as_of=args.as_of, k=args.k, qa_path=args.qa, progress=progress
        )
    out = args.out or default_out_dir()
    data = report_data(run)
    paths = write_report_files(data, out)
    console = Console()
    console.print(_summary_table(data))
    console.print(f"Reports: {paths['md']}  {paths['html']}  {paths['json']}")
    if args.compare:
        from evals.compare import compare, load_summaries, warn_if_different_set

        before, before_meta = load_summaries(args.compare)
        warn_if_different_set(run.meta, before_meta)
        changes = compare({s.name: s.summary for s in run.systems}, before)
        if any(c.verdict != "same" for c in changes):
            console.print(_compare_table(changes))
        else:
            console.print("No change against the baseline beyond noise.")
    broken = [s.name for s in run.systems if s.all_failed]
    if broken:
        log.error("%s raised on every item (the errors are in the report)", ", ".join(broken))
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    apply_offline_env()
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(message)s",
        handlers=[RichHandler(console=_stderr, show_path=False)],
    )  # a no-op when the caller (pytest, an embedding app) has set up logging already
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "train":
            import json

            from evals.train import run as train

            report = train(args.out, check_only=args.check, folds=args.folds)
            Console().print_json(json.dumps(report, ensure_ascii=False))
            return 0 if report.get("reproduced", True) else 1
        from evals.compare import BASELINE_PATH, write_baseline

        target = write_baseline(args.source, args.to or BASELINE_PATH)
        Console().print(f"Baseline written: {target}")
        return 0
    except AssistantError as exc:
        log.error("%s", exc)
        return 1


if __name__ == "__main__":
    sys.exit(main())

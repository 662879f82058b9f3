"""`tdkt index`: read and parse the corpus, then build the indexes atomically.

The parsed provisions and document metadata are written into the same index directory, so a
server opens one consistent snapshot and never re-parses at start-up.
"""

from __future__ import annotations

import logging
import time
from contextlib import nullcontext

from assistant.config import Settings
from assistant.errors import IndexBuildError

log = logging.getLogger(__name__)


def rebuild(settings: Settings, *, progress: bool = False) -> dict:
    from assistant.index import build_index, get_embedder
    from assistant.library import Library

    started = time.perf_counter()
    lib = Library.from_settings(settings)
    if not lib.documents:
        raise IndexBuildError(
            f"no documents to index under {settings.corpus_path}",
            fix="run `tdkt corpus import` (or `make run`) to import the document pack first",
        )
    chunks = lib.chunks()
    embedder = get_embedder(settings.embed_model)
    ctx, report = _progress_bar() if progress else (nullcontext(), None)
    with ctx:
        manifest = build_index(
            chunks,
            settings.index_path,
            embedder=embedder,
            chroma_url=settings.chroma_url,
            progress=report,
            extra_files=lib.snapshot_files(),
        )
    data = manifest.model_dump(mode="json")
    data["parse_seconds"] = round(lib.parse_seconds, 3)
    data["total_seconds"] = round(time.perf_counter() - started, 3)
    data["skipped"] = [str(e) for e in lib.errors]
    for err in lib.errors:
        log.warning("skipped: %s", err)
    return data


def _progress_bar():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True
    )
    tasks: dict[str, int] = {}

    def report(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total or 1)
        bar.update(tasks[stage], completed=done, total=total or 1)

    return bar, report

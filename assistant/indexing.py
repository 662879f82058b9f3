"""`tdkt index`: read and parse the corpus, then build the indexes atomically.

The parsed provisions and document metadata are written into the same index directory, so a
server opens one consistent snapshot and never re-parses at start-up. The manifest records the
sha256 of every corpus file the build read (`corpus_files`), so a server can tell which user
documents on disk a build has not seen yet (`unindexed_uploads`) and re-index for them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Literal

from assistant.config import Settings
from assistant.errors import IndexBuildError

log = logging.getLogger(__name__)


def rebuild(
    settings: Settings,
    *,
    progress: bool = False,
    vectors: bool | Literal["reuse"] = True,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> dict:
    """Build the index of the corpus. ``vectors=False`` builds the lexical part only (what a
    server needs to answer at once; `vectors_pending` then says the vectors are still to come);
    ``"reuse"`` adds vectors only when all are already computed (cache or previous build).
    ``on_progress(stage, done, total)`` is told how the build goes."""
    from assistant.index import build_index, get_embedder
    from assistant.library import Library

    started = time.perf_counter()
    # Before loading: a file added meanwhile is indexed without being recorded, so it is at
    # worst indexed again later, never recorded without being indexed.
    sources = corpus_files(settings)
    lib = Library.from_settings(settings)
    if not lib.documents:
        raise IndexBuildError(
            f"no documents to index under {settings.corpus_path}",
            fix="run `tdkt corpus import` (or `make run`) to import the document pack first",
        )
    chunks = lib.chunks()
    embedder = get_embedder(settings.embed_model) if vectors else None
    ctx, report = _progress_bar() if progress else (nullcontext(), on_progress)
    with ctx:
        manifest = build_index(
            chunks,
            settings.index_path,
            embedder=embedder,
            chroma_url=settings.chroma_url,
            progress=report,
            extra_files=lib.snapshot_files(),
            sources=sources,
            embed_missing=vectors is True,
        )
    data = manifest.model_dump(mode="json")
    data["parse_seconds"] = round(lib.parse_seconds, 3)
    data["total_seconds"] = round(time.perf_counter() - started, 3)
    data["skipped"] = [str(e) for e in lib.errors]
    for err in lib.errors:
        log.warning("skipped: %s", err)
    return data


def vectors_pending(settings: Settings, manifest) -> bool:
    """Whether an embedding model is configured but the index (its ``manifest``) has no vectors
    yet: a lexical-only first build whose vectors a background build still has to add."""
    from assistant.index.embedder import model_id_for

    try:
        configured = model_id_for(settings.embed_model)
    except Exception:  # a model that cannot be resolved: opening the index says so
        return False
    return configured is not None and manifest is not None and manifest.embed_model is None


def corpus_files(settings: Settings, *, user_only: bool = False) -> dict[str, str]:
    """sha256 of every file a build reads (hidden ones aside, as the corpus loader skips them),
    by path relative to the corpus folder ("user/Quy-che.md")."""
    from assistant.index.manifest import file_sha256

    roots = [settings.user_docs_path]
    if not user_only:
        roots.insert(0, settings.imported_pack_path)
    out: dict[str, str] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue  # an upload still being written (.upload-….part) among them
            try:
                if path.is_file():
                    out[_corpus_name(settings, path)] = file_sha256(path)
            except OSError as exc:  # removed or unreadable meanwhile: the build skips it too
                log.info("cannot hash %s: %s", path, exc)
    return out


def unindexed_uploads(settings: Settings, sources: Mapping[str, str]) -> list[str]:
    """User documents on disk that a build which read ``sources`` has not seen as they are
    now (added or changed since), by path relative to the user folder."""
    prefix = _corpus_name(settings, settings.user_docs_path) + "/"
    return [
        name.removeprefix(prefix)
        for name, digest in corpus_files(settings, user_only=True).items()
        if sources.get(name) != digest
    ]


def _corpus_name(settings: Settings, path: Path) -> str:
    try:
        return path.relative_to(settings.corpus_path).as_posix()
    except ValueError:  # a folder configured outside the corpus folder
        return path.as_posix()


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

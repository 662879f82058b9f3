"""The index directory on disk: what may be replaced, extra files, and the atomic swap.

A build writes a complete new directory beside the target and swaps it in with two renames
(old → ``.NAME.old-<build>``, new → NAME), then deletes the old one. If the second rename
fails the first is undone, so the target is never left missing or half-written.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import IndexBuildError
from assistant.index.manifest import BM25_DIR, CHROMA_DIR, CHUNKS_FILE, MANIFEST_FILE

log = logging.getLogger(__name__)

OWN_ENTRIES = frozenset({MANIFEST_FILE, CHUNKS_FILE, BM25_DIR, CHROMA_DIR})


def check_replaceable(out_dir: Path) -> None:
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise IndexBuildError(
            f"{out_dir} exists and is not a directory", fix="choose another index path"
        )
    if (out_dir / MANIFEST_FILE).is_file():
        return
    if any(p.is_dir() for p in out_dir.iterdir()):
        # A real index always has a manifest: this is someone else's folder.
        raise IndexBuildError(
            f"refusing to replace {out_dir}: it has folders but no {MANIFEST_FILE}",
            fix="point TDKT_INDEX_DIR / TDKT_INDEX_NAME at an empty or index directory",
        )


def write_extra_file(tmp: Path, name: str, content: bytes | str) -> None:
    target = (tmp / name).resolve()
    if tmp.resolve() not in target.parents or Path(name).parts[0] in OWN_ENTRIES:
        raise IndexBuildError(
            f"extra file name {name!r} is outside the index or clashes with its own files",
            fix="use a plain relative name such as provisions.jsonl",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        target.write_bytes(content)


def carry_over_foreign_entries(out_dir: Path, tmp: Path) -> None:
    """Keep files other stages wrote into the old index directory, unless rewritten now."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        if entry.name in OWN_ENTRIES or (tmp / entry.name).exists():
            continue
        log.info("keeping %s from the previous index directory", entry.name)
        if entry.is_dir():
            shutil.copytree(entry, tmp / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, tmp / entry.name)


def swap_into_place(tmp: Path, out_dir: Path, build_id: str) -> None:
    old: Path | None = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{build_id}")
        os.replace(out_dir, old)
    try:
        os.replace(tmp, out_dir)
    except BaseException:
        if old is not None:
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def build_lock(out_dir: Path) -> Iterator[None]:
    """One build at a time in ``out_dir``'s folder across processes (`tdkt index` beside a
    server's re-index). The lock is on the folder itself, so no lock file is left behind, and
    the kernel drops it when a builder dies."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_leftovers(out_dir: Path) -> None:
    """Clear what a killed build left beside ``out_dir`` (call holding `build_lock`, so no
    live build owns them). A kill between the two renames of the swap leaves the previous
    index only as ``.NAME.old-…``: it is put back first."""
    olds = sorted(out_dir.parent.glob(f".{out_dir.name}.old-*"))
    if not out_dir.exists():
        complete = [d for d in olds if (d / MANIFEST_FILE).is_file()]
        if complete:
            log.warning("restoring the previous index %s from %s", out_dir, complete[-1])
            os.replace(complete[-1], out_dir)
    for pattern in (f".{out_dir.name}.building-*", f".{out_dir.name}.old-*"):
        for leftover in out_dir.parent.glob(pattern):
            log.info("removing %s, left by an interrupted build", leftover)
            shutil.rmtree(leftover, ignore_errors=True)

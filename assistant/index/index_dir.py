"""The index directory on disk: what may be replaced, extra files, and the atomic swap.

A build writes a complete new directory beside the target and swaps it in with two renames
(old → ``.NAME.old-<build>``, new → NAME), then deletes the old one. If the second rename
fails the first is undone, so the target is never left missing or half-written.

A reader pins the directory it opened (`pin_directory`): it holds an open descriptor with a
shared lock and reads through ``/proc/self/fd/N``, so a swap that renames the directory under
it changes nothing for it, and the old directory is deleted only when its last reader lets go
(by the build if no one reads it, else by that reader's `IndexPin.release`).
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
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
    if old is not None and not discard_unless_pinned(old):
        log.info("keeping %s until the readers that still use it let go", old.name)


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
    for leftover in out_dir.parent.glob(f".{out_dir.name}.building-*"):
        log.info("removing %s, left by an interrupted build", leftover)
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        if discard_unless_pinned(leftover):
            log.info("removed %s, a replaced index no one reads any more", leftover)


# -- readers' pins ------------------------------------------------------------------------------
_PROC_FD = Path("/proc/self/fd")
_RETIRED = re.compile(r"^\..+\.old-[^/]+$")


@dataclass
class IndexPin:
    """An index directory held open for reading; ``root`` stays valid across renames."""

    original: Path
    root: Path
    fd: int | None

    def __post_init__(self) -> None:
        # A reader dropped without `release` still lets go when it is garbage-collected.
        self._closer = weakref.finalize(self, os.close, self.fd) if self.fd is not None else None

    def release(self) -> None:
        """Let go; if the directory was swapped out meanwhile and no one else reads it,
        delete it."""
        if self.fd is None or self._closer is None:
            return
        fd, self.fd = self.fd, None
        where: Path | None = None
        with suppress(OSError):
            where = Path(os.readlink(_PROC_FD / str(fd)))
        self._closer()  # closes the descriptor once, which drops the shared lock
        if where is not None and _RETIRED.match(where.name) and where.is_dir():
            discard_unless_pinned(where)


def pin_directory(path: Path, *, attempts: int = 20) -> IndexPin:
    """Open ``path`` for reading and keep it. Where ``/proc/self/fd`` is missing the pin
    still locks the directory, but reads go through its name."""
    path = Path(path)
    for _ in range(attempts):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            if not any(path.parent.glob(f".{path.name}.old-*")):
                break  # no index there at all: the caller says so
            _pause()  # between the two renames of a swap: a moment later it is back
            continue
        except OSError:
            break
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:  # a build is deleting this (already replaced) directory
            os.close(fd)
            _pause()
            continue
        if _current_name(fd, path) == path.name:
            root = _PROC_FD / str(fd)
            return IndexPin(original=path, root=root if root.is_dir() else path, fd=fd)
        os.close(fd)  # opened the old directory just as it was replaced: open the new one
    return IndexPin(original=path, root=path, fd=None)


def discard_unless_pinned(directory: Path) -> bool:
    """Delete a replaced index directory if no reader holds it; True when it is gone."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        return True
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(directory, ignore_errors=True)
        return not directory.exists()
    finally:
        os.close(fd)


def _current_name(fd: int, fallback: Path) -> str:
    try:
        return Path(os.readlink(_PROC_FD / str(fd))).name
    except OSError:
        return fallback.name


def _pause() -> None:
    time.sleep(0.05)

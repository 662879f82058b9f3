"""Import the document pack (../shared/corpus) into corpus/pack: idempotent and atomic.

The pack folder is read-only and lives outside the repository; the assistant works on its own
copy so that `make run` can re-import after the pack changes without touching anything else.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import PackNotFoundError
from assistant.ingest.loaders import SUPPORTED_FORMATS

log = logging.getLogger(__name__)

_NOT_DOCUMENTS = {"manifest.md", "readme.md"}
_STALE_AFTER_S = 3600  # leftovers of an interrupted import older than this are removed


@dataclass(frozen=True)
class ImportReport:
    src: Path
    dest: Path
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    @property
    def total(self) -> int:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"{self.total} documents in {self.dest}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed"
        )


def pack_documents(src: Path) -> dict[str, Path]:
    """The pack's documents by relative path: legal texts (*.md) and everything under plans/."""
    src = Path(src)
    if not src.is_dir():
        raise _not_found(src)
    files: dict[str, Path] = {}
    for path in sorted(src.glob("*.md")):
        if path.is_file() and not _hidden(path.name) and path.name.lower() not in _NOT_DOCUMENTS:
            files[path.name] = path
    plans = src / "plans"
    if plans.is_dir():
        for path in sorted(plans.rglob("*")):
            rel = path.relative_to(src)
            if (
                path.is_file()
                and not any(_hidden(part) for part in rel.parts)
                and path.suffix.lower() in SUPPORTED_FORMATS
            ):
                files[rel.as_posix()] = path
    if not files:
        raise _not_found(src)
    return files


def import_pack(src: Path, dest: Path) -> ImportReport:
    """Make dest an exact copy of the pack's documents.

    Unchanged files are left as they are (same inode, same mtime); files no longer in the pack
    are removed. When anything changes, the new tree is built beside dest and swapped in, so a
    reader never sees half an import.
    """
    src, dest = Path(src), Path(dest)
    wanted = pack_documents(src)
    present = _existing(dest)
    added = [rel for rel in wanted if rel not in present]
    updated = [rel for rel in wanted if rel in present and not _same(wanted[rel], present[rel])]
    removed = [rel for rel in present if rel not in wanted]
    unchanged = len(wanted) - len(added) - len(updated)
    report = ImportReport(src, dest, len(added), len(updated), unchanged, len(removed))
    if not report.changed:
        log.info("pack import: nothing to do (%s)", report.summary())
        return report

    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_leftovers(dest)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        for rel, source in wanted.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel in added or rel in updated:
                shutil.copyfile(source, target)
            else:
                _link_or_copy(present[rel], target)
        _swap(staging, dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for rel in added + updated + removed:
        log.debug("pack import: %s %s", _change(rel, added, updated), rel)
    log.info("pack import: %s", report.summary())
    return report


def _not_found(src: Path) -> PackNotFoundError:
    return PackNotFoundError(
        f"no document pack at {src}",
        fix="put the pack at ../shared/corpus or set TDKT_PACK",
    )


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _existing(dest: Path) -> dict[str, Path]:
    if not dest.is_dir():
        return {}
    return {p.relative_to(dest).as_posix(): p for p in sorted(dest.rglob("*")) if p.is_file()}


def _same(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _link_or_copy(existing: Path, target: Path) -> None:
    try:
        os.link(existing, target)  # keeps the unchanged file itself, not a copy
    except OSError:
        shutil.copy2(existing, target)


def _swap(staging: Path, dest: Path) -> None:
    if not dest.exists():
        staging.rename(dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
    old.rmdir()
    dest.rename(old)
    try:
        staging.rename(dest)
    except OSError:
        old.rename(dest)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove_stale_leftovers(dest: Path) -> None:
    now = time.time()
    for pattern in (f".{dest.name}.new-*", f".{dest.name}.old-*"):
        for leftover in dest.parent.glob(pattern):
            if now - leftover.stat().st_mtime > _STALE_AFTER_S:
                shutil.rmtree(leftover, ignore_errors=True)


def _change(rel: str, added: list[str], updated: list[str]) -> str:
    return "added" if rel in added else "updated" if rel in updated else "removed"

"""Add a user's own document to the corpus (`tdkt corpus add FILE`, the upload API)."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from assistant.errors import DuplicateDocumentError
from assistant.ingest.loaders import load_file
from assistant.text import ascii_fold, doc_slug

log = logging.getLogger(__name__)

_MAX_STEM = 100


def safe_file_name(name: str, *, suffix: str | None = None) -> str:
    """An ASCII file name with no directory part: "../../Kế hoạch 2025.DOCX" → "Ke-hoach-2025.docx".

    ``suffix`` (".docx") replaces the name's own extension when given.
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name))[-1]  # POSIX and Windows parts
    base = ascii_fold(base)
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    if suffix is not None:
        ext = suffix.lstrip(".")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem)
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_")[:_MAX_STEM].rstrip(".-_") or "document"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{stem}.{ext}" if ext else stem


def ids_in_corpus(roots: Iterable[Path]) -> dict[str, str]:
    """The ``taken`` map of add_user_document: the id of each document loaded from ``roots``
    (as the next index build will load them) → the file it came from."""
    from assistant.ingest.corpus_loader import load_corpus

    loaded = load_corpus([Path(r) for r in roots if Path(r).exists()])
    return {doc_slug(d.meta.doc_id): Path(d.meta.source_path).name for d in loaded.documents}


def add_user_document(
    src: Path,
    user_dir: Path,
    *,
    name: str | None = None,
    taken: Mapping[str, str] | None = None,
) -> Path:
    """Validate ``src`` by loading it, then copy it into ``user_dir`` under a safe name.

    ``name`` is the name to file it under (an upload's client-side name, untrusted); the
    default is the source's own name. The format always follows ``src``'s extension. A file
    that does not load raises IngestError and nothing is written. If the same bytes are already
    in ``user_dir`` that file's path is returned; a different file of the same name gets a
    numbered suffix ("-2", "-3" …). ``taken`` maps the ids of documents already in the corpus
    to where they come from: a different file with one of those ids (a second copy of a law, or
    a forged số hiệu) raises DuplicateDocumentError, because the index would skip it. Build it
    with ``ids_in_corpus``.
    """
    src = Path(src)
    doc = load_file(src)
    data = src.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    user_dir = Path(user_dir)
    user_dir.mkdir(parents=True, exist_ok=True)

    for existing in sorted(user_dir.iterdir()):
        if existing.name.startswith(".") or not existing.is_file():
            continue
        if existing.stat().st_size == len(data) and _sha256(existing) == digest:
            log.info("%s is already in the corpus as %s", src.name, existing)
            return existing

    taken = taken or {}
    # A document without a number is known by its file name: it gets a free one below.
    named_by_file = doc.meta.doc_id == src.stem
    holder = None if named_by_file else taken.get(doc_slug(doc.meta.doc_id))
    if holder is not None:
        raise DuplicateDocumentError(
            name or src.name,
            f"the corpus already has a document {doc.meta.doc_id!r} ({holder})",
            fix="correct the số hiệu in the file, or remove the existing document first",
        )

    wanted = safe_file_name(name or src.name, suffix=src.suffix)
    stem, dot, ext = wanted.rpartition(".")
    if not dot:
        stem, ext = wanted, ""
    fd, tmp_name = tempfile.mkstemp(prefix=".upload-", suffix=".part", dir=user_dir)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        for n in range(1, 1000):
            candidate = user_dir / (wanted if n == 1 else f"{stem}-{n}{dot}{ext}")
            if named_by_file and doc_slug(candidate.stem) in taken:
                continue
            try:
                os.link(tmp, candidate)  # fails if the name exists: no overwrite, no race
            except FileExistsError:
                continue
            log.info("added %s (%s) as %s", src.name, doc.meta.doc_id, candidate)
            return candidate
        raise FileExistsError(f"no free file name for {wanted} in {user_dir}")
    finally:
        tmp.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

"""Load every document under the corpus folders; a broken file is reported, never fatal."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import IngestError
from assistant.ingest.converters import patient_conversions
from assistant.ingest.loaders import SUPPORTED_FORMATS, load_file
from assistant.models import Document
from assistant.text import doc_slug

log = logging.getLogger(__name__)

# Files that live in corpus folders but are not documents.
_NOT_DOCUMENTS = {"manifest.md", "readme.md", "framework.yaml"}
# Data and tool files that are skipped without a word (anything else unsupported is reported).
_QUIET_SUFFIXES = {".yaml", ".yml", ".json", ".jsonl", ".log", ".lock", ".tmp", ".part", ".bak"}


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[Document, ...]
    errors: tuple[IngestError, ...]

    def by_id(self) -> dict[str, Document]:
        return {d.meta.doc_id: d for d in self.documents}


def load_corpus(roots: Iterable[Path]) -> LoadResult:
    """Load the documents under each root (a folder, walked recursively, or a single file).

    Roots are taken in the order given (the pack before user documents), each root's files in
    sorted path order, so the result is the same on every run. A file that cannot be read, or
    whose document id (số hiệu, or file stem for plans) was already loaded, becomes an error.
    """
    documents: list[Document] = []
    errors: list[IngestError] = []
    first_seen: dict[str, Document] = {}
    for path in _document_paths(roots):
        try:
            # A busy LibreOffice is waited for: giving up would drop a document from the index.
            with patient_conversions():
                doc = load_file(path)
        except IngestError as exc:
            log.warning("skipped %s: %s", path, exc.reason)
            errors.append(exc)
            continue
        key = doc_slug(doc.meta.doc_id)
        if key in first_seen:
            earlier = first_seen[key].meta.source_path
            exc = IngestError(
                str(path),
                f"duplicate document {doc.meta.doc_id!r}: already loaded from {earlier}",
                fix="remove one of the two files (or correct its số hiệu)",
            )
            log.warning("skipped %s: %s", path, exc.reason)
            errors.append(exc)
            continue
        first_seen[key] = doc
        documents.append(doc)
    log.info("loaded %d documents, %d skipped", len(documents), len(errors))
    return LoadResult(tuple(documents), tuple(errors))


def _document_paths(roots: Iterable[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for root in roots:
        root = Path(root)
        if root.is_file():
            candidates = [root]
        elif root.is_dir():
            candidates = sorted(
                p for p in root.rglob("*") if not _hidden(p.relative_to(root).parts)
            )
        else:
            log.info("corpus folder %s does not exist; nothing to load there", root)
            continue
        for path in candidates:
            resolved = path.resolve()
            if not path.is_file() or resolved in seen or not _is_candidate(path):
                continue
            seen.add(resolved)
            yield path


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(part.startswith(".") for part in parts)


def _is_candidate(path: Path) -> bool:
    name = path.name.lower()
    if name in _NOT_DOCUMENTS or name.startswith("feedback") or name.startswith("~$"):
        return False  # ~$… are Word's lock files beside an open document
    # Unsupported documents (.xlsx, .odt …) go on to load_file, which reports them.
    suffix = path.suffix.lower()
    return suffix in SUPPORTED_FORMATS or suffix not in _QUIET_SUFFIXES

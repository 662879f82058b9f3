"""The parsed corpus: every document read, parsed and registered, in one object.

Built from the corpus folders by `tdkt index` (and saved into the index as provisions.jsonl and
documents.json, so a server starts from the snapshot without re-parsing anything).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.errors import AssistantError, IndexMismatchError, IngestError
from assistant.models import Chunk, DocMeta, ParsedDocument, Provision

log = logging.getLogger(__name__)

PROVISIONS_FILE = "provisions.jsonl"
DOCUMENTS_FILE = "documents.json"


@dataclass
class Library:
    documents: dict[str, ParsedDocument]
    errors: list[AssistantError] = field(default_factory=list)
    parse_seconds: float = 0.0

    def __post_init__(self) -> None:
        self.provisions: dict[str, Provision] = {
            p.id: p for doc in self.documents.values() for p in doc.provisions
        }

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def from_folders(cls, roots: list[Path], *, user_dir: Path | None = None) -> Library:
        """Read and parse every document under ``roots``; those under ``user_dir`` are a
        user's files (``DocMeta.origin == "user"``)."""
        from assistant.ingest import load_corpus
        from assistant.parse import parse_document

        started = time.perf_counter()
        loaded = load_corpus([r for r in roots if r.exists()])
        errors: list[AssistantError] = list(loaded.errors)
        documents: dict[str, ParsedDocument] = {}
        for doc in loaded.documents:
            if user_dir is not None and _under(doc.meta.source_path, user_dir):
                doc = doc.model_copy(
                    update={"meta": doc.meta.model_copy(update={"origin": "user"})}
                )
            try:
                documents[doc.meta.doc_id] = parse_document(doc)
            except AssistantError as exc:
                errors.append(exc)
                log.warning("skipped %s: %s", doc.meta.source_path, exc)
            except Exception as exc:  # a parser bug must not lose the rest of the corpus
                err = IngestError(doc.meta.source_path, f"parser failed: {exc!r}")
                errors.append(err)
                log.exception("parser failed on %s", doc.meta.source_path)
        lib = cls(documents, errors, time.perf_counter() - started)
        for doc in documents.values():
            for warning in doc.warnings:
                log.info("%s: %s", doc.meta.doc_id, warning)
        return lib

    @classmethod
    def from_settings(cls, settings: Settings) -> Library:
        return cls.from_folders(
            [settings.imported_pack_path, settings.user_docs_path],
            user_dir=settings.user_docs_path,
        )

    # -- snapshot ---------------------------------------------------------------------------
    def snapshot_files(self) -> dict[str, str]:
        docs = [
            {"meta": d.meta.model_dump(mode="json"), "warnings": list(d.warnings)}
            for d in self.documents.values()
        ]
        lines = [p.model_dump_json() for d in self.documents.values() for p in d.provisions]
        return {
            DOCUMENTS_FILE: json.dumps(docs, ensure_ascii=False),
            PROVISIONS_FILE: "\n".join(lines) + "\n",
        }

    @classmethod
    def from_snapshot(cls, index_dir: Path, *, shown: Path | None = None) -> Library:
        """Read the documents saved with an index; ``shown`` names it in messages (when
        ``index_dir`` is a pinned ``/proc/self/fd`` path)."""
        try:
            return cls._read_snapshot(index_dir)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # An index from a version without the snapshot, or a damaged one: rebuild, no trace.
            raise IndexMismatchError(
                f"cannot read the documents of the index at {shown or index_dir}: "
                f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}",
                fix="run `tdkt index` to rebuild it",
            ) from exc

    @classmethod
    def _read_snapshot(cls, index_dir: Path) -> Library:
        docs = json.loads((index_dir / DOCUMENTS_FILE).read_text(encoding="utf-8"))
        by_doc: dict[str, list[Provision]] = {}
        with (index_dir / PROVISIONS_FILE).open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    p = Provision.model_validate_json(line)
                    by_doc.setdefault(p.doc_id, []).append(p)
        documents = {}
        for d in docs:
            meta = DocMeta.model_validate(d["meta"])
            documents[meta.doc_id] = ParsedDocument(
                meta=meta,
                provisions=tuple(by_doc.get(meta.doc_id, ())),
                warnings=tuple(d.get("warnings", ())),
            )
        return cls(documents)

    # -- views ------------------------------------------------------------------------------
    @property
    def metas(self) -> list[DocMeta]:
        return [d.meta for d in self.documents.values()]

    def chunks(self) -> list[Chunk]:
        from assistant.parse.chunks import make_chunks

        return [c for d in self.documents.values() for c in make_chunks(d)]

    def full_text(self, provision_id: str) -> str:
        """The unit's own text followed by its descendants' (what a quote of the unit shows)."""
        parts: list[str] = []
        stack = [provision_id]
        while stack:
            p = self.provisions[stack.pop()]
            if p.text:
                parts.append(p.text)
            stack.extend(reversed(p.children))
        return "\n".join(parts)


def _under(source_path: str, folder: Path) -> bool:
    if not source_path:
        return False
    try:
        Path(source_path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True

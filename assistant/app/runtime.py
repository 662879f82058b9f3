"""What the web app serves from: the Assistant once loaded, its readiness, and re-index jobs.

The API routes and the Gradio UI share one Runtime, so both answer from the same index and see
the same jobs. If the index is missing, was built with another configuration, or is damaged (a
file that no longer matches its manifest), the server still starts, builds it in the background,
and reports that it is not ready (NotReadyError), with a clear state, until it is. A rebuild that fails or comes out damaged
leaves the index being served in place. What clients see names no path and quotes no exception:
the details go to the server log (and to the administrator's job status).

At start the runtime also re-queues a re-index for user documents on disk that the served index
has not seen (an upload acknowledged just before the server was killed), and an upload whose
bytes are those of a user document already indexed is acknowledged without a re-index.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.app.guard import TokenLockout
from assistant.app.jobs import Job, JobKind, JobManager
from assistant.app.uploads import named_as
from assistant.config import Settings
from assistant.errors import (
    AssistantError,
    FeedbackFullError,
    IndexDamagedError,
    IndexMismatchError,
    IndexMissingError,
    NotReadyError,
)
from assistant.models import Answer

if TYPE_CHECKING:
    from assistant.app.service import Assistant

log = logging.getLogger(__name__)

# ok: an index is served (a re-index may run meanwhile); building: none yet, it is missing or
# outdated and being built; damaged-rebuilding: the one on disk failed its checks and is being
# rebuilt; failed: nothing can be served, the server log says why.
Status = Literal["starting", "ok", "building", "damaged-rebuilding", "failed"]
REINDEX: JobKind = "reindex"
VECTORS: JobKind = "vectors"  # the vectors of a lexical-only index, built in the background

_MISSING = "no index yet — building it now; try again in a minute"
_OUTDATED = (
    "the index was built by another version or configuration — rebuilding it now; "
    "try again in a minute"
)
_DAMAGED = "index damaged, rebuilding — the index on disk failed its checks; try again in a minute"
_FAILED = "the index could not be opened or built; the server log says why"


class Runtime:
    """One per app: ``assistant()`` for the routes and the UI, ``jobs`` for re-indexing."""

    def __init__(self, settings: Settings, assistant: Any | None = None) -> None:
        self.settings = settings
        self._assistant = assistant
        self.status: Status = "ok" if assistant is not None else "starting"
        self.message = ""
        self.started_at = time.monotonic()
        self.jobs = JobManager(self._reindex)
        self.token_lockout = TokenLockout(settings.token_attempts, settings.token_lock_seconds)
        # Answering and searching are pure-Python CPU work under one GIL: more threads at it
        # than cores add no throughput, and every extra one delays the event loop (health).
        self._cpu = threading.BoundedSemaphore(max(1, settings.cpu_slots or os.cpu_count() or 1))
        self._feedback_lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._started = assistant is not None
        # user documents on disk that the served index has not seen (names in the user folder)
        self.pending_uploads: list[str] = []
        # texts embedded so far by a running vector build ({"done", "total"}), else None
        self.vectors_progress: dict[str, int] | None = None
        # the last vector build failed (the log says why); cleared by one that succeeds
        self.vectors_failed = False

    # -- loading ----------------------------------------------------------------------------
    def preload(self) -> None:
        """Start opening the index in a thread now (while the web UI is still being built);
        `start` at start-up then only waits for it."""
        threading.Thread(target=self.start, name="tdkt-preload", daemon=True).start()

    def start(self) -> None:
        """Open the index (once, at start-up), then re-queue uploads it has not seen. Never
        raises: problems show in health."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
            self._open()
            try:
                self._requeue_uploads()
            except Exception:  # the index is served all the same
                log.exception("cannot check the user documents against the index")
            if self._assistant is not None:
                self._queue_vectors()

    def _set_state(self, status: Status, message: str = "") -> None:
        self.status, self.message = status, message

    def _open(self) -> None:
        from assistant.app.service import Assistant

        try:
            self._assistant = Assistant.open(self.settings)
            self._set_state("ok")
        except IndexDamagedError as exc:
            log.error("the index is damaged (%s); rebuilding it in the background", exc)
            self._set_state("damaged-rebuilding", _DAMAGED)
            self.jobs.submit(REINDEX, "index damaged at start-up")
        except (IndexMissingError, IndexMismatchError) as exc:
            log.warning("index not usable (%s); building it in the background", exc)
            missing = isinstance(exc, IndexMissingError)
            self._set_state("building", _MISSING if missing else _OUTDATED)
            self.jobs.submit(REINDEX, f"index {'missing' if missing else 'outdated'} at start-up")
        except AssistantError as exc:
            log.error("cannot open the assistant: %s", exc)
            self._set_state("failed", _FAILED)
        except Exception:  # start anyway and say so in /api/health
            log.exception("cannot open the assistant")
            self._set_state("failed", _FAILED)

    def _queue_vectors(self) -> None:
        """Queue the vector build when a model is configured and the served index has none
        (a lexical-only first build): it runs in the background and is swapped in when done."""
        from assistant.indexing import vectors_pending

        if self.vectors_failed:
            return  # the model failed: the next re-index (an upload) tries it again
        if vectors_pending(self.settings, self.served_manifest()):
            log.info("the served index has no vectors yet: building them in the background")
            self.jobs.submit(VECTORS, "vectors of the served index")

    def _vector_progress(self, stage: str, done: int, total: int) -> None:
        if stage == "embed":
            self.vectors_progress = {"done": done, "total": total}

    def vectors_state(self) -> dict[str, Any]:
        """The dense part of the served index: ``ready`` (its vectors are served), ``building``
        (with ``done``/``total`` texts embedded so far), ``pending``, ``failed`` (the last vector
        build failed: search stays lexical, the log says why) or ``off``."""
        from assistant.indexing import vectors_pending

        manifest = self.served_manifest()
        progress = self.vectors_progress
        if progress is not None:
            return {"state": "building", **progress}
        if manifest is not None and manifest.vectors is not None:
            return {
                "state": "ready",
                "model": manifest.embed_model,
                "vectors": manifest.counts.get("chunks"),
            }
        if vectors_pending(self.settings, manifest):
            return {"state": "failed" if self.vectors_failed else "pending"}
        return {"state": "off"}

    def _requeue_uploads(self) -> None:
        """Queue a re-index for user documents on disk that the served index has not seen."""
        pending = self._refresh_pending()
        if not pending or self._assistant is None:
            return  # nothing missing, or the rebuild already queued reads them all
        names = ", ".join(pending[:10]) + (
            f" and {len(pending) - 10} more" if len(pending) > 10 else ""
        )
        log.warning(
            "%d user documents are not in the served index (%s): re-indexing", len(pending), names
        )
        self.jobs.submit(REINDEX, f"uploads not in the index at start-up: {names}")

    def _reindex(self, job: Job) -> dict[str, Any]:
        from assistant.indexing import rebuild

        # With nothing served yet, the lexical part comes first so questions are answered
        # within seconds; the vectors follow in their own background build.
        lexical_first = self._assistant is None and job.kind == REINDEX
        vectors = job.kind == VECTORS or not lexical_first
        try:
            try:
                manifest = rebuild(
                    self.settings,
                    vectors=vectors,
                    on_progress=self._vector_progress if vectors else None,
                )
            except Exception as exc:
                if job.kind != REINDEX or not vectors:
                    raise
                # documents (an upload) are never held back by the embedding model: they are
                # indexed without vectors, which a later vector build adds
                log.error("the vectors could not be built (%s); indexing without them", exc)
                self.vectors_failed = True
                self.vectors_progress = None
                vectors = False
                manifest = rebuild(self.settings, vectors=False)
            if self._assistant is None:
                from assistant.app.service import Assistant

                self._assistant = Assistant.open(self.settings)
            else:
                # Readers keep the old snapshot until this swap; a new build that does not
                # open (damaged) leaves the old one served.
                self._assistant.reload()
        except Exception as exc:
            if self._assistant is None:
                log.error("the index could not be built (%s); nothing to serve", exc)
                self._set_state("failed", _FAILED)
            else:
                log.error("re-index failed (%s); the index being served stays", exc)
            if vectors:
                self.vectors_failed = True
            raise
        finally:
            self.vectors_progress = None
        self._set_state("ok")
        if vectors:
            self.vectors_failed = False
        self._refresh_pending()
        self._queue_vectors()
        counts = manifest.get("counts", {})
        return {
            "build_id": manifest.get("build_id"),
            "chunks": counts.get("chunks"),
            "docs": counts.get("docs"),
            "skipped": manifest.get("skipped", []),
            "seconds": manifest.get("total_seconds"),
        }

    # -- what is served ---------------------------------------------------------------------
    def served_manifest(self) -> Any | None:
        """The manifest of the index being served (not whatever is on disk), or None."""
        from assistant.index.manifest import Manifest

        index = getattr(_snapshot_of(self._assistant), "index", None)
        manifest = getattr(index, "manifest", None)
        return manifest if isinstance(manifest, Manifest) else None

    def served_index(self) -> dict[str, Any]:
        """The index being served, in short: build, counts of chunks, documents, provisions."""
        current = self._assistant
        if current is None:
            return {}
        state = _snapshot_of(current)
        manifest = self.served_manifest()
        library = getattr(state, "library", None) or current.library
        out: dict[str, Any] = {
            "documents": len(library.documents),
            "provisions": len(library.provisions),
        }
        if manifest is not None:
            out.update(
                build_id=manifest.build_id or None,
                built_at=manifest.built_at,
                corpus_hash=manifest.corpus_hash[:12],
                tokenizer_version=manifest.tokenizer_version,
                embed_model=manifest.embed_model,
                chunks=manifest.counts.get("chunks"),
                docs=manifest.counts.get("docs"),
            )
        return out

    def _refresh_pending(self) -> list[str]:
        from assistant.indexing import unindexed_uploads

        manifest = self.served_manifest()
        try:
            pending = unindexed_uploads(self.settings, manifest.sources if manifest else {})
        except OSError as exc:
            log.warning("cannot list the user documents: %s", exc)
            pending = []
        self.pending_uploads = pending
        return pending

    def _indexed_copy(self, src: Path) -> dict[str, Any] | None:
        """The upload's answer when a user document with the same bytes is already served."""
        from assistant.index.manifest import file_sha256

        manifest = self.served_manifest()
        if manifest is None or self._assistant is None:
            return None
        digest = file_sha256(src)
        names = [name for name, d in manifest.sources.items() if d == digest]
        if not names:
            return None
        user_dir = self.settings.user_docs_path.resolve()
        library = getattr(_snapshot_of(self._assistant), "library", None) or self._assistant.library
        by_source = {
            Path(d.meta.source_path).resolve(): d
            for d in library.documents.values()
            if d.meta.source_path
        }
        for name in names:
            path = (self.settings.corpus_path / name).resolve()
            if not path.is_relative_to(user_dir) or not path.is_file():
                continue
            parsed = by_source.get(path)
            if parsed is None or file_sha256(path) != digest:
                continue  # skipped by that build, or changed on disk since
            return {
                "saved_as": path.relative_to(user_dir).as_posix(),
                "doc_id": parsed.meta.doc_id,
                "title": parsed.meta.title,
                "unchanged": True,
                "message": "this file is already indexed; nothing to do",
                "job_id": None,
                "job_url": None,
            }
        return None

    def submit_reindex(self, detail: str) -> Job:
        return self.jobs.submit(REINDEX, detail)

    def add_document(self, src: Path, client_name: str) -> dict[str, Any]:
        """Validate and file an uploaded document, then queue a re-index (API and UI).

        A file that does not load raises IngestError naming ``client_name`` and nothing is
        written; the current index keeps answering until the rebuilt one is swapped in. A file
        whose bytes are those of a user document the served index holds is acknowledged as
        ``unchanged`` (no ``job_id``): nothing is written and no re-index starts.
        """
        from assistant.ingest import add_user_document, ids_in_corpus, load_file

        s = self.settings
        unchanged = self._indexed_copy(src)
        if unchanged is not None:
            log.info("upload %s is already indexed as %s", client_name, unchanged["saved_as"])
            return unchanged
        with named_as(src, client_name):
            taken = ids_in_corpus([s.imported_pack_path, s.user_docs_path])
            dest = add_user_document(src, s.user_docs_path, name=client_name, taken=taken)
        doc = load_file(dest)
        job = self.submit_reindex(f"added {dest.name}")
        name = dest.relative_to(s.user_docs_path).as_posix()
        if name not in self.pending_uploads:
            self.pending_uploads = [*self.pending_uploads, name]
        log.info("upload saved as %s (%s); re-index job %s", dest.name, doc.meta.doc_id, job.id)
        return {
            "saved_as": dest.name,
            "doc_id": doc.meta.doc_id,
            "title": doc.meta.title,
            "job_id": job.id,
            "job_url": f"/api/admin/jobs/{job.id}",
        }

    # -- access -----------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        return self._assistant is not None

    def assistant(self) -> Assistant:
        """The loaded Assistant, or NotReadyError saying why it is not there."""
        current = self._assistant
        if current is not None:
            return current
        # No path and no exception text here: anyone may ask. The log has the details.
        if self.status == "failed":
            raise NotReadyError(
                "the assistant could not start: the index could not be opened or built",
                fix="the server log says why; fix it and restart `tdkt serve`",
            )
        if self.status == "damaged-rebuilding":
            raise NotReadyError(
                "index damaged, rebuilding: the index is being built again",
                fix="try again in a minute",
            )
        raise NotReadyError("the index is being built", fix="try again in a minute")

    def ask(
        self,
        question: str,
        *,
        as_of: date | None,
        history: Sequence[tuple[str, str]],
        language: str | None = None,
    ) -> Answer:
        """Call Assistant.ask; the language hint is passed only to an ask that accepts it."""
        a = self.assistant()
        kwargs: dict[str, Any] = {"as_of": as_of, "history": list(history)}
        if language and _accepts(a.ask, "language"):
            kwargs["language"] = language
        if self.settings.llm:  # mostly waiting on the model server: no CPU slot held
            return a.ask(question, **kwargs)
        with self.cpu_slot():
            return a.ask(question, **kwargs)

    @contextmanager
    def cpu_slot(self) -> Iterator[None]:
        """A turn at CPU-bound work (TDKT_CPU_SLOTS at once, default the number of cores).
        A request waiting here waits in its worker thread without holding the GIL."""
        with self._cpu:
            yield

    def mode(self) -> Literal["extractive", "llm"]:
        return "llm" if self.settings.llm else "extractive"

    # -- feedback ---------------------------------------------------------------------------
    def save_feedback(self, record: dict[str, Any]) -> str:
        """Append one JSON line to the feedback file (read by the evals). Anyone may send
        feedback, so the file is held to TDKT_MAX_FEEDBACK_BYTES (FeedbackFullError once it is full)."""
        fid = uuid.uuid4().hex[:16]
        line = {"id": fid, "at": datetime.now(UTC).isoformat(timespec="seconds"), **record}
        text = json.dumps(line, ensure_ascii=False, default=str) + "\n"
        path = self.settings.feedback_path
        limit = self.settings.max_feedback_bytes
        with self._feedback_lock:
            size = path.stat().st_size if path.exists() else 0
            if size + len(text.encode("utf-8")) > limit:
                log.error("feedback file full (%d bytes, limit %d): feedback refused", size, limit)
                raise FeedbackFullError(
                    "the feedback store is full",
                    fix="the administrator collects the saved feedback (feedback.jsonl) "
                    "or raises TDKT_MAX_FEEDBACK_BYTES",
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(text)
        log.info("feedback %s saved (%s)", fid, record.get("rating"))
        return fid


def _snapshot_of(assistant: Any) -> Any:
    """The index snapshot an Assistant serves from (its index and library), or None."""
    if assistant is None:
        return None
    try:
        return getattr(assistant, "_state", None)
    except Exception:  # a stand-in that cannot answer yet
        return None


def _accepts(fn: Any, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())

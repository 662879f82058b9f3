"""What the web app serves from: the Assistant once loaded, its readiness, and re-index jobs.

The API routes and the Gradio UI share one Runtime, so both answer from the same index and see
the same jobs. If the index is missing or was built with another configuration, the server still
starts, builds it in the background, and answers 503 with a clear message until it is ready.
"""

from __future__ import annotations

import inspect
import json
import logging
import threading
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.api.errors import NotReadyError
from assistant.api.jobs import Job, JobManager
from assistant.api.uploads import named_as
from assistant.config import Settings
from assistant.errors import AssistantError, IndexMismatchError, IndexMissingError
from assistant.models import Answer

log = logging.getLogger(__name__)

Status = Literal["ok", "starting", "indexing", "error"]
REINDEX = "reindex"


class Runtime:
    """One per app: ``assistant()`` for the routes and the UI, ``jobs`` for re-indexing."""

    def __init__(self, settings: Settings, assistant: Any | None = None) -> None:
        self.settings = settings
        self._assistant = assistant
        self.status: Status = "ok" if assistant is not None else "starting"
        self.message = ""
        self.started_at = time.monotonic()
        self.jobs = JobManager(self._reindex)
        self._feedback_lock = threading.Lock()
        self._start_lock = threading.Lock()
        self._started = assistant is not None

    # -- loading ----------------------------------------------------------------------------
    def preload(self) -> None:
        """Start opening the index in a thread now (while the web UI is still being built);
        `start` at start-up then only waits for it."""
        threading.Thread(target=self.start, name="tdkt-preload", daemon=True).start()

    def start(self) -> None:
        """Open the index (once, at start-up). Never raises: problems show in health."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
            self._open()

    def _open(self) -> None:
        from assistant.service import Assistant

        try:
            self._assistant = Assistant.open(self.settings)
            self.status, self.message = "ok", ""
        except (IndexMissingError, IndexMismatchError) as exc:
            log.warning("index not usable (%s); building it in the background", exc)
            self.status = "indexing"
            self.message = f"{exc} — building the index now; try again in a minute"
            self.jobs.submit(REINDEX, "index missing or outdated at start-up")
        except AssistantError as exc:
            log.error("cannot open the assistant: %s", exc)
            self.status, self.message = "error", str(exc)
        except Exception as exc:  # start anyway and say why in /api/health
            log.exception("cannot open the assistant")
            self.status, self.message = "error", f"unexpected error while opening: {exc!r}"

    def _reindex(self, job: Job) -> dict[str, Any]:
        from assistant.indexing import rebuild

        try:
            manifest = rebuild(self.settings)
        except Exception as exc:
            if self._assistant is None:
                self.status, self.message = "error", f"building the index failed: {exc}"
            raise
        if self._assistant is None:
            from assistant.service import Assistant

            self._assistant = Assistant.open(self.settings)
        else:
            self._assistant.reload()  # readers keep the old snapshot until this swap
        self.status, self.message = "ok", ""
        counts = manifest.get("counts", {})
        return {
            "chunks": counts.get("chunks"),
            "docs": counts.get("docs"),
            "skipped": manifest.get("skipped", []),
            "seconds": manifest.get("total_seconds"),
        }

    def submit_reindex(self, detail: str) -> Job:
        return self.jobs.submit(REINDEX, detail)

    def add_document(self, src: Path, client_name: str) -> dict[str, Any]:
        """Validate and file an uploaded document, then queue a re-index (API and UI).

        A file that does not load raises IngestError naming ``client_name`` and nothing is
        written; the current index keeps answering until the rebuilt one is swapped in.
        """
        from assistant.ingest import add_user_document, ids_in_corpus, load_file

        s = self.settings
        with named_as(src, client_name):
            taken = ids_in_corpus([s.imported_pack_path, s.user_docs_path])
            dest = add_user_document(src, s.user_docs_path, name=client_name, taken=taken)
        doc = load_file(dest)
        job = self.submit_reindex(f"added {dest.name}")
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

    def assistant(self) -> Any:
        """The loaded Assistant, or NotReadyError (503) saying why it is not there."""
        current = self._assistant
        if current is not None:
            return current
        if self.status == "error":
            raise NotReadyError(
                f"the assistant could not start: {self.message}",
                fix="fix the problem above and restart `tdkt serve`",
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
        return a.ask(question, **kwargs)

    def mode(self) -> Literal["extractive", "llm"]:
        return "llm" if self.settings.llm else "extractive"

    # -- feedback ---------------------------------------------------------------------------
    def save_feedback(self, record: dict[str, Any]) -> str:
        """Append one JSON line to the feedback file (read by the evals)."""
        fid = uuid.uuid4().hex[:16]
        line = {"id": fid, "at": datetime.now(UTC).isoformat(timespec="seconds"), **record}
        path = self.settings.feedback_path
        with self._feedback_lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")
        log.info("feedback %s saved (%s)", fid, record.get("rating"))
        return fid


def _accepts(fn: Any, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())

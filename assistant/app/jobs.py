"""Background re-indexing: one worker thread, one rebuild at a time, jobs kept for status queries.

Rebuilds write a new index beside the old one and swap it in atomically (assistant.indexing), so
questions keep being answered from the old index until `on_built` swaps the new one in.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

log = logging.getLogger(__name__)

JobStatus = Literal["queued", "running", "succeeded", "failed"]
_KEEP = 100  # finished jobs remembered for status queries


def _now() -> datetime:
    return datetime.now(UTC)


# what a background job does: rebuild the index, or embed the vectors of a lexical index
JobKind = Literal["reindex", "vectors"]


@dataclass
class Job:
    id: str
    kind: JobKind
    detail: str = ""
    status: JobStatus = "queued"
    error: str | None = None
    created_at: datetime = field(default_factory=_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.status in ("succeeded", "failed")

    def view(self, *, details: bool = False) -> dict[str, Any]:
        """The job as the API shows it. Without ``details`` (anyone may read it) a failure is
        said, not quoted: its text may name server paths. The administrator gets the text."""
        error = self.error
        if error is not None and not details:
            error = "the re-index failed; the server log has the details"
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "detail": self.detail,
            "error": error,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "result": dict(self.result),
        }


class JobManager:
    """Runs `work()` for each submitted job on a single daemon thread, in order."""

    def __init__(self, work: Callable[[Job], dict[str, Any]]) -> None:
        self._work = work
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._finished = threading.Condition(self._lock)

    def submit(self, kind: JobKind, detail: str = "") -> Job:
        """Queue a rebuild. A rebuild still waiting to start already covers the new files, so
        it is shared instead of queueing a second one."""
        with self._lock:
            for job in self._jobs.values():
                if job.kind == kind and job.status == "queued":
                    if detail:
                        job.detail = f"{job.detail}; {detail}" if job.detail else detail
                    return job
            job = Job(id=uuid.uuid4().hex[:16], kind=kind, detail=detail)
            self._jobs[job.id] = job
            self._trim()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="tdkt-reindex", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, n: int = 10) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())[-n:]

    def busy(self) -> bool:
        with self._lock:
            return any(not j.done for j in self._jobs.values())

    def wait(self, job_id: str, timeout: float | None = None) -> Job | None:
        """Block until the job has finished (for the CLI and tests); None if unknown."""
        with self._finished:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            self._finished.wait_for(lambda: job.done, timeout=timeout)
            return job

    def _trim(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.done]
        for key in finished[: max(0, len(self._jobs) - _KEEP)]:
            del self._jobs[key]

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            with self._lock:
                job.status = "running"
                job.started_at = _now()
            log.info("job %s (%s) started", job.id, job.kind)
            try:
                result = self._work(job)
            except Exception as exc:  # a failed rebuild must not kill the worker
                log.exception("job %s (%s) failed", job.id, job.kind)
                with self._finished:
                    job.status, job.error, job.finished_at = "failed", str(exc), _now()
                    self._finished.notify_all()
            else:
                with self._finished:
                    job.status, job.result, job.finished_at = "succeeded", result or {}, _now()
                    self._finished.notify_all()
                log.info("job %s (%s) done", job.id, job.kind)

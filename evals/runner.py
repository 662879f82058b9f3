"""Run systems over a Q&A set: one ``search`` and one ``ask`` per item, timed, then scored.

A system is anything with the two methods of the Assistant facade (``SearchAndAsk``). The
built-in systems are ``ours`` (assistant.app.service.Assistant), ``langchain`` and ``bm25``
(evals.baselines); tests and experiments add their own with a factory.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from assistant.errors import AssistantError, ConfigError, InvalidInputError
from evals.dataset import QAItem
from evals.metrics import ItemScore, score_item, summarize
from evals.records import ItemResult, citation_record, hit_record

log = logging.getLogger(__name__)

BUILTIN_SYSTEMS = ("ours", "langchain", "bm25")


@runtime_checkable
class SearchAndAsk(Protocol):
    """What the harness needs from a system (the Assistant facade has exactly this)."""

    def search(self, question: str, *, as_of: date | None = None, k: int = 10) -> Sequence[Any]: ...

    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Any: ...


SystemFactory = Callable[[], SearchAndAsk]
Progress = Callable[[str, int, int], None]  # (system, done, total)


@dataclass
class SystemRun:
    name: str
    description: str
    results: list[ItemResult]
    scores: list[ItemScore]
    summary: dict[str, Any]
    setup_s: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def all_failed(self) -> bool:
        return bool(self.results) and all(r.error for r in self.results)


@dataclass
class EvalRun:
    meta: dict[str, Any]
    items: list[QAItem]
    systems: list[SystemRun]


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def run_item(system: SearchAndAsk, item: QAItem, *, as_of: date | None, k: int) -> ItemResult:
    """Search then ask; an exception from the system is recorded, never raised."""
    hits, answer, errors = [], None, []
    search_ms = ask_ms = None
    started = time.perf_counter()
    try:
        hits = [hit_record(h) for h in system.search(item.question, as_of=as_of, k=k)][:k]
        search_ms = (time.perf_counter() - started) * 1000
    except Exception as exc:  # a broken system is a result to report, not a crash
        errors.append(f"search: {_error_text(exc)}")
    started = time.perf_counter()
    try:
        answer = system.ask(item.question, as_of=as_of)
        ask_ms = (time.perf_counter() - started) * 1000
    except Exception as exc:
        errors.append(f"ask: {_error_text(exc)}")
    return ItemResult(
        id=item.id,
        hits=tuple(hits),
        answer=str(getattr(answer, "answer", "") or "") if answer is not None else "",
        abstained=bool(getattr(answer, "abstained", False)),
        citations=tuple(citation_record(c) for c in getattr(answer, "citations", ()) or ()),
        search_ms=search_ms,
        ask_ms=ask_ms,
        error="; ".join(errors) or None,
    )


def run_system(
    name: str,
    system: SearchAndAsk,
    items: Sequence[QAItem],
    *,
    as_of: date | None = None,
    k: int = 10,
    progress: Progress | None = None,
    setup_s: float = 0.0,
) -> SystemRun:
    if not isinstance(system, SearchAndAsk):
        raise InvalidInputError(
            f"system {name!r} ({type(system).__name__}) has no search/ask methods",
            fix="return an object with search(question, as_of=, k=) and ask(question, as_of=)",
        )
    results: list[ItemResult] = []
    for done, item in enumerate(items, start=1):
        result = run_item(system, item, as_of=as_of, k=k)
        if result.error and not any(r.error for r in results):
            log.warning("%s raised on %s: %s", name, item.id, result.error)
        results.append(result)
        if progress:
            progress(name, done, len(items))
    scores = [score_item(item, result) for item, result in zip(items, results, strict=True)]
    run = SystemRun(
        name=name,
        description=str(getattr(system, "description", "") or type(system).__name__),
        results=results,
        scores=scores,
        summary=summarize(scores),
        setup_s=setup_s,
    )
    errors = sum(1 for r in results if r.error)
    if run.all_failed:
        log.error("%s raised on every item; first error: %s", name, results[0].error)
    elif errors:
        log.warning("%s raised on %d of %d items", name, errors, len(results))
    return run


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_eval(
    items: Sequence[QAItem],
    factories: dict[str, SystemFactory],
    *,
    as_of: date | None = None,
    k: int = 10,
    qa_path: Path | None = None,
    progress: Progress | None = None,
) -> EvalRun:
    """Open each system (timed), run it over every item, score it."""
    started = datetime.now().astimezone()
    runs: list[SystemRun] = []
    for name, factory in factories.items():
        log.info("opening %s", name)
        opened = time.perf_counter()
        try:
            system = factory()
        except AssistantError:
            raise
        except Exception as exc:  # a factory's own bug: say which system, keep the cause
            raise ConfigError(
                f"cannot open system {name!r}: {_error_text(exc)}",
                fix="check its factory (--system-factory) or its settings",
            ) from exc
        setup_s = time.perf_counter() - opened
        log.info("%s ready in %.1f s; running %d items", name, setup_s, len(items))
        run = run_system(name, system, items, as_of=as_of, k=k, progress=progress, setup_s=setup_s)
        # A system may say how to read its numbers (the baselines' "answer" is their top chunks).
        run.notes.extend(str(n) for n in getattr(system, "eval_notes", ()) or ())
        runs.append(run)
    meta = {
        "qa": str(qa_path) if qa_path else None,
        "qa_sha256": file_sha256(qa_path) if qa_path else None,
        "items": len(items),
        "as_of": as_of.isoformat() if as_of else None,
        "k": k,
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
        "systems": [r.name for r in runs],
    }
    return EvalRun(meta=meta, items=list(items), systems=runs)


def builtin_factories(
    names: Iterable[str], *, pack: Path | None = None, cache_root: Path | None = None
) -> dict[str, SystemFactory]:
    """Factories for ``ours``, ``langchain`` and ``bm25``; heavy imports wait until called."""
    from assistant.config import get_settings

    settings = get_settings()
    pack = pack or (
        settings.imported_pack_path if settings.imported_pack_path.is_dir() else settings.pack_path
    )
    cache_root = cache_root or settings.indexes_path / "baselines"
    corpus_cache: dict[str, Any] = {}

    def corpus() -> Any:
        from evals.baselines import BaselineCorpus

        if "corpus" not in corpus_cache:
            corpus_cache["corpus"] = BaselineCorpus.build(pack)
        return corpus_cache["corpus"]

    def ours() -> SearchAndAsk:
        from assistant.app.service import Assistant

        return Assistant.open(settings)

    def langchain() -> SearchAndAsk:
        from evals.baselines import LangChainBaseline

        return LangChainBaseline(corpus(), cache_root)

    def bm25() -> SearchAndAsk:
        from evals.baselines import BM25Baseline

        return BM25Baseline(corpus())

    known = {"ours": ours, "langchain": langchain, "bm25": bm25}
    return {name: known[name] for name in names}

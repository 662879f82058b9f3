"""What runs inside the fresh worker processes (bench.worker): index builds, the first query of
a new process, and the memory of a process that has answered questions.

Only the standard library is imported at module level: everything the assistant needs is
imported inside the probe, after the clock has started, so start-up is measured as a user's
process pays it. Times are wall-clock (time.time) so they line up with ``spawn``, the moment
the parent created the process.
"""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path
from typing import Any


def _since(spawn: float) -> float:
    return round(time.time() - spawn, 3)


def build_worker(payload: dict[str, Any]) -> dict[str, Any]:
    """Import the pack into an empty home, build the lexical index from scratch, rebuild it
    unchanged; then the same with the dense model when ``dense_model`` is given."""
    spawn = payload["spawn"]
    started = _since(spawn)
    from assistant.config import Settings, apply_offline_env
    from assistant.indexing import rebuild
    from assistant.ingest import import_pack

    apply_offline_env()
    home = Path(payload["home"])
    (home / "corpus").mkdir(parents=True, exist_ok=True)
    if payload.get("framework"):  # the user's own framework, when their corpus has one
        shutil.copyfile(payload["framework"], home / "corpus" / "framework.yaml")
    lexical = Settings(
        home=home,
        pack=Path(payload["pack"]),
        corpus_dir=home / "corpus",
        index_dir=home / "indexes",
        index_name="default",
        embed_model="none",
    )
    out: dict[str, Any] = {"process_start_s": started}
    t0 = time.time()
    import_pack(lexical.pack_path, lexical.imported_pack_path)
    t1 = time.time()
    first = rebuild(lexical)
    t2 = time.time()
    rebuild(lexical)
    t3 = time.time()
    out["lexical"] = {
        "import_pack_s": round(t1 - t0, 3),
        "parse_s": first["parse_seconds"],
        "build_s": round(t2 - t1, 3),
        "index_s": round(t2 - t1 - first["parse_seconds"], 3),
        "from_scratch_s": round(t2 - t0, 3),
        "process_to_index_s": round(t2 - spawn, 3),
        "rebuild_unchanged_s": round(t3 - t2, 3),
        "chunks": first["counts"].get("chunks"),
        "docs": first["counts"].get("docs"),
        "skipped": first.get("skipped", []),
    }
    model = payload.get("dense_model")
    if model:
        dense = lexical.model_copy(update={"embed_model": model, "index_name": "dense"})
        t4 = time.time()
        built = rebuild(dense)
        t5 = time.time()
        unchanged = rebuild(dense)
        t6 = time.time()
        out["dense"] = {
            "model": model,
            "build_s": round(t5 - t4, 3),
            "rebuild_unchanged_s": round(t6 - t5, 3),
            "embedded": built["counts"].get("embedded"),
            "reused_on_rebuild": unchanged["counts"].get("reused"),
            "embedded_on_rebuild": unchanged["counts"].get("embedded"),
            "embed_dim": built.get("embed_dim"),
        }
    return out


def cold_worker(payload: dict[str, Any]) -> dict[str, Any]:
    """Open the Assistant in this new process and answer one question (``op``: search|ask)."""
    spawn = payload["spawn"]
    started = _since(spawn)
    from assistant.config import Settings, apply_offline_env

    apply_offline_env()
    from assistant.app.service import Assistant

    imported = _since(spawn)
    assistant = Assistant.open(Settings(**payload["settings"]))
    opened = _since(spawn)
    question, op = payload["question"], payload["op"]
    t = time.perf_counter()
    error = None
    try:
        if op == "ask":
            assistant.ask(question)
        else:
            assistant.search(question, k=10)
    except NotImplementedError as exc:
        error = f"not available: {exc}"
    query_ms = (time.perf_counter() - t) * 1000
    return {
        "op": op,
        "process_start_s": started,
        "imported_s": imported,
        "opened_s": opened,
        "first_query_ms": round(query_ms, 3),
        "first_result_s": _since(spawn),
        "error": error,
    }


def _status_memory() -> dict[str, int | None]:
    from bench.processes import proc_memory

    return proc_memory("self")


def memory_worker(payload: dict[str, Any]) -> dict[str, Any]:
    """Open the Assistant, answer ``n`` questions (ask, or search when ask is not available),
    then report resident memory: current and peak from /proc, peak from getrusage."""
    from assistant.config import Settings, apply_offline_env

    apply_offline_env()
    from assistant.app.service import Assistant

    assistant = Assistant.open(Settings(**payload["settings"]))
    after_open = _status_memory()
    questions, n = payload["questions"], payload["n"]
    op, errors, note = "ask", 0, None
    for i in range(n):
        question = questions[i % len(questions)]
        try:
            if op == "ask":
                assistant.ask(question)
            else:
                assistant.search(question, k=10)
        except NotImplementedError as exc:
            op, note = "search", f"ask not available ({exc}); measured after search instead"
            assistant.search(question, k=10)
        except Exception:  # one failing question must not hide the memory figure
            errors += 1
    now = _status_memory()
    # ru_maxrss is in kilobytes on Linux
    peak_rusage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "op": op,
        "questions": n,
        "errors": errors,
        "note": note,
        "rss_after_open_bytes": after_open["rss_bytes"],
        "rss_bytes": now["rss_bytes"],
        "peak_rss_bytes": now["peak_rss_bytes"],
        "peak_rss_rusage_bytes": peak_rusage,
    }

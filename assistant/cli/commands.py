"""Bodies of the `tdkt` commands: call the library, print text or JSON. No logic of their own."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from assistant.cli.console import emit_json
from assistant.config import get_settings
from assistant.errors import InvalidInputError

log = logging.getLogger("tdkt")
console = Console(highlight=False, soft_wrap=True)


def corpus_import(pack: Path | None, json_out: bool) -> None:
    from assistant.ingest import import_pack

    settings = get_settings()
    src = pack or settings.pack_path
    report = import_pack(src, settings.imported_pack_path)
    if json_out:
        emit_json(_as_dict(report))
    else:
        console.print(f"imported the pack {src}: {report.summary()}")


def _as_dict(obj) -> dict:
    """A dataclass or pydantic record as JSON-ready data (enums, dates and paths as text)."""
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    data = dataclasses.asdict(obj)
    return json.loads(json.dumps(data, default=lambda v: getattr(v, "value", str(v))))


def _library():
    from assistant.library import Library

    return Library.from_settings(get_settings())


def corpus_status(json_out: bool) -> None:
    from assistant.app.views import corpus_status as corpus_status_view
    from assistant.registry import Registry

    settings = get_settings()
    lib = _library()
    registry = Registry.from_sources(settings.framework_path, lib.metas)
    status = corpus_status_view(lib, registry, date.today())
    docs, coverage = status["documents"], status["framework"]
    errors = [str(e) for e in lib.errors]
    if json_out:
        emit_json(
            {
                "documents": docs,
                "framework": coverage,
                "errors": errors,
                "parse_seconds": round(lib.parse_seconds, 3),
            }
        )
        return
    table = Table(title=f"{len(docs)} documents (parsed in {lib.parse_seconds:.2f} s)")
    for col in ("document", "kind", "coverage", "in force", "articles", "clauses", "sections"):
        table.add_column(col)
    for d in docs:
        table.add_row(
            d["doc_id"],
            d["kind"],
            d["coverage"],
            "yes" if d["in_force"] else "no",
            str(d["articles"]),
            str(d["clauses"]),
            str(d["sections"]),
        )
    console.print(table)
    fw = Table(title="Legal framework coverage")
    for col in ("document", "status", "in force today", "title"):
        fw.add_column(col)
    for row in coverage:
        fw.add_row(
            str(row.get("doc_id")),
            str(row.get("status")),
            "yes" if row.get("in_force_today") else "no",
            str(row.get("title", ""))[:70],
        )
    console.print(fw)
    for e in errors:
        console.print(f"[red]skipped[/red] {e}")


def corpus_show(citation: str, as_of: date | None, json_out: bool) -> None:
    from assistant.registry import Registry
    from assistant.registry.citations import resolve_citation

    settings = get_settings()
    lib = _library()
    registry = Registry.from_sources(settings.framework_path, lib.metas)
    pid = resolve_citation(citation, registry, lib.provisions, as_of)
    p = lib.provisions[pid]
    meta = lib.documents[p.doc_id].meta
    from assistant.parse.labels import label_for

    text = lib.full_text(pid)
    label = label_for(p, meta)
    if json_out:
        emit_json(
            {
                "provision_id": pid,
                "doc": p.doc_id,
                "label": label,
                "text": text,
                "article": p.article,
                "clause": p.clause,
                "point": p.point,
                "section": p.section,
                "appendix": p.appendix,
                "part": p.part,
            }
        )
    else:
        console.print(f"[bold]{label}[/bold]  ({pid})")
        console.print(text)


def corpus_add(file: Path, json_out: bool) -> None:
    from assistant.ingest import add_user_document, ids_in_corpus

    settings = get_settings()
    taken = ids_in_corpus([settings.imported_pack_path, settings.user_docs_path])
    dest = add_user_document(file, settings.user_docs_path, taken=taken)
    if json_out:
        emit_json({"added": str(dest)})
    else:
        console.print(f"added {file} → {dest}; run `tdkt index` to make it searchable")


def build_index(json_out: bool, vectors: str = "now") -> None:
    """``vectors``: "now" embeds what is missing (with a progress bar); "later" builds the
    lexical index at once, with vectors only when all are already computed; a server started
    on it builds the rest in the background."""
    from assistant.indexing import rebuild

    manifest = rebuild(
        get_settings(), progress=not json_out, vectors=True if vectors == "now" else "reuse"
    )
    if json_out:
        emit_json(manifest)
    else:
        counts = manifest.get("counts") or {}
        skipped = manifest.get("skipped") or []
        console.print(
            f"index built: {counts.get('docs', 0)} documents, {counts.get('chunks', 0)} chunks, "
            f"{len(manifest.get('files') or {})} files verified by hash, "
            f"build {manifest.get('build_id')} in {manifest.get('total_seconds', 0):.1f} s"
            + (
                f"; vectors: {manifest.get('embed_model')}"
                if manifest.get("embed_model")
                else "; no vectors yet (`tdkt serve` builds them in the background)"
                if vectors == "later"
                else "; no vectors (TDKT_EMBED_MODEL=none)"
            )
            + (f"; skipped {len(skipped)} files (see the log)" if skipped else "")
            + " — `tdkt index --json` shows the manifest"
        )


def _read_batch(path: Path) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 is JSON
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else f"not UTF-8 text ({exc.reason})"
        raise InvalidInputError(
            f"cannot read the batch file {path}: {reason}", fix="give a UTF-8 JSONL file"
        ) from None
    items = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                f"{path}:{n} is not JSON ({exc.msg})", fix="one JSON object per line"
            ) from None
        if not isinstance(obj, dict) or "question" not in obj:
            raise InvalidInputError(
                f"{path}:{n} has no 'question'", fix='write {"id": ..., "question": ...}'
            )
        items.append(obj)
    return items


def search(
    question: str | None,
    as_of: date | None,
    k: int,
    batch: Path | None,
    json_out: bool,
    mode: str = "hybrid",
) -> None:
    from assistant.app.service import Assistant

    if not question and not batch:
        raise InvalidInputError("no question given", fix='tdkt search "câu hỏi" or --batch FILE')
    assistant = Assistant.open()
    items = _read_batch(batch) if batch else [{"id": None, "question": question}]
    for item in items:
        hits = assistant.search(item["question"], as_of=as_of, k=k, mode=mode)
        rows = [
            {
                "doc": h.chunk.doc_id,
                "article": h.chunk.article,
                "clause": h.chunk.clause,
                "point": h.chunk.point,
                "section": h.chunk.section,
                "appendix": h.chunk.appendix,
                "part": h.chunk.part,
                "provision_id": h.chunk.provision_id,
                "score": round(h.score, 6),
                "label": h.chunk.label,
                "in_force": h.in_force,
                "sources": list(h.sources),
                "dense": None if h.dense is None else round(h.dense, 4),
            }
            for h in hits
        ]
        if json_out:
            emit_json(
                {"id": item.get("id"), "hits": rows}
                if batch
                else {"question": item["question"], "hits": rows}
            )
        else:
            console.print(f"[bold]{item['question']}[/bold]")
            for i, (h, r) in enumerate(zip(hits, rows, strict=True), 1):
                flag = "" if h.in_force else " [red](không còn hiệu lực)[/red]"
                console.print(f"{i:>2}. {r['score']:.4f}  {h.chunk.label}{flag}")


def ask(question: str | None, as_of: date | None, batch: Path | None, json_out: bool) -> None:
    from assistant.app.service import Assistant

    if not question and not batch:
        raise InvalidInputError("no question given", fix='tdkt ask "câu hỏi" or --batch FILE')
    assistant = Assistant.open()
    items = _read_batch(batch) if batch else [{"id": None, "question": question}]
    for item in items:
        answer = assistant.ask(item["question"], as_of=as_of)
        data = answer.model_dump(mode="json")
        if json_out:
            if batch:
                data = {"id": item.get("id"), **data}
            emit_json(data)
        else:
            console.print(answer.answer)
            for c in answer.citations:
                flag = "" if c.in_force else " (không còn hiệu lực)"
                console.print(f"\n[bold]{c.label}[/bold]{flag}\n{c.quote}")
            for note in answer.notes:
                word = "Note" if answer.language == "en" else "Lưu ý"
                console.print(f"\n[italic]{word}:[/italic] {note}")
    sys.stdout.flush()


def serve(host: str | None, port: int | None) -> None:
    import time

    started = time.perf_counter()
    import uvicorn

    from assistant.api import create_app

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    app = create_app(settings)
    app.state.runtime.preload()  # open the index while the web UI is being built
    from ui import mount_ui  # the web UI is optional for the library: imported only here

    mount_ui(app)
    log.info("app built in %.1f s", time.perf_counter() - started)
    console.print(f"TĐKT assistant: http://{host}:{port}/  (API: http://{host}:{port}/api/docs)")
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_graceful_shutdown=5)

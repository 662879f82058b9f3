"""Hybrid retrieval: lexical (BM25), dense (optional), catalog and explicit-citation matches,
fused by reciprocal rank, then adjusted for the date and the kind of question.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from assistant.domain.catalog import REF_KINDS as REF_KIND_NAMES
from assistant.index.tokenizer import tokenize_query
from assistant.models import Chunk, DocKind, Hit, Locator
from assistant.retrieve.analysis import QueryAnalysis
from assistant.retrieve.fusion import rrf

log = logging.getLogger(__name__)


# Which catalog reference kinds serve which intent.
INTENT_REFS: dict[str, tuple[str, ...]] = {
    "dossier": ("dossier",),
    "criteria": ("criteria",),
    "authority": ("authority", "proposer"),
    "procedure": ("procedure", "dossier", "proposer"),
    "amount": ("bonus",),
    "temporal": ("criteria", "authority"),
}
DEFAULT_REFS = ("criteria", "authority")


@dataclass(frozen=True)
class RetrieverConfig:
    """Weights of the fused lists and the adjustments; variants are measured in bench/."""

    use_bm25: bool = True
    use_dense: bool = True
    use_catalog: bool = True
    use_citations: bool = True
    use_rerank: bool = True
    w_bm25: float = 1.0
    # chosen by cross-validation over the labelled sets (bench part `dense`): 0.5 in every fold
    w_dense: float = 0.5
    w_catalog: float = 1.0
    w_citation: float = 2.0
    w_hint: float = 0.8
    w_intent: float = 0.8
    w_title: float = 0.3
    use_titles: bool = True
    w_preferred: float = 1.0
    per_article: int = 2  # at most this many chunks of one article before the others
    rrf_k: float = 20.0
    pool: int = 60
    not_in_force_factor: float = 0.55  # a text not in force ranks below its successor
    plan_factor: float = 0.5  # plans are not legal bases: demoted unless the question is about one
    hinted_factor: float = 1.6  # documents named by place or number
    preamble_factor: float = 0.6
    local_factor: float = 0.6  # a province's own regulation applies only where it is named

    def lexical_only(self) -> RetrieverConfig:
        return replace(
            self,
            use_dense=False,
            use_catalog=False,
            use_citations=False,
            use_rerank=False,
            use_titles=False,
        )


class ChunkMap:
    """Chunks by their article, for turning a reference into the chunks that hold it (a chunk
    is indexed at clause level, so a reference to a point finds its clause)."""

    def __init__(self, chunks: dict[str, Chunk]) -> None:
        self.chunks = chunks
        self._by_article: dict[tuple, list[str]] = defaultdict(list)
        self.by_doc: dict[str, list[str]] = defaultdict(list)
        for cid, c in chunks.items():
            self.by_doc[c.doc_id].append(cid)
            if c.article is not None:
                self._by_article[c.locator.unit()].append(cid)

    def for_ref(self, ref: Locator) -> list[str]:
        """The chunks of the unit a reference names, or of its article when none is closer."""
        ids = self._by_article.get(ref.unit(), []) if ref.article is not None else []
        if ref.clause is None:
            return ids
        exact = [i for i in ids if self.chunks[i].clause in (ref.clause, None)]
        if ref.point is not None:
            exact = [i for i in exact if self.chunks[i].point in (ref.point, None)] or exact
        return exact


class TitleIndex:
    """BM25 over unit headings ("Điều 9. Hình thức khen thưởng"): a question that names what an
    article is about finds the article even when its body words differ."""

    def __init__(self, chunks: dict[str, Chunk], titles: dict[tuple, str]) -> None:
        from assistant.index.bm25_store import BM25Store
        from assistant.index.tokenizer import tokenize

        groups: dict[tuple, list[str]] = defaultdict(list)
        for cid, c in chunks.items():
            key = c.locator.unit()
            if key in titles:
                groups[key].append(cid)
        self.keys = [k for k in groups if titles.get(k)]
        self.groups = groups
        self.store = None
        if self.keys:
            self.store = BM25Store.build(
                [str(i) for i in range(len(self.keys))], [tokenize(titles[k]) for k in self.keys]
            )

    def search(self, text: str, n: int) -> list[str]:
        if self.store is None:
            return []
        out: list[str] = []
        for row, _ in self.store.search(tokenize_query(text), n):
            out.extend(self.groups[self.keys[int(row)]][:2])
        return out


class Retriever:
    def __init__(
        self,
        index,
        *,
        registry=None,
        embedder=None,
        reranker=None,
        config: RetrieverConfig | None = None,
        titles: dict | None = None,
    ) -> None:
        self.index = index
        self.chunks: dict[str, Chunk] = index.chunks
        self.map = ChunkMap(self.chunks)
        self.titles = TitleIndex(self.chunks, titles or {})
        self.registry = registry
        self.embedder = embedder
        self.reranker = reranker
        self.config = config or RetrieverConfig()
        self._validity_cache: dict[tuple[str, date], bool] = {}
        self._local_cache: dict[str, bool] = {}
        self._matrix: tuple[dict[str, int], np.ndarray] | None = None
        self._matrix_lock = threading.Lock()

    # -- the lists ------------------------------------------------------------------------
    def _bm25(self, q: QueryAnalysis, n: int) -> list[str]:
        tokens = tokenize_query(q.search_text)
        return [cid for cid, _ in self.index.bm25.search(tokens, n)]

    def _query_vector(self, q: QueryAnalysis) -> np.ndarray | None:
        if self.embedder is None or self.index.vectors is None:
            return None
        try:
            return self.embedder.embed_query(q.search_text)
        except Exception as exc:  # a model that fails on this text: lexical lists only
            log.warning("the question could not be embedded: %s", exc)
            return None

    def _dense(self, q: QueryAnalysis, n: int, vec: np.ndarray | None = None) -> list[str]:
        vec = self._query_vector(q) if vec is None else vec
        if vec is None:
            return []
        try:
            pairs = self.index.vectors.query(vec, n)
        except Exception as exc:  # the store moved away in a swap, a server is down …
            # a question is still answered from the lexical and catalog lists
            log.warning("dense retrieval skipped for this question: %s", exc)
            return []
        return [cid for cid, _ in pairs if cid in self.chunks]

    def nearest(self, q: QueryAnalysis, k: int = 10) -> list[Hit]:
        """The ``k`` chunks nearest the question under the embedding model alone (scored by
        cosine; no lexical list, no adjustment): what the dense part contributes, for experts.
        Empty when the index has no vectors."""
        vec = self._query_vector(q)
        if vec is None:
            return []
        ids = self._dense(q, k, vec)
        sims = self.similarities(vec, ids)
        return [
            Hit(
                chunk=self.chunks[cid],
                score=sims.get(cid, 0.0),
                sources=("dense",),
                in_force=self.in_force(self.chunks[cid].doc_id, q.effective_date),
                dense=sims.get(cid),
            )
            for cid in ids
        ]

    def _chunk_matrix(self) -> tuple[dict[str, int], np.ndarray] | None:
        """Every chunk's vector in memory (953 × 384 floats for the pack: 1.5 MB), read from
        the store once, for the similarity of any candidate, not only the nearest ones."""
        if self._matrix is None and self.index.vectors is not None:
            with self._matrix_lock:
                if self._matrix is None:
                    try:
                        ids = list(self.chunks)
                        stored = self.index.vectors.get_vectors(ids)
                        rows = [i for i in ids if i in stored]
                        matrix = (
                            np.stack([stored[i] for i in rows]).astype(np.float32)
                            if rows
                            else np.zeros((0, 1), dtype=np.float32)
                        )
                        self._matrix = ({cid: n for n, cid in enumerate(rows)}, matrix)
                    except Exception as exc:
                        log.warning("cannot read the chunk vectors: %s", exc)
                        self._matrix = ({}, np.zeros((0, 1), dtype=np.float32))
        return self._matrix

    def similarities(self, vec: np.ndarray | None, ids: list[str]) -> dict[str, float]:
        """Cosine of the question's vector with each chunk that has a vector."""
        loaded = self._chunk_matrix() if vec is not None else None
        if loaded is None or vec is None:
            return {}
        rows, matrix = loaded
        wanted = [cid for cid in ids if cid in rows]
        if not wanted or matrix.shape[1] != vec.shape[0]:
            return {}
        sims = matrix[[rows[c] for c in wanted]] @ vec.astype(np.float32)
        return {cid: float(x) for cid, x in zip(wanted, sims, strict=True)}

    def _catalog(self, q: QueryAnalysis) -> list[str]:
        if not q.awards:
            return []
        kinds: list[str] = []
        for intent in q.intents or ("criteria",):
            for kind in INTENT_REFS.get(intent, ()):
                if kind not in kinds:
                    kinds.append(kind)
        if not kinds:
            kinds = list(DEFAULT_REFS)
        day = q.effective_date
        out: list[str] = []
        for kind in kinds:
            for m in q.awards:
                # the old law's references count when it was the law in force on the date
                refs = m.award.refs_for(kind, on=day)
                if f"old_{kind}" in REF_KIND_NAMES:
                    refs = refs + m.award.refs_for(f"old_{kind}", on=day)
                for ref in refs:
                    if not self.in_force(ref.doc, day) and not q.mentions_old_law:
                        continue
                    for cid in self.map.for_ref(ref.locator):
                        if cid not in out:
                            out.append(cid)
        return out

    def _intent(self, q: QueryAnalysis) -> list[str]:
        out: list[str] = []
        for ref in q.intent_refs:
            if ref.applies_on(q.effective_date):
                out.extend(c for c in self.map.for_ref(ref.locator) if c not in out)
        return out

    def _citations(self, q: QueryAnalysis) -> list[str]:
        out: list[str] = []
        for ref in q.citations:
            article = getattr(ref, "article", None)
            if article is None:
                continue
            doc = None
            if getattr(ref, "doc_ref", None) and self.registry is not None:
                doc = self.registry.resolve_doc(ref.doc_ref, q.effective_date)
            if doc is None and self.registry is not None:
                doc = self.registry.main_law(q.effective_date)
            if doc is None:
                continue
            for cid in self.map.for_ref(replace(Locator.of(ref), doc=doc)):
                if cid not in out:
                    out.append(cid)
        return out

    def _within(self, q: QueryAnalysis, docs: tuple[str, ...], n: int) -> list[str]:
        if not docs:
            return []
        allowed = [cid for d in docs for cid in self.map.by_doc.get(d, [])]
        tokens = tokenize_query(q.search_text)
        return [cid for cid, _ in self.index.bm25.search(tokens, n, allowed_ids=allowed)]

    # -- date and kind adjustments --------------------------------------------------------
    def in_force(self, doc_id: str, day: date) -> bool:
        key = (doc_id, day)
        if key not in self._validity_cache:
            ok = True
            if self.registry is not None:
                try:
                    ok = self.registry.validity(doc_id, day).governs
                except Exception:  # an unknown document (a user's file) counts as in force
                    ok = True
            self._validity_cache[key] = ok
        return self._validity_cache[key]

    def is_user_document(self, doc_id: str) -> bool:
        """A user's legal text outside the framework (``RegistryEntry.user_document``)."""
        entry = self.registry.get(doc_id) if self.registry is not None else None
        return bool(entry and entry.user_document)

    def is_local(self, doc_id: str) -> bool:
        """A province's own regulation (not national law)."""
        if doc_id not in self._local_cache:
            self._local_cache[doc_id] = bool(
                self.registry is not None and self.registry.is_provincial(doc_id)
            )
        return self._local_cache[doc_id]

    def search(self, q: QueryAnalysis, k: int = 10, *, dense: bool = True) -> list[Hit]:
        """The ``k`` best chunks for the question, each with the lists that found it and, when
        the index has vectors, its cosine with the question (``Hit.dense``). ``dense=False``
        leaves the embedding model out (the answer stage: measured, it does not pay there)."""
        cfg = self.config
        ranked: dict[str, list[str]] = {}
        if cfg.use_bm25:
            ranked["bm25"] = self._bm25(q, cfg.pool)
        vec = self._query_vector(q) if cfg.use_dense and dense else None
        if vec is not None and cfg.w_dense > 0:
            ranked["dense"] = self._dense(q, cfg.pool, vec)
        if cfg.use_catalog:
            ranked["catalog"] = self._catalog(q)
        if cfg.use_citations:
            ranked["citation"] = self._citations(q)
        if cfg.use_catalog:
            ranked["intent"] = self._intent(q)
        if cfg.use_titles:
            ranked["title"] = self.titles.search(q.search_text, 10)
        if cfg.use_bm25:
            ranked["hint"] = self._within(q, q.doc_hints, 20)
            ranked["preferred"] = self._within(q, q.preferred_docs, 20)
        weights = {
            "bm25": cfg.w_bm25,
            "dense": cfg.w_dense,
            "catalog": cfg.w_catalog,
            "citation": cfg.w_citation,
            "hint": cfg.w_hint,
            "intent": cfg.w_intent,
            "preferred": cfg.w_preferred,
            "title": cfg.w_title,
        }
        scores, sources = rrf(ranked, weights, k=cfg.rrf_k)
        day = q.effective_date
        hits: list[Hit] = []
        for cid, score in scores.items():
            chunk = self.chunks[cid]
            in_force = self.in_force(chunk.doc_id, day)
            # a text cited by the question, or an effect/transition article asked about, is
            # wanted whatever its status on the date; it is still marked
            wanted = {"citation", "intent"} & set(sources[cid])
            # A user's own document is no law in force, but no superseded law either: search
            # shows it where it matches, marked with its origin, and the answer stage ranks it
            # below the framework's texts (answer/rank.py).
            upload = self.is_user_document(chunk.doc_id)
            if not in_force and not q.mentions_old_law and not wanted and not upload:
                score *= cfg.not_in_force_factor
            if chunk.doc_kind == DocKind.PLAN and chunk.doc_id not in q.doc_hints:
                # a plan is never a legal basis; without naming it, a question rarely wants it
                score *= cfg.plan_factor if not q.mentions_plan else (1 + cfg.plan_factor) / 2
            if chunk.doc_id in q.doc_hints:
                score *= cfg.hinted_factor
            if (
                chunk.doc_kind == DocKind.LEGAL
                and chunk.doc_id not in q.doc_hints
                and (self.is_local(chunk.doc_id))
            ):
                score *= cfg.local_factor
            if chunk.kind == "document":
                # a header and preamble (căn cứ) answers few questions; its sections do
                score *= cfg.preamble_factor
            hits.append(
                Hit(chunk=chunk, score=score, sources=tuple(sources[cid]), in_force=in_force)
            )
        sims = self.similarities(vec, [h.chunk.id for h in hits])
        if sims:
            hits = [h.model_copy(update={"dense": sims.get(h.chunk.id)}) for h in hits]
        hits.sort(key=lambda h: (-h.score, h.chunk.id))
        if cfg.use_rerank and self.reranker is not None:
            hits = self.reranker.rerank(q.search_text, hits[: max(k * 2, 20)])
        return diversify(hits, cfg.per_article)[:k]


def unit_titles(provisions) -> dict[tuple, str]:
    """Heading text of each article / top section, keyed by ``Locator.unit``."""
    out: dict[tuple, str] = {}
    for p in provisions:
        if p.kind == "dieu" and p.title:
            out[p.locator.unit()] = p.title
        elif p.kind in ("muc", "section", "phu-luc") and p.article is None and p.title:
            out.setdefault(p.locator.unit(), p.title)
    return out


def diversify(hits: list[Hit], per_unit: int) -> list[Hit]:
    """Keep the order, but let no article fill the list: extra chunks of one go to the end."""
    if per_unit <= 0:
        return hits
    seen: dict[tuple, int] = {}
    first: list[Hit] = []
    rest: list[Hit] = []
    for h in hits:
        key = h.chunk.locator.unit()
        seen[key] = seen.get(key, 0) + 1
        (first if seen[key] <= per_unit else rest).append(h)
    return first + rest

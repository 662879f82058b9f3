"""The Assistant facade that the CLI, the API, the UI and the evals use.

It owns the loaded index snapshot (provisions, chunks, BM25, vectors), the registry and the
composers; everything else reaches the pipeline through it.
"""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Literal

from assistant.config import Settings, get_settings
from assistant.errors import InvalidInputError
from assistant.models import Answer, Hit

log = logging.getLogger(__name__)

SearchMode = Literal["hybrid", "lexical", "dense"]
SEARCH_MODES: tuple[str, ...] = ("hybrid", "lexical", "dense")


class Assistant:
    """Open once, ask many times. Reads are thread-safe; `reload` swaps in a new index."""

    def __init__(self, settings: Settings | None = None, *, retriever_config=None) -> None:
        self.settings = settings or get_settings()
        self._lock = threading.Lock()
        self._retriever_config = retriever_config
        self._state = None
        self.reload()

    @classmethod
    def open(cls, settings: Settings | None = None, **kwargs) -> Assistant:
        return cls(settings, **kwargs)

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Open the index on disk (after a rebuild) and swap it in atomically for readers."""
        from assistant.corpus import Corpus
        from assistant.index import get_embedder, model_id_for, open_index
        from assistant.library import Library
        from assistant.registry import Registry
        from assistant.retrieve.docnames import DocNames
        from assistant.retrieve.retriever import Retriever, unit_titles

        started = time.perf_counter()
        s = self.settings
        embedder = get_embedder(s.embed_model)
        index = open_index(
            s.index_path, embedder_model_id=model_id_for(s.embed_model), chroma_url=s.chroma_url
        )
        try:
            library = Library.from_snapshot(index.root, shown=s.index_path)  # same build, pinned
            registry = Registry.from_sources(s.framework_path, library.metas)
            reranker = None
            if s.rerank_model:
                from assistant.retrieve.rerank import CrossEncoderReranker

                reranker = CrossEncoderReranker(s.rerank_model)
            retriever = Retriever(
                index,
                registry=registry,
                embedder=embedder,
                reranker=reranker,
                config=self._retriever_config,
                titles=unit_titles(library.provisions.values()),
            )
            state = _State(
                index=index,
                library=library,
                registry=registry,
                corpus=Corpus(library, registry),
                retriever=retriever,
                doc_names=DocNames(library.metas),
            )
        except BaseException:
            index.close()  # unpins the directory it was read from
            raise
        with self._lock:
            old, self._state = self._state, state
            if old is not None:
                old.retired = True
            close_old = old is not None and old.readers == 0
        if close_old:
            old.index.close()  # else the last reader of the old snapshot closes it
        log.info("index loaded in %.0f ms", (time.perf_counter() - started) * 1000)

    def close(self) -> None:
        """Let go of the index (at once, or when the last query on it ends). Optional: a
        process that exits lets go too; a test or tool that opens many should close them."""
        with self._lock:
            state, self._state = self._state, None
            if state is None:
                return
            state.retired = True
            close = state.readers == 0
        if close:
            state.index.close()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def library(self):
        return self._state.library

    @property
    def registry(self):
        return self._state.registry

    @property
    def corpus(self):
        """The read model of the loaded snapshot (``assistant.corpus.Corpus``)."""
        return self._state.corpus

    # -- queries ----------------------------------------------------------------------------
    def _check_question(self, question: str) -> str:
        if not isinstance(question, str):
            raise InvalidInputError("the question is empty", fix="type a question")
        question = visible_text(question)
        if not question:
            raise InvalidInputError("the question is empty", fix="type a question")
        if len(question) > self.settings.max_question_chars:
            raise InvalidInputError(
                f"the question has {len(question)} characters",
                fix=f"keep it under {self.settings.max_question_chars} characters",
            )
        return question

    @contextmanager
    def _snapshot(self) -> Iterator[_State]:
        """The current index snapshot, kept open until the caller is done even if `reload`
        swaps in a new one meanwhile (closing it under a running query breaks that query)."""
        with self._lock:
            state = self._state
            state.readers += 1
        try:
            yield state
        finally:
            with self._lock:
                state.readers -= 1
                close = state.retired and state.readers == 0
            if close:
                state.index.close()

    def analyze(self, question: str, *, as_of: date | None = None):
        with self._snapshot() as state:
            return _analyze_in(state, self._check_question(question), as_of)

    def search(
        self,
        question: str,
        *,
        as_of: date | None = None,
        k: int = 10,
        mode: SearchMode = "hybrid",
    ) -> list[Hit]:
        """The provisions that answer a question, best first. ``mode``: "hybrid" (the default:
        lexical, dense and catalog lists fused), "lexical" (without the embedding model) or
        "dense" (the embedding model alone; empty while the index has no vectors)."""
        if mode not in SEARCH_MODES:
            raise InvalidInputError(
                f"unknown search mode {mode!r}", fix=f"use one of {', '.join(SEARCH_MODES)}"
            )
        with self._snapshot() as state:
            q = _analyze_in(state, self._check_question(question), as_of)
            if mode == "dense":
                return state.retriever.nearest(q, k)
            return state.retriever.search(q, k, dense=mode == "hybrid")

    def ask(
        self,
        question: str,
        *,
        as_of: date | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        """Answer a question for a date (default today), with a chat history for follow-ups."""
        from assistant.retrieve.query import analyze

        question = self._check_question(question)
        history = check_history(history, self.settings.max_question_chars)
        with self._snapshot() as state:
            answerer = _answerer_for(state, self.settings)

            def analyze_on(text: str, day: date):
                return analyze(text, as_of=day, doc_names=state.doc_names, registry=state.registry)

            return answerer.ask(
                question, as_of=as_of or date.today(), history=history, analyze=analyze_on
            )

    def draft(self, question: str, *, as_of: date | None = None):
        """The answer's working: analysis, scored candidates, selection and decision (evals)."""
        from assistant.retrieve.query import analyze

        question = self._check_question(question)
        day = as_of or date.today()
        with self._snapshot() as state:
            answerer = _answerer_for(state, self.settings)
            q = analyze(question, as_of=day, doc_names=state.doc_names, registry=state.registry)
            return answerer.draft_for(question, q)


def _analyze_in(state: _State, question: str, as_of: date | None):
    from assistant.retrieve.query import analyze

    return analyze(
        question, as_of=as_of or date.today(), doc_names=state.doc_names, registry=state.registry
    )


def visible_text(text: str) -> str:
    """A question as words: a control character or an odd space (NBSP from Word or the web)
    separates words like a space ("bằng\\0khen" is "bằng khen", never "bằngkhen"); zero-width
    and other format marks and U+FFFD (what undecodable bytes became) vanish."""
    return "".join(_visible(ch) for ch in text).strip()


def _visible(ch: str) -> str:
    if ch in "\n\t" or (ch.isprintable() and ch != "\ufffd"):
        return ch
    if ch.isspace() or unicodedata.category(ch) == "Cc":
        return " "
    return ""


class _State:
    def __init__(self, **kw) -> None:
        self.readers = 0  # queries running on this snapshot
        self.retired = False  # replaced by a reload: closed when its last reader is done
        self.__dict__.update(kw)


_ANSWERER_LOCK = threading.Lock()


def _answerer_for(state, settings: Settings):
    """The Answerer of an index snapshot, built on first use and kept with the snapshot."""
    answerer = getattr(state, "answerer", None)
    if answerer is None:
        with _ANSWERER_LOCK:
            answerer = getattr(state, "answerer", None)
            if answerer is None:
                from assistant.answer.llm import chat_model_from_settings
                from assistant.answer.pipeline import Answerer

                answerer = Answerer(
                    state.corpus,
                    state.retriever,
                    chat_model=chat_model_from_settings(settings),
                )
                state.answerer = answerer
    return answerer


# Follow-ups lean on the last few turns only; older ones are not read.
MAX_HISTORY_TURNS = 10


def check_history(history, max_chars: int) -> list[tuple[str, str]]:
    """The turns a follow-up may lean on: the last MAX_HISTORY_TURNS, each question held to the
    question limit (an earlier question longer than a question may be refused, not analysed)."""
    turns = list(history or ())
    out = []
    for n, turn in enumerate(turns):
        if (
            not isinstance(turn, list | tuple)
            or len(turn) != 2
            or not all(isinstance(x, str) for x in turn)
        ):
            raise InvalidInputError(
                f"history turn {n} is not a (question, answer) pair of strings",
                fix="pass history as [[question, answer], ...]",
            )
        if len(turn[0]) > max_chars:
            raise InvalidInputError(
                f"history turn {n} has a question of {len(turn[0])} characters",
                fix=f"keep each earlier question under {max_chars} characters, as a question is",
            )
        out.append((visible_text(turn[0]), turn[1]))
    return out[-MAX_HISTORY_TURNS:]

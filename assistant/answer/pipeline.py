"""One question to one Answer: follow-up rewrite, analysis, retrieval, units, answer, notes.

The Answerer is built once per loaded index (the Assistant keeps it with the index snapshot)
and is safe to share between threads: it holds read-only views and caches of pure results.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from assistant import steps
from assistant.answer import followup
from assistant.answer.abstain import Decision, decide, unanswered_quantity
from assistant.answer.amounts import asks_amount, bonus_sums, sum_lines
from assistant.answer.citations import citations_for, verified
from assistant.answer.compose import change_line, compose
from assistant.answer.decline import decline
from assistant.answer.facts import stated_fact
from assistant.answer.notes import (
    Notes,
    amount_notes,
    change_notes,
    date_note,
    detail_notes,
    reading_notes,
    validity_notes,
)
from assistant.answer.select import Selection, answer_units, select
from assistant.corpus import Corpus
from assistant.domain import detect_intents
from assistant.errors import AssistantError
from assistant.index.lexical import question_tokens
from assistant.models import Answer, Citation
from assistant.retrieve.analysis import QueryAnalysis

log = logging.getLogger(__name__)

RETRIEVE_K = 12
# Whether the answer stage ranks the hybrid pool (dense hits fused in, their cosine as a ranking
# feature) or the lexical one. Measured by cross-validation (`python -m evals train`,
# 2026-12-07), hybrid minus lexical in points of reachable key facts / gold article cited /
# precision: 274 questions +0.8 / −2.4 / +0.1; 326 questions, with each of three tree settings,
# −0.8 / −2.0 / −2.1, +0.8 / +0.3 / +1.3 and, with today's, +1.7 / 0.0 / +2.2. Within the noise
# of a few questions either way, while the costs are certain: the question's embedding (30 ms
# p50, 44 ms p95) on every answer, and answers that change while the vectors are still being
# built. Search (`tdkt search`, /api/search) is hybrid.
ANSWER_DENSE = False


@dataclass(frozen=True)
class Draft:
    """What the extractive stage produced, before (optional) LLM composition."""

    question: str  # as asked
    asked: str  # as answered (rewritten follow-up)
    q: QueryAnalysis
    lang: str
    day: date
    selection: Selection
    decision: Decision
    text: str
    citations: tuple[Citation, ...]
    notes: tuple[str, ...]


class Answerer:
    def __init__(self, corpus: Corpus, retriever, *, chat_model=None) -> None:
        self.view = corpus
        self.retriever = retriever
        self.chat_model = chat_model

    # -- the pipeline -----------------------------------------------------------------------
    def ask(
        self,
        question: str,
        *,
        as_of: date,
        history: Sequence[tuple[str, str]] = (),
        analyze: Callable[[str, date], object],
        today: date | None = None,
    ) -> Answer:
        started = time.perf_counter()
        rewritten = followup.resolve(question, history)
        asked = rewritten or question
        q = analyze(asked, as_of)
        t_analyze = time.perf_counter()
        hits = self.retriever.search(q, RETRIEVE_K, dense=ANSWER_DENSE)
        t_retrieve = time.perf_counter()
        draft = self.draft(question, asked, q, hits, today=today or date.today())
        mode, text, citations, notes = "extractive", draft.text, draft.citations, draft.notes
        if self.chat_model is not None and not draft.decision.abstain:
            from assistant.answer.llm import compose_llm

            result = compose_llm(self.chat_model, draft, self.view)
            if result.ok:
                mode, text, citations = "llm", result.text, result.citations
            notes = notes + tuple(result.notes)
        t_compose = time.perf_counter()
        ms = lambda a, b: round((b - a) * 1000, 2)  # noqa: E731
        return Answer(
            question=question,
            answer=text,
            language="en" if draft.lang == "en" else "vi",
            abstained=draft.decision.abstain,
            citations=citations,
            notes=notes,
            as_of=as_of,
            mode=mode,
            timings_ms={
                "analyze": ms(started, t_analyze),
                "retrieve": ms(t_analyze, t_retrieve),
                "compose": ms(t_retrieve, t_compose),
                "total": ms(started, t_compose),
            },
        )

    def draft_for(self, question: str, q: QueryAnalysis, *, today: date | None = None) -> Draft:
        """The draft of a question already analysed (no follow-up): for evals and training."""
        hits = self.retriever.search(q, RETRIEVE_K, dense=ANSWER_DENSE)
        return self.draft(question, question, q, hits, today=today or date.today())

    def draft(self, question: str, asked: str, q, hits, *, today: date) -> Draft:
        view = self.view
        lang = "en" if q.language == "en" else "vi"
        day = answer_day(q)
        named = self._named_docs(q, day)
        qtokens = question_tokens(q.question, q.search_text, q.language)
        sel = select(q, hits, view, qtokens, day, named, strong_intents(q))
        decision = decide(q, list(sel.scored), view, named)
        if not decision.abstain and (unit := unanswered_quantity(q, answer_units(sel), view)):
            decision = Decision(True, "quantity", decision.support, {"unit": unit})
        notes = Notes(lang)
        if asked != question:
            notes.add(f"Câu hỏi được hiểu là: «{asked}»" if lang == "vi" else f"Read as: “{asked}”")
        if decision.abstain:
            declined = decline(decision, q, list(sel.scored), view, day, lang)
            cites = citations_for(view, declined.cite, day)
            if cites:
                validity_notes(view, [c.doc for c in cites], day, notes)
            date_note(day, today, notes)
            log.info("declined (%s, support %.2f): %s", decision.reason, decision.support, asked)
            return Draft(
                question,
                asked,
                q,
                lang,
                day,
                sel,
                decision,
                declined.text,
                verified(view, cites),
                tuple(notes.items),
            )
        composed = compose(q, sel, view, day, lang, today=today, qtokens=qtokens)
        reading_notes(q, notes)
        change_notes(q, view, day, composed.cite, notes)
        text = composed.text
        if steps.current().fact_line and composed.cite:
            fact = stated_fact(q, view, composed.cite[0], lang)
            text = f"{fact}\n{text}" if fact else text
        for pid in notes.cite:
            if pid not in composed.cite:  # the change itself, in its own words
                text += "\n" + change_line(view, pid, notes.since.get(pid), lang, qtokens)
        ids = list(composed.cite) + [c for c in notes.cite if c not in composed.cite]
        if asks_amount(q):
            sums, extra = bonus_sums(q, view, list(composed.cite), day)
            for pid in extra:  # a collective's multiple of the individual's sum, quoted
                text += "\n" + change_line(view, pid, None, lang, qtokens)
                ids.append(pid)
            if sums:
                text += "\n" + "\n".join(sum_lines(sums, view, day, lang))
        cites = verified(view, citations_for(view, ids, day))
        validity_notes(view, [c.doc for c in cites], day, notes)
        amount_notes(view, [c.provision_id for c in cites], day, notes)
        detail_notes(q, view, day, notes)
        date_note(day, today, notes)
        return Draft(question, asked, q, lang, day, sel, decision, text, cites, tuple(notes.items))

    def _named_docs(self, q, day: date) -> tuple[str, ...]:
        """Documents the question names by number or name (not by place: those are hints)."""
        try:
            doc = self.view.registry.resolve_doc(q.question, day)
        except AssistantError:
            doc = None
        return (doc,) if doc else ()


def strong_intents(q: QueryAnalysis, ratio: float = 0.5) -> tuple[str, ...]:
    """The question's intents whose cues weigh more than `ratio` of the strongest (at most 2):
    "hồ sơ … gồm những gì, có cần giấy xác nhận sáng kiến không" asks for a dossier only."""
    scores = detect_intents(q.search_text)
    if not scores:
        return ()
    top = scores[0].score
    return tuple(s.intent for s in scores if s.score > ratio * top or s is scores[0])[:2]


# "now", "currently", "hiện nay", "hiện hành": the question asks about today even when
# it names the date of some event ("awards I received in 2019 — are they still recognised?")
_NOW = re.compile(r"\b(hien nay|hien hanh|hien tai|bay gio|now|currently|today|at present)\b")


def answer_day(q: QueryAnalysis) -> date:
    """The date the answer is for: a date the question names, unless it asks about now."""
    if q.question_date is not None and not _NOW.search(q.folded):
        return q.question_date
    return q.as_of

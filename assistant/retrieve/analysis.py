"""``QueryAnalysis``: what a question asks, computed once by ``retrieve.query.analyze`` and read
by retrieval and by every answer stage. It carries the domain's records (awards, levels, answer
types, catalog references) and the registry's (citations), so it sits above both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from assistant.domain import AwardMatch, DetectedLevels, Ref
from assistant.domain.answer_types import AnswerType
from assistant.registry.refs import CitationRef


@dataclass(frozen=True)
class QueryAnalysis:
    """What a question asks, computed once (``retrieve.query.analyze``) and read by every later
    stage: its language and the text searched, the intents and the kinds of fact asked
    (``answer_types``), the awards and levels it names, the documents it names or points to, and
    the date the answer is for (``effective_date``: a date in the sentence that asks, else the
    as-of date)."""

    question: str
    language: Literal["vi", "en"]
    search_text: str  # the text searched: the question plus Vietnamese terms for English
    folded: str
    as_of: date
    question_date: date | None = None  # a date named in the question ("ngày 15/02/2024")
    intents: tuple[str, ...] = ()
    awards: tuple[AwardMatch, ...] = ()
    levels: DetectedLevels | None = None
    citations: tuple[CitationRef, ...] = ()  # found in the question
    doc_hints: tuple[str, ...] = ()  # documents named by số hiệu, name or place
    mentions_plan: bool = False
    mentions_old_law: bool = False
    preferred_docs: tuple[str, ...] = ()  # documents where this kind of question is answered
    intent_refs: tuple[Ref, ...] = ()  # general provisions for the question's kind
    # the kinds of fact asked (amount, duration, deadline …: domain/data/answer_types.yaml),
    # main one first; read by the ranker's type fit and the answer's fact line
    answer_types: tuple[AnswerType, ...] = ()

    @property
    def effective_date(self) -> date:
        """The date the answer is for: one named in the question wins over as-of."""
        return self.question_date or self.as_of

    @property
    def primary_intent(self) -> str | None:
        return self.intents[0] if self.intents else None

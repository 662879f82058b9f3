"""Answers: retrieved provisions turned into a short answer with verbatim, clause-level
citations and expert notes — extractive by default, a LangChain chat model optionally.

The stages: ``followup`` (rewrite a follow-up question) → ``select`` (the units an answer rests
on) → ``abstain`` / ``decline`` (say "the documents do not say") or ``compose`` (the extractive
answer) → ``notes`` → ``citations`` (quotes = exact unit texts); ``llm`` optionally rewrites the
answer from numbered provisions and is checked against them. ``pipeline.Answerer`` runs it all.
"""

from assistant.answer.pipeline import Answerer

__all__ = ["Answerer"]

"""The switchable steps of question analysis and the answer stage, one flag each, so every
heuristic can be measured by turning it off (``python -m evals train`` and bench report each against the default).

``TDKT_ANSWER_OFF=learned_ranker`` turns steps off for a process, ``TDKT_ANSWER_ON=…`` turns
steps on; ``switched`` does either for a block in this thread. A step that stops paying in the
cross-validated figures is deleted, not left switched off (a "lead with the unit that states
the asked quantity" step was measured this way and removed: it changed nothing; a block for
the question's second intent was removed too: it cost 2.4 points of citation precision for one
more gold article cited in 274 questions).

Measured on 2026-12-07 over 426 questions, cross-validated, and not kept (points of reachable
key facts / gold article cited / citation precision against the default):

* a second article when the learned ranker gives it a probability of at least 0.3 / 0.5 / 0.6:
  +4.9 / +4.4 / −7.2, +2.4 / +1.7 / −2.5, +1.6 / +0.7 / −1.6 (326 questions);
* each part of a question that asks several things ranked on its own, its best unit shown at a
  probability of 0.3 / 0.5 / 0.7: +3.8 / +2.3 / −7.5, +2.8 / +1.8 / −5.7, +1.9 / +1.0 / −3.6;
  also requiring that the whole question's ranking give its article 0.35: +1.5 / +0.8 / −1.1;
* an "asked coverage" feature (the question's words after the scene it tells first): 0.0 / −0.3
  / −0.4;
* dense candidates for English questions only: English +3.1 / 0.0 / −1.5, and 30–44 ms of
  embedding on each English answer;
* an answer type "definition": no change.

Every extra unit costs about as much precision as it brings key facts: what would lift both is
a better first unit, not more units.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class AnswerSteps:
    # rank candidates with the learned model (answer/learned.py) instead of the hand weights:
    # cross-validated grouped by question (426 questions), the top candidate is in a gold
    # article for 75.8 % of questions against 71.6 %; end to end the gold article is cited for
    # 80.2 % against 76.6 %, precision 88.9 % against 87.3 %, key facts 67.4 % against 65.3 %
    learned_ranker: bool = True
    # answer with the clause of the lead article that holds the question's words (select._descend).
    # Cross-validated (326 questions) it costs 1.1 points of reachable key facts (a clause holds
    # fewer of them than its article) for the same gold citations: kept, because an answer cites
    # the clause that holds the question, not a whole article (DESIGN: clause-level citations)
    descend: bool = True
    # … or with the whole article when its title is what the question asks (select._ascend)
    ascend: bool = True
    # move to the sibling clause headed by the asked award (award_units.retarget): no effect on
    # the labelled sets' figures, but a provincial rule's clause for another award is no answer
    retarget_award: bool = True
    # for "who grants", lead with the catalog's kinds of the asked award (award_units.award_kinds)
    award_kinds: bool = True
    # "Bằng khen các cấp", "Huân chương Lao động các hạng": each member of the award's family by
    # its own reference for the asked intent (select._every_member)
    every_member: bool = True
    # units for the parts of a question that asks several things (answer.parts)
    question_parts: bool = True
    # the old law's counterpart when the question compares old and new
    old_law_counterpart: bool = True
    # related units (conditions, authority) shown beside the answer (select._related)
    related_units: bool = True
    # a first line stating the asked fact, cut from the quoted unit (answer.facts)
    fact_line: bool = True
    # the date the answer is for is read in the sentence that asks, not in a story told before
    # it (retrieve/query.asking_sentence): +0.7 key facts, +0.3 gold cited, +0.2 precision
    # cross-validated over 326 questions
    asked_date: bool = True

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def _names(variable: str) -> set[str]:
    names = {s.strip() for s in os.environ.get(variable, "").split(",") if s.strip()}
    unknown = names - set(AnswerSteps.names())
    if unknown:
        raise ValueError(f"unknown answer steps in {variable}: {sorted(unknown)}")
    return names


def _from_env() -> AnswerSteps:
    on, off = _names("TDKT_ANSWER_ON"), _names("TDKT_ANSWER_OFF")
    defaults = AnswerSteps()
    return AnswerSteps(
        **{
            name: (name in on or getattr(defaults, name)) and name not in off
            for name in AnswerSteps.names()
        }
    )


_local = threading.local()


def current() -> AnswerSteps:
    stack = getattr(_local, "stack", None)
    return stack[-1] if stack else _from_env()


@contextmanager
def switched(**changes: bool) -> Iterator[AnswerSteps]:
    """The current steps with ``changes`` for the block, in this thread."""
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    steps = replace(current(), **changes)
    stack.append(steps)
    try:
        yield steps
    finally:
        stack.pop()

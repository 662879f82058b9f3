"""The kind of fact a question asks for (amount, duration, deadline …) and whether a text
states one: the table in ``data/answer_types.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.domain.datafiles import read_yaml
from assistant.errors import ConfigError


@dataclass(frozen=True)
class AnswerType:
    name: str
    ask: re.Pattern
    states: re.Pattern
    fact: re.Pattern | None = None  # the fact itself, for the answer's first line
    label: dict[str, str] | None = None  # {"vi": …, "en": …}


def parse_answer_types(data: dict) -> tuple[AnswerType, ...]:
    out = []
    for name, spec in (data.get("types") or {}).items():
        try:
            ask = re.compile("|".join(f"(?:{p})" for p in spec["ask"]))
            states = re.compile("|".join(f"(?:{p})" for p in spec["states"]))
            fact = (
                re.compile("|".join(f"(?:{p})" for p in spec["fact"])) if "fact" in spec else None
            )
            label = dict(spec["label"]) if "label" in spec else None
        except (KeyError, TypeError, ValueError, re.error) as exc:
            raise ConfigError(f"answer type {name!r} in answer_types.yaml: {exc}") from None
        if (fact is None) != (label is None):
            raise ConfigError(f"answer type {name!r}: `fact` and `label` go together")
        out.append(AnswerType(name, ask, states, fact, label))
    return tuple(out)


@cache
def answer_types() -> tuple[AnswerType, ...]:
    return parse_answer_types(read_yaml("answer_types.yaml"))


def asked_types(folded_question: str) -> tuple[AnswerType, ...]:
    """The types a question asks for, in the table's order (folded, lower-case text)."""
    return tuple(t for t in answer_types() if t.ask.search(folded_question))


def states_type(kinds: tuple[AnswerType, ...], folded_text: str) -> float:
    """1 when the text states a fact of the first asked type, 0.5 of another, 0 of none."""
    for i, kind in enumerate(kinds):
        if kind.states.search(folded_text):
            return 1.0 if i == 0 else 0.5
    return 0.0

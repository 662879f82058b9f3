"""The kind of fact a question asks for (amount, duration, deadline …) and whether a text
states one: the table in ``data/answer_types.yaml``."""

from __future__ import annotations

import re
import unicodedata
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


@dataclass(frozen=True)
class QuantityUnit:
    """A unit a question may ask a quantity in (``quantities`` in answer_types.yaml)."""

    words: tuple[str, ...]  # as the question writes it (accented)
    states: re.Pattern  # folded text that states a quantity in this unit
    what_vi: str
    what_en: str
    near: tuple[str, ...]  # folded words of a provision that speaks of it without stating it
    of_the_award: bool = False  # an award's figure: only a provision naming the award states it


@dataclass(frozen=True)
class Quantities:
    before: re.Pattern  # group 1: the unit word
    after: re.Pattern  # group 1: the unit word
    units: dict[str, QuantityUnit]  # by unit word, folded (``fold(word)``)

    def asked(self, question: str) -> tuple[str, QuantityUnit] | None:
        """(the unit word as asked, folded; its unit) of the quantity a question asks, if any."""
        from assistant.text import fold

        text = unicodedata.normalize("NFC", question).lower()
        m = self.before.search(text) or self.after.search(text)
        if not m:
            return None
        word = fold(m.group(1))
        unit = self.units.get(word) or self.units.get(word.rstrip("s"))
        return (word, unit) if unit else None


def parse_quantities(data: dict) -> Quantities:
    from assistant.text import fold

    try:
        spec = data["quantities"]
        units: dict[str, QuantityUnit] = {}
        before: list[str] = []
        after: list[str] = []
        for u in spec["units"]:
            unit = QuantityUnit(
                words=tuple(u.get("before", ())) + tuple(u.get("after", ())),
                states=re.compile(u["states"]),
                what_vi=u["what"]["vi"],
                what_en=u["what"]["en"],
                near=tuple(u.get("near", ())),
                of_the_award=bool(u.get("of_the_award", False)),
            )
            before += u.get("before", ())
            after += u.get("after", ())
            for word in unit.words:
                units[fold(word)] = unit
        words = "|".join(re.escape(w) for w in before)
        ahead = spec["not_followed_by"]
        return Quantities(
            before=re.compile(f"{spec['asked_before']}({words})\\b(?!{ahead})"),
            after=re.compile(
                "\\b(" + "|".join(re.escape(w) for w in after) + ")\\b" + spec["asked_after"]
            ),
            units=units,
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ConfigError(f"quantities in answer_types.yaml: {exc}") from None


@cache
def quantities() -> Quantities:
    return parse_quantities(read_yaml("answer_types.yaml"))

"""What a question asks for: dossier, criteria, authority, procedure, amount, definition, plan,
temporal, format.

Cue words per intent, in Vietnamese (with or without diacritics) and English, live in
``data/intents.yaml``. A question often asks two things ("who proposes and who decides"), so
every intent with a cue is returned, best first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from assistant.domain.datafiles import read_yaml
from assistant.domain.phrases import PhraseMatcher, english_stem
from assistant.errors import ConfigError

INTENTS = (
    "dossier",
    "criteria",
    "authority",
    "procedure",
    "amount",
    "definition",
    "plan",
    "temporal",
    "format",
)


class IntentScore(NamedTuple):
    intent: str
    score: float


@dataclass(frozen=True)
class Cue:
    intent: str
    phrase: str
    weight: float


@dataclass(frozen=True)
class IntentTable:
    labels: dict[str, dict[str, str]]  # intent → {"vi": …, "en": …}
    matcher: PhraseMatcher[Cue]

    def detect(self, text: str) -> list[IntentScore]:
        scores: dict[str, float] = {}
        for hit in self.matcher.find(text):
            cue = hit.payload
            scores[cue.intent] = scores.get(cue.intent, 0.0) + cue.weight
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], INTENTS.index(kv[0])))
        return [IntentScore(intent, round(score, 3)) for intent, score in ranked]


def _cue(raw: str, intent: str) -> Cue:
    phrase, _, weight = str(raw).partition("|")
    try:
        return Cue(intent, phrase.strip(), float(weight) if weight else 1.0)
    except ValueError:
        raise ConfigError(
            f"intent cue {raw!r} of {intent!r} has a bad weight",
            fix='write "phrase" or "phrase|2.5"',
        ) from None


def parse_intents(data: dict) -> IntentTable:
    # English cues are stemmed ("deadlines" → "deadline"); Vietnamese syllables never end in
    # the suffixes the stemmer removes, so one matcher serves both languages.
    matcher: PhraseMatcher[Cue] = PhraseMatcher(word_map=english_stem)
    labels = {}
    for intent, spec in (data.get("intents") or {}).items():
        if intent not in INTENTS:
            raise ConfigError(f"unknown intent {intent!r} in intents.yaml", fix=f"use {INTENTS}")
        labels[intent] = {"vi": spec.get("label_vi", intent), "en": spec.get("label_en", intent)}
        for raw in [*(spec.get("vi") or []), *(spec.get("en") or [])]:
            cue = _cue(raw, intent)
            matcher.add(cue.phrase, cue)
    return IntentTable(labels, matcher)


@lru_cache(maxsize=1)
def load_intents() -> IntentTable:
    return parse_intents(read_yaml("intents.yaml"))


def detect_intents(text: str) -> list[IntentScore]:
    """Intents with their cue scores, best first; [] when no cue is present.

    >>> detect_intents("Hồ sơ đề nghị tặng Bằng khen gồm những gì?")[0].intent
    'dossier'
    """
    return load_intents().detect(text)


@lru_cache(maxsize=1)
def _every_member() -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher(word_map=english_stem)
    spec = read_yaml("intents.yaml").get("every_member") or {}
    for phrase in [*(spec.get("vi") or []), *(spec.get("en") or [])]:
        matcher.add(str(phrase), str(phrase))
    return matcher


def asks_every_member(text: str) -> bool:
    """The question asks about every level or class of an award at once ("Bằng khen các cấp",
    "each class of the Labour Order"): ``every_member`` in intents.yaml.

    >>> asks_every_member("Tiêu chuẩn Huân chương Lao động các hạng?")
    True
    """
    return bool(_every_member().find(text))

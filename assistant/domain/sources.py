"""Where kinds of questions are answered, and everyday phrasings of the texts' terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain.catalog import Ref, load_catalog
from assistant.domain.datafiles import read_yaml
from assistant.domain.phrases import fold


@dataclass(frozen=True)
class RetrievalHints:
    intent_refs: dict[str, tuple[Ref, ...]]
    intent_docs: dict[str, tuple[str, ...]]
    paraphrases: tuple[tuple[re.Pattern, str], ...]

    def expand(self, text: str) -> str:
        """The text plus the texts' own terms for any everyday phrasing it uses."""
        folded = fold(text.lower())
        extra = [terms for pattern, terms in self.paraphrases if pattern.search(folded)]
        return text if not extra else text + " " + " ".join(extra)


@lru_cache(maxsize=1)
def load_retrieval_hints() -> RetrievalHints:
    catalog = load_catalog()
    data = read_yaml("retrieval.yaml")
    refs: dict[str, tuple[Ref, ...]] = {}
    docs: dict[str, tuple[str, ...]] = {}
    for intent, spec in (data.get("intents") or {}).items():
        refs[intent] = tuple(
            r for key in spec.get("general") or () for r in catalog.general.get(key, ())
        )
        docs[intent] = tuple(catalog.docs[d] for d in spec.get("docs") or ())
    paraphrases = tuple(
        (re.compile(r"\b" + re.escape(fold(phrase.lower())) + r"\b"), terms)
        for phrase, terms in data.get("paraphrases") or ()
    )
    return RetrievalHints(refs, docs, paraphrases)

"""Where kinds of questions are answered, and everyday phrasings of the texts' terms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain.catalog import Ref, load_catalog, parse_ref
from assistant.domain.datafiles import read_yaml
from assistant.domain.phrases import fold


@dataclass(frozen=True)
class RetrievalHints:
    intent_refs: dict[str, tuple[Ref, ...]]
    intent_docs: dict[str, tuple[str, ...]]
    paraphrases: tuple[tuple[re.Pattern, str], ...]
    authorities: tuple[tuple[re.Pattern, tuple[Ref, ...]], ...] = ()

    def authority_refs(self, text: str) -> tuple[Ref, ...]:
        """Provisions giving the powers of the office holders a text names (longest name wins)."""
        folded = fold(text.lower())
        out: list[Ref] = []
        for pattern, refs in self.authorities:
            if pattern.search(folded):
                out.extend(r for r in refs if r not in out)
        return tuple(out)

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
    authorities = []
    for i, spec in enumerate(data.get("authorities") or ()):
        names = sorted((fold(n.lower()) for n in spec["names"]), key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        authorities.append(
            (
                pattern,
                tuple(
                    parse_ref(r, catalog.docs, f"retrieval.yaml authorities[{i}]")
                    for r in spec["refs"]
                ),
            )
        )
    return RetrievalHints(refs, docs, paraphrases, tuple(authorities))

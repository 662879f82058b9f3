"""Case- and diacritic-insensitive phrase matching over Vietnamese and English text.

Every domain table (awards, glossary, intents, levels) is matched the same way: the text is cut
into folded tokens ("Bằng khen" → "bang", "khen"), phrases are walked through a token trie, and
overlapping hits are resolved longest first. Spans always point into the caller's original
string, so a UI can highlight exactly what was recognised.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from assistant.text import ascii_fold

T = TypeVar("T")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    # One character at a time so that every folded token keeps its offsets in the original
    # string; combining marks fold to "" and simply join the token they belong to.
    if unicodedata.combining(ch):
        return ""
    folded = ascii_fold(ch).lower()
    return folded if folded.isalnum() else " "


@dataclass(frozen=True)
class Token:
    text: str  # folded: lower case, no diacritics
    start: int  # offsets in the original string
    end: int


def tokenize(text: str) -> list[Token]:
    """Folded alphanumeric tokens of `text` with their spans in `text`."""
    tokens: list[Token] = []
    buf: list[str] = []
    start = -1
    end = -1
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        if f == "":
            if buf:
                end = i + 1
            continue
        if f == " ":
            if buf:
                tokens.append(Token("".join(buf), start, end))
                buf = []
            continue
        if not buf:
            start = i
        buf.append(f)
        end = i + 1
    if buf:
        tokens.append(Token("".join(buf), start, end))
    return tokens


def fold(text: str) -> str:
    """ "Bằng khen của Chủ tịch UBND" → "bang khen cua chu tich ubnd"."""
    return " ".join(t.text for t in tokenize(text))


@dataclass(frozen=True)
class PhraseHit(Generic[T]):
    payload: T
    phrase: str  # the folded phrase that matched
    start: int  # span in the original text
    end: int
    first_token: int
    n_tokens: int

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


class PhraseMatcher(Generic[T]):
    """A token trie of folded phrases, each carrying a payload (an award, a term, a cue …)."""

    _END = "\x00"

    def __init__(
        self,
        entries: Iterable[tuple[str, T]] = (),
        *,
        word_map: Callable[[str], str] | None = None,
    ) -> None:
        """`word_map` rewrites every folded word on both sides (e.g. ``english_stem``)."""
        self._root: dict = {}
        self._size = 0
        self._map = word_map or (lambda w: w)
        for phrase, payload in entries:
            self.add(phrase, payload)

    def __len__(self) -> int:
        return self._size

    def add(self, phrase: str, payload: T) -> None:
        words = [self._map(t.text) for t in tokenize(phrase)]
        if not words:
            return
        node = self._root
        for w in words:
            node = node.setdefault(w, {})
        payloads = node.setdefault(self._END, [])
        if payload not in payloads:
            payloads.append(payload)
            self._size += 1

    def find_all(self, text: str | list[Token]) -> list[PhraseHit[T]]:
        """Every hit, overlapping ones included."""
        tokens = tokenize(text) if isinstance(text, str) else text
        words = [self._map(t.text) for t in tokens]
        hits: list[PhraseHit[T]] = []
        for i in range(len(tokens)):
            node = self._root
            j = i
            while j < len(tokens) and words[j] in node:
                node = node[words[j]]
                j += 1
                for payload in node.get(self._END, ()):
                    phrase = " ".join(t.text for t in tokens[i:j])
                    hits.append(
                        PhraseHit(payload, phrase, tokens[i].start, tokens[j - 1].end, i, j - i)
                    )
        return hits

    def find(self, text: str | list[Token]) -> list[PhraseHit[T]]:
        """Non-overlapping hits, longest first, returned in text order.

        Several payloads on the very same phrase are all kept (a synonym shared by two awards is
        reported for both); a shorter phrase inside a longer hit is dropped.
        """
        hits = self.find_all(text)
        hits.sort(key=lambda h: (-h.n_tokens, h.first_token))
        taken: list[PhraseHit[T]] = []
        used: set[int] = set()
        for h in hits:
            idx = set(range(h.first_token, h.first_token + h.n_tokens))
            same = [t for t in taken if t.first_token == h.first_token and t.n_tokens == h.n_tokens]
            if idx & used and not same:
                continue
            taken.append(h)
            used |= idx
        taken.sort(key=lambda h: (h.first_token, -h.n_tokens))
        return taken


def english_variants(phrase: str) -> list[str]:
    """A phrase and its plural ("certificate of merit" → "certificates of merit" too).

    English glossary entries are written in the singular; officials write both.
    """
    words = phrase.split()
    if not words:
        return []
    out = {phrase}
    # Pluralise the head noun: the last word, or the word before "of" ("certificates of merit").
    heads = [len(words) - 1]
    if "of" in words[1:]:
        heads.append(words.index("of") - 1)
    for h in heads:
        w = words[h]
        if len(w) < 3 or not w.isalpha():
            continue
        if w.endswith("y") and w[-2] not in "aeiou":
            plural = w[:-1] + "ies"
        elif w.endswith(("s", "x", "ch", "sh")):
            plural = w + "es"
        else:
            plural = w + "s"
        out.add(" ".join(words[:h] + [plural] + words[h + 1 :]))
    return sorted(out)


def english_stem(word: str) -> str:
    """A light English stemmer: "submitted", "submits", "submitting" → "submit".

    Only for English-only tables (the glossary): Vietnamese syllables never end in these
    suffixes, but stemming both sides keeps matching symmetric anyway.
    """
    if not word.isalpha() or len(word) <= 3:
        return word
    stem = word
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            if suffix == "s" and stem.endswith(("ss", "us", "is")):
                continue
            stem = stem[: -len(suffix)] + repl
            break
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeious":
        stem = stem[:-1]  # submitt → submit, cancell → cancel; keep "ss"
    if len(stem) > 3 and stem.endswith("e"):
        stem = stem[:-1]  # decide / decided / deciding → decid
    return stem

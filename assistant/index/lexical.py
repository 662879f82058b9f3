"""How much of a question a provision's words cover: the signal behind unit choice and abstention.

A question's content words (syllables and syllable bigrams, diacritic-folded, question words
dropped) are weighted by how rare they are in the indexed provisions (IDF), so "giấy phép lái xe"
(never in the pack) weighs heavily and "khen thưởng" (everywhere) weighs little. A provision
covers a question by the share of that weight its own words hold.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import fsum

from assistant.index.tokenizer import fold

_WORD = re.compile(r"[^\W_]+")

# Question and function words (folded): they say how something is asked, not what about.
_STOP = frozenset(
    """
    gi nao nhung cac co khong duoc thi la cua cho va hoac bao nhieu may ai the sao ra phai can
    khi neu muon theo ve trong voi da dang se nay do toi minh chung ta mot hay nhu vay con nua
    lam bi boi tu den tai vi de ma thoi roi o dau luc nhe a u oi hien bay gio cu chinh xac gom
    biet xin hoi tren duoi sau truoc lan nhat
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_EN_STOP = frozenset(
    """
    what which who whom whose when where why how is are was were be been being do does did the a
    an of for to in on at by with from and or not no can could should would will shall may might
    must i we you he she it they my our your his her its their me us them this that these those
    there here about into than then so if as any all some much many need needs get got have has
    had
    """.split()  # noqa: SIM905
)
BIGRAM_WEIGHT = 1.5


def _syllables(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower()
    out = []
    for m in _WORD.finditer(text):
        w = m.group()
        out.append((w.lstrip("0") or "0") if w.isdigit() else fold(w))
    return out


def content_tokens(text: str, *, drop: Iterable[str] = ()) -> set[str]:
    """Folded syllables and bigrams of `text`, without question words and without `drop`."""
    sylls = _syllables(text)
    dropped = set(drop)
    out: set[str] = set()
    for i, s in enumerate(sylls):
        if s not in _STOP and s not in _EN_STOP and s not in dropped:
            out.add(s)
        if i and not ({sylls[i - 1], s} <= _STOP):
            out.add(f"{sylls[i - 1]}_{s}")
    return out - dropped


def unit_tokens(text: str) -> set[str]:
    """Every folded syllable and bigram of a provision's text (nothing dropped)."""
    sylls = _syllables(text)
    out = set(sylls)
    out.update(f"{a}_{b}" for a, b in zip(sylls, sylls[1:], strict=False))
    return out


@dataclass
class Idf:
    """Inverse document frequency over the provisions' own texts."""

    n: int
    df: Counter
    _weights: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, texts: Iterable[str]) -> Idf:
        df: Counter = Counter()
        n = 0
        for text in texts:
            n += 1
            df.update(unit_tokens(text))
        return cls(n, df)

    def weight(self, token: str) -> float:
        w = self._weights.get(token)
        if w is None:
            w = math.log((self.n + 1) / (self.df.get(token, 0) + 0.5))
            w *= BIGRAM_WEIGHT if "_" in token else 1.0
            self._weights[token] = w
        return w

    def coverage(self, question: set[str], unit: set[str]) -> float:
        """Share of the question's weight that the unit's words hold (0..1)."""
        total = fsum(self.weight(t) for t in question)
        if total <= 0:
            return 0.0
        return fsum(self.weight(t) for t in question if t in unit) / total

    def distinctive(self, question: set[str], n: int = 3) -> set[str]:
        """The question's ``n`` rarest words that the texts use (the ones that tell units
        apart: "thai_sản" among "xét", "lao_động", "tiên_tiến")."""
        known = sorted((t for t in question if t in self.df), key=lambda t: (-self.weight(t), t))
        return set(known[:n])

    def unknown_share(self, question: set[str]) -> float:
        """Share of the question's weight in words the indexed texts never use."""
        total = fsum(self.weight(t) for t in question)
        if total <= 0:
            return 0.0
        return fsum(self.weight(t) for t in question if t not in self.df) / total


# Abbreviations officials write for the words the texts spell out (folded, whole words).
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "tdkt": "thi dua khen thuong",
    "cstd": "chien si thi dua",
    "cstdcs": "chien si thi dua co so",
    "ldtt": "lao dong tien tien",
    "tldtt": "tap the lao dong tien tien",
    "tldxs": "tap the lao dong xuat sac",
    "nd": "nghi dinh",
    "qd": "quyet dinh",
    "kh": "ke hoach",
    "ttg": "thu tuong",
}
_ABBREV = re.compile(r"\b(" + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")\b")


def expand_abbreviations(text: str) -> str:
    """The text with common abbreviations written out (folded): "UBND tỉnh" → "uy ban nhan dan
    tinh". Used for matching only; nothing shown to a user goes through it."""
    folded = fold(unicodedata.normalize("NFC", text).lower())
    return _ABBREV.sub(lambda m: _ABBREVIATIONS[m.group(1)], folded)


def question_tokens(question: str, search_text: str, language: str) -> set[str]:
    """Content tokens of a question. An English question counts only the Vietnamese terms its
    translation added (and its numbers): English words never occur in the texts."""
    if language == "en":
        extra = search_text[len(question) :] if search_text.startswith(question) else ""
        numbers = " ".join(re.findall(r"\d+(?:[/.,]\d+)*", question))
        return content_tokens(expand_abbreviations(f"{extra} {numbers}"))
    return content_tokens(expand_abbreviations(search_text))

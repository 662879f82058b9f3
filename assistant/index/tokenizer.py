"""Lexical tokens for BM25 over Vietnamese legal text.

Vietnamese writes one syllable per space-separated unit and most words are two syllables
("hồ sơ", "khen thưởng"), so the index holds syllables plus syllable bigrams ("hồ_sơ"). Every
token is also indexed in its diacritic-folded form ("ho", "ho_so"; "đ" → "d"), and a query is
expanded the same way: an accented query then matches accented text exactly (both forms score),
a folded query ("ho so") still reaches accented text through the folded forms, and an accented
query reaches text typed without diacritics.

One-character syllables ("ở", "a" in "điểm a") and numbers are kept: they carry meaning in
citations ("Điều 5", "khoản 2"). Numbers drop their leading zeros ("02 năm" and "2 năm" are the
same period), and a number written with separators ("06/2022/QH15", "01/01/2024",
"98/2023/NĐ-CP") is also kept whole so a số hiệu or a date matches as one token.

Bump TOKENIZER_VERSION whenever the output for some text changes: indexes built with another
version are refused (IndexMismatchError) instead of silently ranking with mismatched tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from assistant.text import fold

TOKENIZER_VERSION = "vi-syl-bigram-fold-1"

# A syllable or number: a run of letters and digits (underscore excluded: it joins bigrams).
_WORD = re.compile(r"[^\W_]+")
# Words joined by one of these, with a digit among them, are also kept whole: "06/2022/qh15",
# "01/01/2024", "1.2", "2.000.000". The chains are built from the word matches in one pass (a
# backtracking pattern for them costs time quadratic in the length of a run of letters).
_JOINERS = frozenset("/.-")
_DIGIT = re.compile(r"\d")


def _canonical(word: str) -> str:
    # "02" and "2" name the same quantity; keep "0" itself.
    if word.isdigit():
        return word.lstrip("0") or "0"
    return word


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _base_tokens(text: str) -> Iterator[str]:
    """Syllables, bigrams and compound numbers of normalised text, without folded forms.

    One pass over the word matches: every character is looked at a bounded number of times, so
    the cost is linear in the length of the text whatever it holds.
    """
    previous: str | None = None
    previous_end = -1
    compounds: list[str] = []
    chain_start = chain_end = -1  # the run of words joined by single "/", "." or "-"
    chain_words = 0

    def close_chain() -> None:
        if chain_words > 1:
            compound = text[chain_start:chain_end]
            if _DIGIT.search(compound):
                compounds.append(compound)

    for match in _WORD.finditer(text):
        word = _canonical(match.group())
        start, end = match.span()
        yield word
        gap = text[previous_end:start] if previous is not None else ""
        # Bigrams join syllables separated by whitespace only: punctuation ends a phrase, so
        # "khen thưởng, kỷ luật" gives no "thưởng_kỷ".
        if previous is not None and gap.isspace():
            yield f"{previous}_{word}"
        if previous is not None and len(gap) == 1 and gap in _JOINERS:
            chain_words += 1
        else:
            close_chain()
            chain_start, chain_words = start, 1
        chain_end = end
        previous = word
        previous_end = end
    close_chain()
    yield from compounds


def _with_folded(tokens: Iterator[str]) -> list[str]:
    out: list[str] = []
    append = out.append
    for token in tokens:
        append(token)
        folded = fold(token)
        if folded != token:
            append(folded)
    return out


def tokenize(text: str) -> list[str]:
    """Tokens of a document text: syllables, bigrams, compound numbers, and their folded forms.

    >>> tokenize("Điều 5")
    ['điều', 'dieu', '5', 'điều_5', 'dieu_5']
    """
    return _with_folded(_base_tokens(_normalise(text)))


def tokenize_query(text: str) -> list[str]:
    """Tokens of a query: the same tokens as ``tokenize``, each once.

    A repeated word in a question ("hồ sơ … hồ sơ") does not make it more important, so
    duplicates are dropped; order is kept for readability in logs.
    """
    return list(dict.fromkeys(tokenize(text)))

"""EN ↔ VI vocabulary of the domain: query translation and language detection.

The law is Vietnamese and officials also ask in English. ``translate_query`` keeps the English
question and appends the Vietnamese terms the texts use, so lexical and dense retrieval both
find the Vietnamese provisions. ``detect_language`` decides which language to answer in; it
reads unaccented Vietnamese ("ho so bang khen") as Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.domain.catalog import load_catalog
from assistant.domain.datafiles import read_yaml
from assistant.domain.phrases import PhraseMatcher, Token, english_stem, fold, tokenize
from assistant.errors import ConfigError


@dataclass(frozen=True)
class Entry:
    en: tuple[str, ...]
    vi: tuple[str, ...]  # the first is the preferred Vietnamese term


@dataclass(frozen=True)
class TermMatch:
    entry: Entry
    span: tuple[int, int]
    surface: str


@dataclass(frozen=True)
class Glossary:
    entries: tuple[Entry, ...]
    english_words: frozenset[str] = frozenset()  # for detect_language
    vietnamese_words: frozenset[str] = frozenset()  # unaccented, not English
    _en: PhraseMatcher = field(default_factory=PhraseMatcher, repr=False, compare=False)
    _vi: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    def find(self, text: str | list[Token]) -> list[TermMatch]:
        """English glossary phrases in `text`, longest first."""
        tokens = tokenize(text) if isinstance(text, str) else text
        raw = text if isinstance(text, str) else None
        out = []
        for hit in self._en.find(tokens):
            surface = raw[hit.start : hit.end] if raw is not None else hit.phrase
            out.append(TermMatch(hit.payload, hit.span, surface))
        return out

    def vi_for(self, en_term: str) -> tuple[str, ...]:
        """Vietnamese terms for one English term ("dossier" → ("hồ sơ",)); () if unknown."""
        n = len(tokenize(en_term))
        hits = [h for h in self._en.find(en_term) if h.n_tokens == n]
        return hits[0].payload.vi if hits else ()

    def en_for(self, vi_term: str) -> tuple[str, ...]:
        """English terms for one Vietnamese term ("hồ sơ" → ("dossier", …)); () if unknown."""
        entry = self._vi.get(fold(vi_term))
        return entry.en if entry else ()


def parse_glossary(data: dict) -> Glossary:
    entries: list[Entry] = []
    matcher: PhraseMatcher[Entry] = PhraseMatcher(word_map=english_stem)
    by_vi: dict[str, Entry] = {}
    for i, raw in enumerate(data.get("entries") or []):
        en, vi = raw.get("en") or [], raw.get("vi") or []
        if not en or not vi:
            raise ConfigError(
                f"glossary entry {i} needs both 'en' and 'vi' terms: {raw!r}",
                fix="give every entry at least one English and one Vietnamese term",
            )
        entry = Entry(tuple(str(e) for e in en), tuple(str(v) for v in vi))
        entries.append(entry)
        for phrase in entry.en:
            matcher.add(phrase, entry)
        for term in entry.vi:
            # The first entry naming a Vietnamese term is its main English rendering.
            by_vi.setdefault(fold(term), entry)
    lang = data.get("language") or {}
    return Glossary(
        tuple(entries),
        frozenset(str(lang.get("english_words", "")).split()),
        frozenset(str(lang.get("vietnamese_words", "")).split()),
        matcher,
        by_vi,
    )


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    return parse_glossary(read_yaml("glossary.yaml"))


def translate_query(en_text: str) -> str:
    """The English question followed by the Vietnamese terms it maps to.

    Award names come from the catalog ("Labour Order third class" → "Huân chương Lao động hạng
    Ba"); other words from the glossary. Words inside a recognised award name are not
    translated again. A Vietnamese question is returned unchanged.

    >>> translate_query("What dossier is needed?")
    'What dossier is needed? hồ sơ'
    """
    if detect_language(en_text) == "vi":
        return en_text
    tokens = tokenize(en_text)
    terms: list[str] = []
    covered: list[tuple[int, int]] = []
    for m in load_catalog().match(en_text):
        if m.lang != "en":
            continue
        terms.append(m.award.name_vi)
        terms.extend(m.award.synonyms[:1])
        if m.ambiguity == "thanh_pho":
            terms.append("thành phố trực thuộc trung ương")
        covered.append(m.span)
    for t in load_glossary().find(tokens):
        if any(s <= t.span[0] and t.span[1] <= e for s, e in covered):
            continue
        terms.extend(t.entry.vi)
    seen: set[str] = set()
    unique = []
    for term in terms:
        key = fold(term)
        if key and key not in seen and key not in fold(en_text):
            seen.add(key)
            unique.append(term)
    return f"{en_text} {' '.join(unique)}".strip() if unique else en_text


# ----------------------------------------------------------------------------- language

_ONSET = r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnprstvx])?"
_NUCLEUS = (
    r"(?:uye|uya|uyu|uoi|uou|ieu|yeu|oai|oay|oao|oeo|uay|"
    r"ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|[aeiouy])"
)
_CODA = r"(?:ch|nh|ng|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")


def _has_vi_marks(word: str) -> bool:
    if "đ" in word or "Đ" in word:
        return True
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word))


def detect_language(text: str) -> str:
    """Return "vi" or "en" for a question.

    Each word votes: Vietnamese diacritics or a common unaccented Vietnamese word count for
    Vietnamese; a common English word, or a word that cannot be a Vietnamese syllable
    ("dossier", "merit"), counts for English. Other words that could be unaccented Vietnamese
    syllables count half. A quoted Vietnamese title inside an English question does not
    outvote the English around it. Ties go to Vietnamese, the language of the corpus.
    """
    glossary = load_glossary()
    vi = en = 0.0
    for tok in tokenize(text):
        word = tok.text
        if word.isdigit():
            continue
        if _has_vi_marks(text[tok.start : tok.end]):
            vi += 1
        elif word in glossary.english_words:
            en += 1
        elif word in glossary.vietnamese_words:
            vi += 1
        elif not _SYLLABLE.match(word):
            en += 1
        else:
            vi += 0.5
    return "en" if en > vi else "vi"

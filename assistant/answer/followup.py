"""Follow-up questions: "còn Giấy khen thì sao?" after a question about a Bằng khen.

A follow-up names a new entity (an award, a level) and leans on the previous question for the
rest. It is rewritten into a full question before retrieval by putting the new entity where the
previous question named its own (the intent words stay), or, when the previous question named
none, by adding the new words to it. The chat history is a sequence of (question, answer) pairs;
earlier follow-ups are resolved first, so a chain of them keeps its subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.domain import detect_intents, detect_levels, match_awards

_CUE_VI = re.compile(
    r"^\s*(?:thế còn|vậy còn|còn|thế|vậy|với|đối với|trường hợp)\b|"
    r"(?:thì sao|thế nào|ra sao|được không|thì thế nào)\s*\??\s*$",
    re.IGNORECASE,
)
_CUE_EN = re.compile(
    r"^\s*(?:what about|how about|and what about|and for|and the|and|same for|what if)\b|"
    r"\b(?:instead|then)\s*\??\s*$",
    re.IGNORECASE,
)
_STRIP = re.compile(
    r"^\s*(?:thế còn|vậy còn|còn|thế|vậy|và|what about|how about|and what about|and for|and|"
    r"same for)\s+|(?:\s+(?:thì sao|thế nào|ra sao|thì thế nào|instead|then))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
MAX_FOLLOWUP_WORDS = 10
# A rewritten question holds at most about two questions' worth of text (the previous question
# and the follow-up); a longer rewrite is not made and the follow-up stands alone.
MAX_REWRITTEN_CHARS = 4000


def is_followup(question: str) -> bool:
    words = question.split()
    if len(words) > MAX_FOLLOWUP_WORDS:
        return False
    if _CUE_VI.search(question) or _CUE_EN.search(question):
        return True
    # a bare entity ("Giấy khen?") asks nothing by itself
    return len(words) <= 4 and not detect_intents(question)


def core(question: str) -> str:
    """The new entity of a follow-up: "còn Giấy khen thì sao?" → "Giấy khen"."""
    text = question
    for _ in range(2):
        text = _STRIP.sub("", text).strip()
    return _ARTICLE.sub("", text).strip() or question.strip()


def _swap(previous: str, span: tuple[int, int], new: str) -> str:
    return previous[: span[0]] + new + previous[span[1] :]


def rewrite(question: str, previous: str | None) -> str | None:
    """The follow-up as a full question, or None when it is not a follow-up."""
    if not previous or not is_followup(question):
        return None
    full = _rewrite(question, previous)
    return full if len(full) <= MAX_REWRITTEN_CHARS else None


def _rewrite(question: str, previous: str) -> str:
    entity = core(question)
    new_awards = match_awards(entity)
    old_awards = match_awards(previous)
    if new_awards and old_awards:
        first = min(old_awards, key=lambda m: m.span[0])
        # the longest award phrase that starts where the first does ("Bằng khen của Chủ tịch …")
        span = max(
            (m.span for m in old_awards if m.span[0] == first.span[0]), key=lambda s: s[1] - s[0]
        )
        return _swap(previous, span, entity)
    new_levels = detect_levels(entity).mentions
    old_levels = detect_levels(previous).mentions
    if new_levels and old_levels and not new_awards:
        first = min(old_levels, key=lambda m: m.start)
        return _swap(previous, (first.start, first.end), entity)
    stem = previous.rstrip(" ?.!")
    return f"{stem} — {entity}?"


def resolve(question: str, history: Sequence[tuple[str, str]]) -> str | None:
    """The current question rewritten against the history, or None when it stands alone."""
    full: str | None = None
    for asked, _answer in history:
        full = rewrite(asked, full) or asked
    return rewrite(question, full)

"""Questions that ask two or three things, and the unit that answers each.

"Ai đề nghị và ai quyết định?", "cơ quan nào lo kinh phí và cơ quan nào theo dõi?", "hồ sơ gồm
những gì, gửi đến đâu và hạn chót khi nào?" ask several things in one sentence; the best unit
for the whole question usually answers one of them. The question is cut at its commas and
conjunctions, and pieces are joined until each holds one question word ("ai", "gì", "nào",
"bao lâu", "khi nào", "đâu", "who", "what" …): those are its parts. A part's own words are the
content words no other part holds and that do not name the answer's document ("kế hoạch năm
2025 của huyện Tam Đường" picks the plan, not its section). A part that asks "when" or "how
long" also asks for a date. A part the chosen units leave unanswered gets the candidate that
holds most of it — a retrieved unit near the top, or a neighbour of a chosen unit (another
clause of its article, another item of its plan section).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answer.rank import Scored
from assistant.corpus import Corpus
from assistant.index.lexical import _ABBREV, _ABBREVIATIONS, _EN_STOP
from assistant.index.tokenizer import fold

# Cuts: a comma or semicolon, "và", "hay", "and" (a part is re-joined when it asks nothing).
_CUT = re.compile(r"\s*[,;]\s+|\s+(?:và|hay|hoặc|and|or)\s+", re.IGNORECASE)
_LEADING = re.compile(r"^(?:và|hay|hoặc|and|or)\s+", re.IGNORECASE)
# Question words, on the folded lower-case text. "không" asks only at the end of a piece
# ("có bị tước danh hiệu không"); elsewhere it negates ("không được").
_ASKS = re.compile(
    r"\b(ai|gi|nao|bao nhieu|bao lau|khi nao|dau|the nao|ra sao|may|"
    r"who|whom|what|when|where|which|how|whether)\b|\b(khong|chua)\s*\??\s*$"
)
# A part asking for a date or a period ("hạn chót khi nào", "kéo dài bao lâu", "deadline").
_ASKS_DATE = re.compile(
    r"\b(khi nao|bao lau|ngay nao|thoi han|han chot|han nop|han gui|truoc ngay|thoi gian nao|"
    r"when|how long|deadline|by what date)\b"
)
# A date or a period written in a unit: "05/7/2021", "01/10/2020 - 30/6/2021", "ngày 15 tháng 6".
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\bngay \d{1,2} thang \d{1,2}\b")
PART_COVERED = 0.5  # a part is answered when the chosen units hold this share of it
PART_GAIN = 0.5  # … and a unit answers an unanswered part when it holds this share of it
PART_MARGIN = 0.25  # … and this much more of it than the chosen units do
TOP_CANDIDATES = 6
CLOSE_CANDIDATES = 3  # … of which these may come from another document than the answer's
DATE_SHARE = 0.4  # weight of "states a date" in answering a part that asks when  # retrieved units considered for a part (best first)


@dataclass(frozen=True)
class Part:
    text: str
    tokens: frozenset[str]  # its own words: content tokens no other part holds
    asks_date: bool = False


def split_question(question: str) -> list[str]:
    """The pieces of a question that each ask something, in order (one piece when it asks
    one thing)."""
    text = unicodedata.normalize("NFC", question).strip().rstrip("?.! ")
    pieces = [_LEADING.sub("", p) for p in _CUT.split(text) if p and p.strip()]
    parts: list[str] = []
    pending = ""
    for piece in pieces:
        asks = bool(_ASKS.search(fold(piece.lower())))
        if not parts and not asks and len(pieces) > 1:
            # "Trong kế hoạch … của huyện Tam Đường, cơ quan nào …": what comes before the
            # first question word sets the scene for every part, it is none of them
            continue
        joined = f"{pending}, {piece}" if pending else piece
        if asks:
            parts.append(joined)
            pending = ""
        else:
            pending = joined
    if pending:
        if parts:
            parts[-1] = f"{parts[-1]}, {pending}"
        else:
            parts.append(pending)
    return parts


# Function and question words, accented: folded "hoi" is "hỏi" and "hội", "tu" is "từ" and
# "tù", "trong" is "trong" and "trọng"; only the first of each is a function word.
_FUNCTION = frozenset(
    """
    gì nào những các có không được thì là của cho và hoặc bao nhiêu mấy ai thế sao ra phải cần
    khi nếu muốn theo về trong với đã đang sẽ này đó tôi mình chúng ta một hay như vậy còn nữa
    làm bị bởi từ đến tại vì để mà thôi rồi ở đâu lúc nhé ạ hiện bây giờ gồm biết xin hỏi
    trên dưới sau trước lần nhất do thì lo người nay
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# What a question word asks for, in the words the texts use for it ("kéo dài bao lâu" is
# answered by "Thời gian thi đua: …", the "vai trò" of a council by "tham mưu, tư vấn"). The
# phrase is replaced by them (the texts never say "vai trò"), each term its own phrase.
_ANSWER_WORDS = (
    (re.compile(r"\b(bao lau|how long|keo dai)\b"), "thời gian"),
    (re.compile(r"\b(khi nao|ngay nao|han chot|when|deadline)\b"), "thời gian | thời hạn"),
    (re.compile(r"\b(vai tro|chuc nang|role)\b"), "tham mưu | tư vấn | trách nhiệm | chức năng"),
    (re.compile(r"\b(vi tri|position|placed)\b"), "phía | bên | canh giữa | ô số"),
)


def _content(text: str) -> set[str]:
    """Folded syllables and bigrams without function words: "kinh phí", not "của huyện" (a
    bigram across a function word says nothing about the answer)."""
    text = unicodedata.normalize("NFC", text).lower()
    # fold() keeps one character per character: a match on the folded text is a span of the
    # accented one ("TĐKT" → "thi đua khen thưởng")
    for m in reversed(list(_ABBREV.finditer(fold(text)))):
        text = f"{text[: m.start()]}{_ABBREVIATIONS[m.group(1)]}{text[m.end() :]}"
    for rx, words in _ANSWER_WORDS:
        m = rx.search(fold(text))
        if m:
            text = f"{text[: m.start()]} | {words} | {text[m.end() :]}"
    # punctuation ends a phrase: "Tam Đường, cơ quan" makes no bigram
    sylls = re.findall(r"[^\W_]+|[|,;:.()?]", text)
    keep = [
        None if (not w[0].isalnum() or w in _FUNCTION or w in _EN_STOP) else fold(w) for w in sylls
    ]
    out = {f"{a}_{b}" for a, b in zip(keep, keep[1:], strict=False) if a and b}
    # a syllable counts alone only when it stands alone: "động" of "phát động" is no match
    # for "lao động"
    padded = [None, *keep, None]
    out |= {w for i, w in enumerate(keep) if w and not padded[i] and not padded[i + 2]}
    return out


def doc_words(view: Corpus, pids: Iterable[str]) -> set[str]:
    """Words that name the documents of `pids` (title, issuer, place, number)."""
    out: set[str] = set()
    for doc_id in {view.provisions[p].doc_id for p in pids if p in view.provisions}:
        out |= view.naming_tokens(doc_id)
    return out


def question_parts(
    question: str, language: str, view: Corpus, naming: set[str] = frozenset()
) -> list[Part]:
    """The parts of a question with their own words; [] when it asks one thing. `naming`:
    words that name the answer's documents, which tell no part from another."""
    texts = split_question(question)
    if len(texts) < 2:
        return []
    token_sets = []
    for t in texts:
        if language == "en":
            from assistant.domain import translate_query

            translated = translate_query(t)
            t = translated[len(t) :] if translated.startswith(t) else translated
        # words the texts never use stay: a part asking "bắt buộc" is not answered by a unit
        # that merely shares its other words ("phong trào", "tham gia")
        token_sets.append(_content(t) - set(naming))
    out = []
    for i, (text, toks) in enumerate(zip(texts, token_sets, strict=True)):
        others = set().union(*(s for j, s in enumerate(token_sets) if j != i))
        own = frozenset(toks - others)
        asks_date = bool(_ASKS_DATE.search(fold(text.lower())))
        if own or asks_date:
            out.append(Part(text, own, asks_date))
    return out if len(out) >= 2 else []


def has_date(view: Corpus, pid: str) -> bool:
    return bool(_DATE.search(fold(view.text(pid).lower())))


def share(view: Corpus, part: Part, held: Iterable[str], dated: bool = False) -> float:
    """How much of a part `held` (a unit's words; `dated`: it states a date) answers: the
    share of the part's own IDF-weighted words, averaged with the date it asks for."""
    words = view.idf.coverage(set(part.tokens), set(held)) if part.tokens else None
    if not part.asks_date:
        return words or 0.0
    # a date alone does not answer "how long" (a plan states many): the words must help
    return 1.0 * dated if words is None else DATE_SHARE * dated + (1 - DATE_SHARE) * words


def _neighbours(view: Corpus, pid: str) -> list[str]:
    """The other units under the same parent: clauses of an article, items of a plan section
    (not other articles of a chapter: those are other subjects)."""
    p = view.provisions[pid]
    parent = view.provisions.get(p.parent_id or "")
    if parent is None or parent.kind in ("document", "root") or p.kind == "dieu":
        return []
    return [c for c in parent.children if c != pid and c in view.provisions]


@dataclass(frozen=True)
class PartUnits:
    added: tuple[str, ...] = ()  # units for parts the shown ones leave unanswered, in order
    leads: bool = False  # the first of them answers what the lead was chosen for, and more


def answer_parts(
    q, view: Corpus, qtokens: set[str], shown: list[str], scored: list[Scored]
) -> PartUnits:
    """Units for the parts of the question the `shown` units leave unanswered ("… ai đề nghị
    và ai quyết định?"): greedily, the retrieved unit or neighbour that answers most of the
    open parts. When the lead (the only unit shown) answers none of the parts and the first
    unit found answers at least as much of each, that unit should lead instead."""
    if not shown:
        return PartUnits()
    parts = question_parts(q.question, q.language, view, doc_words(view, shown[:1]))
    if not parts:
        return PartUnits()

    def answered(pids: list[str]) -> list[float]:
        held: set[str] = set()
        for pid in pids:
            held |= view.text_tokens(pid)
        dated = any(has_date(view, pid) for pid in pids)
        return [share(view, part, held, dated) for part in parts]

    near = {pid for s in shown for pid in _neighbours(view, s)}
    docs = {view.provisions[s].doc_id for s in shown}
    # a part is answered in the answer's own document, or by a unit retrieval ranks near the top
    top = [
        s.provision_id
        for i, s in enumerate(scored[:TOP_CANDIDATES])
        if i < CLOSE_CANDIDATES or view.provisions[s.provision_id].doc_id in docs
    ]
    cands = list(dict.fromkeys(top + sorted(near)))
    added: list[str] = []
    while True:
        have = answered(shown + added)
        open_parts = [i for i, h in enumerate(have) if h < PART_COVERED]
        if not open_parts:
            break
        taken = shown + added
        best, best_key = None, 0.0
        for pid in cands:
            if any(pid == t or pid.startswith(t + "/") or t.startswith(pid + "/") for t in taken):
                continue
            if view.provisions[pid].kind in ("document", "footnotes", "signature"):
                continue
            mine = answered([pid])
            gain = sum(
                mine[i] - have[i]
                for i in open_parts
                if mine[i] >= PART_GAIN and mine[i] >= have[i] + PART_MARGIN
            )
            if gain <= 0:
                continue
            # among units answering the parts, the one closest to the whole question, and a
            # neighbour of the answer before a unit from elsewhere ("nhiệm vụ" of the council
            # asked about, not of another body)
            key = gain + 0.5 * view.idf.coverage(qtokens, view.tokens(pid)) + 0.5 * (pid in near)
            if key > best_key:
                best, best_key = pid, key
        if best is None:
            break
        added.append(best)
    leads = False
    if added and len(shown) == 1:
        mine, theirs = answered(shown), answered(added[:1])
        leads = max(mine) < PART_COVERED and all(t >= m for t, m in zip(theirs, mine, strict=True))
    return PartUnits(tuple(added), leads)

"""The grammar of citations as officials and drafters write them.

"điểm a khoản 1 Điều 24 của Luật này", "Điều 84 khoản 2", "k2 Đ84", "các điểm a, b và c khoản 1
Điều 73", "Điều 23, 24 và 25", "Article 84(2)", "Phụ lục I Phần I mục II.7.b", "mục IV.2".
The scanner works on a folded copy of the text that keeps every character's position (so spans
point into the original) and keeps "đ" apart from "d" (điểm đ is not điểm d).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

POINT_LETTERS = "abcdđeghiklmnopqrstuvxy"
THIS = "this"  # "Điều này", "khoản này": resolved against the citing provision

_D = "[dđ]"
_LETTER = rf"[{POINT_LETTERS}](?![\w])"
_ART_KW = rf"(?:{_D}ieu|article|art\.)"
_CL_KW = r"(?:khoan|clause|paragraph)"
# "thời điểm", "địa điểm", "quan điểm" … are not points.
_PT_KW = rf"(?<!thoi )(?<!{_D}ia )(?<!quan )(?<!{_D}ac )(?<!uu )(?<!trong )(?:{_D}iem|point)"
_SEP = r"\s*(?:,|\bva\b|\bhoac\b|\band\b|\bor\b|&)\s*"
_RANGE = rf"\s*(?:-|–|\b{_D}en\b|\bto\b)\s*"
_NAY = r"nay(?![\w])"
# Later values of a list never have a leading zero: "Điều 84, 02 năm" is a count, not Điều 2.
_NUM1 = r"\d{1,3}"
_NUMN = r"[1-9]\d{0,2}"

_ARTICLE = re.compile(
    rf"(?<![\w])(?:cac\s+)?(?:{_ART_KW}\s*|{_D}\.?(?=\d))"
    rf"(?P<v>{_NAY}|{_NUM1}[a-z]?(?![\w/])"
    rf"(?:(?:{_SEP}|{_RANGE})(?:{_ART_KW}\s*)?{_NUMN}[a-z]?(?![\w/]))*)"
)
_CLAUSE = re.compile(
    rf"(?<![\w])(?:cac\s+)?(?:{_CL_KW}\s*|k\.?\s?(?=\d))"
    rf"(?P<v>{_NAY}|{_NUM1}(?![\w/]|\.\d)"
    rf"(?:(?:{_SEP}|{_RANGE})(?:{_CL_KW}\s*)?{_NUMN}(?![\w/]|\.\d))*)"
)
_POINT = re.compile(
    rf"(?<![\w])(?:cac\s+)?{_PT_KW}\s+"
    rf"(?P<v>{_NAY}|{_LETTER}(?:{_SEP}(?:{_PT_KW}\s+)?{_LETTER})*)"
)
_ROMAN = r"[ivxlc]+"
_APPENDIX = re.compile(
    rf"(?<![\w])(?:phu\s*luc|appendix|annex)\s+(?:so\s+)?(?P<v>{_ROMAN}|\d+)(?![\w])"
)
_PHAN = re.compile(rf"(?<![\w])phan\s+(?:thu\s+)?(?P<v>{_ROMAN}|\d+)(?![\w])")
_MUC = re.compile(
    rf"(?<![\w])(?:muc|section|item)\s+"
    rf"(?P<v>(?:{_ROMAN}|\d+)(?:\.(?:{_ROMAN}|\d+|[{POINT_LETTERS}]))*)"
    r"(?![\w])\.?"
)
_FORM = re.compile(r"(?<![\w])(?:mau|form)\s+(?:so\s+)?(?P<v>\d+(?:\.\d+)*[a-z]?)(?![\w])")
_PAREN = re.compile(r"\((?P<c>\d{1,2})\)(?:\((?P<p>[a-z])\))?")

UNIT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("point", _POINT),
    ("clause", _CLAUSE),
    ("article", _ARTICLE),
    ("appendix", _APPENDIX),
    ("phan", _PHAN),
    ("muc", _MUC),
    ("form", _FORM),
)
LEGAL_RANK = {"point": 1, "clause": 2, "article": 3}
_GAP = re.compile(r"^(?:[\s,]|\b(?:va|hoac|and|or|cua|tai|thuoc|of|in|the)\b)*$")

# Document phrases that may follow (or precede) a chain.
_DOC_TYPES = (
    r"bo\s+luat|luat|nghi\s+[dđ]inh|n[dđ]|thong\s+tu(?:\s+lien\s+tich)?|tt|quyet\s+[dđ]inh|q[dđ]"
    r"|nghi\s+quyet|nq|van\s+ban\s+hop\s+nhat|vbhn|ke\s+hoach|kh|hien\s+phap|phap\s+lenh"
    r"|law|decree|circular|decision|plan|resolution"
)
_ATTACHED_KW = rf"quy\s+{_D}inh|quy\s+che|{_D}ieu\s+le|regulation"
_SELF = re.compile(rf"(?P<kind>{_DOC_TYPES}|{_ATTACHED_KW}|van\s+ban)\s+{_NAY}")
_ATTACHED = re.compile(
    rf"(?:{_ATTACHED_KW})(?:\s+[\w“”\"]+){{0,8}}?\s+"
    r"(?:ban\s+hanh\s+)?(?:kem\s+theo|attached\s+to)\s+"
)
_NAMED = re.compile(rf"(?:the\s+)?(?P<kind>{_DOC_TYPES})(?![\w])")
_NUMBER = re.compile(
    r"\s*(?:so\s+|no\.?\s*)?(?:\d{1,4}(?:\s*/\s*\d{4})?(?:\s*/\s*[a-zđ0-9]+(?:-[a-zđ0-9]+)*)?"
    r"|[a-z0-9]+_[a-z0-9_]+)(?![\w])"
)
_LEAD = re.compile(
    rf"[\s,]*(?:(?:quy\s+{_D}inh\s+tai|(?:ban\s+hanh\s+)?kem\s+theo|cua|tai|thuoc|theo|of|in|under)"
    r"\s+)*"
)
_STOP_TEXT = (
    "và hoặc thì là có được quy thực để như khi nếu trong tại theo cho gồm bao cần phải hay nào "
    "gì không sau đối mà đã sẽ này các những một hiện "
    "va hoac la co duoc de nhu khi neu trong tai theo cho gom can phai hay nao gi khong sau doi "
    "ma da se nay cac nhung mot what which is are does "
    "do says say provide provides require requires với voi ở nói ghi "
    # a unit keyword starts a citation, never a document name
    "điều khoản điểm mục phụ dieu khoan diem muc phu article clause point section appendix"
)
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_FOOTNOTE = re.compile(r"\[\^\d+\]")


def fold_keep_positions(text: str) -> str:
    """Lower case, diacritics stripped except đ; one output character per input character."""
    out = []
    for ch in text:
        if ch in "Đđ":
            out.append("đ")
            continue
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base if len(base) == 1 else ch)
    folded = "".join(out)
    # Footnote marks of consolidated texts ("Điều 4[^2]") are not part of a citation.
    return _FOOTNOTE.sub(lambda m: " " * len(m.group(0)), folded)


@dataclass
class Mention:
    level: str
    values: list[str]
    start: int
    end: int


@dataclass
class DocPhrase:
    kind: str  # "self" | "named"
    text: str  # as written ("Luật Thi đua, khen thưởng", "Quyết định này")
    start: int
    end: int
    type_word: str = ""  # folded type word ("quyet dinh", "luat", "quy dinh")
    attached: bool = False  # "Quy định kèm theo Quyết định …": the attached text, not the decision


@dataclass
class Chain:
    """A run of unit mentions and the coordinates it names (one dict per cited unit)."""

    items: list[dict] = field(default_factory=list)
    start: int = 0
    end: int = 0
    doc: DocPhrase | None = None
    levels: set[str] = field(default_factory=set)


def _values(level: str, raw: str, original: str) -> list[str]:
    if raw.strip() == "nay":
        return [THIS]
    if level in ("appendix", "phan", "form"):
        return [original.strip()]
    if level == "muc":
        return [_section_case(original.strip().rstrip("."))]
    if level == "point":
        return re.findall(rf"(?<![\w])[{POINT_LETTERS}](?![\w])", re.sub(rf"{_PT_KW}", " ", raw))
    # numbers with ranges: "2, 3 và 4", "23 - 25", "Điều 69 và Điều 70", "58a"
    tokens = re.findall(rf"\d+[a-z]?|{_RANGE}", re.sub(rf"{_ART_KW}|{_CL_KW}", " ", raw))
    out: list[str] = []
    pending_range = False
    for tok in tokens:
        if not tok[0].isdigit():
            pending_range = bool(out)
            continue
        if (
            pending_range
            and out[-1].isdigit()
            and tok.isdigit()
            and int(out[-1]) < int(tok) <= int(out[-1]) + 50
        ):
            out.extend(str(n) for n in range(int(out[-1]) + 1, int(tok) + 1))
        else:
            out.append(tok)
        pending_range = False
    return out


def _section_case(path: str) -> str:
    """ "iv.2" → "IV.2"; "ii.7.b" → "II.7.b": Roman parts upper case, point letters lower case."""
    parts = path.split(".")
    out: list[str] = []
    for i, seg in enumerate(parts):
        if seg.isdigit():
            out.append(seg)
        elif i > 0 and out[-1].isdigit():
            out.append(seg.lower())
        else:
            out.append(seg.upper())
    return ".".join(out)


def find_mentions(text: str, folded: str) -> list[Mention]:
    found: list[Mention] = []
    taken = [False] * len(folded)
    for level, pattern in UNIT_PATTERNS:
        for m in pattern.finditer(folded):
            if any(taken[m.start() : m.end()]):
                continue
            vs, ve = m.span("v")
            values = _values(level, folded[vs:ve], text[vs:ve])
            if not values:
                continue
            end = m.end()
            if level == "article" and values != [THIS] and (p := _PAREN.match(folded, end)):
                # "Article 84(2)(a)": the parenthesised clause and point belong to the article.
                found.append(Mention("clause", [p["c"]], end, p.end("c") + 1))
                if p["p"]:
                    found.append(Mention("point", [p["p"]], p.start("p") - 1, p.end()))
                end = p.end()
            for i in range(m.start(), end):
                taken[i] = True
            found.append(Mention(level, values, m.start(), m.end()))
    return sorted(found, key=lambda x: x.start)


def _build_items(mentions: list[Mention]) -> list[dict]:
    """Turn mentions into cited units: ascending ("điểm a khoản 1 Điều 5"), descending
    ("Điều 84 khoản 2") and lists ("điểm a khoản 1 và điểm b khoản 2 Điều 5")."""
    items: list[dict] = []
    descending = False
    section: dict = {}
    for m in mentions:
        if m.level not in LEGAL_RANK:
            section[m.level] = m.values[0]
            continue
        rank = LEGAL_RANK[m.level]
        waiting = [
            it for it in items if m.level not in it and any(LEGAL_RANK[k] < rank for k in it)
        ]
        if waiting:
            # Ascending: this unit is the parent of the units listed before it.
            for it in waiting:
                it[m.level] = m.values[0]
            items.extend({m.level: v} for v in m.values[1:])
            continue
        last = items[-1] if items else None
        if last and m.level not in last and all(LEGAL_RANK[k] > rank for k in last):
            # Descending: "Điều 84 khoản 2, 3" refines the last unit.
            base = items.pop()
            items.extend({**base, m.level: v} for v in m.values)
            descending = True
            continue
        items.extend({m.level: v} for v in m.values)
    if descending:
        # "Điều 84 khoản 2 và khoản 3": the later units share the article named first.
        for prev, cur in zip(items, items[1:], strict=False):
            for key in ("article", "clause"):
                lower = any(LEGAL_RANK[k] < LEGAL_RANK[key] for k in cur)
                if key not in cur and key in prev and lower:
                    cur[key] = prev[key]
    if section:
        if items:
            for it in items:
                it.update(section)
        else:
            items.append(section)
    return items


def find_chains(text: str, folded: str | None = None) -> list[Chain]:
    """Every citation chain in the text with the document phrase next to it (if any)."""
    folded = folded if folded is not None else fold_keep_positions(text)
    mentions = find_mentions(text, folded)
    groups: list[list[Mention]] = []
    for m in mentions:
        if groups and _GAP.match(folded[groups[-1][-1].end : m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    chains: list[Chain] = []
    for group in groups:
        items = _build_items(group)
        if not items:
            continue
        chain = Chain(items, group[0].start, group[-1].end, levels={m.level for m in group})
        chain.doc = doc_phrase_after(text, folded, chain.end)
        if chain.doc is not None:
            chain.end = chain.doc.end
        chains.append(chain)
    return chains


def doc_phrase_after(text: str, folded: str, pos: int) -> DocPhrase | None:
    """The document named right after a chain: "của Luật này", "Luật Thi đua, khen thưởng",
    "Nghị định số 152/2025/NĐ-CP", "Quy định kèm theo Quyết định 86/2025"."""
    lead = _LEAD.match(folded, pos)
    start = lead.end() if lead else pos
    if m := _SELF.match(folded, start):
        return DocPhrase(
            "self", text[m.start() : m.end()], m.start(), m.end(), _norm_kind(m["kind"])
        )
    attached = False
    named_at = start
    if a := _ATTACHED.match(folded, start):
        attached, named_at = True, a.end()
    m = _NAMED.match(folded, named_at)
    if m is None:
        return None
    end = _named_extent(text, folded, m.end())
    phrase = text[named_at:end].strip()
    return DocPhrase("named", phrase, start, end, _norm_kind(m["kind"]), attached=attached)


def _norm_kind(kind: str) -> str:
    return re.sub(r"\s+", " ", kind.replace("đ", "d"))


_WORD = re.compile(r"\s*(\S+)")
_PLACE_WORD = re.compile(r"\s+([^\s,.;:?!()]+)")
_CONNECTORS = frozenset({"tỉnh", "thành", "phố", "của", "tp", "tp."})


def _named_extent(text: str, folded: str, pos: int) -> int:
    """Where a document name ends: after its number (plus a place such as "Bắc Ninh"), else
    after its name words, stopping at punctuation or a word that starts a new clause."""
    if (n := _NUMBER.match(folded, pos)) and n.end() > pos:
        end = cursor = n.end()
        # "Quyết định 86/2025 Bắc Ninh", "… của UBND tỉnh Bắc Ninh": keep a capitalised place.
        while (w := _PLACE_WORD.match(text, cursor)) and cursor - pos < 60:
            word = w.group(1)
            if word[0].isupper():
                end = cursor = w.end()
            elif word.lower() in _CONNECTORS:
                cursor = w.end()  # kept only when a capitalised word follows
            else:
                break
        return end
    end = cursor = pos
    words = 0
    while words < 12 and (w := _WORD.match(text, cursor)):
        raw = w.group(1)
        core = raw.strip("“”\"'").rstrip(",.;:?!)")
        if not core or core.startswith("(") or core.lower() in _STOP_WORDS:
            break
        end = w.start(1) + len(raw.rstrip(",.;:?!)"))
        words += 1
        cursor = w.end()
        if raw[-1] in ".;:?!)":
            break
        if raw.endswith(","):
            # "Thi đua, khen thưởng": a comma inside a name is followed by a lower-case word.
            nxt = _WORD.match(text, cursor)
            following = nxt.group(1).strip(",.;:?!") if nxt else ""
            if not following or not following[0].islower() or following.lower() in _STOP_WORDS:
                break
    return end


def doc_phrase_before(text: str, folded: str, pos: int) -> DocPhrase | None:
    """A document named just before a chain: "Luật TĐKT Điều 84", "NĐ 152/2025, Điều 50"."""
    window = max(0, pos - 160)
    best = None
    for m in _NAMED.finditer(folded, window, pos):
        if m.start() > 0 and folded[m.start() - 1].isalnum():
            continue
        end = _named_extent(text, folded, m.end())
        if end <= pos and re.fullmatch(r"[\s,:]*", folded[end:pos]) and end > m.end():
            best = DocPhrase(
                "named", text[m.start() : end].strip(), m.start(), end, _norm_kind(m["kind"])
            )
    return best

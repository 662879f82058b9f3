"""Administrative levels named in a question: tỉnh, huyện, xã, bộ, ngành … and the "thành phố" trap.

Level ids: ``chinh_phu`` (Chính phủ, Thủ tướng), ``bo`` (Bộ, ban, ngành), ``tinh`` (tỉnh and
thành phố trực thuộc trung ương), ``so`` (sở and other specialised agencies of a province),
``huyen`` (huyện, quận, thị xã, thành phố thuộc tỉnh; abolished on 01/07/2025), ``xa`` (xã,
phường, thị trấn, đặc khu).

"Thành phố" on its own is ambiguous: a centrally governed city is a province, a city under a
province was a district. DESIGN §1: "Bằng khen thành phố" usually means the provincial award, so
the provincial reading is preferred and the district reading is kept as the alternative.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from functools import cache

from assistant.domain.datafiles import read_yaml
from assistant.domain.phrases import PhraseMatcher, Token, tokenize
from assistant.errors import ConfigError


@dataclass(frozen=True)
class Level:
    """One administrative level of ``data/levels.yaml`` (its header says what each field means)."""

    id: str
    name_vi: str
    issuer: bool = False
    commune: bool = False
    local_government: bool = False
    powers: tuple[str, ...] = ()  # "luat:80.3": resolved by the catalog's document aliases
    proposes_to: str | None = None
    catalog_level: str = ""
    unit_vi: str | None = None
    head_vi: str | None = None
    in_text_vi: str | None = None


@cache
def vocabulary() -> dict[str, Level]:
    """The levels of ``data/levels.yaml`` by id, in the file's order."""
    data = read_yaml("levels.yaml")
    out: dict[str, Level] = {}
    for key, raw in (data.get("levels") or {}).items():
        try:
            level = Level(id=str(key), **{**raw, "powers": tuple(raw.get("powers") or ())})
        except TypeError as exc:
            raise ConfigError(
                f"levels.yaml: level {key!r}: {exc}", fix="see the field list at its top"
            ) from None
        out[level.id] = level if level.catalog_level else replace(level, catalog_level=level.id)
    for level in out.values():
        if level.proposes_to and level.proposes_to not in out:
            raise ConfigError(f"levels.yaml: {level.id} proposes to unknown {level.proposes_to!r}")
    return out


def level(level_id: str) -> Level:
    try:
        return vocabulary()[level_id]
    except KeyError:
        raise ConfigError(
            f"unknown administrative level {level_id!r}",
            fix=f"use one of {', '.join(vocabulary())} (assistant/domain/data/levels.yaml)",
        ) from None


def issuer_levels() -> tuple[Level, ...]:
    """The levels whose bodies issue plans, in the order forms show them."""
    return tuple(lv for lv in vocabulary().values() if lv.issuer)


def award_levels() -> tuple[str, ...]:
    """The levels of awards.yaml ``level`` (who grants an award)."""
    return tuple(read_yaml("levels.yaml").get("award_levels") or ())


def unit_words(*level_ids: str) -> tuple[str, ...]:
    """The words that name a unit of these levels (all levels when none is given), in the
    order of ``data/levels.yaml``: "đặc khu", "phường", "xã", "thị trấn" for ``xa``."""
    words = read_yaml("levels.yaml").get("unit_words") or {}
    return tuple(w for w, lv in words.items() if not level_ids or lv in level_ids)


_UNAMBIGUOUS = "u"
_THANH_PHO = "thanh_pho"


def _question_cues() -> dict[str, tuple[str, str]]:
    """Phrase → (unit, level), from ``question_cues`` of data/levels.yaml (its comment says which
    phrases are listed and how "thanh pho" is read)."""
    cues: dict[str, tuple[str, str]] = {}
    for level_id, phrases in (read_yaml("levels.yaml").get("question_cues") or {}).items():
        if level_id not in vocabulary():
            raise ConfigError(f"levels.yaml: question_cues names unknown level {level_id!r}")
        for phrase, unit in phrases.items():
            cues[str(phrase)] = (str(unit), level_id)
    return cues


_CUES = _question_cues()
# the levels a question can name
LEVELS = tuple(lv for lv in vocabulary() if lv in {level for _, level in _CUES.values()})

# Folded phrases that contain a level word but do not name a level.
_NOT_LEVELS = (
    "xa hoi",  # xã hội: society
    "kinh te xa hoi",
    "an sinh xa hoi",
    "co so",  # cơ sở: Chiến sĩ thi đua cơ sở
    "ho so",  # hồ sơ: dossier
    "so luong",
    "so hieu",
    "so ky hieu",
    "can bo",
    "toan bo",
    "noi bo",
    "bo phan",
    "bo ho so",
    "bo sung",
    "quan doi",
    "quan nhan",
    "quan ly",
    "quan khu",
    "quan chung",
    "quan doan",
    "quan tam",
    "quan trong",
    "lien quan",
    "co quan",
    "quan he",
    "quan diem",
    "tinh than",
    "tinh hinh",
    "tinh chat",
    "tinh tien",
    "ket qua",
    # unaccented "tinh" is also "tính" (to count), "phuong" also "phương" (direction)
    "duoc tinh",
    "cach tinh",
    "tinh toan",
    "tinh tu",
    "tinh theo",
    "tinh den",
    "tinh bang",
    "dia phuong",
    "phuong an",
    "phuong thuc",
    "phuong phap",
    "phuong huong",
    "phuong tien",
    "phuong cham",
)

# Single folded words that are level words only when written with these exact accents. Without
# any accents in the token, the ones mapped to None are too ambiguous to count on their own.
_ACCENTED: dict[str, str | None] = {
    "tinh": "tỉnh",
    "xa": "xã",
    "so": None,  # sở / số / hồ sơ
    "quan": None,  # quận / quân / quan
    "huyen": "huyện",
    "phuong": "phường",
}
_ACCENTED_FORMS = {"so": "sở", "quan": "quận"}


@dataclass(frozen=True)
class LevelMention:
    unit: str  # the word as a unit: tinh, thanh_pho, phuong, quan …
    level: str  # one of LEVELS
    start: int
    end: int


@dataclass(frozen=True)
class DetectedLevels:
    """Levels named in a text.

    ``levels`` holds the preferred reading; when "thành phố" is ambiguous it holds "tinh" and
    ``alternatives`` holds "huyen".
    """

    levels: frozenset[str]
    thanh_pho_ambiguous: bool = False
    alternatives: frozenset[str] = frozenset()
    mentions: tuple[LevelMention, ...] = ()

    def __contains__(self, level: object) -> bool:
        return level in self.levels


def _build() -> tuple[PhraseMatcher[tuple[str, str]], PhraseMatcher[str]]:
    cues: PhraseMatcher[tuple[str, str]] = PhraseMatcher()
    for phrase, payload in _CUES.items():
        cues.add(phrase, payload)
    blockers: PhraseMatcher[str] = PhraseMatcher((p, p) for p in _NOT_LEVELS)
    return cues, blockers


_CUE_MATCHER, _BLOCKERS = _build()


def _central_matcher() -> PhraseMatcher[str]:
    """The centrally governed cities and their other names (domain/places: the gazetteer)."""
    global _CENTRAL
    if _CENTRAL is None:
        from assistant.domain.places import central_city_names

        _CENTRAL = PhraseMatcher((name, name) for name, _ in central_city_names())
    return _CENTRAL


_CENTRAL: PhraseMatcher[str] | None = None


def central_city_near(tokens: list[Token], first: int, last: int, window: int = 4) -> bool:
    """A centrally governed city is named right after tokens first..last, or right before them.

    "thành phố Hà Nội", "city of Hanoi", "Hanoi city".
    """
    after = tokens[last + 1 : last + 1 + window]
    skip = 0
    while skip < len(after) and after[skip].text in ("of", "the"):
        skip += 1
    if any(h.first_token == skip for h in _central_matcher().find(after)):
        return True
    before = tokens[max(0, first - window) : first]
    return any(h.first_token + h.n_tokens == len(before) for h in _central_matcher().find(before))


def _has_marks(word: str) -> bool:
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word)) or (
        "đ" in word
    )


def _accent_ok(text: str, hit_text: str, start: int, end: int) -> bool:
    """A bare "tinh"/"xa"/"so"… counts only as "tỉnh"/"xã"/"sở" (or unaccented where safe)."""
    if hit_text not in _ACCENTED:
        return True
    word = unicodedata.normalize("NFC", text[start:end].lower())
    if _has_marks(word):
        return word == (_ACCENTED[hit_text] or _ACCENTED_FORMS[hit_text])
    return _ACCENTED[hit_text] is not None


def _city_named_after(text: str, tokens: list[Token], last: int) -> bool:
    """A capitalised proper name follows "thành phố" ("thành phố Lào Cai")."""
    if last + 1 >= len(tokens):
        return False
    nxt = tokens[last + 1]
    gap = text[tokens[last].end : nxt.start]
    return gap.strip() == "" and text[nxt.start].isupper()


def detect_levels(text: str) -> DetectedLevels:
    """The administrative levels a text talks about, with the "thành phố" ambiguity flagged.

    >>> detect_levels("Bằng khen của Chủ tịch UBND tỉnh").levels
    frozenset({'tinh'})
    """
    tokens = tokenize(text)
    blocked: set[int] = set()
    for h in _BLOCKERS.find(tokens):
        blocked.update(range(h.first_token, h.first_token + h.n_tokens))
    levels: set[str] = set()
    alternatives: set[str] = set()
    ambiguous = False
    mentions: list[LevelMention] = []
    # A question that names a centrally governed city, and no city under a province, reads a
    # bare "thành phố" elsewhere in it as that city.
    named_central = bool(_central_matcher().find(tokens)) and not any(
        _city_named_after(text, tokens, h.first_token + h.n_tokens - 1)
        and not central_city_near(tokens, h.first_token, h.first_token + h.n_tokens - 1)
        for h in _CUE_MATCHER.find(tokens)
        if h.payload[0] == _THANH_PHO
    )
    for hit in _CUE_MATCHER.find(tokens):
        span = set(range(hit.first_token, hit.first_token + hit.n_tokens))
        if hit.n_tokens == 1 and (
            span & blocked or not _accent_ok(text, hit.phrase, hit.start, hit.end)
        ):
            continue
        unit, level = hit.payload
        last = hit.first_token + hit.n_tokens - 1
        if unit == _THANH_PHO:
            after_tinh = hit.first_token > 0 and tokens[hit.first_token - 1].text == "tinh"
            if after_tinh or central_city_near(tokens, hit.first_token, last):
                # "tỉnh, thành phố" is the Law's "tỉnh, thành phố trực thuộc trung ương".
                unit, level = "thanh_pho_truc_thuoc_trung_uong", "tinh"
            elif _city_named_after(text, tokens, last):
                # "thành phố Lào Cai": a named city that is not centrally governed is a city
                # under a province, i.e. the (former) district level.
                unit, level = "thanh_pho_thuoc_tinh", "huyen"
            elif named_central:
                # "a businessman in Hà Nội … the city's council": the city the question names
                unit, level = "thanh_pho_truc_thuoc_trung_uong", "tinh"
            else:
                ambiguous = True
                alternatives.add("huyen")
        levels.add(level)
        mentions.append(LevelMention(unit, level, hit.start, hit.end))
    return DetectedLevels(
        levels=frozenset(levels),
        thanh_pho_ambiguous=ambiguous,
        alternatives=frozenset(alternatives - levels) if ambiguous else frozenset(),
        mentions=tuple(mentions),
    )

"""The award catalog: every danh hiệu thi đua and hình thức khen thưởng, with article references.

Data: ``data/awards.yaml`` (written by us from the pack texts). ``match_awards`` finds award
names in a question — Vietnamese with or without diacritics, colloquial forms ("bằng khen
thành phố"), English names ("Labour Order third class") — longest match first, and flags the
readings that depend on what "thành phố" / "certificate of merit" mean. The records are in
``awards.py``.
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from functools import lru_cache

from assistant.domain.awards import (
    AWARD_LEVELS,
    KINDS,
    RECIPIENTS,
    REF_KINDS,
    Award,
    AwardMatch,
    Catalog,
    Ref,
)
from assistant.domain.datafiles import read_yaml
from assistant.domain.levels import detect_levels
from assistant.domain.phrases import PhraseMatcher, english_variants, fold
from assistant.errors import ConfigError

log = logging.getLogger(__name__)

__all__ = [
    "AWARD_LEVELS",
    "KINDS",
    "RECIPIENTS",
    "REF_KINDS",
    "Award",
    "AwardMatch",
    "Catalog",
    "Ref",
    "load_catalog",
    "match_awards",
    "parse_catalog",
    "resolve_awards",
]

_CLASSES = {
    "nhat": ("Nhất", ("nhat", "1", "i", "mot"), ("first", "1st", "i", "1")),
    "nhi": ("Nhì", ("nhi", "2", "ii", "hai"), ("second", "2nd", "ii", "2")),
    "ba": ("Ba", ("ba", "3", "iii"), ("third", "3rd", "iii", "3")),
}

# a framework event named instead of a date: lower-case words joined by hyphens
_EVENT_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
_REF = re.compile(
    r"^(?P<doc>[a-z0-9_]+):(?P<art>\d+)(?P<suf>[a-z])?(?:\.(?P<cl>\d+))?(?:\.(?P<pt>[a-zđ]))?$"
)


# ----------------------------------------------------------------------------- loading


def _date(value: object, where: str, *, until: bool = False) -> date | None:
    """A date as written (YYYY-MM-DD) or the id of a framework event ("district-level-abolished"):
    a rule applies ``from`` the event's day and ``until`` the day before it."""
    if value is None or isinstance(value, date):
        return value
    text = str(value)
    if _EVENT_ID.fullmatch(text):
        from assistant.registry.framework import event_date

        day = event_date(text)
        return day - timedelta(days=1) if until else day
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{where}: {value!r} is not a date",
            fix="write dates as YYYY-MM-DD or name a framework event (corpus/framework.yaml)",
        ) from None


def parse_ref(raw: object, docs: dict[str, str], where: str) -> Ref:
    extra: dict = {}
    if isinstance(raw, dict):
        extra = raw
        raw = raw.get("ref")
    m = _REF.match(str(raw or ""))
    if not m or m["doc"] not in docs:
        raise ConfigError(
            f"{where}: bad reference {raw!r}",
            fix=f'write "<doc>:<article>[.<clause>[.<point>]]" with doc one of {sorted(docs)}',
        )
    return Ref(
        doc=docs[m["doc"]],
        article=int(m["art"]),
        article_suffix=m["suf"],
        clause=int(m["cl"]) if m["cl"] else None,
        point=m["pt"],
        valid_from=_date(extra.get("from"), where),
        valid_until=_date(extra.get("until"), where, until=True),
        note=extra.get("note"),
    )


def _parse_refs(raw: dict, docs: dict[str, str], where: str) -> dict[str, tuple[Ref, ...]]:
    out = {}
    for kind, items in (raw or {}).items():
        if kind not in REF_KINDS:
            raise ConfigError(
                f"{where}: unknown reference kind {kind!r}", fix=f"use one of {REF_KINDS}"
            )
        out[kind] = tuple(parse_ref(i, docs, f"{where}.{kind}") for i in items)
    return out


def _vi_variants(phrase: str) -> set[str]:
    """Folded spellings officials use for the same name: UBND, no "của", "chiến sỹ"."""
    base = fold(phrase)
    out = {base}
    for a, b in (("uy ban nhan dan", "ubnd"), ("chien si", "chien sy"), ("nghe si", "nghe sy")):
        out |= {v.replace(a, b) for v in out}
    out |= {re.sub(r"\bcua\b ", "", v) for v in out}
    return {re.sub(r"\s+", " ", v).strip() for v in out}


def _class_awards(spec: dict, family: Award, docs: dict[str, str]) -> list[Award]:
    out = []
    family_refs = dict(family.refs)
    for key, overrides in spec.items():
        if key not in _CLASSES:
            raise ConfigError(
                f"{family.id}.classes: unknown class {key!r}", fix="use nhat, nhi, ba"
            )
        label, vi_words, en_words = _CLASSES[key]
        refs = dict(family_refs)
        refs.update(_parse_refs(overrides or {}, docs, f"{family.id}.classes.{key}"))
        names_vi = [family.name_vi, *family.synonyms]
        synonyms = [f"{n} hạng {w}" for n in names_vi for w in vi_words]
        names_en = []
        for n in family.names_en:
            for w in en_words:
                names_en += [f"{n} {w} class", f"{n} class {w}"]
            names_en += [f"{en_words[0]} class {n}", f"{en_words[1]} class {n}"]
        out.append(
            Award(
                id=f"{family.id}_hang_{key}",
                name_vi=f"{family.name_vi} hạng {label}",
                kind=family.kind,
                recipients=family.recipients,
                level=family.level,
                parent=family.id,
                award_class=key,
                synonyms=tuple(synonyms),
                names_en=tuple(names_en),
                refs=tuple(refs.items()),
                valid_from=family.valid_from,
                valid_until=family.valid_until,
            )
        )
    return out


def _parse_award(raw: dict, docs: dict[str, str]) -> tuple[Award, dict | None]:
    where = f"award {raw.get('id', '?')}"
    for key in ("id", "name_vi", "kind", "for", "level"):
        if key not in raw:
            raise ConfigError(f"{where}: missing {key!r}", fix="see the header of awards.yaml")
    if raw["kind"] not in KINDS:
        raise ConfigError(f"{where}: unknown kind {raw['kind']!r}", fix=f"use one of {KINDS}")
    if raw["level"] not in AWARD_LEVELS:
        raise ConfigError(
            f"{where}: unknown level {raw['level']!r}", fix=f"use one of {AWARD_LEVELS}"
        )
    bad = [r for r in raw["for"] if r not in RECIPIENTS]
    if bad:
        raise ConfigError(f"{where}: unknown recipients {bad}", fix=f"use {RECIPIENTS}")
    ambiguous = []
    for code, lists in (raw.get("ambiguous") or {}).items():
        for lang in ("vi", "en"):
            ambiguous += [(code, lang, p) for p in lists.get(lang, [])]
    award = Award(
        id=raw["id"],
        name_vi=raw["name_vi"],
        kind=raw["kind"],
        recipients=tuple(raw["for"]),
        level=raw["level"],
        parent=raw.get("parent"),
        synonyms=tuple(raw.get("synonyms") or ()),
        names_en=tuple(raw.get("names_en") or ()),
        ambiguous=tuple(ambiguous),
        refs=tuple(_parse_refs(raw.get("refs") or {}, docs, where).items()),
        valid_from=_date(raw.get("valid_from"), where),
        valid_until=_date(raw.get("valid_until"), where, until=True),
        notes_vi=raw.get("notes_vi"),
        by_level=tuple((str(k), str(v)) for k, v in (raw.get("by_level") or {}).items()),
    )
    return award, raw.get("classes")


def _build_matcher(awards: list[Award]) -> PhraseMatcher:
    matcher: PhraseMatcher = PhraseMatcher()
    for a in awards:
        for name in (a.name_vi, *a.synonyms):
            for v in _vi_variants(name):
                matcher.add(v, (a, "vi", None))
        for name in a.names_en:
            for v in english_variants(fold(name)):
                matcher.add(v, (a, "en", None))
        for code, lang, phrase in a.ambiguous:
            variants = _vi_variants(phrase) if lang == "vi" else english_variants(fold(phrase))
            for v in variants:
                matcher.add(v, (a, lang, code))
    return matcher


def parse_catalog(data: dict) -> Catalog:
    """Build a Catalog from the parsed YAML mapping (validated: ids, kinds, references)."""
    docs = {str(k): str(v) for k, v in (data.get("docs") or {}).items()}
    awards: list[Award] = []
    for raw in data.get("awards") or []:
        award, classes = _parse_award(raw, docs)
        awards.append(award)
        if classes:
            awards.extend(_class_awards(classes, award, docs))
    by_id: dict[str, Award] = {}
    for a in awards:
        if a.id in by_id:
            raise ConfigError(f"duplicate award id {a.id!r}", fix="give every award its own id")
        by_id[a.id] = a
    for a in awards:
        if a.parent and a.parent not in by_id:
            raise ConfigError(f"award {a.id}: unknown parent {a.parent!r}", fix="fix the parent id")
        unknown = [target for _, target in a.by_level if target not in by_id]
        if unknown:
            raise ConfigError(f"award {a.id}: by_level names unknown ids {unknown}")
    general = {
        k: tuple(parse_ref(r, docs, f"general.{k}") for r in v)
        for k, v in (data.get("general") or {}).items()
    }
    catalog = Catalog(
        awards=tuple(awards),
        docs=docs,
        ambiguities={k: dict(v) for k, v in (data.get("ambiguities") or {}).items()},
        general=general,
        _by_id=by_id,
        _matcher=_build_matcher(awards),
    )
    log.debug("award catalog: %d awards, %d phrases", len(awards), len(catalog._matcher))
    return catalog


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    """The catalog shipped with the package (parsed once per process)."""
    return parse_catalog(read_yaml("awards.yaml"))


def match_awards(text: str) -> list[AwardMatch]:
    """Award names in `text`, longest match first, in text order.

    >>> [m.award.id for m in match_awards("Hồ sơ đề nghị Bằng khen của Chủ tịch UBND tỉnh")]
    ['bang_khen_bo_tinh']
    """
    return load_catalog().match(text)


def resolve_awards(text: str) -> list[AwardMatch]:
    """Like ``match_awards``, but a generic name is narrowed by the level the text names.

    "đề nghị UBND thành phố tặng bằng khen" names only "bằng khen"; with the level it reads as
    the Bằng khen of the provincial chairman (flagged "thanh_pho"). Narrowed matches keep the
    generic name's span and have ``inferred=True``. Several levels give several readings.
    """
    catalog = load_catalog()
    matches = catalog.match(text)
    if not any(m.award.by_level for m in matches):
        return matches
    levels = detect_levels(text)
    out: list[AwardMatch] = []
    for m in matches:
        table = dict(m.award.by_level)
        readings = [(lvl, None) for lvl in sorted(levels.levels) if lvl in table]
        if not readings and levels.thanh_pho_ambiguous:
            readings = [(lvl, "thanh_pho") for lvl in sorted(levels.alternatives) if lvl in table]
        elif levels.thanh_pho_ambiguous:
            readings = [(lvl, "thanh_pho" if lvl == "tinh" else None) for lvl, _ in readings]
        if not readings:
            out.append(m)
            continue
        seen: set[str] = set()
        for lvl, ambiguity in readings:
            award = catalog.get(table[lvl])
            if award.id not in seen:
                seen.add(award.id)
                out.append(m._replace(award=award, ambiguity=ambiguity, inferred=True))
    return out

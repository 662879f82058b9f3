"""Typed records of the award catalog: Ref, Award, AwardMatch and the Catalog itself.

Built by ``catalog.parse_catalog`` from ``data/awards.yaml``; everything is frozen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from assistant.domain.levels import award_levels, central_city_near
from assistant.domain.phrases import PhraseMatcher, tokenize
from assistant.errors import InvalidInputError
from assistant.locator import Locator

KINDS = ("danh_hieu_thi_dua", "hinh_thuc_khen_thuong", "danh_hieu_vinh_du", "danh_hieu_dia_phuong")
RECIPIENTS = ("ca_nhan", "tap_the", "ho_gia_dinh")
AWARD_LEVELS = award_levels()  # data/levels.yaml
REF_KINDS = (
    "criteria",
    "authority",
    "proposer",
    "dossier",
    "procedure",
    "bonus",
    "bonus_collective",
    "bonus_household",
    "old_criteria",
    "old_authority",
    "local",
    "related",
)


@dataclass(frozen=True)
class Ref:
    """A provision: "khoản 2 Điều 84" of doc "06/2022/QH15", possibly bounded in time."""

    doc: str
    article: int
    clause: int | None = None
    point: str | None = None
    article_suffix: str | None = None  # "a" for Điều 58a of the consolidated 2003 law
    valid_from: date | None = None
    valid_until: date | None = None
    note: str | None = None

    @property
    def locator(self) -> Locator:
        return Locator.of(self)

    @property
    def label_vi(self) -> str:
        return f"{self.locator.article_label()} {self.doc}"

    def applies_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


@dataclass(frozen=True)
class Award:
    id: str
    name_vi: str
    kind: str
    recipients: tuple[str, ...]  # "for" in the YAML: ca_nhan, tap_the, ho_gia_dinh
    level: str
    parent: str | None = None
    award_class: str | None = None  # nhat, nhi, ba
    synonyms: tuple[str, ...] = ()
    names_en: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, str, str], ...] = ()  # (ambiguity code, "vi"/"en", phrase)
    refs: tuple[tuple[str, tuple[Ref, ...]], ...] = ()
    valid_from: date | None = None
    valid_until: date | None = None
    notes_vi: str | None = None
    by_level: tuple[tuple[str, str], ...] = ()  # (level, award id) for generic names

    def refs_for(self, kind: str, on: date | None = None) -> tuple[Ref, ...]:
        """References of one kind ("criteria", "authority" …), optionally those applying on a day."""
        if kind not in REF_KINDS:
            raise InvalidInputError(
                f"unknown reference kind {kind!r}", fix=f"use one of {', '.join(REF_KINDS)}"
            )
        for k, refs in self.refs:
            if k == kind:
                return tuple(r for r in refs if on is None or r.applies_on(on))
        return ()

    def all_refs(self) -> tuple[Ref, ...]:
        return tuple(r for _, refs in self.refs for r in refs)

    def exists_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


class AwardMatch(NamedTuple):
    award: Award
    span: tuple[int, int]
    surface: str  # the matched text as written
    lang: str  # "vi" or "en": which name list matched
    ambiguity: str | None  # "thanh_pho", "bang_khen_giay_khen" or None
    inferred: bool = False  # read from a generic name plus a level named elsewhere


@dataclass(frozen=True)
class Catalog:
    awards: tuple[Award, ...]
    docs: dict[str, str] = field(default_factory=dict)  # alias → số hiệu
    ambiguities: dict[str, dict[str, str]] = field(default_factory=dict)  # code → {vi, en}
    general: dict[str, tuple[Ref, ...]] = field(default_factory=dict)
    _by_id: dict[str, Award] = field(default_factory=dict, repr=False, compare=False)
    _matcher: PhraseMatcher = field(default_factory=PhraseMatcher, repr=False, compare=False)

    def get(self, award_id: str) -> Award:
        try:
            return self._by_id[award_id]
        except KeyError:
            raise InvalidInputError(
                f"no award with id {award_id!r} in the catalog",
                fix="see assistant/domain/data/awards.yaml for the ids",
            ) from None

    def __contains__(self, award_id: object) -> bool:
        return award_id in self._by_id

    def children(self, award_id: str) -> tuple[Award, ...]:
        return tuple(a for a in self.awards if a.parent == award_id)

    def match(self, text: str) -> list[AwardMatch]:
        tokens = tokenize(text)
        out: list[AwardMatch] = []
        for hit in self._matcher.find(tokens):
            award, lang, ambiguity = hit.payload
            last = hit.first_token + hit.n_tokens - 1
            if ambiguity == "thanh_pho" and central_city_near(tokens, hit.first_token, last):
                ambiguity = None
            out.append(AwardMatch(award, hit.span, text[hit.start : hit.end], lang, ambiguity))
        return out

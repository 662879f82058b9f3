"""corpus/framework.yaml: the expected TĐKT legal framework (documents, relations, dates)."""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from assistant.config import PROJECT_ROOT
from assistant.errors import ConfigError
from assistant.models import Coverage

log = logging.getLogger(__name__)

# The committed file; Settings.framework_path points here unless TDKT_CORPUS_DIR moves the corpus.
DEFAULT_FRAMEWORK_PATH = PROJECT_ROOT / "corpus" / "framework.yaml"

Role = Literal[
    "law",
    "consolidated-law",
    "amending-law",
    "decree-detail",
    "decree-local-government",
    "circular",
    "provincial",  # a province's general TĐKT regulation (a plan's căn cứ)
    "provincial-title",  # a province's rule for one title only (not a plan's căn cứ)
    "office-work",
    "finance",
    "base-salary",
    "plan",
    "other",
]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Lapse(_Strict):
    """A text that ceases to have effect on a date by its own terms, unless something extends
    it (NĐ 152/2025 Điều 60 khoản 1: "hết hiệu lực kể từ ngày 01 tháng 3 năm 2027 trừ …")."""

    date: date
    basis: str  # the provision that says so, as officials cite it
    unless: str = ""  # the condition that would keep it in force (Vietnamese)
    unless_en: str = ""


class MissingPart(_Strict):
    """A part of a held text that the pack lacks (NĐ 152/2025's Phụ lục of forms)."""

    name: str  # as the text calls it ("Phụ lục mẫu văn bản")
    name_en: str = ""
    cues: tuple[str, ...] = ()  # words of a question that ask for this part (any language)
    referred_by: tuple[str, ...] = ()  # "33.9": the provisions that refer to it


class DocumentFacts(_Strict):
    """What the framework says of a document: its names, dates, relations, role and the facts a
    text sets. Declared once: ``FrameworkDoc`` reads them from framework.yaml and
    ``RegistryEntry`` (registry/entries.py) serves them."""

    aliases: tuple[str, ...] = ()
    issuer: str | None = None
    province: str | None = None
    issued: date | None = None
    effective: date | None = None
    expired: date | None = None
    replaces: tuple[str, ...] = ()
    replaced_by: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    amended_by: tuple[str, ...] = ()
    consolidates: tuple[str, ...] = ()
    consolidated_in: str | None = None
    role: Role = "other"
    family: str | None = None
    unverified: bool = False
    possible_end: date | None = None
    lapse: Lapse | None = None
    missing_parts: tuple[MissingPart, ...] = ()
    base_salary_vnd: int | None = None  # mức lương cơ sở a base-salary decree sets, đồng/tháng
    base_salary_basis: str = ""  # the provision that sets it
    note: str = ""


class FrameworkDoc(DocumentFacts):
    """One expected document of the framework (see the header of framework.yaml)."""

    id: str
    loai: str
    title: str
    label: str = ""
    pack: Coverage = Coverage.MISSING

    @field_validator("title", "note", mode="after")
    @classmethod
    def _one_line(cls, value: str) -> str:
        # YAML folded scalars keep a trailing newline; titles are shown on one line.
        return " ".join(value.split())


class ProvisionEffect(_Strict):
    """An event's effect on one provision (e.g. Luật Điều 80 khoản 2 after 01/07/2025)."""

    doc: str
    article: int
    clause: int | None = None
    point: str | None = None
    see: str | None = None
    note: str = ""
    note_vi: str = ""


class FrameworkEvent(_Strict):
    id: str
    date: date
    title: str
    title_vi: str = ""
    documents: tuple[str, ...] = ()
    affects: tuple[ProvisionEffect, ...] = ()
    # what the event is about: answers about the district level's powers look for
    # "district-level" events even when the changed provision is not cited
    topic: Literal["district-level", "competence-procedure", "validity", "other"] = "other"
    basis: str = ""  # the provision that states the event, when a held text does
    note: str = ""  # the note on each provision it affects that has none of its own
    note_vi: str = ""
    unverified: bool = False

    @field_validator("title", "title_vi", "note", "note_vi", mode="after")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())

    def note_on(self, eff: ProvisionEffect, lang: str = "vi") -> str:
        """The note on one affected provision: its own, else the event's."""
        if lang == "vi":
            return eff.note_vi or self.note_vi or eff.note or self.note
        return eff.note or self.note or eff.note_vi or self.note_vi


class Framework(_Strict):
    version: int = 1
    checked: date | None = None
    documents: tuple[FrameworkDoc, ...] = ()
    events: tuple[FrameworkEvent, ...] = ()


def load_framework(path: Path | None = None) -> Framework:
    """Read and validate framework.yaml; a broken file raises ConfigError naming the problem."""
    path = Path(path) if path is not None else DEFAULT_FRAMEWORK_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(
            f"framework file not found: {path}",
            fix="restore corpus/framework.yaml from the repository or set TDKT_CORPUS_DIR",
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"framework file {path} is not valid YAML: {exc}") from exc
    try:
        framework = Framework.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(
            f"framework file {path} does not match the schema: {exc}",
            fix="compare with the field list at the top of corpus/framework.yaml",
        ) from exc
    _check_references(framework, path)
    return framework


# The framework event of the 2025 reform: the district level ended, local government has two
# levels. Its date is the one owner of that fact; every stage asks here (``two_level_from``).
DISTRICT_LEVEL_ENDED = "district-level-abolished"


@lru_cache(maxsize=16)
def event_date(event_id: str, path: Path | None = None) -> date:
    """The date of a framework event, in the framework the settings name: the one owner of
    the dated facts of the reform that data files refer to by the event's id."""
    if path is None:
        from assistant.config import get_settings

        path = get_settings().framework_path
    framework = load_framework(path)
    for event in framework.events:
        if event.id == event_id:
            return event.date
    raise ConfigError(
        f"framework.yaml has no event {event_id!r}",
        fix=f"use one of {', '.join(e.id for e in framework.events)}, or add the event to "
        "corpus/framework.yaml",
    )


def two_level_from(path: Path | None = None) -> date:
    """The day local government has two levels (the district level ended): the date of the
    framework event ``DISTRICT_LEVEL_ENDED``."""
    return event_date(DISTRICT_LEVEL_ENDED, path)


def _check_references(framework: Framework, path: Path) -> None:
    ids = [d.id for d in framework.documents]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ConfigError(f"framework file {path} lists documents twice: {sorted(dupes)}")
    known = set(ids)
    for doc in framework.documents:
        if doc.effective and doc.expired and doc.expired <= doc.effective:
            raise ConfigError(
                f"framework document {doc.id}: expired {doc.expired} is not after "
                f"effective {doc.effective}"
            )
        # Relations may name texts outside the framework (a province's repealed decision);
        # those are kept as plain ids, so only log them.
        for rel in (*doc.replaces, *doc.replaced_by, *doc.amends, *doc.amended_by):
            if rel not in known:
                log.debug("framework: %s relates to %s, which is not in the framework", doc.id, rel)

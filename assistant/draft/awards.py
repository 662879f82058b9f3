"""Which titles and awards an issuer may grant on a date, and which it proposes to the level above.

Competence is read from the award catalog's "authority" references, never listed by hand: a body
of a level holds the powers of the provisions below on the day they apply (a reference bounded
by ``from``/``until`` in awards.yaml applies only inside its period). For a ward after 01/07/2025
that gives Luật Điều 80 khoản 3 plus NĐ 129/2025/NĐ-CP Điều 59: "Lao động tiên tiến", "Chiến sĩ
thi đua cơ sở", "Tập thể lao động tiên tiến", thôn/tổ dân phố văn hóa, "Gia đình văn hóa" and
Giấy khen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from assistant.domain import Award, Catalog, Ref, load_catalog
from assistant.domain.catalog import parse_ref
from assistant.domain.levels import level as level_of
from assistant.domain.levels import vocabulary

# the 2022 Law, by the award catalog's alias (its one owner: awards.yaml `docs`)
LAW = load_catalog().docs["luat"]


def _level_powers() -> dict[str, frozenset[tuple[str, int, int | None]]]:
    """The provisions that give a body of each level its power to decide (doc, article, clause),
    from the levels vocabulary (domain/data/levels.yaml), read with the catalog's aliases."""
    docs = load_catalog().docs
    out = {}
    for lv in vocabulary().values():
        refs = [parse_ref(r, docs, f"levels.yaml {lv.id}.powers") for r in lv.powers]
        out[lv.id] = frozenset((r.doc, r.article, r.clause) for r in refs)
    return out


LEVEL_POWERS = _level_powers()
# Awards a plan of emulation work does not promise (they reward other kinds of merit).
_NOT_FOR_PLANS = frozenset({"ky_niem_chuong", "huy_hieu"})
_COMMUNE_ONLY = frozenset({"xa_phuong_thi_tran_tieu_bieu"})
_LOCAL_NAMES = {
    "bang_khen_bo_tinh": "Bằng khen của Chủ tịch Ủy ban nhân dân {p}",
    "co_thi_dua_bo_tinh": "Cờ thi đua của Ủy ban nhân dân {p}",
    "chien_si_thi_dua_bo_tinh": "Chiến sĩ thi đua cấp {p}",
}
_KIND_ORDER = {"danh_hieu_thi_dua": 0, "hinh_thuc_khen_thuong": 1}
_RECIPIENT_ORDER = {"ca_nhan": 0, "tap_the": 1, "ho_gia_dinh": 2}


@dataclass(frozen=True)
class AwardEntry:
    award: Award
    criteria: tuple[Ref, ...]  # tiêu chuẩn applying on the date
    authority: tuple[Ref, ...]  # the provisions that give this level the power


def _powers(award: Award, level: str, on: date) -> tuple[Ref, ...]:
    wanted = LEVEL_POWERS.get(level, frozenset())
    return tuple(
        r
        for r in award.refs_for("authority", on)
        if (r.doc, r.article, r.clause) in wanted or (r.doc, r.article, None) in wanted
    )


def _pick_family(found: list[AwardEntry], catalog: Catalog, level: str) -> list[AwardEntry]:
    """A generic award and its specific forms both qualify ("Giấy khen" and "Giấy khen của Chủ
    tịch UBND cấp xã"): keep the form the level grants, else the generic one."""
    ids = {e.award.id for e in found}
    out = []
    for e in found:
        a = e.award
        if a.parent in ids:
            chosen = dict(catalog.get(a.parent).by_level).get(_catalog_level(level))
            if chosen != a.id:
                continue
        elif any(c.id in ids for c in catalog.children(a.id)):
            chosen = dict(a.by_level).get(_catalog_level(level))
            if chosen in ids:
                continue
        out.append(e)
    return out


def _catalog_level(level: str) -> str:
    return level_of(level).catalog_level


def _order(e: AwardEntry) -> tuple:
    a = e.award
    return (_KIND_ORDER.get(a.kind, 2), _RECIPIENT_ORDER.get(a.recipients[0], 3), a.id)


def competence(level: str, on: date, catalog: Catalog | None = None) -> list[AwardEntry]:
    """Titles and awards a body of `level` decides on `on`, titles first, each with its
    criteria and the provisions that give the power."""
    catalog = catalog or load_catalog()
    found = []
    for award in catalog.awards:
        if award.kind not in _KIND_ORDER or award.id in _NOT_FOR_PLANS or not award.exists_on(on):
            continue
        powers = _powers(award, level, on)
        if powers:
            found.append(AwardEntry(award, award.refs_for("criteria", on), powers))
    return sorted(_pick_family(found, catalog, level), key=_order)


def proposals(level: str, on: date, catalog: Catalog | None = None) -> list[AwardEntry]:
    """Awards the body proposes to the level above (Bằng khen, chiến sĩ thi đua cấp tỉnh …)."""
    above = level_of(level).proposes_to
    if not above:
        return []
    entries = competence(above, on, catalog)
    if not level_of(level).commune:
        # Luật Điều 29: the title goes to a commune as a whole, which only a commune proposes.
        entries = [e for e in entries if e.award.id not in _COMMUNE_ONLY]
    return entries


# The Law's name of a title that names a unit the 2025 reform ended (thị trấn), as a plan of the
# two-level local government prints it.
_TWO_LEVEL_NAMES = {"xa_phuong_thi_tran_tieu_bieu": "Xã, phường tiêu biểu"}


def display_name(award: Award, province_word: str = "tỉnh", on: date | None = None) -> str:
    """The name a local plan prints: the provincial forms named by the province's chairman
    ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh") rather than the Law's generic heading; on a
    day of the two-level local government, no "thị trấn" in a title's name."""
    from assistant.registry.framework import two_level_from

    if on is not None and on >= two_level_from() and award.id in _TWO_LEVEL_NAMES:
        return _TWO_LEVEL_NAMES[award.id]
    name = _LOCAL_NAMES.get(award.id)
    return name.format(p=province_word) if name else award.name_vi


def can_grant(level: str, award: Award, on: date, catalog: Catalog | None = None) -> bool:
    """Whether a body of `level` may decide `award` (or any specific form of it) on `on`."""
    catalog = catalog or load_catalog()
    family = [award, *catalog.children(award.id)]
    if award.parent:
        family.append(catalog.get(award.parent))
    return any(a.exists_on(on) and _powers(a, level, on) for a in family)


def authority_refs(entries: list[AwardEntry]) -> tuple[Ref, ...]:
    """The distinct power-giving provisions of a list, in a stable order (Luật first)."""
    seen: dict[tuple, Ref] = {}
    for e in entries:
        for r in e.authority:
            seen.setdefault((r.doc, r.article, r.clause, r.point), r)
    return tuple(sorted(seen.values(), key=lambda r: (r.doc != LAW, r.article, r.clause or 0)))

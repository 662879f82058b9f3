"""Places of the country as it is since the 2025 reform, from the kept library
``vietnam-provinces`` (the 34 provinces and centrally governed cities, and their communes).

The one owner of province names: other modules ask here rather than keep a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.domain.datafiles import read_yaml
from assistant.domain.phrases import fold


@dataclass(frozen=True)
class ProvinceName:
    name: str  # "Nghệ An"
    full: str  # "Tỉnh Nghệ An", "Thành phố Hà Nội"
    city: bool  # centrally governed city (thành phố trực thuộc trung ương)
    folded: str  # "nghe an" (phrases.fold)


@lru_cache(maxsize=1)
def provinces() -> tuple[ProvinceName, ...]:
    from vietnam_provinces import Province

    out = []
    for p in Province.iter_all():
        city = p.name.startswith("Thành phố")
        short = re.sub(r"^(Thành phố|Tỉnh)\s+", "", p.name)
        out.append(ProvinceName(short, p.name, city, fold(short)))
    return tuple(out)


@lru_cache(maxsize=1)
def central_city_names() -> tuple[tuple[str, ProvinceName], ...]:
    """Folded names of the centrally governed cities with their other names (``city_aliases``
    in local_rules.yaml), longest first: ("ho chi minh", Hồ Chí Minh), ("sai gon", …) …"""
    aliases = read_yaml("local_rules.yaml").get("city_aliases") or {}
    out = []
    for p in provinces():
        if p.city:
            out.append((p.folded, p))
            out += [(fold(a), p) for a in aliases.get(p.name, ())]
    unknown = set(aliases) - {p.name for p in provinces() if p.city}
    if unknown:
        from assistant.errors import ConfigError

        raise ConfigError(
            f"city_aliases in local_rules.yaml: not a central city: {sorted(unknown)}"
        )
    return tuple(sorted(out, key=lambda kv: -len(kv[0])))


def central_city(name: str | None) -> ProvinceName | None:
    """The centrally governed city a place name starts with ("Cần Thơ", "Hà Nội về …",
    "Sài Gòn"), or None ("Lào Cai", a former provincial city, is none)."""
    if not name:
        return None
    text = fold(name)
    for folded, p in central_city_names():
        if text == folded or text.startswith(folded + " "):
            return p
    return None


@lru_cache(maxsize=1)
def _naming() -> tuple[re.Pattern, dict[str, ProvinceName]]:
    data = read_yaml("local_rules.yaml")
    by_folded = {p.folded: p for p in provinces()}
    names = "|".join(re.escape(f) for f in sorted(by_folded, key=len, reverse=True))
    before_p = "|".join(re.escape(w) for w in data["before_province"])
    before_c = "|".join(re.escape(w) for w in data["before_city"])
    after = "|".join(re.escape(w) for w in data["after"])
    pattern = re.compile(
        rf"\b(?:(?P<kind_p>{before_p})\s+(?P<p>{names})"
        rf"|(?P<kind_c>{before_c})\s+(?P<c>{names})"
        rf"|(?P<a>{names})\s+(?:{after}))\b"
    )
    return pattern, by_folded


def provinces_named(text: str) -> list[ProvinceName]:
    """The provinces a text names as places ("tỉnh Nghệ An", "Nghệ An province", "thành phố Hà
    Nội"), in order; "thành phố Lào Cai" (a former provincial city) and "Huân chương Hồ Chí
    Minh" name none."""
    pattern, by_folded = _naming()
    out: list[ProvinceName] = []
    for m in pattern.finditer(fold(text)):
        key = m.group("p") or m.group("c") or m.group("a")
        p = by_folded[key]
        if m.group("c") and not p.city:
            continue
        if p not in out:
            out.append(p)
    return out


@lru_cache(maxsize=1)
def local_rule_cues() -> re.Pattern:
    """Words that ask for a province's own rule (domain data, vi and en)."""
    cues = read_yaml("local_rules.yaml")["cues"]
    words = [w for lang in ("vi", "en") for w in cues[lang]]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")


def asks_local_rule(text: str) -> bool:
    """Whether a text (as written) has words that ask for a province's own rule."""
    return bool(local_rule_cues().search(fold(text)))


@lru_cache(maxsize=1)
def _communes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Folded "<kind> <name>" of every commune-level unit ("phuong hoan kiem", "xa bat xat",
    "dac khu van don") → ((its kind, its province's gazetteer name), …)."""
    from vietnam_provinces import Province, Ward

    names = {p.code: p.name for p in Province.iter_all()}
    out: dict[str, list[tuple[str, str]]] = {}
    for w in Ward.iter_all():
        kind = w.division_type.value  # "xã", "phường", "đặc khu"
        out.setdefault(fold(w.name), []).append((kind, names[w.province_code]))
    return {k: tuple(v) for k, v in out.items()}


def in_words(p: ProvinceName) -> str:
    """How a text names the province: "Thành phố Hà Nội", "tỉnh Lào Cai"."""
    return f"Thành phố {p.name}" if p.city else f"tỉnh {p.name}"


def province_by_name(text: str | None) -> ProvinceName | None:
    """The province a name gives ("Lào Cai", "tỉnh Lào Cai", "Thành phố Hà Nội", "TP HCM")."""
    if not text:
        return None
    name = fold(re.sub(r"^\s*(?:tỉnh|thành phố|tp\.?)\s+", "", text.strip(), flags=re.I))
    city = central_city(name)
    if city is not None:
        return city
    return next((p for p in provinces() if p.folded == name), None)


def province_of_commune(issuer: str) -> ProvinceName | None:
    """The province of the commune, ward or đặc khu an issuer names ("UBND phường Hoàn Kiếm" →
    Hà Nội), when the name is that of one unit only; None otherwise."""
    m = re.search(r"\b(xã|phường|đặc khu)\s+(.+)$", issuer.strip(), flags=re.I)
    if not m:
        return None
    found = _communes().get(fold(f"{m.group(1)} {m.group(2)}"), ())
    provinces_found = {prov for _, prov in found}
    if len(provinces_found) != 1:
        return None
    full = provinces_found.pop()
    return next(p for p in provinces() if p.full == full)


def commune_kinds(province: ProvinceName | None) -> str:
    """The kinds of commune-level unit a province has, as a plan lists them: "xã, phường" or
    "xã, phường, đặc khu" (13 đặc khu in 9 provinces); all three when the province is unknown."""
    if province is None:
        return "xã, phường, đặc khu"
    kinds = _kinds_by_province().get(province.full, set())
    return ", ".join(k for k in ("xã", "phường", "đặc khu") if k in kinds)


@lru_cache(maxsize=1)
def _kinds_by_province() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for units in _communes().values():
        for kind, prov in units:
            out.setdefault(prov, set()).add(kind)
    return out

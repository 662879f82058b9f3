"""Bonus sums in đồng, computed from the coefficient a quoted clause states.

NĐ 152/2025 states every bonus as a multiple of the base salary ("3,5 lần mức lương cơ sở"),
or as a multiple of the individual's bonus for a collective ("gấp hai lần mức tiền thưởng đối
với cá nhân") or a household ("bằng 1,5 lần mức tiền thưởng tương ứng"). Its Điều 49 says the
base salary is the one in force when the award is decided (khoản 1) and that the product is
rounded up to the ten thousand đồng (khoản 2). The base salary itself is data: the registry's
base-salary texts (corpus/framework.yaml), each with its sum and the provision that sets it.

Every sum is labelled as a computation beside the quoted clause; nothing here states a rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from assistant.answer.abstain import asked_quantity
from assistant.answer.compose import label
from assistant.corpus import Corpus
from assistant.domain import load_catalog
from assistant.retrieve.analysis import QueryAnalysis

ROUND_TO = 10_000  # "làm tròn số lên hàng chục nghìn đồng" (NĐ 152/2025 Điều 49 khoản 2)
MAX_LINES = 4  # sums shown for one answer (a whole article lists up to eight awards)

_COEF = re.compile(r"(\d+(?:,\d+)?)\s+lần mức lương cơ sở")
# "gấp hai lần mức tiền thưởng đối với cá nhân", "bằng 1,5 lần mức tiền thưởng tương ứng"
_MULTIPLE = re.compile(r"(?:gấp|bằng)\s+(hai|ba|\d+(?:,\d+)?)\s+lần\s+(?:mức\s+)?tiền thưởng")
_MONEY_UNITS = ("tien", "money", "dong", "vnd")
_WORDS = {"hai": Decimal(2), "ba": Decimal(3)}
_COLLECTIVE = re.compile(r"\b(tap the|don vi|collective|organisation|organization|unit)\b")
_HOUSEHOLD = re.compile(r"\b(ho gia dinh|household|family)\b")


@dataclass(frozen=True)
class Sum:
    """One computed bonus: coefficient × base salary, rounded up as Điều 49 khoản 2 says."""

    provision_id: str  # the clause stating the coefficient (or the multiple)
    coefficient: Decimal
    base: int
    multiple: Decimal | None = None  # a collective's or household's multiple of the individual's
    multiple_from: str | None = None  # the clause that states that multiple

    @property
    def exact(self) -> Decimal:
        return self.coefficient * (self.multiple or 1) * self.base

    @property
    def rounded(self) -> int:
        steps = (self.exact / ROUND_TO).to_integral_value(rounding=ROUND_CEILING)
        return int(steps) * ROUND_TO


def asks_amount(q: QueryAnalysis) -> bool:
    """The question asks for a sum: its leading intent, or a quantity asked in money."""
    if "amount" in q.intents[:2]:
        return True
    asked = asked_quantity(q)
    return bool(asked and asked[0] in _MONEY_UNITS)


def number(text: str) -> Decimal:
    return _WORDS.get(text) or Decimal(text.replace(",", "."))


def vnd(amount: int | Decimal) -> str:
    """2530000 → "2.530.000" (Vietnamese thousands separator)."""
    return f"{int(amount):,}".replace(",", ".")


def coef_text(value: Decimal) -> str:
    """3.5 → "3,5"; 2 → "2"."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def coefficients(view: Corpus, pid: str) -> list[tuple[str, Decimal]]:
    """(unit, coefficient) for the unit and, when it states none itself, for each of its parts."""
    found = _COEF.findall(view.text(pid))
    if len(found) == 1:
        return [(pid, number(found[0]))]
    out: list[tuple[str, Decimal]] = []
    p = view.provisions.get(pid)
    for child in p.children if p is not None else ():
        out.extend(coefficients(view, child))
    return out


def multiple(view: Corpus, pid: str) -> Decimal | None:
    m = _MULTIPLE.search(view.text(pid))
    return number(m.group(1)) if m else None


def recipient(q: QueryAnalysis) -> str:
    """Who the question asks about: an individual (default), a collective or a household."""
    if _HOUSEHOLD.search(q.folded):
        return "household"
    if _COLLECTIVE.search(q.folded):
        return "collective"
    return "individual"


def _award_units(q: QueryAnalysis, view: Corpus, kind: str, day: date) -> list[str]:
    out = []
    for m in q.awards[:2]:
        for ref in m.award.refs_for(kind, day):
            pid = view.find_ref(ref)
            if pid and pid not in out:
                out.append(pid)
    return out


def _narrowed(found: list[tuple[str, Decimal]], asked: list[str]):
    """Of the coefficients in a quoted unit, those of the asked award when it names one."""
    if not asked:
        return found
    mine = [f for f in found if f[0] in asked or any(f[0].startswith(a + "/") for a in asked)]
    return mine or found


def bonus_sums(
    q: QueryAnalysis, view: Corpus, cited: list[str], day: date
) -> tuple[list[Sum], list[str]]:
    """Sums for the cited units on the day, and extra units to cite (a collective's multiple)."""
    entry = view.registry.base_salary(day)
    if entry is None or not cited:
        return [], []
    base = int(entry.base_salary_vnd)
    who = recipient(q)
    extra: list[str] = []
    own = _award_units(q, view, "bonus", day)
    found: list[tuple[str, Decimal]] = []
    for pid in cited:
        found.extend(coefficients(view, pid))
    if not found:  # the answer quotes a multiple only: start from the award's own clause
        for pid in own:
            found.extend(coefficients(view, pid))
    found = _narrowed(list(dict.fromkeys(found)), own)
    mult: Decimal | None = None
    mult_pid: str | None = None
    if who != "individual":
        kind = "bonus_collective" if who == "collective" else "bonus_household"
        for pid in [c for c in cited if multiple(view, c)] or _award_units(q, view, kind, day):
            if (mult := multiple(view, pid)) is not None:
                mult_pid = pid
                if pid not in cited:
                    extra.append(pid)
                break
    sums = [Sum(pid, coef, base, mult, mult_pid) for pid, coef in found[:MAX_LINES]]
    return sums, extra


def sum_lines(sums: list[Sum], view: Corpus, day: date, lang: str) -> list[str]:
    """The computation, said as one: the base, its source, each product and its rounding."""
    if not sums:
        return []
    entry = view.registry.base_salary(day)
    since = entry.effective.strftime("%d/%m/%Y") if entry and entry.effective else ""
    source = (entry.base_salary_basis or entry.label) if entry else ""
    base = vnd(sums[0].base)
    # the rule of computing (NĐ 152/2025 Điều 49) is the catalog's, not written here
    principles = [view.find_ref(r) for r in load_catalog().general.get("bonus_principles", ())]
    rule = next((label(view, pid) for pid in principles if pid), "")
    lines = []
    if lang == "vi":
        lines.append(
            f"Quy đổi ra đồng (tính toán, không phải lời văn bản): mức lương cơ sở {base} "
            f"đồng/tháng từ {since} ({source}); tiền thưởng tính theo mức lương cơ sở có hiệu "
            f"lực khi ban hành quyết định khen thưởng và làm tròn lên hàng chục nghìn đồng "
            f"({rule}):"
        )
    else:
        lines.append(
            f"In đồng (a computation, not the text's words): base salary {base} đồng/month from "
            f"{since} ({source}); the bonus uses the base salary in force when the award is "
            f"decided and is rounded up to the ten thousand đồng ({rule}):"
        )
    for s in sums:
        coef = coef_text(s.coefficient)
        if s.multiple:
            coef = f"{coef} × {coef_text(s.multiple)}"
        where = label(view, s.provision_id)
        if s.multiple_from:
            who = "nhân hệ số theo" if lang == "vi" else "times the multiple in"
            where += f" ({who} {label(view, s.multiple_from)})"
        lines.append(f"- {where}: {coef} × {base} = {vnd(s.exact)} → {vnd(s.rounded)} đồng")
    return lines

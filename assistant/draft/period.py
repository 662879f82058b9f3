"""When a plan applies and what it celebrates: its period, reference date and anniversaries.

A yearly plan covers the calendar year. A campaign runs from its start (given, else the plan's
date) to the occasion: when the occasion names an event of the dated table written by us
(``domain/data/events.yaml``), the campaign closes a month before its day in the plan's year
(in time to present the awards at the ceremony) and its number of
years is computed, so "Kỷ niệm 79 năm Ngày Thương binh - Liệt sĩ" for 2027 is refused (it is
the 80th). Anniversaries come from ``events.anniversaries``: national events every year or in
round years, sector and organisation events in their round decades ("năm tròn").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.domain import Anniversary, anniversaries, load_events
from assistant.domain.events import Event
from assistant.draft.spec import DraftRequest
from assistant.errors import InvalidInputError
from assistant.text import fold_alnum


@dataclass(frozen=True)
class PlanPeriod:
    start: date
    end: date
    reference: date  # the day whose legal framework applies (the plan's date when known)
    year: int
    occasion: str | None = None  # as printed in the title
    event: Event | None = None  # the table's event the occasion names, if any

    @property
    def occasion_day(self) -> date | None:
        """The day of the anniversary a campaign celebrates, in its year (None: no event)."""
        return self.event.date.replace(year=self.year) if self.event else None


def _fold(text: str) -> str:
    return fold_alnum(text)


def _event_named(occasion: str) -> Event | None:
    text = f" {_fold(occasion)} "
    best: Event | None = None
    for ev in load_events().events:
        name = _fold(ev.name_vi)
        core = name[5:] if name.startswith("ngay ") else name
        if f" {core} " in text and (best is None or len(core) > len(_fold(best.name_vi))):
            best = ev
    return best


def _occasion_label(occasion: str, event: Event | None, year: int) -> str:
    occasion = " ".join(occasion.split())
    if event is None:
        return occasion
    years = year - event.date.year
    written = re.search(r"(\d{1,3})\s+năm\b", occasion)
    if written and int(written.group(1)) != years:
        raise InvalidInputError(
            f"the occasion says {written.group(1)} năm but {event.name_vi} "
            f"({event.date:%d/%m/%Y}) is {years} năm in {year}",
            fix=f"write “{years} năm” or leave the number out: it is computed",
        )
    found = [a for a in anniversaries(year) if a.event.id == event.id]
    label = found[0].label_vi if found else _computed_label(event, years, year)
    return label[0].lower() + label[1:]


def _computed_label(event: Event, years: int, year: int) -> str:
    day = event.date.replace(year=year)
    return f"Kỷ niệm {years} năm {event.name_vi} ({event.date:%d/%m/%Y} - {day:%d/%m/%Y})"


def plan_period(request: DraftRequest, today: date | None = None) -> PlanPeriod:
    """The period, reference date and occasion of a request (see the module docstring)."""
    today = today or date.today()
    if request.kind == "annual":
        year = request.plan_year
        start, end = date(year, 1, 1), date(year, 12, 31)
        ref = request.plan_date or (today if today.year == year else start)
        return PlanPeriod(start, end, ref, year)
    year = (
        request.year
        or (request.period_start or request.period_end or request.plan_date or today).year
    )
    event = _event_named(request.occasion or "")
    label = _occasion_label(request.occasion or "", event, year)
    end = request.period_end
    if end is None:
        # closes before the anniversary, so that its awards are presented at the ceremony
        end = (
            event.date.replace(year=year) - timedelta(days=load_events().close_before_days)
            if event
            else date(year, 12, 31)
        )
    start = request.period_start or request.plan_date
    if start is None:
        start = today if date(year, 1, 1) <= today <= end else date(year, 1, 1)
    if end < start:
        raise InvalidInputError(
            f"the campaign would end on {end:%d/%m/%Y}, before it starts on {start:%d/%m/%Y}",
            fix="give --from/--to, or a --date before the occasion",
        )
    ref = request.plan_date or (today if start <= today <= end else start)
    return PlanPeriod(start, end, ref, year, label, event)


def plan_anniversaries(period: PlanPeriod) -> list[Anniversary]:
    """The anniversaries a plan celebrates, in calendar order, from its reference date to the
    end of its period: national ones (every year or round years) and the round decades of the
    sector and organisation days."""
    found: dict[str, Anniversary] = {}
    for year in range(period.start.year, period.end.year + 1):
        for a in anniversaries(year, categories=("national",)):
            found[f"{a.event.id}:{year}"] = a
        for a in anniversaries(year, round_step=10, categories=("sector", "organisation")):
            found[f"{a.event.id}:{year}"] = a
    first = max(period.start, period.reference)
    last = max(period.end, period.occasion_day or period.end)  # the occasion it closes before
    return sorted((a for a in found.values() if first <= a.date <= last), key=lambda a: a.date)

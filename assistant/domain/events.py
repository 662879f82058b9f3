"""Anniversaries of national events for a plan year, computed from the event dates.

A yearly TĐKT plan opens with the year's great anniversaries ("Kỷ niệm 95 năm Ngày thành lập
Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025)"). The events and their dates are in
``data/events.yaml``; which years are commemorated follows each event's rule: every year, or
in round years (multiples of ``round_step``, 5 by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from assistant.domain.datafiles import read_yaml
from assistant.errors import ConfigError, InvalidInputError

RULES = ("every_year", "round", "once")


@dataclass(frozen=True)
class Event:
    id: str
    name_vi: str
    name_en: str
    date: date
    rule: str  # every_year | round
    category: str = "national"


@dataclass(frozen=True)
class Anniversary:
    event: Event
    years: int
    date: date  # the anniversary day in the plan year
    label_vi: str
    label_en: str

    @property
    def nam_tron(self) -> bool:
        """A "năm tròn" in the sense of Luật 06/2022/QH15 Điều 3 khoản 6 (ends in 0)."""
        return self.years % 10 == 0


@dataclass(frozen=True)
class EventTable:
    events: tuple[Event, ...]
    round_step: int = 5
    # a campaign for an anniversary closes this many days before it, so that its awards are
    # decided in time to be presented at the ceremony (``campaign_closes_before_days``)
    close_before_days: int = 30

    def anniversaries(
        self,
        year: int,
        *,
        round_step: int | None = None,
        categories: tuple[str, ...] | None = None,
    ) -> list[Anniversary]:
        step = round_step or self.round_step
        if step < 1:
            raise InvalidInputError(f"round_step must be ≥ 1, got {step}", fix="use 5 or 10")
        out = []
        for ev in self.events:
            if categories is not None and ev.category not in categories:
                continue
            n = year - ev.date.year
            if ev.rule == "once":
                if n == 0:  # an event of the year itself (a congress, an election)
                    out.append(_occasion(ev))
                continue
            if n <= 0 or (ev.rule == "round" and n % step):
                continue
            out.append(_anniversary(ev, n, year))
        out.sort(key=lambda a: (a.date, a.event.id))
        return out


def _same_day_in(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def _anniversary(ev: Event, years: int, year: int) -> Anniversary:
    day = _same_day_in(ev.date, year)
    span = f"{ev.date:%d/%m/%Y} - {day:%d/%m/%Y}"
    return Anniversary(
        event=ev,
        years=years,
        date=day,
        label_vi=f"Kỷ niệm {years} năm {ev.name_vi} ({span})",
        label_en=f"{_ordinal(years)} anniversary of the {ev.name_en} ({span})",
    )


def _occasion(ev: Event) -> Anniversary:
    """An event of the plan's own year, greeted as it is ("chào mừng thành công Đại hội …")."""
    return Anniversary(
        event=ev, years=0, date=ev.date, label_vi=ev.name_vi, label_en=f"the {ev.name_en}"
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def parse_events(data: dict) -> EventTable:
    events = []
    seen: set[str] = set()
    for raw in data.get("events") or []:
        where = f"event {raw.get('id', '?')}"
        try:
            ev = Event(
                id=raw["id"],
                name_vi=raw["name_vi"],
                name_en=raw.get("name_en", raw["name_vi"]),
                date=raw["date"]
                if isinstance(raw["date"], date)
                else date.fromisoformat(raw["date"]),
                rule=raw["rule"],
                category=raw.get("category", "national"),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise ConfigError(
                f"{where} in events.yaml is incomplete or malformed: {exc}",
                fix="give id, name_vi, date (YYYY-MM-DD) and rule",
            ) from None
        if ev.rule not in RULES:
            raise ConfigError(f"{where}: unknown rule {ev.rule!r}", fix=f"use one of {RULES}")
        if ev.id in seen:
            raise ConfigError(f"duplicate event id {ev.id!r} in events.yaml")
        seen.add(ev.id)
        events.append(ev)
    return EventTable(
        tuple(events),
        int(data.get("round_step", 5)),
        int(data.get("campaign_closes_before_days", 30)),
    )


@lru_cache(maxsize=1)
def load_events() -> EventTable:
    return parse_events(read_yaml("events.yaml"))


def anniversaries(
    year: int, *, round_step: int | None = None, categories: tuple[str, ...] | None = None
) -> list[Anniversary]:
    """The anniversaries falling in `year`, in calendar order.

    Every-year events are always listed; the others when the number of years is a multiple
    of `round_step` (default from events.yaml, 5). `categories` limits the list, e.g.
    ("national",).

    >>> [a.label_vi for a in anniversaries(2025)][0]
    'Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025)'
    """
    return load_events().anniversaries(year, round_step=round_step, categories=categories)

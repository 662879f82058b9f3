"""The timeline appendix: a yearly plan by quarter, a campaign by month.

Rows come from the plan's calendar (registration at the start, reports at the end of each
quarter, the review before the year ends) and from the computed anniversaries; rows that would
fall before the plan's reference date are left out. Deadlines only an official can set are
"[…]".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from assistant.domain import Anniversary
from assistant.draft.document import TimelineRow
from assistant.draft.organisation import Units
from assistant.draft.period import PlanPeriod
from assistant.draft.spec import PLACEHOLDER as P
from assistant.draft.spec import DraftRequest, short_date

_QUARTERS = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class _Task:
    day: date  # when it falls (for ordering and for leaving out past rows)
    row: TimelineRow


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _celebrations(found: list[Anniversary], lead: str) -> list[_Task]:
    return [
        _Task(
            a.date,
            TimelineRow(
                f"Thi đua lập thành tích chào mừng {a.label_vi[0].lower()}{a.label_vi[1:]}",
                f"Trước ngày {short_date(a.date)}",
                lead,
            ),
        )
        for a in found
    ]


def _annual(period: PlanPeriod, u: Units, found: list[Anniversary]) -> list[_Task]:
    y = period.year
    members = u.members_short
    tasks = [
        _Task(
            date(y, 1, 31),
            TimelineRow(
                f"Ban hành Kế hoạch, phát động phong trào thi đua, ký kết giao ước thi đua năm {y}",
                f"Tháng 01/{y}",
                u.council,
            ),
        ),
        _Task(
            date(y, 1, 31),
            TimelineRow(
                "Đăng ký thi đua gửi cơ quan thường trực", f"Trước ngày {P}/01/{y}", members
            ),
        ),
        _Task(
            date(y, 3, 31),
            TimelineRow("Báo cáo công tác thi đua, khen thưởng quý I", f"Tháng 03/{y}", u.standing),
        ),
        _Task(
            date(y, 6, 30),
            TimelineRow(
                "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm; khen thưởng theo thẩm quyền",
                f"Tháng 06/{y}",
                u.council,
            ),
        ),
        _Task(
            date(y, 9, 30),
            TimelineRow(
                "Báo cáo công tác thi đua, khen thưởng 9 tháng", f"Tháng 09/{y}", u.standing
            ),
        ),
        _Task(
            date(y, 11, 30),
            TimelineRow(
                f"Hướng dẫn bình xét danh hiệu thi đua, hình thức khen thưởng năm {y}",
                f"Tháng 11/{y}",
                u.standing,
            ),
        ),
        _Task(
            date(y, 12, 15),
            TimelineRow(
                f"Gửi hồ sơ đề nghị xét tặng danh hiệu thi đua, hình thức khen thưởng năm {y}",
                f"Trước ngày {P}/12/{y}",
                members,
            ),
        ),
        _Task(
            date(y, 12, 31),
            TimelineRow(
                f"Xét, trình khen thưởng; tổng kết công tác thi đua, khen thưởng năm {y}, phát động "
                f"thi đua năm {y + 1}",
                f"Tháng 12/{y}",
                u.council,
            ),
        ),
    ]
    return tasks + _celebrations(found, members)


def _campaign(period: PlanPeriod, u: Units, found: list[Anniversary]) -> list[_Task]:
    start, end = period.start, period.end
    members = u.members_short
    tasks = [
        _Task(
            start,
            TimelineRow(
                "Phát động đợt thi đua; xây dựng kế hoạch, đăng ký thi đua",
                f"Trước ngày {P}/{start.month:02d}/{start.year}",
                members,
            ),
        ),
        _Task(end, TimelineRow("Kết thúc đợt thi đua", f"Ngày {short_date(end)}", u.council)),
        _Task(
            end + timedelta(days=1),
            TimelineRow("Bình xét, gửi hồ sơ đề nghị khen thưởng", f"Trước ngày {P}", members),
        ),
        _Task(
            end + timedelta(days=2),
            TimelineRow(
                "Tổng kết đợt thi đua, trao thưởng",
                f"Tại lễ kỷ niệm ngày {short_date(occasion)}"
                if (occasion := period.occasion_day) and occasion > end
                else f"Sau ngày {short_date(end)}",
                u.council,
            ),
        ),
    ]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months >= 3:
        mid_index = start.month - 1 + months // 2
        mid = date(start.year + mid_index // 12, mid_index % 12 + 1, 1)
        tasks.append(
            _Task(
                _month_end(mid.year, mid.month),
                TimelineRow(
                    "Sơ kết, kiểm tra tiến độ đợt thi đua", f"Tháng {mid:%m/%Y}", u.standing
                ),
            )
        )
    occasion = period.event.id if period.event else None
    return tasks + _celebrations([a for a in found if a.event.id != occasion], members)


def timeline_rows(
    request: DraftRequest, period: PlanPeriod, units: Units, found: list[Anniversary]
) -> tuple[TimelineRow, ...]:
    """Rows grouped under "Quý I" … (yearly) or "Tháng 05/2027" … (campaign)."""
    if request.kind == "annual":
        tasks = _annual(period, units, found)
    else:
        tasks = _campaign(period, units, found)
    tasks = sorted((t for t in tasks if t.day >= period.reference), key=lambda t: t.day)
    rows: list[TimelineRow] = []
    current = None
    for t in tasks:
        if request.kind == "annual":
            group = f"Quý {_QUARTERS[(t.day.month - 1) // 3]}"
        elif t.day > period.end:
            group = "Sau đợt thi đua"
        else:
            group = f"Tháng {t.day:%m/%Y}"
        if group != current:
            rows.append(TimelineRow(group=group))
            current = group
        rows.append(t.row)
    return tuple(rows)

"""The checks of a plan. Each rule reads the plan's facts and yields findings that hold for every
day the plan's date may be (see plan_facts): a reference right on the plan's date is never
reported as wrong because the law changed later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from assistant.domain import Catalog
from assistant.domain.levels import vocabulary
from assistant.draft.findings import Finding, Location
from assistant.draft.mentions import (
    Deadline,
)
from assistant.draft.plan_facts import DATE, Line, PlanFacts, fold, parse_date
from assistant.registry import Registry
from assistant.registry.validity import fmt

GRACE = timedelta(days=62)  # dossiers and reports follow the end of a period by a few weeks
# Upper case on purpose: the authority and title lines of the signature block (box 7a).
_SIGNER = re.compile(
    r"(?:^|\s)(?:TM|KT|TL|TUQ|Q)\s*\.\s*\w|(?:^|\s)(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG BAN|"
    r"THỦ TRƯỞNG|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|CỤC TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG)\b"
)
# A sentence that opens with "Căn cứ" / "Thực hiện" states the plan's basis.
_BASIS = re.compile(r"(?:^|[.;:]\s+)(?:Căn cứ|Thực hiện)\b")
_ANNIVERSARY = re.compile(
    r"(?<!\d)(\d{1,3})\s+năm\b[^()0-9]{0,160}?\(\s*" + DATE + r"\s*[-–]\s*" + DATE + r"\s*\)"
)
# how a message names a level in running text ("cấp xã"), from the levels vocabulary
LEVEL_VI = {lv.id: lv.in_text_vi for lv in vocabulary().values() if lv.in_text_vi}


@dataclass(frozen=True)
class Context:
    facts: PlanFacts
    registry: Registry
    catalog: Catalog
    abolished: date | None  # the day the district level ceased (framework event)
    deadlines: tuple[Deadline, ...]
    abolition_known: date | None = None  # the day the texts that ended it were issued

    @property
    def horizon(self) -> date | None:
        """The last day the plan acts on: its period's end or its latest deadline."""
        days = [d.day for d in self.deadlines if d.cue != "tu"]
        if self.facts.period:
            days.append(self.facts.period[1])
        if self.facts.date:
            days.append(self.facts.date.end)
        return max(days) if days else None


def finding(
    severity, code, message, line: Line | None, fix=None, section=None, kind="issued"
) -> Finding:
    where = Location(section=line.section if line else section, line=line.number if line else None)
    return Finding(
        severity=severity, code=code, message=message, location=where, fix=fix, kind=kind
    )


def _first_line(facts: PlanFacts) -> Line | None:
    return facts.lines[0] if facts.lines else None


# ---------------------------------------------------------------------------- structure


def section_numbers(ctx: Context) -> Iterator[Finding]:
    parsed = ctx.facts.parsed
    by_id = {p.id: p for p in parsed.provisions}
    lines = {ln.number: ln for ln in ctx.facts.lines}
    for warning in parsed.warnings:
        dup = re.match(r"duplicate section number (\S+) at line (\d+) \(kept as (\S+)\)", warning)
        seq = re.match(
            r"section number (\S+) at line (\d+) out of sequence \(expected (\S+)\)", warning
        )
        orphan = re.match(r"item (\S+) at line (\d+) has no item (\S+) above it", warning)
        if dup:
            label, at, kept = dup.group(1), int(dup.group(2)), dup.group(3)
            first = by_id.get(re.sub(r"-\d+$", "", kept))
            siblings = [
                p
                for p in parsed.provisions
                if p.parent_id == by_id[kept].parent_id and p.kind == by_id[kept].kind
            ]
            position = next(i for i, p in enumerate(siblings) if p.id == kept) + 1
            expected = _roman(position) if by_id[kept].kind == "muc" else str(position)
            yield finding(
                "error",
                "duplicate-section-number",
                f"Hai mục cùng đánh số {label}"
                + (f" (dòng {first.line} và dòng {at})." if first and first.line else "."),
                lines.get(at) or Line(at, "", label),
                f"Đánh số lại mục ở dòng {at} thành {expected} và các mục sau nó theo thứ tự.",
            )
        elif seq:
            label, at, expected = seq.group(1), int(seq.group(2)), seq.group(3)
            yield finding(
                "warning",
                "section-number-sequence",
                f"Mục {label} không đúng thứ tự (sau mục trước phải là {expected}).",
                lines.get(at) or Line(at, "", label),
                f"Kiểm tra thiếu mục hoặc đánh số lại thành {expected}.",
            )
        elif orphan:
            at = int(orphan.group(2))
            yield finding(
                "warning",
                "section-number-sequence",
                f"Mục {orphan.group(1)} không có mục {orphan.group(3)} ở trên.",
                lines.get(at) or Line(at, "", None),
                "Kiểm tra thiếu mục hoặc đánh số lại.",
            )


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


@lru_cache(maxsize=1)
def _organisation_spec() -> tuple[tuple[str, ...], re.Pattern, re.Pattern, float]:
    """(headings, task words, item opening with a body, share) of plan_sections.yaml."""
    from assistant.domain.datafiles import read_yaml

    spec = read_yaml("plan_sections.yaml")["organisation"]
    words = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in spec["task_words"]) + r")\b")
    bodies = re.compile(
        r"^(?:[\d.]+|[a-zđ]\)|[-+•])?\s*(?:"
        + "|".join(re.escape(w) for w in spec["bodies"])
        + r")\b"
    )
    return tuple(spec["headings"]), words, bodies, float(spec["task_share"])


def _assigns_tasks(facts: PlanFacts) -> bool:
    """A section of the plan assigns its tasks: by its heading ("Tổ chức thực hiện", "Phân
    công nhiệm vụ" …) or by what its items say (most give a body a task: they start with a
    body or use the words of an assignment), per plan_sections.yaml."""
    headings, words, bodies, share = _organisation_spec()
    sections = [p for p in facts.parsed.provisions if p.kind == "muc"]
    if any(any(h in fold(p.title or "") for h in headings) for p in sections):
        return True
    for p in sections:
        label = p.section or p.number
        if not label:
            continue
        items = [ln for ln in facts.lines if ln.section and ln.section.startswith(label + ".")]
        if len(items) < 2:
            continue
        tasked = sum(
            bool(words.search(f) or bodies.search(f)) for f in (fold(ln.text) for ln in items)
        )
        if tasked >= share * len(items):
            return True
    return False


def missing_parts(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    start = facts.body_start or 10**9
    preamble = [ln for ln in facts.lines if ln.number < start]
    anchor = next((ln for ln in preamble if fold(ln.text) == "ke hoach"), _first_line(facts))
    if not any(_BASIS.search(ln.text) for ln in preamble):
        yield finding(
            "info",
            "missing-basis",
            "Kế hoạch không nêu căn cứ ban hành (không có đoạn “Căn cứ …”/“Thực hiện …” "
            "trước phần I). Đây không phải lỗi thể thức: văn bản có thể có phần căn cứ pháp lý "
            "(NĐ 30/2020/NĐ-CP Phụ lục I mục II.6.c).",
            anchor,
            "Nếu nêu căn cứ: ghi các văn bản còn hiệu lực vào ngày ban hành và kế hoạch cấp trên "
            "được thực hiện, đủ tên loại, số, ký hiệu, ngày và trích yếu (NĐ 30/2020/NĐ-CP Phụ "
            "lục I mục II.6.a).",
        )
    if not _assigns_tasks(facts):
        yield finding(
            "warning",
            "missing-organisation",
            "Không có phần “Tổ chức thực hiện” giao nhiệm vụ cho từng đơn vị.",
            anchor,
            "Thêm phần TỔ CHỨC THỰC HIỆN: nhiệm vụ của Hội đồng Thi đua - Khen thưởng, "
            "cơ quan thường trực và từng cơ quan, đơn vị.",
        )
    signature = [ln for ln in facts.lines if ln.section == "chữ ký"]
    if not any(ln.text.startswith("Nơi nhận") for ln in facts.lines):
        yield finding(
            "warning",
            "missing-recipients",
            "Không có phần “Nơi nhận”.",
            signature[0] if signature else None,
            "Thêm “Nơi nhận:” và danh sách nơi nhận, dòng cuối “Lưu: VT, …” (NĐ "
            "30/2020/NĐ-CP Phụ lục I mục II.9).",
            section="chữ ký",
        )
    if not any(_SIGNER.search(ln.text) for ln in signature):
        yield finding(
            "warning",
            "missing-signer",
            "Không thấy quyền hạn, chức vụ của người ký (TM./KT., CHỦ TỊCH …).",
            signature[-1] if signature else None,
            "Thêm thẩm quyền ký, chức vụ và họ tên người ký (NĐ 30/2020/NĐ-CP Phụ lục I mục II.7).",
            section="chữ ký",
        )
    if facts.date is None or facts.date.source == "estimated":
        used = f"; các kiểm tra dùng {facts.date.text}" if facts.date else ""
        yield finding(
            "info",
            "missing-date",
            f"Không đọc được ngày ban hành trong phần đầu kế hoạch{used}.",
            _first_line(facts),
            "Ghi địa danh và ngày, tháng, năm ban hành (NĐ 30/2020/NĐ-CP Phụ lục I mục "
            "II.4); hoặc nhập ngày ban hành khi kiểm tra (ô “Ngày ban hành kế hoạch”, dòng lệnh "
            "--as-of YYYY-MM-DD).",
        )


def anniversaries(ctx: Context) -> Iterator[Finding]:
    for ln in ctx.facts.lines:
        for m in _ANNIVERSARY.finditer(ln.text):
            n = int(m.group(1))
            first, last = parse_date(*m.group(2, 3, 4)), parse_date(*m.group(5, 6, 7))
            if first and last and last.year - first.year != n:
                yield finding(
                    "error",
                    "anniversary-count",
                    f"Số năm kỷ niệm không khớp: {n} năm nhưng {fmt(first)} - "
                    f"{fmt(last)} là {last.year - first.year} năm.",
                    ln,
                    f"Sửa thành {last.year - first.year} năm.",
                )

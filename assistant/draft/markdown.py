"""A drafted plan as Markdown, laid out like the pack's plans so `tdkt check-plan` reads it back:
the header as a two-cell table (issuer and number | Quốc hiệu, Tiêu ngữ, place and date), bold
headings, "- " items, the signature as a two-cell table, the appendix as a table."""

from __future__ import annotations

from assistant.draft.document import MOTTO, NATIONAL_NAME, PlanDraft


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _header(plan: PlanDraft) -> list[str]:
    left = ([_cell(plan.parent_line)] if plan.parent_line else []) + [
        f"**{_cell(line)}**" for line in plan.issuer_lines
    ]
    left.append(_cell(plan.number_line))
    right = [f"**{NATIONAL_NAME}**", f"**{MOTTO}**", f"*{_cell(plan.place_date)}*"]
    return [f"| {'<br>'.join(left)} | {'<br>'.join(right)} |", "|---|---|", ""]


def _body(plan: PlanDraft) -> list[str]:
    out: list[str] = []
    for para in plan.body:
        if para.style in ("h1", "h2"):
            out.append(f"**{para.text}**")
        elif para.style == "item":
            out.append(f"- {para.text}")
        else:
            out.append(para.text)
        out.append("")
    return out


def _signature(plan: PlanDraft) -> list[str]:
    left = "<br>".join(["***Nơi nhận:***", *(_cell(r) for r in plan.recipients)])
    right = "<br>".join(
        [
            *(f"**{_cell(line)}**" for line in plan.signer_lines),
            "<br><br>",
            f"**{_cell(plan.signer_name)}**",
        ]
    )
    return [f"| {left} | {right} |", "|---|---|", ""]


def _appendix(plan: PlanDraft) -> list[str]:
    out = [
        "---",
        "",
        "**PHỤ LỤC**",
        "",
        f"**{plan.appendix_title}**",
        "",
        f"*{plan.appendix_ref}*",
        "",
    ]
    out.append("| " + " | ".join(plan.timeline_columns) + " |")
    out.append("|" + "---|" * len(plan.timeline_columns))
    n = 0
    for row in plan.timeline:
        if row.group:
            out.append(f"| | **{_cell(row.group)}** | | |")
            continue
        n += 1
        out.append(f"| {n} | {_cell(row.task)} | {_cell(row.when)} | {_cell(row.lead)} |")
    return [*out, ""]


def render_markdown(plan: PlanDraft, *, with_notes: bool = True) -> str:
    """The plan as Markdown; the drafter's notes follow a rule at the end (not part of the
    plan: delete them before issuing)."""
    lines = [*_header(plan), "**KẾ HOẠCH**", "", f"**{plan.title}**", ""]
    lines += [f"*{b}*" for b in plan.bases]
    lines += ["", plan.intro, "", *_body(plan), plan.closing, "", *_signature(plan)]
    lines += _appendix(plan)
    if with_notes and plan.notes:
        lines += ["---", "", "> **Ghi chú cho người soạn thảo (xóa trước khi ban hành):**", ">"]
        lines += [f"> - {n}" for n in plan.notes]
        lines.append("")
    return "\n".join(lines)

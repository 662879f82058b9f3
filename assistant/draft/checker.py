"""Check a plan: `check_plan_file(path)`, `check_plan_text(text, name)` → CheckReport.

Findings (severity, code, message, location {section, line}, fix) for: legal bases not in force on
the plan's own date (or expiring before it ends), authorities that no longer exist on that date,
award forms outside the granting body's competence, duplicate or out-of-sequence section
numbers, deadlines before the plan, outside its period or out of order, miscounted
anniversaries, and missing parts (căn cứ, tổ chức thực hiện, nơi nhận, signer, date).
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import date
from pathlib import Path

from assistant.domain import load_catalog
from assistant.draft import consistency, dated_rules, rules
from assistant.draft.findings import SEVERITY_ORDER, CheckReport, PlanDate, PlanMeta
from assistant.draft.mentions import find_deadlines
from assistant.draft.plan_facts import PlanFacts, fold, read_facts
from assistant.errors import NotAPlanError
from assistant.ingest import load_file
from assistant.ingest.loaders import normalize_text
from assistant.ingest.metadata import build_meta
from assistant.models import DocKind, Document
from assistant.parse import parse_document
from assistant.registry import Registry
from assistant.registry.framework import DISTRICT_LEVEL_ENDED

log = logging.getLogger(__name__)

RULES = (
    rules.section_numbers,
    dated_rules.legal_texts,
    dated_rules.authorities,
    dated_rules.competence,
    dated_rules.deadlines,
    dated_rules.outdated_terms,
    rules.anniversaries,
    rules.missing_parts,
    consistency.header_number,
    consistency.periods,
    consistency.document_types,
    consistency.announced_appendix,
    consistency.dossier_after_campaign,
    consistency.body_for_chairman,
    consistency.pre_merger_rules,
    consistency.place_and_date_line,
    consistency.collective_signature,
)


def _default_registry() -> Registry:
    from assistant.config import get_settings

    return Registry.from_sources(get_settings().framework_path)


def _abolition(registry: Registry) -> tuple[date | None, date | None]:
    """(the day the district level ended, the day that was known: the first issue date among
    the texts of the framework event that took effect with it, NĐ 129/2025 of 11/06/2025 …)."""
    event = next((ev for ev in registry.events() if ev.id == DISTRICT_LEVEL_ENDED), None)
    if event is None:
        return None, None
    days = [
        e.issued
        for doc in event.documents
        if (e := registry.get(doc)) is not None and e.issued and e.effective == event.date
    ]
    return event.date, min(days) if days else event.date


def _meta(facts: PlanFacts) -> PlanMeta:
    d = facts.date
    return PlanMeta(
        name=facts.name,
        title=facts.title,
        issuer=facts.issuer,
        issuer_level=facts.issuer_level,
        kind=facts.kind,
        year=facts.year,
        date=PlanDate(start=d.start, end=d.end, precision=d.precision, source=d.source, text=d.text)
        if d
        else None,
        period_start=facts.period[0] if facts.period else None,
        period_end=facts.period[1] if facts.period else None,
        parser_warnings=facts.parsed.warnings,
    )


# A plan names its type on a line of its own ("KẾ HOẠCH") or in its number ("Số: 14/KH-UBND").
_TYPE_LINE = re.compile(r"^\W*KẾ\s+HOẠCH\b")
_PLAN_NUMBER = re.compile(r"/\s*KH\b")
_HEADER_LINES = 40
_PLAN_PART = re.compile(r"\b(muc dich|yeu cau|noi dung|to chuc thuc hien|nhiem vu)\b")


def looks_like_a_plan(facts: PlanFacts) -> tuple[bool, str]:
    """Whether the text is a plan: its type named in the header (a "KẾ HOẠCH" line or a
    "…/KH-…" number), or, pasted without its header, a body in numbered parts headed as a
    plan's are ("MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"). The reason, in
    Vietnamese, when not."""
    head = facts.lines[:_HEADER_LINES]
    if any(_TYPE_LINE.match(ln.text) for ln in head) or any(
        _PLAN_NUMBER.search(ln.text) for ln in head
    ):
        return True, ""
    titles = [fold(p.title or "") for p in facts.parsed.provisions if p.kind == "muc"]
    if len(titles) >= 2 and any(_PLAN_PART.search(t) for t in titles):
        return True, ""
    return False, (
        "không có dòng tên loại “KẾ HOẠCH” hay số ký hiệu “…/KH-…” ở phần đầu, cũng không có "
        "các phần đánh số của một kế hoạch (I. MỤC ĐÍCH, YÊU CẦU; II. NỘI DUNG …)"
    )


def _without_drafting_notes(doc: Document) -> Document:
    """A plan drafted here carries its drafter's notes on a last page of their own (titled
    ``docx_export.NOTES_TITLE``); they are not part of the plan and are left out."""
    from assistant.draft.docx_export import NOTES_TITLE

    lines = doc.text.split("\n")
    at = next((i for i, ln in enumerate(lines) if ln.strip().strip("*#") == NOTES_TITLE), None)
    if at is None:
        return doc
    return doc.model_copy(update={"text": "\n".join(lines[:at]).rstrip() + "\n"})


def check_document(
    doc: Document, *, registry: Registry | None = None, as_of: date | None = None
) -> CheckReport:
    """Check a loaded plan (`as_of` replaces the date read from the plan)."""
    registry = registry or _default_registry()
    doc = _without_drafting_notes(doc)
    parsed = parse_document(doc)
    facts = read_facts(doc, parsed, as_of)
    plan, why = looks_like_a_plan(facts)
    if not plan:
        raise NotAPlanError(
            f"Văn bản “{facts.name}” không phải là một kế hoạch: {why}.",
            fix="Dán toàn văn kế hoạch (từ phần đầu có số ký hiệu và tên loại “KẾ HOẠCH” đến "
            "nơi nhận và chữ ký), không phải bài viết hay trích đoạn về kế hoạch.",
        )
    abolished, known = _abolition(registry)
    ctx = rules.Context(
        facts=facts,
        registry=registry,
        catalog=load_catalog(),
        abolished=abolished,
        abolition_known=known,
        deadlines=tuple(find_deadlines(facts.lines, facts.body_start)),
    )
    found = [f for rule in RULES for f in rule(ctx)]
    found.sort(key=lambda f: (f.location.line or 0, SEVERITY_ORDER[f.severity], f.code))
    log.info("checked plan %s: %d findings", facts.name, len(found))
    return CheckReport(plan=_meta(facts), findings=tuple(found))


def check_plan_file(
    path: Path | str, *, registry: Registry | None = None, as_of: date | None = None
) -> CheckReport:
    """Check a plan file (.txt, .md, .docx, .pdf, .html, .doc)."""
    doc = load_file(Path(path), kind=DocKind.PLAN)
    return check_document(doc, registry=registry, as_of=as_of)


def check_plan_text(
    text: str,
    name: str = "plan",
    *,
    registry: Registry | None = None,
    as_of: date | None = None,
) -> CheckReport:
    """Check a plan given as text (an upload or a paste); `name` becomes its id."""
    text = normalize_text(text)
    raw = text.encode("utf-8")
    meta = build_meta(
        {},
        text,
        path=Path(f"{Path(name).stem or 'plan'}.txt"),
        source_format="txt",
        sha256=hashlib.sha256(raw).hexdigest(),
        kind=DocKind.PLAN,
    )
    doc = Document(meta=meta, text=text, body_line_offset=1)
    return check_document(doc, registry=registry, as_of=as_of)

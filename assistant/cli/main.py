"""`tdkt`: a thin command line over the Assistant facade.

Each command parses its options, calls the library, and prints (plain text or --json). Errors
from the library are translated in one place (`main`) into a message and a non-zero exit code.
"""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.console import parse_day
from assistant.config import apply_offline_env, get_settings
from assistant.errors import AssistantError

apply_offline_env()

app = typer.Typer(
    help="TĐKT assistant: questions, citations, plans for thi đua, khen thưởng work.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="Documents: import the pack, status, show a provision, add a file.")
app.add_typer(corpus_app, name="corpus")

log = logging.getLogger("tdkt")

JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON for scripts")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="answer for this date (YYYY-MM-DD; default today)")
]


def parse_as_of(value: str | None) -> date | None:
    return parse_day(value, "--as-of")


def _commands():
    # imported lazily: the heavy stages load only for the command that needs them
    from assistant.cli import commands

    return commands


@corpus_app.command("import")
def corpus_import(
    pack: Annotated[
        Path | None, typer.Option(help="pack folder (default ../shared/corpus)")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Import the document pack into corpus/pack."""
    _commands().corpus_import(pack, json_out)


@corpus_app.command("status")
def corpus_status(json_out: JsonOpt = False) -> None:
    """Documents, status, coverage of the legal framework and provision counts."""
    _commands().corpus_status(json_out)


@corpus_app.command("show")
def corpus_show(
    citation: Annotated[str, typer.Argument(help='e.g. "khoản 2 Điều 84 Luật 06/2022/QH15"')],
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Resolve a citation written the way officials write it and print the text."""
    _commands().corpus_show(citation, parse_as_of(as_of), json_out)


@corpus_app.command("add")
def corpus_add(
    file: Annotated[Path, typer.Argument(help="a .docx, .doc, .pdf, .html, .txt or .md file")],
    json_out: JsonOpt = False,
) -> None:
    """Add a document to corpus/user (run `tdkt index` afterwards)."""
    _commands().corpus_add(file, json_out)


@app.command("index")
def index(
    json_out: JsonOpt = False,
    vectors: Annotated[
        str,
        typer.Option(
            help="now: embed what is missing here (progress bar); later: lexical index at once, "
            "`tdkt serve` adds the vectors in the background"
        ),
    ] = "now",
) -> None:
    """Build the indexes (atomic; unchanged documents are not re-embedded)."""
    if vectors not in ("now", "later"):
        raise typer.BadParameter("--vectors is now or later")
    _commands().build_index(json_out, vectors)


@app.command("search")
def search(
    question: Annotated[str | None, typer.Argument()] = None,
    as_of: AsOfOpt = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100)] = 10,
    batch: Annotated[Path | None, typer.Option(help="JSONL with id and question")] = None,
    json_out: JsonOpt = False,
    mode: Annotated[
        str,
        typer.Option(help="hybrid (default), lexical, or dense (the embedding model alone)"),
    ] = "hybrid",
) -> None:
    """Find the provisions that answer a question, best first."""
    _commands().search(question, parse_as_of(as_of), k, batch, json_out, mode)


@app.command("ask")
def ask(
    question: Annotated[str | None, typer.Argument()] = None,
    as_of: AsOfOpt = None,
    batch: Annotated[Path | None, typer.Option(help="JSONL with id and question")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Answer a question with verbatim, clause-level citations."""
    _commands().ask(question, parse_as_of(as_of), batch, json_out)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
) -> None:
    """Serve the web chat (/) and the API (/api) on one port."""
    _commands().serve(host, port)


def _plan_commands():
    # imported lazily, like _commands(): drafting loads python-docx only when asked
    from assistant.cli import plans as commands

    return commands


@app.command("draft")
def draft(
    kind: Annotated[str, typer.Argument(help="annual (kế hoạch năm) or campaign (đợt thi đua)")],
    issuer: Annotated[str, typer.Option(help='issuing body, e.g. "UBND phường Hòa Bình"')],
    level: Annotated[str, typer.Option(help="xa | phuong | tinh | so | co-quan")],
    place: Annotated[str, typer.Option(help="địa danh of the date line")],
    year: Annotated[int | None, typer.Option(help="the plan's year")] = None,
    occasion: Annotated[str | None, typer.Option(help="campaign: what it celebrates")] = None,
    implements: Annotated[
        str | None, typer.Option(help='upper plan: "Kế hoạch số 12/KH-UBND ngày 05/01/2027 …"')
    ] = None,
    signer: Annotated[str | None, typer.Option(help='signer title, e.g. "Chủ tịch"')] = None,
    sign_as: Annotated[str | None, typer.Option("--sign-as", help="TM or KT")] = None,
    plan_date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD")] = None,
    period_from: Annotated[str | None, typer.Option("--from", help="campaign start")] = None,
    period_to: Annotated[str | None, typer.Option("--to", help="campaign end")] = None,
    province: Annotated[str | None, typer.Option(help="province (regulation, recipients)")] = None,
    parent: Annotated[str | None, typer.Option(help="cơ quan chủ quản above the issuer")] = None,
    out: Annotated[Path | None, typer.Option(help="FILE.docx or FILE.md")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Draft a yearly or campaign plan (NĐ 30/2020 layout; bases in force on its date)."""
    _plan_commands().draft(
        kind,
        issuer=issuer,
        level=level,
        place=place,
        year=year,
        occasion=occasion,
        implements=implements,
        signer=signer,
        sign_as=sign_as,
        plan_date=plan_date,
        period_from=period_from,
        period_to=period_to,
        province=province,
        parent=parent,
        out=out,
        json_out=json_out,
    )


@app.command("check-plan")
def check_plan(
    file: Annotated[Path, typer.Argument(help="a plan: .txt, .md, .docx, .pdf, .html, .doc")],
    as_of: AsOfOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Check a plan against the law on its own date: bases, authorities, awards, numbering."""
    _plan_commands().check_plan(file, as_of, json_out)


def main() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    get_settings()
    try:
        app()
    except AssistantError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()

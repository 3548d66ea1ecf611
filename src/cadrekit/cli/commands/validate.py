"""``cadrekit validate``: load and check a workbook, report every problem."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    DecisionsOpt,
    InputFile,
    Lang,
    LangOpt,
    RulesOpt,
    SafeCsvOpt,
    ShowIdOpt,
    YearOpt,
    limit_options,
)
from cadrekit.errors import EXIT_INPUT, EXIT_OK


class ReportFormat(StrEnum):
    """The forms of the problem report (no workbook: validate writes to stdout only)."""

    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


ReportFormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format", "-f", help="Output format; default: table on a terminal, csv when piped."
    ),
]


@app.command("validate")
@limit_options
def validate_command(
    file: InputFile,
    rules: RulesOpt = None,
    year: YearOpt = None,
    decisions: DecisionsOpt = None,
    fmt: ReportFormatOpt = None,
    lang: LangOpt = Lang.zh,
    show_id_numbers: ShowIdOpt = False,
    safe_csv: SafeCsvOpt = None,
) -> None:
    """Check a workbook without scoring it: every problem with its cell and a fix.

    The report (stdout) lists problems grouped by code, errors first, each with its
    location (干部名册!F17), what was found, what was expected and a hint: a table, CSV
    (one row per problem), JSON (one report object) or JSON lines (one problem object per
    line). A one-line summary goes to stderr. Exit status 1 when there is any error, 0
    otherwise. 身份证号 quoted by a problem are masked unless --show-id-numbers.

    A 决定 sheet (or --decisions FILE) is also judged against the rules as score judges
    it (the tie, the slots, the limits; for --year), at the same cells.

    Examples:

      cadrekit validate roster.xlsx --format json > problems.json

      cadrekit validate roster.xlsx --format jsonl | jq -r 'select(.severity == "error") | .location'
    """
    from cadrekit import api
    from cadrekit.problems import has_errors
    from cadrekit.render import problems as report
    from cadrekit.render.output import resolve_format

    chosen = resolve_format(fmt, None, formats=tuple(ReportFormat))
    dataset = api.validate(file, rules, year=year, decisions=decisions)
    problems = dataset.problems
    if show_id_numbers:
        problems = report.with_id_numbers(problems, dataset)
    language = lang.value
    if chosen == "json":
        report.write_json(problems, sys.stdout, language, file=str(file), sha256=dataset.sha256)
    elif chosen == "jsonl":
        report.write_jsonl(problems, sys.stdout, language)
    elif chosen == "csv":
        report.write_csv(problems, sys.stdout, language, safe=bool(safe_csv))
    else:
        from rich.console import Console

        report.print_table(problems, Console(highlight=False), language, file=str(file))
    sys.stdout.flush()
    typer.echo(report.summary_line(problems, language, file=file.name), err=True)
    raise typer.Exit(EXIT_INPUT if has_errors(problems) else EXIT_OK)

"""``cadrekit validate``: load and check a workbook, report every problem."""

from __future__ import annotations

import sys

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import FormatOpt, InputFile, Lang, LangOpt, RulesOpt
from cadrekit.errors import EXIT_INPUT, EXIT_OK, UsageError

_FORMATS = ("table", "json", "csv")


@app.command("validate")
def validate_command(
    file: InputFile,
    rules: RulesOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = Lang.zh,
) -> None:
    """Check a workbook without scoring it: every problem with its cell and a fix.

    The report (stdout) lists problems grouped by code, errors first, each with its
    location (干部名册!F17), what was found, what was expected and a hint. A one-line
    summary goes to stderr. Exit status 1 when there is any error, 0 otherwise.

    --format takes table, json or csv here.

    Example: cadrekit validate roster.xlsx --format json > problems.json
    """
    from cadrekit import api
    from cadrekit.problems import has_errors
    from cadrekit.render import problems as report

    if fmt is not None and fmt.value not in _FORMATS:
        raise UsageError(
            f"--format 只能是 {'/'.join(_FORMATS)}",
            message_en=f"--format must be one of {', '.join(_FORMATS)}",
        )
    chosen = fmt.value if fmt is not None else ("table" if sys.stdout.isatty() else "csv")
    dataset = api.validate(file, rules)
    problems = dataset.problems
    language = lang.value
    if chosen == "json":
        report.write_json(problems, sys.stdout, language, file=str(file), sha256=dataset.sha256)
    elif chosen == "csv":
        report.write_csv(problems, sys.stdout, language)
    else:
        from rich.console import Console

        report.print_table(problems, Console(highlight=False), language, file=str(file))
    sys.stdout.flush()
    typer.echo(report.summary_line(problems, language, file=file.name), err=True)
    raise typer.Exit(EXIT_INPUT if has_errors(problems) else EXIT_OK)

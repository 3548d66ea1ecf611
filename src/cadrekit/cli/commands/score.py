"""``cadrekit score FILE``: load, validate, score, rank and grade; print or write the results."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cadrekit.cli.app import app
from cadrekit.cli.options import (
    BomOpt,
    DecisionsOpt,
    ForceOpt,
    FormatOpt,
    InputFile,
    Lang,
    LangOpt,
    LenientOpt,
    OutputOpt,
    PublicOpt,
    RulesOpt,
    SafeCsvOpt,
    ShowIdOpt,
    YearOpt,
    limit_options,
)

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console


TrackOpt = Annotated[
    list[str] | None,
    typer.Option("--track", help="Only this track (id or label); repeat for several."),
]
UnitOpt = Annotated[
    list[str] | None, typer.Option("--unit", help="Only cadres of this unit; repeatable.")
]
TopOpt = Annotated[
    int | None,
    typer.Option(
        "--top",
        min=1,
        help="Only the best N of each track (ties at N included); with --unit, the unit's "
        "best N, shown with their rank in the whole track.",
    ),
]


KindOpt = Annotated[
    str,
    typer.Option(
        "--kind",
        help="annual (年度综合考核), special (专项考核, with --task) or tenure (任期考核).",
    ),
]
TaskOpt = Annotated[
    str | None, typer.Option("--task", help="The special assessment to rank (--kind special).")
]
FromOpt = Annotated[
    int | None, typer.Option("--from", help="First year of the term (--kind tenure).")
]
ToOpt = Annotated[int | None, typer.Option("--to", help="Last year of the term (--kind tenure).")]

_NOTICE = "公示 (--publicity)"
PublicityOpt = Annotated[
    bool,
    typer.Option(
        "--publicity",
        help="Write the 公示 notice instead of the results: the cadres given the quota grade "
        "(优秀) per unit with unit and post, the period, contact, issuer and date. "
        "-o .xlsx (ready to print), .md or .docx (needs python-docx); no -o: Markdown "
        "on stdout.",
        rich_help_panel=_NOTICE,
    ),
]
StartOpt = Annotated[
    str | None,
    typer.Option(
        "--publicity-start",
        help="First day of the publicity period (YYYY-MM-DD); a Saturday or Sunday moves "
        "to Monday. Default: the next working day after today.",
        show_default=False,
        rich_help_panel=_NOTICE,
    ),
]
DaysOpt = Annotated[
    int,
    typer.Option(
        "--publicity-days",
        min=5,
        help="Length of the period in working days (at least 5). Only Saturdays, Sundays "
        "and --holiday dates are skipped: statutory holidays are not known to cadrekit.",
        rich_help_panel=_NOTICE,
    ),
]
HolidayOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--holiday",
        help="A day off to skip in the period (YYYY-MM-DD), e.g. 2026-01-01; repeatable.",
        show_default=False,
        rich_help_panel=_NOTICE,
    ),
]
ContactOpt = Annotated[
    str | None,
    typer.Option(
        "--contact",
        help='Who takes objections, e.g. "县委组织部干部监督科 0797-1234567"; '
        "default: a marked placeholder to fill in.",
        show_default=False,
        rich_help_panel=_NOTICE,
    ),
]
IssuerOpt = Annotated[
    str | None,
    typer.Option(
        "--issuer",
        help="The issuing body signed at the foot of the notice; default: a marked "
        "placeholder to fill in. Example: 中共某县委组织部",
        show_default=False,
        rich_help_panel=_NOTICE,
    ),
]


@app.command("score")
@limit_options
def score_command(
    file: InputFile,
    rules: RulesOpt = None,
    year: YearOpt = None,
    track: TrackOpt = None,
    unit: UnitOpt = None,
    top: TopOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    lang: LangOpt = Lang.zh,
    bom: BomOpt = False,
    force: ForceOpt = False,
    lenient: LenientOpt = False,
    decisions: DecisionsOpt = None,
    show_id_numbers: ShowIdOpt = False,
    safe_csv: SafeCsvOpt = None,
    public: PublicOpt = False,
    kind: KindOpt = "annual",
    task: TaskOpt = None,
    term_from: FromOpt = None,
    term_to: ToOpt = None,
    publicity: PublicityOpt = False,
    publicity_start: StartOpt = None,
    publicity_days: DaysOpt = 5,
    holiday: HolidayOpt = None,
    contact: ContactOpt = None,
    issuer: IssuerOpt = None,
) -> None:
    """Score a roster: ranked tables per track, grades against quotas, and why.

    On a terminal it prints one ranked table per track and a summary of grades against
    the 优秀 quota; piped, it writes CSV. -o writes a file whose format follows its suffix
    (.csv .json .jsonl .xlsx .html); the workbook has a summary with a chart, a sheet per
    track, every component and the audit trail, flags, problems, the rules and an about
    sheet; the .html page (one file, nothing fetched when viewed) has the summary, charts
    and ranked tables that sort and filter. --public (.html, .xlsx) keeps only rank, name,
    unit, post, score and grade: the list to publish (晒实绩). Input errors are listed with
    their cells and the exit status is 1; --lenient scores instead, leaving out (and
    listing) only the rows an error makes unscorable (no id, an unreadable score input): an
    error that does not enter the score (a 身份证号 that disagrees with 出生年月) is listed
    and its row scored, in the quota base. 身份证号 are masked unless --show-id-numbers.

    --publicity writes the 公示 notice of the quota grade (优秀) instead: names, units and
    posts per unit (no id numbers, no scores), a period of at least five working days
    (weekends skipped; statutory holidays only when given with --holiday), the contact
    line, issuer and date. --unit and --track narrow it.

    Examples:

      cadrekit score roster.xlsx

      cadrekit score roster.xlsx -o 2025年度考核结果.xlsx

      cadrekit score roster.xlsx -o 2025年度考核结果.html --public

      cadrekit score roster.xlsx --track 乡镇党政正职 --top 5

      cadrekit score roster.xlsx --format csv --lang en | head

      cadrekit score roster.xlsx --kind special --task 森林防灭火

      cadrekit score roster.xlsx --kind tenure --from 2022 --to 2024

      cadrekit score roster.xlsx --publicity -o 公示名单.xlsx --contact "干部监督科 0797-1234567"
    """
    import sys

    if public and (publicity or kind != "annual"):
        from cadrekit.errors import UsageError

        clash = "--publicity" if publicity else f"--kind {kind}"
        raise UsageError(
            f"--public 不能与 {clash} 同用（--public 写年度考核结果的公开名单）",
            message_en=f"--public cannot be used with {clash} (it writes the annual results' "
            "public list)",
        )
    if publicity:  # the old spelling of `cadrekit publicity`
        from cadrekit.cli.commands import _publicity as notice
        from cadrekit.cli.commands._kinds import note_renamed

        notice.check_options(kind=kind, fmt=fmt, top=top)
        note_renamed("score --publicity", "cadrekit publicity", lang)
        args = notice.NoticeArgs(publicity_start, publicity_days, holiday or [], contact, issuer)
        notice.run(file, rules, year, track, unit, lenient, output, force, lang, args, decisions)
        return
    if kind != "annual":  # the old spellings of `cadrekit special` and `cadrekit tenure`
        _other_kind(file, kind, task, term_from, term_to, rules, year, fmt, output, force, lang)
        return

    from cadrekit import api
    from cadrekit.cli.report import report_invalid
    from cadrekit.errors import EXIT_INPUT, ValidationFailed
    from cadrekit.render import output as out
    from cadrekit.render.frame import select

    language = lang.value
    chosen = out.resolve_format(fmt, output)
    out.check_public(chosen, public=public, show_id_numbers=show_id_numbers)
    if output is not None:
        from cadrekit.io.write import check_output

        check_output(output, inputs=(file,), force=force)  # fail before the work, not after
    try:
        result = api.score(file, rules=rules, year=year, lenient=lenient, decisions=decisions)
    except ValidationFailed as exc:
        report_invalid(exc, language, file.name)
        raise typer.Exit(EXIT_INPUT) from None
    total = len(result.cadres)
    result = select(result, tracks=track or (), units=unit or (), top=top)
    err = _console(stderr=True)
    if output is not None:
        if chosen == "xlsx" and not public:
            result = api.with_lists(result)
        out.write_file(
            result,
            chosen,
            output,
            inputs=(file,),
            force=force,
            lang=language,
            bom=bom,
            safe_csv=True if safe_csv is None else safe_csv,
            show_id_numbers=show_id_numbers,
            public=public,
        )
    elif chosen == "table":
        from cadrekit.render.table import print_result

        print_result(result, _console(stderr=False), language)
    else:
        out.write_stream(
            result,
            chosen,
            sys.stdout,
            lang=language,
            bom=bom,
            safe_csv=bool(safe_csv),
            show_id_numbers=show_id_numbers,
        )
        sys.stdout.flush()
    out.print_messages(
        result, err, language, total=total, fmt=chosen, output=output, source=file, public=public
    )


def _other_kind(
    file: Path,
    kind: str,
    task: str | None,
    term_from: int | None,
    term_to: int | None,
    rules: str | None,
    year: int | None,
    fmt: Any,
    output: Path | None,
    force: bool,
    lang: Lang,
) -> None:
    """``--kind special`` / ``--kind tenure``: a note naming the new command, then that command."""
    from cadrekit.cli.commands import _kinds
    from cadrekit.errors import UsageError

    if kind == "special":
        _kinds.note_renamed("score --kind special", "cadrekit special", lang)
        _kinds.special(file, task, rules, year, fmt, output, force, lang)
    elif kind == "tenure":
        _kinds.note_renamed("score --kind tenure", "cadrekit tenure", lang)
        _kinds.tenure(file, rules, year, term_from, term_to, fmt, output, force, lang)
    else:
        raise UsageError(
            f"--kind 只能是 annual、special 或 tenure，而不是 {kind}",
            message_en=f"--kind must be annual, special or tenure, not {kind}",
        )


@app.command("publicity")
def publicity_command(
    file: InputFile,
    rules: RulesOpt = None,
    year: YearOpt = None,
    track: TrackOpt = None,
    unit: UnitOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = Lang.zh,
    lenient: LenientOpt = False,
    decisions: DecisionsOpt = None,
    publicity_start: StartOpt = None,
    publicity_days: DaysOpt = 5,
    holiday: HolidayOpt = None,
    contact: ContactOpt = None,
    issuer: IssuerOpt = None,
) -> None:
    """The 公示 notice of the quota grade (优秀): names, units and posts per unit.

    No id numbers, no scores; a period of at least five working days (weekends skipped;
    statutory holidays only when given with --holiday), the contact line, issuer and
    date. -o .xlsx (ready to print), .md or .docx; no -o: Markdown on stdout. --unit and
    --track narrow it. With a 决定 sheet (or --decisions FILE) it lists the final grades.
    Formerly `cadrekit score FILE --publicity` (still accepted).

    Example: cadrekit publicity roster.xlsx -o 公示名单.xlsx --contact "干部监督科 0797-1234567"
    """
    from cadrekit.cli.commands import _publicity as notice

    args = notice.NoticeArgs(publicity_start, publicity_days, holiday or [], contact, issuer)
    notice.run(file, rules, year, track, unit, lenient, output, force, lang, args, decisions)


def _console(*, stderr: bool) -> Console:
    from rich.console import Console

    if stderr:
        from cadrekit.cli.report import stderr_console

        return stderr_console(soft_wrap=False)
    return Console(highlight=False, soft_wrap=False)

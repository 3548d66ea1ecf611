"""``cadrekit score FILE``: load, validate, score, rank and grade; print or write the results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from cadrekit.cli.app import app
from cadrekit.cli.grouped import options_of
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

    from cadrekit.models.result import Result


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


@dataclass
class ScoreOptions:
    file: InputFile
    rules: RulesOpt = None
    year: YearOpt = None
    track: TrackOpt = None
    unit: UnitOpt = None
    top: TopOpt = None
    fmt: FormatOpt = None
    output: OutputOpt = None
    lang: LangOpt = Lang.zh
    bom: BomOpt = False
    force: ForceOpt = False
    lenient: LenientOpt = False
    decisions: DecisionsOpt = None
    show_id_numbers: ShowIdOpt = False
    safe_csv: SafeCsvOpt = None
    public: PublicOpt = False
    kind: KindOpt = "annual"
    task: TaskOpt = None
    term_from: FromOpt = None
    term_to: ToOpt = None
    publicity: PublicityOpt = False
    publicity_start: StartOpt = None
    publicity_days: DaysOpt = 5
    holiday: HolidayOpt = None
    contact: ContactOpt = None
    issuer: IssuerOpt = None


@app.command("score")
@limit_options
@options_of(ScoreOptions)
def score_command(o: ScoreOptions) -> None:
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
    if o.public and (o.publicity or o.kind != "annual"):
        _public_clash(o)
    if o.publicity:  # the old spelling of `cadrekit publicity`
        _old_publicity(o)
    elif o.kind != "annual":  # the old spellings of `cadrekit special` and `cadrekit tenure`
        _other_kind(o)
    else:
        _annual(o)


def _public_clash(o: ScoreOptions) -> None:
    from cadrekit.errors import UsageError

    clash = "--publicity" if o.publicity else f"--kind {o.kind}"
    raise UsageError(
        f"--public 不能与 {clash} 同用（--public 写年度考核结果的公开名单）",
        message_en=f"--public cannot be used with {clash} (it writes the annual results' "
        "public list)",
    )


def _old_publicity(o: ScoreOptions) -> None:
    """``--publicity``: a note naming ``cadrekit publicity``, then the notice."""
    from cadrekit.cli.commands import _publicity as notice
    from cadrekit.cli.commands._kinds import note_renamed

    notice.check_options(kind=o.kind, fmt=o.fmt, top=o.top)
    note_renamed("score --publicity", "cadrekit publicity", o.lang)
    args = notice.NoticeArgs(
        o.publicity_start, o.publicity_days, o.holiday or [], o.contact, o.issuer
    )
    notice.run(
        o.file, o.rules, o.year, o.track, o.unit, o.lenient, o.output, o.force, o.lang, args,
        o.decisions,
    )  # fmt: skip


def _other_kind(o: ScoreOptions) -> None:
    """``--kind special`` / ``--kind tenure``: a note naming the new command, then that command."""
    from cadrekit.cli.commands import _kinds
    from cadrekit.errors import UsageError

    if o.kind == "special":
        _kinds.note_renamed("score --kind special", "cadrekit special", o.lang)
        _kinds.special(o.file, o.task, o.rules, o.year, o.fmt, o.output, o.force, o.lang)
    elif o.kind == "tenure":
        _kinds.note_renamed("score --kind tenure", "cadrekit tenure", o.lang)
        _kinds.tenure(
            o.file, o.rules, o.year, o.term_from, o.term_to, o.fmt, o.output, o.force, o.lang
        )
    else:
        raise UsageError(
            f"--kind 只能是 annual、special 或 tenure，而不是 {o.kind}",
            message_en=f"--kind must be annual, special or tenure, not {o.kind}",
        )


def _annual(o: ScoreOptions) -> None:
    """The annual assessment: checks before the work, score, select, write or print, then
    the messages on stderr."""
    from cadrekit import api
    from cadrekit.cli.report import report_invalid
    from cadrekit.errors import EXIT_INPUT, ValidationFailed
    from cadrekit.render import output as out
    from cadrekit.render.frame import select

    language = o.lang.value
    chosen = out.resolve_format(o.fmt, o.output)
    out.check_public(chosen, public=o.public, show_id_numbers=o.show_id_numbers)
    if o.output is not None:
        from cadrekit.io.write import check_output

        check_output(o.output, inputs=(o.file,), force=o.force)  # fail before the work
    try:
        result = api.score(
            o.file, rules=o.rules, year=o.year, lenient=o.lenient, decisions=o.decisions
        )
    except ValidationFailed as exc:
        report_invalid(exc, language, o.file.name)
        raise typer.Exit(EXIT_INPUT) from None
    total = len(result.cadres)
    result = select(result, tracks=o.track or (), units=o.unit or (), top=o.top)
    err = _console(stderr=True)
    _emit(result, chosen, o)
    out.print_messages(
        result,
        err,
        language,
        total=total,
        fmt=chosen,
        output=o.output,
        source=o.file,
        public=o.public,
    )


def _emit(result: Result, chosen: str, o: ScoreOptions) -> None:
    """The results to -o (the workbook with the flag lists), as tables, or streamed."""
    import sys

    from cadrekit import api
    from cadrekit.render import output as out

    language = o.lang.value
    if o.output is not None:
        if chosen == "xlsx" and not o.public:
            result = api.with_lists(result)
        out.write_file(
            result,
            chosen,
            o.output,
            inputs=(o.file,),
            force=o.force,
            lang=language,
            bom=o.bom,
            safe_csv=True if o.safe_csv is None else o.safe_csv,
            show_id_numbers=o.show_id_numbers,
            public=o.public,
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
            bom=o.bom,
            safe_csv=bool(o.safe_csv),
            show_id_numbers=o.show_id_numbers,
        )
        sys.stdout.flush()


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

"""``cadrekit score FILE --publicity``: the 公示 notice of the quota grade.

Parses the notice's options, scores through the library, filters as ``score`` does, and
hands the notice to :mod:`cadrekit.render.publicity`. The words and the period are the
library's (:mod:`cadrekit.insight.publicity`).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import typer

from cadrekit.cli.commands._insight import parse_date, say
from cadrekit.cli.options import Lang
from cadrekit.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.insight.publicity import Notice


class NoticeArgs(NamedTuple):
    start: str | None
    days: int
    holidays: list[str]
    contact: str | None
    issuer: str | None


def check_options(*, kind: str, fmt: Any, top: int | None) -> None:
    """Options of ``score`` that make no sense for a notice are usage errors, not ignored."""
    clashes = {"--kind " + kind: kind != "annual", "--format": fmt is not None}
    clashes["--top"] = top is not None
    for option, clash in clashes.items():
        if clash:
            raise UsageError(
                f"--publicity 不能与 {option} 同用（公示名单的格式由 -o 的后缀决定：.xlsx、.md 或 .docx）",
                message_en=f"--publicity cannot be used with {option} "
                "(the list's format follows the -o suffix: .xlsx, .md or .docx)",
            )


def run(
    file: Path,
    rules: str | None,
    year: int | None,
    track: list[str] | None,
    unit: list[str] | None,
    lenient: bool,
    output: Path | None,
    force: bool,
    lang: Lang,
    args: NoticeArgs,
    decisions: Path | None = None,
) -> None:
    """Score, select, build the notice; write it to ``output`` or Markdown on stdout."""
    from cadrekit import api
    from cadrekit.cli.report import report_invalid
    from cadrekit.errors import EXIT_INPUT, ValidationFailed
    from cadrekit.render.publicity import notice_format, to_markdown, write_notice

    holidays = [parse_date(h) for h in args.holidays]
    start = first_day(args.start, holidays)
    notice_format(output)  # a wrong suffix or a missing python-docx fails before the work
    if output is not None:
        from cadrekit.io.write import check_output

        check_output(output, inputs=(file,), force=force)
    try:
        made = api.publicity(
            file,
            rules,
            year,
            start=start,
            days=args.days,
            tracks=track or (),
            units=unit or (),
            contact=args.contact,
            issuer=args.issuer,
            holidays=holidays,
            lenient=lenient,
            decisions=decisions,
        )
    except ValidationFailed as exc:
        report_invalid(exc, lang.value, file.name)
        raise typer.Exit(EXIT_INPUT) from None
    notice = made.notice
    zh = lang == Lang.zh
    if not notice.entries:
        say(
            f"所选范围内没有{notice.grade}等次人员，未生成公示名单"
            if zh
            else f"no cadre in the selection has the grade {notice.grade}: nothing written"
        )
        raise typer.Exit(EXIT_INPUT)
    if output is None:
        sys.stdout.write(to_markdown(notice))
        sys.stdout.flush()
    else:
        write_notice(notice, output, inputs=(file,), force=force)
    messages(notice, made.ties, output, zh)


def first_day(text: str | None, holidays: list[dt.date]) -> dt.date:
    """--publicity-start, or the next working day after today (the clock, only here)."""
    from cadrekit.insight.publicity import next_working_day

    return parse_date(text) if text else next_working_day(dt.date.today(), holidays)


def messages(notice: Notice, ties: int, output: Path | None, zh: bool) -> None:
    """Counts, the period and what is still to do, on stderr."""
    n, units = len(notice.entries), len(notice.units)
    period = f"{notice.start:%Y-%m-%d} – {notice.end:%Y-%m-%d}"
    say(
        f"{notice.grade}等次 {n} 人，{units} 个单位；公示期 {period}（{notice.days} 个工作日，"
        "只跳过周六、周日和 --holiday 日期）"
        if zh
        else f"{n} cadre(s) graded {notice.grade} in {units} unit(s); period {period} "
        f"({notice.days} working days; only weekends and --holiday dates skipped)"
    )
    if ties:
        say(
            f"注意：{ties} 人在名额分界处并列，待党委（党组）研究确定，未列入名单"
            if zh
            else f"note: {ties} cadre(s) tied at a quota cut await the committee; not listed"
        )
    if not notice.contact_given:
        say(
            "注意：未给出 --contact，受理单位及电话是待填写的占位文字"
            if zh
            else "note: no --contact given; the contact line is a placeholder to fill in"
        )
    if output is not None:
        say(f"→ {output}")

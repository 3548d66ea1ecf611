"""``cadrekit batch DIR_OR_GLOB… -o OUTDIR``: every workbook of a year-end round at once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cadrekit.cli.app import app
from cadrekit.cli.grouped import options_of
from cadrekit.cli.options import (
    BomOpt,
    Lang,
    LangOpt,
    LenientOpt,
    RulesOpt,
    ShowIdOpt,
    WorkbookKind,
    WorkbookOpt,
    YearOpt,
    limit_options,
)

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from cadrekit.batch import BatchReport, FileStatus

TargetsArg = Annotated[
    list[str],
    typer.Argument(
        help="Folders (searched with their subfolders), glob patterns or files.",
        metavar="DIR_OR_GLOB",
        show_default=False,
    ),
]
OutdirOpt = Annotated[
    Path,
    typer.Option(
        "-o",
        "--output",
        help="Output folder; written as a whole at the end (must not exist, or --force).",
        show_default=False,
    ),
]
EachOpt = Annotated[
    bool,
    typer.Option(
        "--each/--combine",
        help="--combine (default): one population, tracks and quotas across all files; "
        "--each: every file scored on its own.",
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Files read in parallel; default: all cores."),
]
CsvOnlyOpt = Annotated[
    bool,
    typer.Option(
        "--csv-only",
        help="Write CSV results only, no workbook (province-size runs: an xlsx is slow to "
        "write and holds at most 1,048,576 rows).",
    ),
]


BatchForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace an earlier batch's OUTDIR (it holds .cadrekit-batch) as a whole; a "
        "folder holding other files, or an input, is never replaced.",
    ),
]

_STYLE = {
    "ok": "green",
    "warning": "yellow",
    "partial": "yellow",
    "error": "bold red",
    "skipped": "dim",
    "not-scored": "yellow",
}


@dataclass
class BatchOptions:
    targets: TargetsArg
    output: OutdirOpt
    each: EachOpt = False
    jobs: JobsOpt = None
    rules: RulesOpt = None
    year: YearOpt = None
    lang: LangOpt = Lang.zh
    csv_only: CsvOnlyOpt = False
    workbook: WorkbookOpt = WorkbookKind.auto  # type: ignore[attr-defined]
    bom: BomOpt = False
    force: BatchForceOpt = False
    lenient: LenientOpt = False
    show_id_numbers: ShowIdOpt = False


@app.command("batch")
@limit_options
@options_of(BatchOptions)
def batch_command(o: BatchOptions) -> None:
    """Score every workbook in folders or globs: per-file status plus consolidated results.

    Finds .xlsx .xlsm .xls .ods .csv .parquet files (lock files ~$…, hidden files,
    other files and the files of an earlier batch's OUTDIR are listed as skipped), loads
    and validates them in parallel (--jobs), and a file that fails is reported with its
    problems while the others go on.

    --combine (default) merges the valid files into one population, so tracks and
    quotas span them all, and writes OUTDIR/results.xlsx and results.csv (with a
    source_file column); the workbook's last sheet, 文件状态, is the status table. An id
    found in two files is an error naming both cells; the combined run then writes no
    results, only the status and the problems. --each scores every file on its own:
    OUTDIR/<file>.xlsx (or .csv with --csv-only).

    --lenient scores the valid rows of a file whose errors all belong to rows (as score
    --lenient): its status is partial, with the rows left out counted (rejected) and
    listed in problems.csv, the results' problems sheet and on stderr; a row whose errors
    do not enter the score (a 身份证号 that disagrees with 出生年月) is scored, its errors
    counted and listed in problems.csv. A file that cannot be read, or has errors outside
    rows (a missing sheet or column), still fails.

    Always written: OUTDIR/status.csv (file, rows, rejected, errors, warnings, status,
    result, message) and OUTDIR/problems.csv (every problem of every file); when no
    results.xlsx is written (--each, or a combined run that stopped) OUTDIR/status.xlsx
    holds both as sheets (not with --csv-only). The status table is also printed on
    stderr. OUTDIR appears only when everything is written: an interrupted run leaves
    nothing behind. A hidden file in it, .cadrekit-batch, marks it as output, so that a
    later batch over a folder that holds it skips its files (status skipped, 自身输出).
    Exit status 0 when every file was scored (warnings and, with --lenient, rejected
    rows allowed), 1 when any file or the merge had errors or no workbook was found.

    Examples:

      cadrekit batch submissions/ -o results/

      cadrekit batch 'county-*/**/*.xlsx' -o results/ --each --jobs 4

      cadrekit batch submissions/ -o results/ --lenient

      cadrekit batch province.parquet -o results/ --csv-only --lang en
    """
    raise typer.Exit(_run_batch(o))


def _run_batch(o: BatchOptions) -> int:
    """``batch.run`` with its progress on stderr, then the report; the exit code."""
    import time

    from cadrekit import batch

    err = _console()
    start = time.perf_counter()
    lang = o.lang.value
    write = {"bom": o.bom, "show_id_numbers": o.show_id_numbers, "xlsx": not o.csv_only}
    options = batch.WriteOptions(lang=lang, workbook=o.workbook.value, **write)
    run: dict[str, Any] = {"rules": o.rules, "year": o.year, "jobs": o.jobs, "force": o.force}
    run |= {"mode": "each" if o.each else "combine", "lenient": o.lenient}
    report = None
    with _pool_signals():
        try:
            with make_progress(err, lang) as progress:
                report = batch.run(o.targets, o.output, options=options, progress=progress, **run)
            _print_report(report, err, lang, time.perf_counter() - start)
        except KeyboardInterrupt as exc:
            # batch.run has stopped the workers and removed its temporary folder. Written
            # past the console: Ctrl-C may have struck inside its print, leaving that line in
            # its buffer to be printed a second time.
            from cadrekit.cli.app import Terminated

            err.file.write(_interrupted(report, lang) + "\n")
            code = 143 if isinstance(exc, Terminated) else 130
        else:
            code = report.exit_code
        err.file.flush()  # while a closed pipe is still an error, not the end of the process
    return code


def _interrupted(report: BatchReport | None, lang: str) -> str:
    if report is None:
        return "interrupted: nothing was written" if lang == "en" else "已中断：没有写入任何结果"
    where = report.outdir
    return (
        f"interrupted: the results are in {where}/"
        if lang == "en"
        else f"已中断：结果已写入 {where}/"
    )


@contextmanager
def _pool_signals() -> Iterator[None]:
    """Python's own SIGPIPE handling while the process pool runs.

    ``main()`` makes a closed pipe end the process quietly (``score … | head``); batch writes
    no data to stdout, and the pool's pipes to its workers must fail with an error the pool
    handles, not kill the process (Ctrl-C used to end it with SIGPIPE, exit 141, leaving
    its temporary folder and the workers' semaphores behind).
    """
    import signal

    if not hasattr(signal, "SIGPIPE"):
        yield
        return
    previous = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGPIPE, previous)


class _Stderr:
    """``sys.stderr`` for the console, silent once its reader is gone.

    With ``2>&1 | tee log`` Ctrl-C ends tee too: the next progress line must not turn into
    a BrokenPipeError in the middle of the cleanup, nor fail Python's flush at exit.
    """

    def write(self, text: str) -> int:
        try:
            return sys.stderr.write(text)
        except BrokenPipeError:
            _to_devnull()
            return len(text)

    def flush(self) -> None:
        try:
            sys.stderr.flush()
        except BrokenPipeError:
            _to_devnull()

    def __getattr__(self, name: str) -> Any:
        return getattr(sys.stderr, name)


def _to_devnull() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stderr.fileno())
    finally:
        os.close(devnull)


def _console() -> Console:
    from cadrekit.cli.report import stderr_console

    return stderr_console(soft_wrap=False, file=_Stderr())


def _print_report(report: BatchReport, err: Console, lang: str, seconds: float) -> None:
    """The status table, the merge's own problems, and where the output went."""
    from rich.markup import escape
    from rich.table import Table

    from cadrekit.batch import STATUS_COLUMNS, YEAR_CODES
    from cadrekit.render.labels import STATUS_HEADERS_ZH, STATUS_SHEET

    en = lang == "en"
    table = Table(title=STATUS_SHEET[lang], title_justify="left")
    for head in STATUS_COLUMNS if en else STATUS_HEADERS_ZH:
        table.add_column(head, overflow="fold")
    for status in report.statuses:
        table.add_row(*_cells(status, en))
    err.print(table)
    # the merge's own problems, the rows --lenient left out and a --year that does not
    # fit a file (each file's other problems are in problems.csv: a province run would
    # flood the terminal)
    shown = [
        (f, p)
        for f, p in report.problems
        if (not f and p.level != "note") or p.code == "rejected-row" or p.code in YEAR_CODES
    ]
    for file, problem in shown[:50]:
        style = "red" if problem.level == "error" else "yellow"
        where = f"{file} {problem.location}" if file else problem.location
        found = f" ({problem.found})" if problem.found else ""
        text = f"{problem.title(lang)}{found} — {problem.hint(lang)}"
        err.print(f"[{style}]{escape(where)}[/]: {escape(text)}", highlight=False)
    if len(shown) > 50:
        err.print(f"… {len(shown) - 50} more" if en else f"… 另有 {len(shown) - 50} 条")
    for note in report.notes:
        err.print(note, style="yellow")
    if report.result is not None:
        n = len(report.result.cadres)
        err.print(
            f"assessment year {report.result.year} · {n} cadre(s) combined"
            if en
            else f"考核年度 {report.result.year} · 合并 {n} 名干部"
        )
    sep, last = (", ", "→ {}/ ({}) in {:.1f} s") if en else ("、", "→ {}/（{}），用时 {:.1f} 秒")
    err.print(last.format(report.outdir, sep.join(report.written), seconds), highlight=False)


def _cells(status: FileStatus, en: bool) -> list[Any]:
    from rich.text import Text

    read = status.status != "skipped"
    return [
        Text(status.file),  # Text, not markup: a file may be named [2025]乡镇.xlsx
        str(status.rows) if read else "",
        str(status.rejected) if read else "",
        str(status.errors),
        str(status.warnings),
        Text(_word(status.status, en), style=_STYLE.get(status.status, "")),
        Text(status.result),
        Text(status.message),
    ]


# ------------------------------------------------------------------------------ progress


@contextmanager
def make_progress(err: Console, lang: str) -> Iterator[Any]:
    """A rich progress bar when stderr is a terminal; one plain line per file otherwise."""
    if not err.is_terminal:
        yield _LogLines(err, lang)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        yield _Bar(bar, lang)


class _LogLines:
    def __init__(self, err: Console, lang: str) -> None:
        self.err, self.en, self.total, self.done = err, lang == "en", 0, 0

    def __call__(self, kind: str, value: Any) -> None:
        if kind == "start":
            self.total = value
            self.err.print(f"{value} file(s)" if self.en else f"共 {value} 个文件", highlight=False)
        elif kind == "file":
            self.done += 1
            state = _word(value.status, self.en)
            left = value.rejected
            self.err.print(
                f"[{self.done}/{self.total}] {value.file}: {value.rows} rows"
                + (f" ({left} rejected)" if left else "")
                + f", {value.errors} errors, {value.warnings} warnings — {state} "
                f"({value.seconds:.1f} s)"
                if self.en
                else f"[{self.done}/{self.total}] {value.file}：{value.rows} 行"
                + (f"（剔除 {left} 行）" if left else "")
                + f"，错误 {value.errors}，警告 {value.warnings} — {state}（{value.seconds:.1f} 秒）",
                highlight=False,
                markup=False,
            )
        elif kind == "phase":
            self.err.print(_phase(value, self.en), highlight=False, markup=False)


class _Bar:
    def __init__(self, bar: Any, lang: str) -> None:
        self.bar, self.en, self.task = bar, lang == "en", None

    def __call__(self, kind: str, value: Any) -> None:
        if kind == "start":
            self.task = self.bar.add_task("reading" if self.en else "读取", total=value)
        elif kind == "file" and self.task is not None:
            self.bar.advance(self.task)
        elif kind == "phase" and self.task is not None:
            self.bar.update(self.task, description=_phase(value, self.en))


def _word(status: str, en: bool) -> str:
    from cadrekit.render.labels import STATUS_WORDS_ZH

    return status if en else STATUS_WORDS_ZH.get(status, status)


def _phase(value: str, en: bool) -> str:
    if value == "score":
        return "scoring the combined population" if en else "合并评分"
    if value == "status":
        return "writing status" if en else "写入状态表"
    return f"writing {value}" if en else f"写入 {value}"

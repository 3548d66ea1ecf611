"""Year-end batch runs: every workbook in folders or globs, loaded in a process pool.

``run(targets, outdir)`` finds the inputs (:func:`discover`), loads and validates each in
its own process (``--jobs``), and then either

* ``mode="combine"`` (default): merges the valid submissions into one population (every
  sheet kind concatenated, a ``source_file`` column carried through) so that tracks and
  quotas span the whole county, and scores it once; or
* ``mode="each"``: scores every file on its own, one result file per input.

A file that fails is reported with its problems and the others go on. In combine mode an
id that appears in two files is an error naming both cells (``乡镇A.xlsx 干部名册!A7``); the
combined run then writes no results at all, only the status and the problems, because
deciding which unit the cadre belongs to is the officer's call, not ours.

Everything is written into a temporary folder beside ``outdir`` and renamed into place at
the very end, so an interrupted run (Ctrl-C, a crash) leaves no half-written output.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    CadrekitError,
    OutputError,
    PathNotFound,
)
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future, ProcessPoolExecutor

    import pandas as pd

    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".parquet")
STATUS_COLUMNS = ["file", "rows", "rejected", "errors", "warnings", "status", "result", "message"]
STATUS_HEADERS_ZH = ("文件", "行数", "剔除行数", "错误", "警告", "状态", "结果文件", "说明")
STATUS_WORDS_ZH = {
    "ok": "通过",
    "warning": "有警告",
    "partial": "部分评分",
    "error": "失败",
    "skipped": "跳过",
    "not-scored": "未评分",
}
STATUS_SHEET = {"zh": "文件状态", "en": "File status"}
PROBLEM_COLUMNS = ["file", "severity", "code", "location", "found", "expected", "message", "hint"]
EXCEL_MAX_ROWS = 1_048_576
SOURCE_COLUMN = "source_file"


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Input:
    path: Path
    name: str  # how the file is shown: relative to the folder it was found in


@dataclass
class Found:
    inputs: list[Input]
    skipped: list[tuple[Input, str]]  # (file, reason): own output, lock file, hidden …


def discover(targets: Iterable[str | Path], *, exclude: Path | None = None) -> Found:
    """Workbooks in folders (recursively), globs and files, in a stable order.

    Lock files (``~$…``), hidden files or folders, other suffixes and every file of an
    earlier run's output folder (one holding MARKER) are skipped; each skip is listed with
    its reason. ``exclude`` (this run's output folder) is never searched.
    """
    found = Found([], [])
    seen: set[Path] = set()
    banned = exclude.resolve() if exclude is not None else None
    marked: dict[Path, bool] = {}
    for target in targets:
        for path, base in _expand(Path(target)):
            real = path.resolve()
            if real in seen or (banned is not None and real.is_relative_to(banned)):
                continue
            seen.add(real)
            if path.name == MARKER:  # cadrekit's own mark, not a submission to list
                continue
            item = Input(path, _shown(path, base))
            own = _output_folder(path, base, marked) is not None
            reason = "own-output" if own else _skip_reason(path, base)
            if reason:
                found.skipped.append((item, reason))
            else:
                found.inputs.append(item)
    return Found(_unique_names(found.inputs), found.skipped)


def _expand(target: Path) -> list[tuple[Path, Path | None]]:
    """(file, folder it was found under) for a folder, a glob pattern or a file."""
    if target.is_dir():
        files = [p for p in target.rglob("*") if p.is_file()]
        return [(p, target) for p in sorted(files, key=lambda p: p.relative_to(target).parts)]
    if target.exists():
        return [(target, None)]
    if glob.has_magic(str(target)):
        matches = sorted(glob.glob(str(target), recursive=True))
        return [(Path(m), None) for m in matches if Path(m).is_file()]
    raise PathNotFound(
        f"{target}：文件或文件夹不存在",
        message_en=f"{target}: no such file or folder",
        hint="请检查路径",
        hint_en="check the path",
    )


def _shown(path: Path, base: Path | None) -> str:
    return path.relative_to(base).as_posix() if base is not None else path.name


def _output_folder(path: Path, base: Path | None, marked: dict[Path, bool]) -> Path | None:
    """The folder an earlier ``cadrekit batch`` wrote (it holds MARKER) that holds ``path``."""
    for folder in path.parents:
        if folder not in marked:
            marked[folder] = (folder / MARKER).is_file()
        if marked[folder]:
            return folder
        if base is None or folder == base:
            return None
    return None


def _skip_reason(path: Path, base: Path | None) -> str:
    parts = path.relative_to(base).parts if base is not None else (path.name,)
    if path.name.startswith("~$"):
        return "lock-file"
    if any(part.startswith(".") for part in parts):
        return "hidden"
    if path.suffix.lower() not in INPUT_SUFFIXES:
        return "not-a-workbook"
    return ""


def _unique_names(inputs: list[Input]) -> list[Input]:
    """Files that would show the same name are shown by their path instead."""
    count: dict[str, int] = {}
    for item in inputs:
        count[item.name] = count.get(item.name, 0) + 1
    return [Input(i.path, str(i.path) if count[i.name] > 1 else i.name) for i in inputs]


# Written into every output folder, so that a later batch over a parent folder skips it.
MARKER = ".cadrekit-batch"

SKIP_REASONS = {
    "own-output": (
        "自身输出（cadrekit batch 的输出文件夹）",
        "cadrekit output (a batch output folder)",
    ),
    "lock-file": ("Excel/WPS 锁文件", "Excel/WPS lock file"),
    "hidden": ("隐藏文件", "hidden file"),
    "not-a-workbook": ("不是工作簿", "not a workbook"),
}


# --------------------------------------------------------------------------- outcomes


@dataclass
class FileStatus:
    """One row of the status table."""

    file: str
    rows: int = 0  # cadre rows read
    rejected: int = 0  # cadre rows left out (--lenient)
    errors: int = 0
    warnings: int = 0
    # ok | warning | partial (scored without rejected rows) | error | skipped
    # | not-scored (valid, but a combined run stopped by duplicate ids scored nothing)
    status: str = "ok"
    result: str = ""  # result file, relative to the output folder
    message: str = ""
    seconds: float = 0.0

    def row(self) -> list[Any]:
        return [getattr(self, c) for c in STATUS_COLUMNS]


@dataclass
class Outcome:
    """What a worker sends back for one file (pickled: keep it plain)."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    dataset: Dataset | None = None  # combine mode, valid files only
    result: str = ""
    message: str = ""
    internal: bool = False
    seconds: float = 0.0
    rejected: int = 0  # --lenient: cadre rows left out
    row_errors: int = 0  # --lenient: the errors found (the rows left out, those listed)
    # --lenient scored the file: an error still in ``problems`` is on a cadre row it
    # scored all the same (Problem.blocks_scoring is False), listed, not a failure
    lenient: bool = False

    def status(self, lang: str) -> FileStatus:
        errors = sum(p.level == "error" for p in self.problems)
        warnings = sum(p.level == "warning" for p in self.problems)
        failed = (errors and not self.lenient) or self.internal or self.message
        partial = self.row_errors or self.rejected
        state = "error" if failed else "partial" if partial else "warning" if warnings else "ok"
        first = _first_error(self.problems, lang)
        message = self.message or (first if failed else "") or _partial(self, lang) or first
        return FileStatus(
            self.name,
            self.rows,
            self.rejected,
            self.row_errors if self.lenient else errors,
            warnings,
            state,
            self.result,
            message,
            round(self.seconds, 2),
        )


def _first_error(problems: list[Problem], lang: str) -> str:
    for p in problems:
        if p.level == "error":
            more = sum(q.level == "error" for q in problems) - 1
            tail = (f" (+{more} more)" if lang == "en" else f"（另 {more} 处）") if more else ""
            return f"{p.location}: {p.title(lang)}{tail}"
    return ""


def _partial(outcome: Outcome, lang: str) -> str:
    """How many rows --lenient left out, per sheet: 剔除 2 行有错误的数据（干部名册 1 行、…）."""
    sheets: dict[str, int] = {}
    for p in outcome.problems:
        if p.code == "rejected-row":
            sheets[p.sheet] = sheets.get(p.sheet, 0) + 1
    if not sheets:
        return ""
    n = sum(sheets.values())
    if lang == "en":
        each = ", ".join(f"{sheet} {k}" for sheet, k in sheets.items())
        return f"{n} row(s) with errors left out ({each})"
    each = "、".join(f"{sheet} {k} 行" for sheet, k in sheets.items())
    return f"剔除 {n} 行有错误的数据（{each}）"


# --------------------------------------------------------------------------- workers
# Top-level functions only: the pool uses the "spawn" start method.


def _init_worker() -> None:
    # Ctrl-C is the parent's to handle: it stops the pool and removes the temporary folder.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _load_one(
    item: Input,
    rules: Any,
    lang: str,
    lenient: bool = False,
    year: int | None = None,
    limits: Any = None,
) -> Outcome:
    """Read, normalise and validate one file (combine mode); --lenient: without bad rows.

    With ``year``, a file it does not fit (last year's submission sent again) is warned
    about here, as ``score --year`` would: in the merged population its records would be
    outnumbered by the other files' and the combined check would say nothing.
    """
    from cadrekit import api
    from cadrekit.load.reject import without_rejected

    start = time.perf_counter()
    rows = 0
    try:
        dataset = api.load(item.path, _rule_set(rules), limits=limits)
        rows = _cadre_rows(dataset)
        errors = sum(p.level == "error" for p in dataset.problems)
        if errors and lenient:
            dataset = without_rejected(dataset)
    except CadrekitError as exc:
        return _failed(item, exc, start, lang, rows)
    left_out = errors and not lenient
    if year is not None and not left_out:
        dataset.problems = [*dataset.problems, *_year_problems(dataset, year)]
    return Outcome(
        item.name,
        list(dataset.problems),
        rows,
        dataset=None if left_out else dataset,
        seconds=time.perf_counter() - start,
        rejected=rows - _cadre_rows(dataset),
        row_errors=errors if lenient else 0,
        lenient=lenient,
    )


# the warnings of load.year_check: whether --year fits the records
YEAR_CODES = ("future-year", "year-without-records", "year-before-records")


def _year_problems(dataset: Dataset, year: int) -> list[Problem]:
    import datetime as dt

    from cadrekit.load.year_check import year_problems

    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    return year_problems(frames, year, dt.date.today())


def _rule_set(rules: Any) -> Any:
    """The RuleSet of loaded rules (the loader takes the rules, not their file)."""
    return rules.rules if hasattr(rules, "rules") else rules


def _problems_read(result: Result) -> list[Problem]:
    """The problems found in the file, before --lenient turned errors into rejections."""
    return list(result.dataset.problems) if result.dataset is not None else []


def _cadre_rows(dataset: Dataset | None) -> int:
    sheet = dataset.sheets.get("cadres") if dataset is not None else None
    return len(sheet.frame) if sheet is not None else 0


def _score_one(
    item: Input,
    rules: Any,
    year: int | None,
    dest: Path,
    opts: WriteOptions,
    lenient: bool,
    limits: Any = None,
) -> Outcome:
    """Score one file on its own and write its result (each mode); --lenient as ``score``."""
    from cadrekit import api

    start = time.perf_counter()
    rows = 0
    try:
        dataset = api.load(item.path, _rule_set(rules), limits=limits)
        rows = _cadre_rows(dataset)
        result = api.score(dataset, rules=rules, year=year, lenient=lenient)
    except CadrekitError as exc:
        return _failed(item, exc, start, opts.lang, rows)
    dest.parent.mkdir(parents=True, exist_ok=True)  # only for a file with a result
    _write_result(result, dest, opts)
    return Outcome(
        item.name,
        list(result.problems),
        rows,
        result=dest.name,
        seconds=time.perf_counter() - start,
        rejected=rows - len(result.cadres),
        row_errors=sum(p.level == "error" for p in _problems_read(result)),
        lenient=lenient,
    )


def _failed(item: Input, exc: CadrekitError, start: float, lang: str, rows: int = 0) -> Outcome:
    """A file that cannot be read, or that has errors (not all in rows, with --lenient):
    its problems, no result."""
    seconds = time.perf_counter() - start
    if exc.exit_code == EXIT_INTERNAL:  # the engine's gate refused a wrong result
        text = f"internal error: {exc.message(lang)}"
        return Outcome(item.name, rows=rows, message=text, seconds=seconds, internal=True)
    if exc.problems:
        return Outcome(item.name, list(exc.problems), rows, seconds=seconds)
    message = exc.message(lang)
    problem = Problem("unreadable-file", location=item.name, found=message)
    return Outcome(item.name, [problem], message=message, seconds=seconds)


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class WriteOptions:
    lang: str = "zh"
    bom: bool = False
    show_id_numbers: bool = False
    xlsx: bool = True


@dataclass
class BatchReport:
    mode: str
    outdir: Path
    statuses: list[FileStatus]  # every file found, skipped ones last
    problems: list[tuple[str, Problem]]  # (file, problem) of every file and of the merge
    result: Result | None = None  # combine mode: the combined result, if one was scored
    written: list[str] = field(default_factory=list)  # files in outdir
    notes: list[str] = field(default_factory=list)  # said once on stderr (zh or en)

    @property
    def exit_code(self) -> int:
        if any(s.message.startswith("internal error") for s in self.statuses):
            return EXIT_INTERNAL
        failed = any(s.status == "error" for s in self.statuses)
        merge_failed = any(f == "" and p.level == "error" for f, p in self.problems)
        nothing = all(s.status == "skipped" for s in self.statuses)  # a wrong folder or year
        return EXIT_INPUT if failed or merge_failed or nothing else EXIT_OK


Progress = Callable[[str, Any], None]  # ("start", total) | ("file", FileStatus) | ("phase", text)


@dataclass(frozen=True)
class _Job:
    """What both modes need to know about the run."""

    inputs: list[Input]
    skipped: list[FileStatus]
    temp: Path  # everything is written here, then renamed to the output folder
    rules: Any
    year: int | None
    jobs: int | None
    options: WriteOptions
    lenient: bool
    say: Progress
    limits: Any  # cadrekit.io.read.Limits, passed to each worker (a process of its own)


def run(
    targets: Sequence[str | Path],
    outdir: str | Path,
    *,
    mode: str = "combine",
    rules: Any = None,
    year: int | None = None,
    jobs: int | None = None,
    force: bool = False,
    lenient: bool = False,
    options: WriteOptions = WriteOptions(),
    progress: Progress | None = None,
    limits: Any = None,
) -> BatchReport:
    """Load, validate and score every input under ``targets``; write the results to ``outdir``.

    ``rules``: a rule file path, ``None`` for the built-in rules, or loaded rules. The
    output folder must not exist or be empty, or be an earlier batch output (it holds
    MARKER) with ``force``: then it is replaced as a whole. A folder holding anything
    else is refused even with ``force``.
    ``lenient``: a file whose errors all belong to rows is scored without those rows (as
    ``score --lenient``) and its status is ``partial``; other errors still fail the file.
    ``limits`` (:class:`cadrekit.io.read.Limits`): what each file may hold; default: the
    command line's ``--max-…`` options inside a command, else the defaults.
    Raises only for problems with the whole run (a target that does not exist, an unsafe
    output folder, a broken rule file); problems with a file are in the report.
    """
    if mode not in ("combine", "each"):
        raise ValueError(f"mode must be 'combine' or 'each', not {mode!r}")
    say = progress or (lambda kind, value: None)
    outdir = Path(outdir)
    check_outdir(outdir, [_root(Path(t)) for t in targets], force=force)
    found = discover(targets, exclude=outdir)
    loaded = _loaded_rules(rules)
    lang = options.lang
    skipped = [
        FileStatus(i.name, status="skipped", message=SKIP_REASONS[r][lang == "en"])
        for i, r in found.skipped
    ]
    from cadrekit.io.write import remove_scratch, write_errors

    temp = _make_temp(outdir)
    from cadrekit.io.safety import current_limits

    limits = limits if limits is not None else current_limits()
    job = _Job(found.inputs, skipped, temp, loaded, year, jobs, options, lenient, say, limits)
    try:
        with write_errors(outdir):  # a full disk: one OutputError line, exit 2
            say("start", len(found.inputs))
            report = _run_each(job) if mode == "each" else _run_combine(job)
            report.outdir = outdir
            if not found.inputs:
                report.notes.append(
                    "no workbooks found" if lang == "en" else "没有找到可读取的工作簿"
                )
            say("phase", "status")
            _write_status(temp, report, options)
            with _no_interrupt():  # once the output is moving into place, the run completes
                _commit(temp, outdir, force=force)
    except BaseException:
        remove_scratch()
        with _no_interrupt():
            shutil.rmtree(temp, ignore_errors=True)
        raise
    return report


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Ctrl-C is ignored in the block: cleaning up, or moving the finished output in place.

    Only in the main thread (signal handlers can be set nowhere else); a library caller
    running batches in a thread keeps whatever it set up.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    """SIGINT held back (not lost) while worker processes start: they inherit the mask, so
    Ctrl-C, sent to the whole process group, cannot interrupt one before _init_worker has
    made it ignore SIGINT (a traceback from the worker on stderr)."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no process groups to worry about
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:  # a Ctrl-C held back is raised here, in the parent
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _loaded_rules(rules: Any) -> Any:
    """Rules loaded once in the parent, so a broken rule file fails before any work."""
    from cadrekit.models.rules import RuleSet
    from cadrekit.rules.load import LoadedRules, load_rules

    if isinstance(rules, LoadedRules | RuleSet):
        return rules
    return load_rules(rules)


def _run_each(job: _Job) -> BatchReport:
    names = _result_names(job.inputs, ".xlsx" if job.options.xlsx else ".csv")
    args = (job.rules, job.year)
    calls = [
        (_score_one, (item, *args, job.temp / name, job.options, job.lenient, job.limits))
        for item, name in zip(job.inputs, names, strict=True)
    ]
    outcomes = _map(calls, job.inputs, job.jobs, job.options.lang, job.say)
    for outcome, name in zip(outcomes, names, strict=True):
        outcome.result = name if outcome.result else ""
    statuses = [o.status(job.options.lang) for o in outcomes]
    problems = [(o.name, p) for o in outcomes for p in o.problems]
    written = [n for n in names if (job.temp / n).exists()]
    return BatchReport("each", job.temp, statuses + job.skipped, problems, written=written)


def _result_names(inputs: list[Input], suffix: str) -> list[str]:
    """乡镇A.xlsx → 乡镇A.xlsx (or .csv); a stem used twice keeps its suffix: 乡镇A.csv.xlsx."""
    stems = [Path(i.name).with_suffix("").as_posix() for i in inputs]
    taken = {s: stems.count(s) for s in stems}
    names = []
    for item, stem in zip(inputs, stems, strict=True):
        base = Path(item.name).as_posix() if taken[stem] > 1 else stem
        names.append(base.lstrip("/") + suffix)
    return names


def _run_combine(job: _Job) -> BatchReport:
    from cadrekit import api

    lang = job.options.lang
    calls = [
        (_load_one, (item, job.rules, lang, job.lenient, job.year, job.limits))
        for item in job.inputs
    ]
    outcomes = _map(calls, job.inputs, job.jobs, lang, job.say)
    statuses = [o.status(lang) for o in outcomes]
    problems = [(o.name, p) for o in outcomes for p in o.problems]
    report = BatchReport("combine", job.temp, statuses + job.skipped, problems)
    good = [o for o in outcomes if o.dataset is not None]
    if not good:
        return report
    duplicates = duplicate_ids(good)
    if duplicates:
        _fail_duplicates(statuses, duplicates, lang)
        _not_scored(statuses, lang)
        report.problems += [("", p) for p in duplicates]
        return report
    job.say("phase", "score")
    left_out = [s.file for s in statuses if s.status == "error"]
    dataset = combine(good, left_out=left_out)
    # --lenient: the errors left in a file are on cadre rows it scores all the same (a
    # 身份证号 that disagrees with 出生年月); each file judged them, so they are listed, not
    # judged again against the combined sheets
    kept = [p for p in dataset.problems if p.level == "error"]
    scored = replace(dataset, problems=[p for p in dataset.problems if p.level != "error"])
    result = api.score(scored, rules=job.rules, year=job.year)
    result.problems = [*kept, *result.problems]
    # each file's year was checked on its own (_load_one): a warning about the merged
    # population only repeats theirs, without saying which file is last year's
    result.problems = [p for p in result.problems if not _merged_year_check(p)]
    report.result = result
    from_files = {id(p) for p in dataset.problems if p.code != "file-left-out"}
    report.problems += [("", p) for p in result.problems if id(p) not in from_files]
    names = _combined_names(result, job.options)
    for status in statuses:
        if status.status != "error":
            status.result = names[0]
    report.written = _write_combined(result, job.temp, names, report.statuses, job)
    return report


def _merged_year_check(problem: Problem) -> bool:
    return problem.code in YEAR_CODES and problem.location == "--year"


def _fail_duplicates(statuses: list[FileStatus], duplicates: list[Problem], lang: str) -> None:
    """Each file with an id also found in another file fails, counting those cells."""
    files = {p.params["file"] for p in duplicates}
    for status in statuses:
        if status.file in files:
            mine = [p for p in duplicates if p.params["file"] == status.file]
            status.errors += len(mine)
            status.status = "error"
            status.message = _first_error(mine, lang)  # only valid files are compared


def _not_scored(statuses: list[FileStatus], lang: str) -> None:
    """A stopped combined run scored no file: the valid ones must not read as ``ok``."""
    for status in statuses:
        if status.status != "error":
            status.status = "not-scored"
            status.message = (
                "combined run stopped: duplicate ids" if lang == "en" else "合并已停止：编号重复"
            )


# --------------------------------------------------------------------------- the pool


def _map(
    calls: list[tuple[Callable[..., Outcome], tuple[Any, ...]]],
    inputs: list[Input],
    jobs: int | None,
    lang: str,
    say: Progress,
) -> list[Outcome]:
    """Run each call, in a process pool when there is more than one file and one job."""
    workers = min(jobs or os.cpu_count() or 1, len(calls))
    if workers <= 1:
        outcomes = []
        for (fn, args), item in zip(calls, inputs, strict=True):
            outcome = _guard(fn, args, item)
            say("file", outcome.status(lang))
            outcomes.append(outcome)
        return outcomes
    results: dict[int, Outcome] = {}
    crashed = _pool(calls, inputs, workers, lang, say, results)
    for i in crashed:  # one at a time, so that a crash is pinned on the file that caused it
        _pool([calls[i]], [inputs[i]], 1, lang, say, results, offset=i, last_try=True)
    return [results[i] for i in range(len(calls))]


def _guard(fn: Callable[..., Outcome], args: tuple[Any, ...], item: Input) -> Outcome:
    try:
        return fn(*args)
    except Exception as exc:  # a bug on one file must not stop the rest
        return Outcome(
            item.name, message=f"internal error: {type(exc).__name__}: {exc}", internal=True
        )


def _pool(
    calls: list[tuple[Callable[..., Outcome], tuple[Any, ...]]],
    inputs: list[Input],
    workers: int,
    lang: str,
    say: Progress,
    results: dict[int, Outcome],
    *,
    offset: int = 0,
    last_try: bool = False,
) -> list[int]:
    """Fill ``results``; return the indexes whose worker process died (to retry alone)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    crashed: list[int] = []
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker)
    futures: dict[Future[Outcome], int] = {}
    try:
        with _sigint_blocked():  # the workers start as they are submitted to
            for n, (fn, args) in enumerate(calls):
                futures[executor.submit(fn, *args)] = offset + n
        for future in as_completed(futures):
            i = futures[future]
            item = inputs[i - offset]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                if not last_try:
                    crashed.append(i)
                    continue
                outcome = Outcome(
                    item.name,
                    message="reading this file crashed the worker process"
                    if lang == "en"
                    else "读取此文件时进程崩溃",
                )
            except Exception as exc:
                outcome = Outcome(
                    item.name, message=f"internal error: {type(exc).__name__}: {exc}", internal=True
                )
            results[i] = outcome
            say("file", outcome.status(lang))
    except BaseException:
        with _no_interrupt():
            _stop(executor)
        raise
    executor.shutdown(wait=True)
    return sorted(crashed)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop now: drop queued files and end the workers (they only write into the temp dir).

    Private attributes, as there is no public API for this: the worker processes, the
    pool's manager thread and its result pipe. A worker ended while it was sending a result
    leaves half a message in that pipe, and the manager thread would wait for the rest
    forever (and Python with it, at exit): closing our end of the pipe once the workers are
    gone turns that wait into EOF, which the thread takes as a broken pool and ends.
    """
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    results = getattr(executor, "_result_queue", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
    if results is not None:
        with contextlib.suppress(Exception):
            results._writer.close()
    if manager is not None:
        # joined here, not at exit: nothing may write to the workers' pipes once the CLI
        # has given SIGPIPE its deadly default back
        manager.join(10)


# --------------------------------------------------------------------------- combining


def duplicate_ids(outcomes: Sequence[Outcome]) -> list[Problem]:
    """Every id found in more than one file, each cell naming the other file's cell.

    The first cell of an id points at the second, every other cell at the first (as the
    loader's own ``duplicate-id`` does). Vectorised: a re-sent file of 100k rows is cheap.
    """
    import pandas as pd

    parts = []
    for outcome in outcomes:
        assert outcome.dataset is not None
        sheet = outcome.dataset.sheets.get("cadres")
        if sheet is None or "id" not in sheet.frame.columns:
            continue
        prefix = f"{outcome.name} {sheet.sheet}!{sheet.letters.get('id', '')}"
        parts.append(
            pd.DataFrame(
                {
                    "id": sheet.frame["id"].astype(object).to_numpy(),
                    "file": outcome.name,
                    "sheet": f"{outcome.name} {sheet.sheet}",
                    "row": sheet.rows,
                    "where": [f"{prefix}{r}" for r in sheet.rows],
                }
            )
        )
    if not parts:
        return []
    ids = pd.concat(parts, ignore_index=True)
    ids = ids[ids["id"].notna() & ids["id"].duplicated(keep=False)]
    if ids.empty:
        return []
    by_id = ids.groupby("id", sort=False)["where"]
    first = by_id.transform("first")
    other = first.where(by_id.cumcount() > 0, by_id.shift(-1))
    return [
        Problem(
            "duplicate-id-across-files",
            location=where,
            sheet=sheet,
            row=int(row),
            column="id",
            found=str(value),
            params={"other": to, "file": file},
        )
        for value, file, sheet, row, where, to in zip(
            ids["id"], ids["file"], ids["sheet"], ids["row"], ids["where"], other, strict=True
        )
    ]


def combine(outcomes: Sequence[Outcome], *, left_out: Sequence[str] = ()) -> Dataset:
    """One Dataset of every valid file: each sheet kind concatenated, with ``source_file``.

    Problems keep their cells, prefixed with the file (``乡镇A.xlsx 干部名册!F17``); the
    combined frames are scored as they are (each file was validated on its own).
    """
    import hashlib

    import pandas as pd

    from cadrekit.models.dataset import Dataset, SheetFrame

    kinds: dict[str, list[tuple[Outcome, SheetFrame]]] = {}
    for outcome in outcomes:
        assert outcome.dataset is not None
        for kind, sheet in outcome.dataset.sheets.items():
            kinds.setdefault(kind, []).append((outcome, sheet))
    sheets = {}
    for kind, members in kinds.items():
        frames = [s.frame.assign(**{SOURCE_COLUMN: o.name}) for o, s in members]
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        first = members[0][1]
        letters = {k: v for _, s in members for k, v in s.letters.items()}
        headers = {k: v for _, s in members for k, v in s.headers.items()}
        sheets[kind] = SheetFrame(
            kind,
            first.sheet,
            frame.reset_index(drop=True),
            [r for _, s in members for r in s.rows],
            letters | {SOURCE_COLUMN: ""},
            headers | {SOURCE_COLUMN: SOURCE_COLUMN},
        )
    problems = [_in_file(o.name, p) for o in outcomes for p in o.dataset.problems]  # type: ignore[union-attr]
    problems += [
        Problem("file-left-out", location=name, params={"file": name})  # the file is the place
        for name in left_out
    ]
    digest = hashlib.sha256()
    for outcome in sorted(outcomes, key=lambda o: o.name):
        digest.update(f"{outcome.name}\0{outcome.dataset.sha256}\n".encode())  # type: ignore[union-attr]
    return Dataset(
        sheets=sheets,
        problems=problems,
        source=Path(f"{len(outcomes)} files"),
        sha256=digest.hexdigest(),
    )


def _in_file(name: str, problem: Problem) -> Problem:
    location = f"{name} {problem.location}" if problem.location else name
    return replace(problem, location=location, sheet=f"{name} {problem.sheet}".strip())


# --------------------------------------------------------------------------- writing


def _write_result(
    result: Result,
    path: Path,
    options: WriteOptions,
    extra_sheets: Sequence[tuple[str, pd.DataFrame]] = (),
) -> None:
    """One result file, xlsx or CSV by suffix (inside the temporary folder)."""
    if path.suffix == ".xlsx":
        from cadrekit.api import with_lists
        from cadrekit.render.workbook import write_workbook

        write_workbook(
            with_lists(result),
            path,
            lang=options.lang,
            show_id_numbers=options.show_id_numbers,
            extra_sheets=extra_sheets,
        )
        return
    from cadrekit.render.tabular import write_csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        write_csv(
            result,
            fh,
            lang=options.lang,
            bom=options.bom,
            safe=True,
            show_id_numbers=options.show_id_numbers,
        )


def _combined_names(result: Result, options: WriteOptions) -> list[str]:
    """results.xlsx (unless --csv-only or too many rows for a sheet) and results.csv."""
    fits = len(result.cadres) < EXCEL_MAX_ROWS
    return (["results.xlsx"] if options.xlsx and fits else []) + ["results.csv"]


def _write_combined(
    result: Result, temp: Path, names: list[str], statuses: list[FileStatus], job: _Job
) -> list[str]:
    """The combined results; the workbook carries the status table as its last sheet."""
    lang = job.options.lang
    sheet = [(STATUS_SHEET[lang], status_frame(statuses, lang))]
    for name in names:
        job.say("phase", name)
        _write_result(result, temp / name, job.options, sheet if name.endswith(".xlsx") else ())
    return names


def status_frame(statuses: Sequence[FileStatus], lang: str = "zh") -> pd.DataFrame:
    """The status table for people: headers and status words in ``lang``."""
    import pandas as pd

    frame = pd.DataFrame([s.row() for s in statuses], columns=STATUS_COLUMNS, dtype=object)
    skipped = frame["status"] == "skipped"
    frame.loc[skipped, ["rows", "rejected"]] = None  # never read: no count to show
    frame = frame.mask(frame == "", None)  # a blank cell, not an empty text
    if lang == "en":
        return frame
    frame["status"] = frame["status"].map(lambda v: STATUS_WORDS_ZH.get(v, v))
    frame.columns = list(STATUS_HEADERS_ZH)
    return frame


def problem_frame(report: BatchReport, lang: str = "zh") -> pd.DataFrame:
    """Every problem of every file and of the merge, with the file it belongs to."""
    import pandas as pd

    rows = []
    for name, p in report.problems:
        d = p.to_dict(lang)
        rows.append([name or p.params.get("file", "")] + [d[c] for c in PROBLEM_COLUMNS[1:]])
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS, dtype=object)


def _write_status(temp: Path, report: BatchReport, options: WriteOptions) -> None:
    """status.csv and problems.csv; status.xlsx too when no results workbook carries them."""
    encoding = "utf-8-sig" if options.bom else "utf-8"
    problems = problem_frame(report, options.lang)
    tables = [("status.csv", [s.row() for s in report.statuses], STATUS_COLUMNS)]
    tables.append(("problems.csv", problems.to_numpy().tolist(), PROBLEM_COLUMNS))
    for name, rows, columns in tables:
        with (temp / name).open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([_safe(v) for v in row] for row in rows)
    report.written += ["status.csv", "problems.csv"]
    if options.xlsx and "results.xlsx" not in report.written:
        _write_status_book(temp / "status.xlsx", report, problems, options.lang)
        report.written.append("status.xlsx")


def _write_status_book(path: Path, report: BatchReport, problems: pd.DataFrame, lang: str) -> None:
    """--each, or a combined run that wrote no workbook: the status and problems sheets."""
    from cadrekit.render.labels import PROBLEM_LABELS, headers, severity_label, sheet_name
    from cadrekit.render.sheets import write_sheets

    problems = problems.copy()
    problems["severity"] = problems["severity"].map(lambda v: severity_label(v, lang))
    problems.columns = headers(PROBLEM_COLUMNS, lang, {"file": "文件"} | PROBLEM_LABELS)
    sheets = [(STATUS_SHEET[lang], status_frame(report.statuses, lang))]
    write_sheets(path, [*sheets, (sheet_name("problems", lang), problems)])


def _safe(value: Any) -> Any:
    from cadrekit.io.write import text_safe

    return text_safe(value) if isinstance(value, str) else value


# --------------------------------------------------------------------------- the folder


def _root(target: Path) -> Path:
    """The folder a glob pattern searches (``subs/**/*.xlsx`` → ``subs``), else the target."""
    if glob.has_magic(str(target)) and not target.exists():
        parts = []
        for part in target.parts:
            if glob.has_magic(part):
                break
            parts.append(part)
        return Path(*parts) if parts else Path(".")
    return target


def check_outdir(outdir: Path, targets: Sequence[Path], *, force: bool = False) -> None:
    """Refuse an output folder that would lose data: one holding an input, a file, a
    non-empty folder without MARKER (even with --force), an earlier output without --force.

    ``-o submissions/results`` is fine (the output folder is never searched); ``-o .`` with
    input ``submissions/`` is not: replacing it would delete the submissions.
    """
    outdir = Path(outdir)
    real = outdir.resolve()
    for path in targets:
        if path.resolve().is_relative_to(real):
            raise OutputError(
                f"{outdir}：输出文件夹包含输入 {path}，拒绝覆盖",
                message_en=f"{outdir}: the output folder holds the input {path}; refusing",
                hint="请用 -o 指定另一个文件夹",
                hint_en="choose another folder with -o",
            )
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}：不是文件夹", message_en=f"{outdir}: not a folder")
    if outdir.is_dir() and any(outdir.iterdir()):
        if not (outdir / MARKER).is_file():  # someone's own files: never ours to delete
            raise OutputError(
                f"{outdir}：文件夹里有不是 cadrekit 写的文件，--force 也不会删除它",
                message_en=f"{outdir}: the folder holds files cadrekit did not write; "
                "--force will not delete it either",
                hint="请换一个文件夹或先手动清空",
                hint_en="choose another folder or empty it by hand first",
            )
        if not force:
            raise OutputError(
                f"{outdir}：文件夹已存在且不为空（上次 cadrekit batch 的输出）",
                message_en=f"{outdir}: the folder exists and is not empty "
                "(an earlier cadrekit batch output)",
                hint="加 --force 整体替换，或换一个文件夹",
                hint_en="add --force to replace it as a whole, or choose another folder",
            )
    if not outdir.parent.is_dir():
        raise OutputError(
            f"{outdir}：上级文件夹 {outdir.parent} 不存在",
            message_en=f"{outdir}: the folder {outdir.parent} does not exist",
            hint="请先创建该文件夹",
            hint_en="create it first",
        )


def _make_temp(outdir: Path) -> Path:
    """A new hidden folder beside ``outdir``, with the permissions ``mkdir`` would give it:
    it becomes the output folder, which colleagues under the same umask must be able to
    open as usual (``mkdtemp`` makes it private, 0700)."""
    from cadrekit.io.write import current_umask

    temp = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", suffix=".tmp", dir=outdir.parent))
    temp.chmod(0o777 & ~current_umask())
    return temp


def _commit(temp: Path, outdir: Path, *, force: bool) -> None:
    """Rename the finished temporary folder to ``outdir`` (replacing it under --force)."""
    (temp / MARKER).write_text(
        "cadrekit batch output: a later cadrekit batch over a parent folder skips this one\n",
        encoding="utf-8",
    )
    if outdir.is_dir() and not any(outdir.iterdir()):
        outdir.rmdir()
    if not outdir.exists():
        os.replace(temp, outdir)
        return
    check_outdir(outdir, [], force=force)  # it may have appeared while we worked
    old = temp.with_name(temp.name + ".old")
    os.replace(outdir, old)
    try:
        os.replace(temp, outdir)
    except BaseException:
        os.replace(old, outdir)
        raise
    shutil.rmtree(old, ignore_errors=True)

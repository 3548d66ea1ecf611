"""``run``: one batch from targets to output folder, in either mode.

* ``combine`` (default): the valid files merged into one population (:mod:`.merge`) and
  scored once, so that tracks and quotas span the whole county;
* ``each``: every file scored on its own, one result file per input.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.batch.commit import check_outdir, commit, make_temp, root
from cadrekit.batch.discover import Input, discover
from cadrekit.batch.merge import (
    combine,
    duplicate_ids,
    fail_duplicates,
    merged_year_check,
    not_scored,
)
from cadrekit.batch.outcome import BatchReport, FileStatus
from cadrekit.batch.pool import Progress, no_interrupt, run_all
from cadrekit.batch.work import load_one, score_one
from cadrekit.batch.write import WriteOptions, combined_names, write_combined, write_status
from cadrekit.render.labels import SKIP_REASONS
from cadrekit.rules.load import LoadedRules, resolve

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.batch.discover import Found
    from cadrekit.io.limits import Limits


@dataclass(frozen=True)
class Job:
    """What both modes need to know about the run."""

    inputs: list[Input]
    skipped: list[FileStatus]
    temp: Path  # everything is written here, then renamed to the output folder
    rules: LoadedRules
    year: int | None
    jobs: int | None
    options: WriteOptions
    lenient: bool
    say: Progress
    limits: Limits  # what each file may hold, passed to each worker (a process of its own)


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
    limits: Limits | None = None,
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
    check_outdir(outdir, [root(Path(t)) for t in targets], force=force)
    found = discover(targets, exclude=outdir)
    loaded = resolve(rules)
    lang = options.lang
    skipped = [
        FileStatus(i.name, status="skipped", message=SKIP_REASONS[r][lang == "en"])
        for i, r in found.skipped
    ]
    from cadrekit.io.limits import current_limits

    limits = limits if limits is not None else current_limits()
    temp = make_temp(outdir)
    job = Job(found.inputs, skipped, temp, loaded, year, jobs, options, lenient, say, limits)
    return _run_into(job, mode, found, outdir, force)


def _run_into(job: Job, mode: str, found: Found, outdir: Path, force: bool) -> BatchReport:
    """Both modes into ``job.temp``, then the folder renamed to ``outdir``; on any failure
    (a full disk: one OutputError line, exit 2; Ctrl-C; SIGTERM) nothing is left behind."""
    from cadrekit.io.write import remove_scratch, write_errors

    lang = job.options.lang
    try:
        with write_errors(outdir):  # a full disk: one OutputError line, exit 2
            job.say("start", len(found.inputs))
            report = _run_each(job) if mode == "each" else _run_combine(job)
            report.outdir = outdir
            if not found.inputs:
                report.notes.append(
                    "no workbooks found" if lang == "en" else "没有找到可读取的工作簿"
                )
            job.say("phase", "status")
            write_status(job.temp, report, job.options)
            with no_interrupt():  # once the output is moving into place, the run completes
                commit(job.temp, outdir, force=force)
    except BaseException:
        remove_scratch()
        with no_interrupt():
            shutil.rmtree(job.temp, ignore_errors=True)
        raise
    return report


def _run_each(job: Job) -> BatchReport:
    names = _result_names(job.inputs, ".xlsx" if job.options.xlsx else ".csv")
    args = (job.rules, job.year)
    calls = [
        (score_one, (item, *args, job.temp / name, job.options, job.lenient, job.limits))
        for item, name in zip(job.inputs, names, strict=True)
    ]
    outcomes = run_all(calls, job.inputs, job.jobs, job.options.lang, job.say)
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


def _score_combined(dataset: Any, job: Job) -> Any:
    """The merged population scored once. --lenient: the errors left in a file are on cadre
    rows it scores all the same (a 身份证号 that disagrees with 出生年月); each file judged
    them, so they are listed, not judged again against the combined sheets."""
    from dataclasses import replace

    from cadrekit import api

    kept = [p for p in dataset.problems if p.level == "error"]
    scored = replace(dataset, problems=[p for p in dataset.problems if p.level != "error"])
    result = api.score(scored, rules=job.rules, year=job.year)
    result.problems = [*kept, *result.problems]
    return result


def _run_combine(job: Job) -> BatchReport:
    lang = job.options.lang
    calls = [
        (load_one, (item, job.rules, lang, job.lenient, job.year, job.limits))
        for item in job.inputs
    ]
    outcomes = run_all(calls, job.inputs, job.jobs, lang, job.say)
    statuses = [o.status(lang) for o in outcomes]
    problems = [(o.name, p) for o in outcomes for p in o.problems]
    report = BatchReport("combine", job.temp, statuses + job.skipped, problems)
    good = [o for o in outcomes if o.dataset is not None]
    if not good:
        return report
    duplicates = duplicate_ids(good)
    if duplicates:
        fail_duplicates(statuses, duplicates, lang)
        not_scored(statuses, lang)
        report.problems += [("", p) for p in duplicates]
        return report
    job.say("phase", "score")
    left_out = [s.file for s in statuses if s.status == "error"]
    dataset = combine(good, left_out=left_out)
    result = _score_combined(dataset, job)
    # each file's year was checked on its own (load_one): a warning about the merged
    # population only repeats theirs, without saying which file is last year's
    result.problems = [p for p in result.problems if not merged_year_check(p)]
    report.result = result
    from_files = {id(p) for p in dataset.problems if p.code != "file-left-out"}
    report.problems += [("", p) for p in result.problems if id(p) not in from_files]
    names = combined_names(result, job.options)
    for status in statuses:
        if status.status != "error":
            status.result = names[0]
    report.written = write_combined(result, job.temp, names, report.statuses, job)
    return report

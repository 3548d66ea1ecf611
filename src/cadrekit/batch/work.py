"""The work done on one file, in a worker process: load and validate it (combine mode), or
score it and write its result (each mode). Top-level functions only: the pool spawns.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.batch.outcome import Failure, Outcome
from cadrekit.errors import EXIT_INTERNAL, CadrekitError
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.batch.discover import Input
    from cadrekit.batch.write import WriteOptions
    from cadrekit.io.limits import Limits
    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result
    from cadrekit.rules.load import LoadedRules

# the warnings of load.year_check: whether --year fits the records
YEAR_CODES = ("future-year", "year-without-records", "year-before-records")


def load_one(
    item: Input,
    rules: LoadedRules,
    lang: str,
    lenient: bool = False,
    year: int | None = None,
    limits: Limits | None = None,
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
        dataset = api.load(item.path, rules, limits=limits)
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


def _year_problems(dataset: Dataset, year: int) -> list[Problem]:
    import datetime as dt

    from cadrekit.load.year_check import year_problems

    frames = {kind: sheet.frame for kind, sheet in dataset.sheets.items()}
    return year_problems(frames, year, dt.date.today())


def _problems_read(result: Result) -> list[Problem]:
    """The problems found in the file, before --lenient turned errors into rejections."""
    return list(result.dataset.problems) if result.dataset is not None else []


def _cadre_rows(dataset: Dataset | None) -> int:
    sheet = dataset.sheets.get("cadres") if dataset is not None else None
    return len(sheet.frame) if sheet is not None else 0


def score_one(
    item: Input,
    rules: LoadedRules,
    year: int | None,
    dest: Path,
    opts: WriteOptions,
    lenient: bool,
    limits: Limits | None = None,
) -> Outcome:
    """Score one file on its own and write its result (each mode); --lenient as ``score``."""
    from cadrekit import api
    from cadrekit.batch.write import write_result

    start = time.perf_counter()
    rows = 0
    try:
        dataset = api.load(item.path, rules, limits=limits)
        rows = _cadre_rows(dataset)
        result = api.score(dataset, rules=rules, year=year, lenient=lenient)
    except CadrekitError as exc:
        return _failed(item, exc, start, opts.lang, rows)
    dest.parent.mkdir(parents=True, exist_ok=True)  # only for a file with a result
    write_result(result, dest, opts)
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
        return Outcome(
            item.name, rows=rows, message=text, seconds=seconds, failure=Failure.INTERNAL
        )
    if exc.problems:
        return Outcome(item.name, list(exc.problems), rows, seconds=seconds)
    message = exc.message(lang)
    problem = Problem("unreadable-file", location=item.name, found=message)
    return Outcome(
        item.name, [problem], message=message, failure=Failure.UNREADABLE, seconds=seconds
    )

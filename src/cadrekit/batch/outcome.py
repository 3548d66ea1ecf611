"""What one file came to (:class:`Outcome`, sent back by a worker), its row of the status
table (:class:`FileStatus`) and the whole run's :class:`BatchReport`.

Why a file failed is typed (:class:`Failure`), and the exit code is decided from it: a
message is for people and may say anything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset
    from cadrekit.models.result import Result

STATUS_COLUMNS = ["file", "rows", "rejected", "errors", "warnings", "status", "result", "message"]


class Failure(enum.Enum):
    """Why a file has status ``error``."""

    PROBLEMS = "problems"  # its own errors: a cell, a sheet or a column (its problems say where)
    UNREADABLE = "unreadable"  # the file cannot be read at all
    CRASHED = "crashed"  # reading it ended the worker process
    INTERNAL = "internal"  # a bug in cadrekit: exit EXIT_INTERNAL
    DUPLICATE_IDS = "duplicate-ids"  # combined run: an id also found in another file


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
    failure: Failure | None = None  # set exactly when status is "error"

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
    message: str = ""  # why it failed, when its problems do not say
    failure: Failure | None = None  # None: its problems decide (an error is PROBLEMS)
    seconds: float = 0.0
    rejected: int = 0  # --lenient: cadre rows left out
    row_errors: int = 0  # --lenient: the errors found (the rows left out, those listed)
    # --lenient scored the file: an error still in ``problems`` is on a cadre row it
    # scored all the same (Problem.blocks_scoring is False), listed, not a failure
    lenient: bool = False

    def status(self, lang: str) -> FileStatus:
        errors = sum(p.level == "error" for p in self.problems)
        warnings = sum(p.level == "warning" for p in self.problems)
        failure = self.failure or (Failure.PROBLEMS if errors and not self.lenient else None)
        partial = self.row_errors or self.rejected
        state = "error" if failure else "partial" if partial else "warning" if warnings else "ok"
        first = first_error(self.problems, lang)
        message = self.message or (first if failure else "") or _partial(self, lang) or first
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
            failure,
        )


def first_error(problems: list[Problem], lang: str) -> str:
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
        if any(s.failure is Failure.INTERNAL for s in self.statuses):
            return EXIT_INTERNAL
        failed = any(s.failure is not None for s in self.statuses)
        merge_failed = any(f == "" and p.level == "error" for f, p in self.problems)
        nothing = all(s.status == "skipped" for s in self.statuses)  # a wrong folder or year
        return EXIT_INPUT if failed or merge_failed or nothing else EXIT_OK

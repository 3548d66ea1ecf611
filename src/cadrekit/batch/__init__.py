"""Year-end batch runs: every workbook in folders or globs, loaded in a process pool.

``run(targets, outdir)`` finds the inputs (:mod:`.discover`), loads and validates each in
its own process (:mod:`.pool`, :mod:`.work`), and then either merges the valid ones into
one population and scores it once (``mode="combine"``, :mod:`.merge`) or scores every file
on its own (``mode="each"``). A file that fails is reported with its problems and the
others go on; why it failed is typed (:class:`Failure`) and decides the exit code.

Everything is written (:mod:`.write`) into a temporary folder beside ``outdir`` and renamed
into place at the very end (:mod:`.commit`), so an interrupted run leaves no half-written
output.
"""

from cadrekit.batch.commit import check_outdir
from cadrekit.batch.discover import INPUT_SUFFIXES, MARKER, Found, Input, discover
from cadrekit.batch.merge import SOURCE_COLUMN, combine, duplicate_ids
from cadrekit.batch.modes import run
from cadrekit.batch.outcome import STATUS_COLUMNS, BatchReport, Failure, FileStatus, Outcome
from cadrekit.batch.pool import Progress
from cadrekit.batch.work import YEAR_CODES
from cadrekit.batch.write import (
    EXCEL_MAX_ROWS,
    PROBLEM_COLUMNS,
    WriteOptions,
    problem_frame,
    status_frame,
)
from cadrekit.errors import CadrekitError
from cadrekit.render.labels import SKIP_REASONS, STATUS_HEADERS_ZH, STATUS_SHEET, STATUS_WORDS_ZH

__all__ = [
    "EXCEL_MAX_ROWS",
    "INPUT_SUFFIXES",
    "MARKER",
    "PROBLEM_COLUMNS",
    "SKIP_REASONS",
    "SOURCE_COLUMN",
    "STATUS_COLUMNS",
    "STATUS_HEADERS_ZH",
    "STATUS_SHEET",
    "STATUS_WORDS_ZH",
    "YEAR_CODES",
    "BatchReport",
    "CadrekitError",
    "Failure",
    "FileStatus",
    "Found",
    "Input",
    "Outcome",
    "Progress",
    "WriteOptions",
    "check_outdir",
    "combine",
    "discover",
    "duplicate_ids",
    "problem_frame",
    "run",
    "status_frame",
]

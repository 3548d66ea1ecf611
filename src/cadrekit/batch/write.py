"""Writing a run's files into its temporary folder: each result (xlsx or CSV, through
render/), status.csv and problems.csv, and status.xlsx when no results workbook carries
the status table as its last sheet. Labels for people come from render/labels.py.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cadrekit.batch.outcome import STATUS_COLUMNS, BatchReport, FileStatus
from cadrekit.render.labels import STATUS_HEADERS_ZH, STATUS_SHEET, STATUS_WORDS_ZH

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cadrekit.batch.modes import Job
    from cadrekit.models.result import Result

PROBLEM_COLUMNS = ["file", "severity", "code", "location", "found", "expected", "message", "hint"]


EXCEL_MAX_ROWS = 1_048_576
# Above this many cadres a combined results.xlsx holds the counts only (汇总, 按单位, 问题,
# 规则, 关于, 文件状态) and every cadre's row is in results.csv: a workbook of 500,000 rows
# per sheet takes minutes to write, hundreds of MB to open, and no office PC prints it.
BOOK_CADRES_MAX = 100_000
WORKBOOK_KINDS = ("auto", "full", "counts")


@dataclass(frozen=True)
class WriteOptions:
    lang: str = "zh"
    bom: bool = False
    show_id_numbers: bool = False
    xlsx: bool = True
    workbook: str = "auto"  # full: every sheet; counts: no per-cadre sheet; auto: by size


def write_result(
    result: Result,
    path: Path,
    options: WriteOptions,
    extra_sheets: Sequence[tuple[str, pd.DataFrame]] = (),
) -> None:
    """One result file, xlsx or CSV by suffix (inside the temporary folder)."""
    if path.suffix == ".xlsx":
        from cadrekit.api import with_lists
        from cadrekit.render.workbook import write_workbook

        per_cadre = full_workbook(len(result.cadres), options)
        write_workbook(
            with_lists(result) if per_cadre else result,
            path,
            lang=options.lang,
            show_id_numbers=options.show_id_numbers,
            extra_sheets=extra_sheets,
            per_cadre=per_cadre,
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


def full_workbook(cadres: int, options: WriteOptions) -> bool:
    """Whether a results workbook has its per-cadre sheets (``--workbook``)."""
    if options.workbook == "auto":
        return cadres <= BOOK_CADRES_MAX
    return options.workbook == "full"


def combined_names(result: Result, options: WriteOptions) -> list[str]:
    """results.xlsx (unless --csv-only, or a full workbook with too many rows for a sheet)
    and results.csv."""
    cadres = len(result.cadres)
    fits = cadres < EXCEL_MAX_ROWS or not full_workbook(cadres, options)
    return (["results.xlsx"] if options.xlsx and fits else []) + ["results.csv"]


def write_combined(
    result: Result, temp: Path, names: list[str], statuses: list[FileStatus], job: Job
) -> list[str]:
    """The combined results; the workbook carries the status table as its last sheet.

    The workbook is written in a thread while results.csv is written: the CSV is mostly
    Arrow work, done without the GIL, so on two cores the workbook costs little more
    (500,000 cadres: 2.4 → 1.7 s for both). Its error, if any, is raised here."""
    lang = job.options.lang
    sheet = [(STATUS_SHEET[lang], status_frame(statuses, lang))]
    books = [n for n in names if n.endswith(".xlsx")]
    failed: list[BaseException] = []

    def book(name: str) -> None:
        try:
            write_result(result, temp / name, job.options, sheet)
        except BaseException as exc:  # raised in the caller's thread, below
            failed.append(exc)

    threads: list[threading.Thread] = []
    try:
        for name in names:
            job.say("phase", name)
            if name in books and len(names) > 1:
                threads.append(threading.Thread(target=book, args=(name,), daemon=True))
                threads[-1].start()
            else:
                write_result(result, temp / name, job.options, sheet if name in books else ())
    finally:  # also on an error or Ctrl-C: nothing may write once the folder is removed
        for thread in threads:
            thread.join()
    if failed:
        raise failed[0]
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


def write_status(temp: Path, report: BatchReport, options: WriteOptions) -> None:
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

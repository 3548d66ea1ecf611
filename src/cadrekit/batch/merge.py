"""Combine mode: the valid files as one population, and the ids two files both claim.

An id found in two files is an error naming both cells (``乡镇A.xlsx 干部名册!A7``); the
run then scores nothing, because which unit the cadre belongs to is the officer's call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cadrekit.batch.outcome import Failure, FileStatus, Outcome, first_error
from cadrekit.batch.work import YEAR_CODES
from cadrekit.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset

SOURCE_COLUMN = "source_file"


def duplicate_ids(outcomes: Sequence[Outcome]) -> list[Problem]:
    """Every id found in more than one file, each cell naming the other file's cell.

    The first cell of an id points at the second, every other cell at the first (as the
    loader's own ``duplicate-id`` does). Vectorised: a re-sent file of 100k rows is cheap.
    """
    import pandas as pd

    if _all_distinct(outcomes):  # the usual case, told by Arrow without 500,000 texts
        return []
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


def _all_distinct(outcomes: Sequence[Outcome]) -> bool:
    """Whether no id is in two rows, when every file's ids are Arrow texts; False (look
    closer) otherwise. Arrow compares texts as Python does: the same answer, ten times
    sooner than ``duplicated`` over the concatenated ids."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for outcome in outcomes:
        sheet = outcome.dataset.sheets.get("cadres") if outcome.dataset is not None else None
        if sheet is None or "id" not in sheet.frame.columns:
            continue
        column = sheet.frame["id"]
        if not isinstance(column.dtype, pd.StringDtype):
            return False
        columns.append(pa.array(column).cast(pa.large_string()))
    if not columns:
        return True
    ids = pa.chunked_array(columns, type=pa.large_string())
    return bool(pc.count_distinct(ids, mode="only_valid").as_py() == len(ids) - ids.null_count)


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


def merged_year_check(problem: Problem) -> bool:
    return problem.code in YEAR_CODES and problem.location == "--year"


def fail_duplicates(statuses: list[FileStatus], duplicates: list[Problem], lang: str) -> None:
    """Each file with an id also found in another file fails, counting those cells."""
    files = {p.params["file"] for p in duplicates}
    for status in statuses:
        if status.file in files:
            mine = [p for p in duplicates if p.params["file"] == status.file]
            status.errors += len(mine)
            status.status = "error"
            status.failure = Failure.DUPLICATE_IDS
            status.message = first_error(mine, lang)  # only valid files are compared


def not_scored(statuses: list[FileStatus], lang: str) -> None:
    """A stopped combined run scored no file: the valid ones must not read as ``ok``."""
    for status in statuses:
        if status.status != "error":
            status.status = "not-scored"
            status.message = (
                "combined run stopped: duplicate ids" if lang == "en" else "合并已停止：编号重复"
            )

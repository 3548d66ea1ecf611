"""结转: a scored year turned into next year's input workbook (``cadrekit carry``).

The people, units and posts stay; what each year measures anew is left blank to fill:

- 干部名册: every column as written, but the indicators (工作实绩 …), the votes, the
  quarterly grades and 考核状态/状态说明 are blank;
- 历年考核: the rows it had, this year's rows replaced by this year's FINAL grades (after
  the 决定 sheet) and scores — so next year's consecutive-year consequences, ``vet`` and
  tenure see them;
- 监督信息 and 教育培训 are kept (影响期 and hours reach across years); 纪实记录, 专项考核,
  拟提拔人选, 决定 and 测评票 keep their header only (they are the year's own records).

The workbook is drawn as the input template is (:mod:`cadrekit.render.carry`).

With no 纪实记录 dated yet, the year the workbook is scored in is the one after the
latest 历年考核 year (engine.pipeline.resolve_year): the year advanced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.models.rows import ROW_MODELS, SHEET_NAMES
from cadrekit.render.carry import CarrySheet as CarrySheet

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import SheetFrame
    from cadrekit.models.result import Result

#: Roster columns measured anew each year (besides the rules' indicators).
YEARLY = (
    "votes_excellent",
    "votes_competent",
    "votes_basic",
    "votes_incompetent",
    "q1",
    "q2",
    "q3",
    "q4",
    "status",
    "status_reason",
)
KEPT = ("supervision", "training")
EMPTIED = ("events", "special", "candidates", "decisions", "ballots")
_HISTORY = ("id", "year", "grade", "score")


@dataclass(frozen=True)
class Carried:
    """What ``carry`` wrote: the years, the cadres and the history rows added."""

    path: Path
    year: int
    next_year: int
    cadres: int
    added: int
    sheets: tuple[str, ...]


def carry_sheets(result: Result) -> list[CarrySheet]:
    """The sheets of next year's workbook, in the input's order (历年考核 always)."""
    dataset = result.dataset
    if dataset is None:
        raise ValueError("carry needs the result of scoring a loaded input")
    year = int(result.year)
    blank = set(YEARLY) | set(result.rules.indicator_columns())
    sheets: list[CarrySheet] = []
    for kind, sheet in dataset.sheets.items():
        if kind == "cadres":
            sheets.append(_sheet(kind, sheet, f"{year + 1}年度干部考核汇总表", blank=blank))
        elif kind == "history":
            sheets.append(_history(sheet, result))
        elif kind in KEPT:
            sheets.append(_sheet(kind, sheet, sheet.sheet))
        elif kind in EMPTIED:
            sheets.append(_sheet(kind, sheet, sheet.sheet, rows=False))
    if "history" not in dataset.sheets:
        sheets.append(_history(None, result))
    return sheets


def _columns(sheet: SheetFrame) -> list[str]:
    """The sheet's columns as written, in spreadsheet order."""
    return sorted(sheet.letters, key=lambda c: (len(sheet.letters[c]), sheet.letters[c]))


def _sheet(
    kind: str,
    sheet: SheetFrame,
    title: str,
    *,
    blank: set[str] | None = None,
    rows: bool = True,
) -> CarrySheet:
    names = _columns(sheet)
    header = [sheet.headers.get(c, c) for c in names]
    if not rows:
        return CarrySheet(kind, sheet.sheet, title, header, names, [])
    frame = sheet.frame
    cols = [[None] * len(frame) if c in (blank or ()) else _cells(frame[c]) for c in names]
    body = [list(r) for r in zip(*cols, strict=True)]
    return CarrySheet(kind, sheet.sheet, title, header, names, body)


def _history(sheet: SheetFrame | None, result: Result) -> CarrySheet:
    """Past rows (this year's own replaced), then this year's final grades by id order."""
    year = int(result.year)
    fields = ROW_MODELS["history"].model_fields
    zh = {c: (fields[c].json_schema_extra or {}).get("zh", c) for c in _HISTORY}  # type: ignore[union-attr]
    c = result.cadres
    now = pd.DataFrame(
        {
            "id": c["id"].astype(object).to_numpy(),
            "year": year,
            "grade": c["grade"].astype(object).to_numpy(),
            "score": pd.to_numeric(c["score"], errors="coerce").round(2).to_numpy(),
        }
    )
    now = now.sort_values("id", kind="mergesort")
    if sheet is None:
        rows = [_cells(now[k]) for k in _HISTORY]
        name = SHEET_NAMES["history"][0]
        header = [str(zh[k]) for k in _HISTORY]
        return CarrySheet("history", name, "历年考核结果", header, list(_HISTORY), _rows(rows))
    names = _columns(sheet)
    for k in _HISTORY:
        if k not in names:
            names.append(k)
    header = [sheet.headers.get(k, str(zh.get(k, k))) for k in names]
    past = sheet.frame[pd.to_numeric(sheet.frame["year"], errors="coerce").ne(year)]
    old = [_cells(past[k]) if k in past.columns else [None] * len(past) for k in names]
    new = [_cells(now[k]) if k in now.columns else [None] * len(now) for k in names]
    return CarrySheet(
        "history", sheet.sheet, "历年考核结果", header, names, _rows(old) + _rows(new)
    )


def _rows(columns: list[list[Any]]) -> list[list[Any]]:
    return [list(r) for r in zip(*columns, strict=True)]


def _cells(column: pd.Series) -> list[Any]:
    """Python cell values: dates as dates, 是/否 for booleans, None for NA."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return [None if pd.isna(v) else v.date() for v in column]
    if pd.api.types.is_bool_dtype(column.dtype):
        return [None if v is pd.NA else ("是" if v else "否") for v in column.astype(object)]
    values = column.astype(object).where(column.notna(), None).tolist()
    return [_plain(v) for v in values]


def _plain(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return int(value) if float(value).is_integer() else float(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value

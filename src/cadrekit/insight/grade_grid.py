"""Grades by cadre and year, shared by the 能上能下 lists (flags.py) and 职级晋升
(rank_eligibility.py): the history sheet plus this year's result."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.result import Result


def grade_history(result: Result) -> pd.DataFrame:
    """cadre × year → grade: the history sheet plus this year's grades (this year wins)."""
    hist = sheet_frame(result, "history", ["id", "year", "grade"])[["id", "year", "grade"]]
    this = pd.DataFrame(
        {
            "id": result.cadres["id"].astype(object),
            "year": result.year,
            "grade": result.cadres["grade"],
        }
    )
    both = pd.concat([hist.astype({"year": "int64"}).astype(object), this.astype(object)])
    both = both.drop_duplicates(["id", "year"], keep="last")
    return both.pivot(index="id", columns="year", values="grade")


def sheet_frame(result: Result, kind: str, columns: list[str]) -> pd.DataFrame:
    found = result.dataset.frame(kind) if result.dataset is not None else None
    if found is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    missing = [c for c in columns if c not in found.columns]
    return found.assign(**dict.fromkeys(missing)) if missing else found


def grades_of(grid: pd.DataFrame, ids: pd.Series, years: list[int]) -> pd.DataFrame:
    cols = {y: grid[y] if y in grid.columns else pd.Series(dtype=object) for y in years}
    frame = pd.DataFrame(cols)
    return frame.reindex(ids.to_numpy()).set_axis(ids.index)

"""Does the assessment year fit the data? A ``--year`` that no record falls in is a slip.

A year given by the caller decides which events (奖惩) and supervision records (监督信息)
count; when none of them falls in it while some exist, or when it lies after this year,
every grade may silently change. These checks only warn: the year stays the caller's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from cadrekit.problems import Problem

_DATED = ("events", "supervision")


def year_problems(
    frames: Mapping[str, pd.DataFrame | None], year: int, today: dt.date
) -> list[Problem]:
    """Warnings about the assessment ``year`` the caller chose, given the input's records."""
    problems: list[Problem] = []
    if year > today.year:
        problems.append(
            Problem(
                "future-year", location="--year", params={"year": year, "this_year": today.year}
            )
        )
    years = record_years(frames)
    if years and year not in years:
        span = f"{min(years)}" if min(years) == max(years) else f"{min(years)}–{max(years)}"
        problems.append(
            Problem("year-without-records", location="--year", params={"year": year, "span": span})
        )
    return problems


def record_years(frames: Mapping[str, pd.DataFrame | None]) -> set[int]:
    """The years of every dated event and supervision record."""
    found: set[int] = set()
    for kind in _DATED:
        frame = frames.get(kind)
        if frame is None or "date" not in frame.columns or not len(frame):
            continue
        dates = pd.to_datetime(frame["date"], errors="coerce").dropna()
        found.update(int(y) for y in dates.dt.year.unique())
    return found

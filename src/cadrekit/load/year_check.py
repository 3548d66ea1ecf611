"""Does the assessment year fit the data? A ``--year`` that no record falls in is a slip.

A year given by the caller decides which events (奖惩) and supervision records (监督信息)
count; when none of them falls in it while some exist, when later ones exist (they are
left out), or when it lies after this year, every grade may silently change. These checks
only warn: the year stays the caller's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

import pandas as pd

from cadrekit.models.rows import YEARS
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
        first, last = min(years), max(years)
        span = f"{first}" if first == last else f"{first}–{last}"
        problems.append(
            Problem("year-without-records", location="--year", params={"year": year, "span": span})
        )
    elif years and year < max(years):  # an earlier year: the later records drop out
        later = sum(n for y, n in years.items() if y > year)
        params = {"year": year, "count": later, "last": max(years)}
        problems.append(Problem("year-before-records", location="--year", params=params))
    return problems


def record_years(frames: Mapping[str, pd.DataFrame | None]) -> dict[int, int]:
    """How many dated event and supervision records fall in each year."""
    found: Counter[int] = Counter()
    for kind in _DATED:
        frame = frames.get(kind)
        if frame is None or "date" not in frame.columns or not len(frame):
            continue
        dates = pd.to_datetime(frame["date"], errors="coerce").dropna()
        dates = dates[dates.dt.year.between(*YEARS)]  # others are reported at their cells
        counts = dates.dt.year.value_counts()  # per year, not per record
        found.update(dict(zip(counts.index.astype(int).tolist(), counts.tolist(), strict=True)))
    return dict(found)

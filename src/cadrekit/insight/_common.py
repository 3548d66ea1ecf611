"""Small helpers shared by the insight modules: dates, frame access."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from cadrekit.models.dataset import Dataset


def mask(condition: Any) -> np.ndarray:
    """A condition as a plain ``bool`` array, missing (``pd.NA``) read as False.

    Comparisons on loaded frames give pandas' nullable ``boolean`` (or ``object``) arrays
    with ``pd.NA`` wherever a side is missing — an arrival has no old grade — and
    ``np.select`` refuses those ("invalid entry in condlist"); a hand-built frame of
    floats gives ``bool`` and hides it. Every condition goes through here.
    """
    if hasattr(condition, "to_numpy"):
        return np.asarray(condition.to_numpy(dtype=bool, na_value=False), dtype=bool)
    return np.asarray(condition, dtype=bool)


def select(conditions: list[Any], choices: list[Any], default: Any) -> np.ndarray:
    """``np.select`` over conditions of any dtype (see :func:`mask`)."""
    return np.select([mask(c) for c in conditions], choices, default)


def frame(dataset: Dataset, kind: str, columns: list[str]) -> pd.DataFrame:
    """The sheet's frame, or an empty one with ``columns`` when the sheet is absent."""
    found = dataset.frame(kind)
    if found is None:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return found


def as_timestamp(value: dt.date | str | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(value).normalize()


def add_months(dates: pd.Series, months: pd.Series) -> pd.Series:
    """``date + months`` on the same day of the month, or the month's last day if shorter.

    Vectorised over both series (NaN months give NaT), e.g. 2025-08-31 + 6 → 2026-02-28.
    """
    dates = pd.to_datetime(dates)
    valid = dates.notna() & months.notna()
    out = pd.Series(pd.NaT, index=dates.index, dtype="datetime64[ns]")
    if not valid.any():
        return out
    d = dates[valid]
    total = d.dt.year * 12 + (d.dt.month - 1) + months[valid].astype(int)
    year, month = total // 12, total % 12 + 1
    first = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": 1}))
    day = np.minimum(d.dt.day, first.dt.days_in_month)
    out[valid] = first + pd.to_timedelta(day - 1, unit="D")
    return out


def months_between(start: pd.Series, end: pd.Timestamp) -> pd.Series:
    """Whole months from each ``start`` to ``end`` (a month counts once its day is reached)."""
    start = pd.to_datetime(start)
    months = (end.year - start.dt.year) * 12 + (end.month - start.dt.month)
    return months - (start.dt.day > end.day).astype(int)


def ymd(value: Any) -> str:
    """``2025-03-02``; empty text for a missing date."""
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def years_months(months: int) -> str:
    """``15`` → ``1 年 3 个月``."""
    years, rest = divmod(int(months), 12)
    if years and rest:
        return f"{years} 年 {rest} 个月"
    return f"{years} 年" if years else f"{rest} 个月"


def text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def lookup(table: pd.Series, keys: pd.Series) -> pd.Series:
    """``table[key]`` for each key, as objects (None where absent), on ``keys``' index."""
    values = table.reindex(keys.to_numpy()).to_numpy(dtype=object) if len(table) else None
    out = pd.Series(values if values is not None else [None] * len(keys), index=keys.index)
    return out.astype(object).where(out.notna(), None)


def date_text(dates: pd.Series) -> pd.Series:
    """Each date as ``2025-03-02`` (object dtype, empty for missing)."""
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d").astype(object).fillna("")

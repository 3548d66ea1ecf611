"""Cells of the results workbook: typed columns, sheet names and display widths."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from cadrekit.render.width import display_width

if TYPE_CHECKING:  # pragma: no cover
    from xlsxwriter.format import Format

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
# Fill and font of the 1st, 2nd, … grade of the rules (优秀, 称职, 基本称职, 不称职, 不定等次).
GRADE_COLOURS = (
    ("#C6EFCE", "#006100"),
    ("#DDEBF7", "#1F4E78"),
    ("#FFEB9C", "#9C5700"),
    ("#FFC7CE", "#9C0006"),
    ("#EDEDED", "#595959"),
)
YES_NO = {"zh": ("是", "否"), "en": ("TRUE", "FALSE")}
INT_COLUMNS = ("rank", "good_quarters", "n", "size", "slots", "excellent", "unfilled", "ties")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def safe_sheet_name(label: str, used: set[str]) -> str:
    """A legal, unique sheet name: no []:*?/\\, not quoted, at most 31 characters."""
    name = _BAD_SHEET_CHARS.sub("_", label).strip("'").strip() or "sheet"
    name = name[:31]
    base, n = name, 2
    while name.lower() in used:
        suffix = f"~{n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


NUMERIC = ("integer", "floating", "mixed-integer-float", "decimal")


@dataclasses.dataclass(slots=True)
class Column:
    """A column ready to write: its kind (text, number, grade or cell), values, format."""

    kind: str
    values: np.ndarray  # object array; None is a blank cell
    fmt: Format | None

    def take(self, positions: np.ndarray) -> Column:
        return Column(self.kind, self.values[positions], self.fmt)

    def is_empty(self) -> bool:
        return not any(v is not None for v in self.values.tolist())

    def width(self, sample: int = 2000) -> int:
        """Display width of the widest of the first ``sample`` cells, as shown."""
        seen = {v for v in self.values[:sample].tolist() if v is not None and not _unhashable(v)}
        if not seen:
            return 0
        if self.kind == "number":
            if self.fmt is not None and self.fmt.num_format == "yyyy-mm-dd":
                return 10
            if self.fmt is not None and self.fmt.num_format == "0":
                return max(len(f"{v:.0f}") for v in seen)
            return max(len(f"{v:.2f}") for v in seen)
        return max(display_width(text_of(v)) for v in seen)


def _unhashable(value: Any) -> bool:
    return isinstance(value, list | dict | np.ndarray)


def numbers(series: pd.Series) -> np.ndarray:
    """Finite numbers as Python floats; NaN, ±inf, NA and non-numbers as None."""
    numbers = pd.to_numeric(series, errors="coerce")
    array = numbers.to_numpy(dtype="float64", na_value=np.nan)
    values = array.astype(object)
    values[~np.isfinite(array)] = None
    return values


def texts(series: pd.Series) -> np.ndarray:
    """Text cells; missing and empty text as None."""
    values = objects(series)
    values[values == ""] = None
    return values


def yes_no_words(series: pd.Series, words: tuple[str, str]) -> np.ndarray:
    """Booleans as yes/no words; missing as None."""
    yes, no = words
    values = objects(series)
    return np.array(
        [None if v is None else yes if v else no for v in values.tolist()], dtype=object
    )


def serials(series: pd.Series) -> np.ndarray | None:
    """Dates as Excel serial numbers (as ``write_datetime`` computes them), or None if some
    value is not a date pandas can hold (the column is then written cell by cell)."""
    try:
        stamps = pd.to_datetime(series, errors="coerce")
    except (TypeError, ValueError, OverflowError):
        return None
    if stamps.isna().sum() != series.isna().sum():
        return None
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    days = (stamps - pd.Timestamp(1899, 12, 31)) / pd.Timedelta(days=1)
    array = days.to_numpy(dtype="float64", na_value=np.nan)
    array = np.where(array > 59, array + 1, array)  # Excel's 1900 leap day, as xlsxwriter does
    values = array.astype(object)
    values[np.isnan(array)] = None
    return values


def objects(series: pd.Series) -> np.ndarray:
    values = series.to_numpy(dtype=object).copy()
    values[pd.isna(values)] = None  # scalars only: a list is a value
    return values


def text_of(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dt.datetime | dt.date):
        return "2000-01-01"
    return str(value)

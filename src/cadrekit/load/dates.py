"""Date columns: date cells, Excel serial numbers, ``2021.03`` number cells and date text
(``2021.03``, ``2021-3``, ``2021年3月``, ``202103``, ``2021-03-15`` …) → datetime64[ns] days,
with the cells that are no date, the ``YYYY.1`` numbers read as October and the days too
far out to hold."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from cadrekit.load.cells import (
    DATE_SEP_BYTES,
    DIGIT_BYTES,
    SPACE,
    SPACE_BYTES,
    YEARS,
    any_byte,
    nothing,
    split,
    value_bytes,
)

_DATE_TEXT = (
    r"^(?P<y>\d{4})[./\-年](?P<m>\d{1,2})(?:月|[./\-月](?P<d>\d{1,2})日?)?"
    r"(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)

_DATE_DIGITS = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$"

_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")

_MAX_SERIAL = 110_228  # 2200-12-31, the last year read as a date

_LAST_SERIAL = 2_958_465  # 9999-12-31, Excel's last date: beyond _MAX_SERIAL, a date out of range


def ymd(year: Any, month: Any, day: Any, index: pd.Index) -> pd.Series:
    """Dates from year, month and day numbers (NaN: no date); impossible dates are NaT, and
    so are real days outside the years datetime64[ns] holds (see :func:`far_days`).

    Pure NumPy: months since 1970 plus days, then a round trip rejects 2021-02-30.
    """
    when, real = _days(year, month, day)
    y = np.asarray(year, dtype="float64")
    ok = real & (y >= YEARS[0]) & (y <= YEARS[1])
    out = np.where(ok, when, np.datetime64("1970-01-01")).astype("datetime64[ns]")
    out[~ok] = np.datetime64("NaT")
    return pd.Series(out, index=index)


def far_days(year: Any, month: Any, day: Any) -> np.ndarray:
    """Which (year, month, day) are real days of years 1–9999 that :func:`ymd` cannot hold:
    a date, only far out (9999-12-31), not an unreadable cell."""
    _, real = _days(year, month, day)
    y = np.asarray(year, dtype="float64")
    return real & ((y < YEARS[0]) | (y > YEARS[1]))


def _days(year: Any, month: Any, day: Any) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[D] days, whether each is a real calendar day of years 1–9999)."""
    y = np.asarray(year, dtype="float64")
    m = np.asarray(month, dtype="float64")
    d = np.asarray(day, dtype="float64")
    ok = (
        np.isfinite(y) & np.isfinite(m) & np.isfinite(d)
        & (y >= 1) & (y <= 9999)
        & (m >= 1) & (m <= 12) & (d >= 1) & (d <= 31)
    )  # fmt: skip
    months = np.where(ok, (y - 1970) * 12 + (m - 1), 0).astype("int64")
    days = np.where(ok, d - 1, 0).astype("int64")
    first = months.astype("datetime64[M]").astype("datetime64[D]")
    when = first + days.astype("timedelta64[D]")
    ok &= when.astype("datetime64[M]") == months.astype("datetime64[M]")
    return when, ok


def _extract(text: pd.Series, pattern: str) -> list[np.ndarray]:
    """Regex groups as float arrays (NaN where the text does not match), by Arrow's RE2."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = (
        pa.array(text.array)
        if isinstance(text.dtype, pd.StringDtype)
        else pa.array(text.astype("str").array)
    )
    found = pc.extract_regex(arr, pattern)
    out = []
    for i in range(found.type.num_fields):
        field = pc.struct_field(found, [i])
        field = pc.if_else(pc.equal(field, ""), pa.scalar(None, pa.string()), field)
        numbers = pc.cast(field, pa.float64()).to_numpy(zero_copy_only=False)
        out.append(np.asarray(numbers, dtype="float64"))
    return out


def _fixed_dates(text: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """Dates when every cell is ``2021-03-15`` or every cell is ``2021.03`` (any of ./- as
    separators), read from the bytes with NumPy; ``None`` for anything else. Such text can
    only match ``_DATE_TEXT``, so the result is what the regex path gives."""
    present = text.notna().to_numpy(dtype=bool)
    if not present.any():
        return None
    chunks = list(value_bytes(text))
    data, lengths, valid = (np.concatenate(part) for part in zip(*chunks, strict=True))
    width = int(lengths[valid][0])
    if width not in (7, 10) or (lengths[valid] != width).any() or (lengths[~valid] != 0).any():
        return None
    cells = data.reshape(-1, width)
    seps = [4, 7] if width == 10 else [4]
    digits = [i for i in range(width) if i not in seps]
    if not (DATE_SEP_BYTES[cells[:, seps]].all() and DIGIT_BYTES[cells[:, digits]].all()):
        return None
    n = cells[:, digits].astype(np.int64) - 48
    year = n[:, 0] * 1000 + n[:, 1] * 100 + n[:, 2] * 10 + n[:, 3]
    month = n[:, 4] * 10 + n[:, 5]
    day = n[:, 6] * 10 + n[:, 7] if width == 10 else np.ones(len(n), dtype=np.int64)
    y, m, d = (np.full(len(text), np.nan) for _ in range(3))
    y[present], m[present], d[present] = year, month, day
    return ymd(y, m, d, text.index), far_days(y, m, d)


def _dates_from_text(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Dates from date text, and the mask of real days too far out to hold (9999-12-31)."""
    fixed = _fixed_dates(text)
    if fixed is not None:
        return fixed
    far = np.zeros(len(text), dtype=bool)
    compact = text.str.replace(SPACE + "+", "", regex=True) if any_byte(text, SPACE_BYTES) else text
    out = nothing(text.index, "datetime64[ns]")
    for pattern in (_DATE_TEXT, _DATE_DIGITS):
        todo = out.isna() & compact.notna()
        if not todo.any():
            break
        part = compact[todo]
        year, month, day = _extract(part, pattern)
        day = np.where(np.isnan(day), 1, day)
        out[todo] = ymd(year, month, day, part.index)
        far[todo.to_numpy(dtype=bool)] |= far_days(year, month, day)
    return out, far


def _dates_from_numbers(num: pd.Series) -> tuple[pd.Series, pd.Series]:
    """2021.03 → March 2021 (a number cell keeps two month digits: 2021.1 is October),
    202103 and 20210315 as digits, and anything else in range as an Excel serial date; with
    the mask of serials of dates after 2200 up to Excel's last, 9999-12-31 (``far``)."""
    whole = num == np.floor(num)
    year = np.floor(num)
    is_year_month = ~whole & num.between(1900, 2101, inclusive="left")
    is_yyyymm = whole & num.between(190001, 220012)
    is_yyyymmdd = whole & num.between(19000101, 22001231)
    is_year_only = whole & num.between(1900, 2200)
    is_serial = (
        num.between(1, _MAX_SERIAL) & ~is_year_month & ~is_yyyymm & ~is_yyyymmdd & ~is_year_only
    )
    y = np.select(
        [is_year_month, is_yyyymm, is_yyyymmdd], [year, num // 100, num // 10000], default=np.nan
    )
    m = np.select(
        [is_year_month, is_yyyymm, is_yyyymmdd],
        [np.round((num - year) * 100), num % 100, (num // 100) % 100],
        default=np.nan,
    )
    d = np.select([is_year_month, is_yyyymm, is_yyyymmdd], [1, 1, num % 100], default=np.nan)
    out = ymd(y, m, d, num.index)
    if is_serial.any():
        days = np.floor(num[is_serial]).astype("int64").to_numpy()
        out[is_serial] = (_EXCEL_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    far = (num > _MAX_SERIAL) & (num < _LAST_SERIAL + 1) & ~is_yyyymm & ~is_yyyymmdd
    return out, far


def october_numbers(num: pd.Series) -> pd.Series:
    """Number cells written ``YYYY.1``: read as October (see ``_dates_from_numbers``), but
    just as likely a January typed ``2022.1``. The loader warns at each one."""
    with np.errstate(all="ignore"):  # ±1e308 overflows here; it is no year either way
        tenths = num.to_numpy(dtype="float64", na_value=np.nan) * 10
        whole_tenths = np.round(tenths)
        one_decimal = np.abs(tenths - whole_tenths) < 1e-6
        year_month = (num >= 1900) & (num < 2101)
        return year_month & one_decimal & (whole_tenths % 10 == 1)


def as_date(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Date cells, Excel serials and date text → datetime64[ns] (a month alone: day 1)."""
    found = read_dates(col)
    return found.values, found.bad


class Dates(NamedTuple):
    """A date column read: its values, the cells that are no date (``bad``), the number
    cells ``YYYY.1`` read as October (``october``), and the real days too far out for
    datetime64[ns] (``far``: 9999-12-31, as a cell, a serial or text; NaT in ``values``,
    not in ``bad``)."""

    values: pd.Series
    bad: pd.Series
    october: pd.Series
    far: pd.Series


def read_dates(col: pd.Series) -> Dates:
    """:func:`as_date` with the masks :class:`Dates` describes."""
    parts = split(col)
    values = parts.when if parts.when is not None else nothing(col.index, "datetime64[ns]")
    far = pd.Series(False, index=col.index)
    if parts.far is not None:
        far |= parts.far.to_numpy(dtype=bool, na_value=False)
    if parts.text is not None:
        from_text, far_text = _dates_from_text(parts.text)
        values = values.fillna(from_text)
        far |= far_text & parts.text.notna().to_numpy(dtype=bool)
    october = pd.Series(False, index=col.index)
    if parts.num is not None:
        from_numbers, far_numbers = _dates_from_numbers(parts.num)
        values = values.fillna(from_numbers)
        far |= far_numbers.to_numpy(dtype=bool, na_value=False)
        # a cell is text or a number, never both: a number cell's date came from the number
        october = october_numbers(parts.num) & parts.num.notna()
    far &= values.isna()
    return Dates(values, parts.present() & values.isna() & ~far, october & values.notna(), far)

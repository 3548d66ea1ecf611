"""Vectorised value normalisation: raw cells → typed columns, plus a mask of cells that failed.

Every converter takes a whole column (raw cells from any reader, or its own output, so
normalising twice changes nothing) and returns ``(values, bad)``: ``bad`` marks cells that
hold something but could not be read as the column's type. Work is done with ``Series.str``
(Arrow kernels), ``pd.to_numeric``, ``np.select`` and masks; nothing loops over rows in
Python. Only columns that mix cell types pay for one ``map(type)`` to split them.

Rules (DESIGN §3): full-width digits and letters (NFKC), stray, zero-width and
non-breaking spaces, numbers stored as text, ids read back as ``85.0``, Excel serial dates,
date text ``2021.03`` / ``2021-3`` / ``2021年3月`` / ``202103`` / ``2021-03-15`` /
``2021/3/15`` / ``2021年3月15日`` (a month alone means its first day), booleans 是/否,
Y/N, TRUE/FALSE, 1/0, √/×.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pandas.api.types import (
    infer_dtype,
    is_bool_dtype,
    is_datetime64_any_dtype,
    is_numeric_dtype,
)

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    from cadrekit.load.schema import ColumnSpec

# Characters that NFKC may change: anything but ASCII and the common CJK block.
_NEEDS_NFKC = r"[^\x00-\x7f一-鿿]"
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_CJK_GAP = r"([一-鿿]) +([一-鿿])"  # 张  三 (names padded to line up) → 张三
_INT_TEXT = r"^[+-]?\d+\.0*$"  # 85.0 → 85

_DATE_TEXT = (
    r"^(\d{4})[./\-年](\d{1,2})(?:月|[./\-月](\d{1,2})日?)?"
    r"(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_DIGITS = r"^(\d{4})(\d{2})(\d{2})?$"
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_MAX_SERIAL = 110_228  # 2200-12-31, the last year read as a date
_YEARS = (1900, 2200)

BOOL_WORDS: dict[str, bool] = {
    "是": True,
    "否": False,
    "y": True,
    "n": False,
    "yes": True,
    "no": False,
    "true": True,
    "false": False,
    "t": True,
    "f": False,
    "1": True,
    "0": False,
    "√": True,
    "✓": True,
    "✔": True,
    "×": False,
    "✗": False,
    "✘": False,
    "x": False,
    "有": True,
    "无": False,
}


@dataclass
class Parts:
    """One column split by the type of its cells; each part is NA where the cell is not of it."""

    text: pd.Series  # str (cleaned; empty text is NA)
    num: pd.Series  # float64
    when: pd.Series  # datetime64[ns]
    flag: pd.Series  # boolean


def _empty_like(index: pd.Index, dtype: str) -> pd.Series:
    if dtype == "str":
        return pd.Series(np.nan, index=index, dtype="str")
    return pd.Series(pd.NA if dtype == "boolean" else np.nan, index=index, dtype=dtype)


def clean_text(s: pd.Series) -> pd.Series:
    """NFKC where needed, no zero-width characters, single inner spaces, trimmed; '' → NA."""
    s = s.astype("str")
    if s.isna().all():
        return s
    odd = s.str.contains(_NEEDS_NFKC, regex=True, na=False)
    if odd.any():
        s = s.mask(odd, s[odd].str.normalize("NFKC"))
        s = s.str.translate({ord(c): None for c in _ZERO_WIDTH_CHARS})
    s = s.str.replace(r"\s+", " ", regex=True).str.strip()
    # two passes: a match consumes the second character, so 张 三 丰 needs both
    s = s.str.replace(_CJK_GAP, r"\1\2", regex=True).str.replace(_CJK_GAP, r"\1\2", regex=True)
    return s.mask(s == "")


def _to_datetime(values: pd.Series) -> pd.Series:
    out = pd.to_datetime(values, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    # a date is a day: times of day are dropped so every file format reads alike
    return out.dt.floor("D").astype("datetime64[ns]")


def split(col: pd.Series) -> Parts:
    """Split a raw column into its text, number, date and boolean cells."""
    index = col.index
    text = _empty_like(index, "str")
    num = _empty_like(index, "float64")
    when = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    flag = _empty_like(index, "boolean")
    if is_datetime64_any_dtype(col):
        when = _to_datetime(col)
    elif is_bool_dtype(col):
        flag = col.astype("boolean")
    elif is_numeric_dtype(col):
        num = col.astype("float64")
    elif isinstance(col.dtype, pd.StringDtype):
        text = clean_text(col)
    else:
        inferred = infer_dtype(col, skipna=True)
        if inferred in ("string", "empty"):
            text = clean_text(col)
        elif inferred in ("floating", "integer", "mixed-integer-float", "decimal"):
            num = pd.to_numeric(col, errors="coerce").astype("float64")
        elif inferred in ("datetime", "date", "datetime64"):
            when = _to_datetime(col)
        elif inferred == "boolean":
            flag = col.astype("boolean")
        else:
            # A column of mixed cells: one pass to learn each cell's type.
            kinds = col.map(type)
            is_flag = kinds.isin([bool, np.bool_])
            is_num = kinds.isin([int, float, np.int64, np.float64, np.int32, np.float32])
            is_when = kinds.isin([dt.date, dt.datetime, pd.Timestamp, np.datetime64])
            is_text = col.notna() & ~(is_flag | is_num | is_when)
            text = clean_text(col.where(is_text).astype("str"))
            num = pd.to_numeric(col.where(is_num), errors="coerce").astype("float64")
            when = _to_datetime(col.where(is_when))
            flag = col.where(is_flag).astype("boolean")
    return Parts(text, num, when, flag)


def _number_text(num: pd.Series) -> pd.Series:
    """Numbers as the text a person typed: 85.0 → '85', 85.5 → '85.5'."""
    whole = num.notna() & np.isfinite(num) & (num == np.floor(num)) & (num.abs() < 2**63)
    out = num.astype("str")
    if whole.any():
        out = out.mask(whole, num[whole].astype("int64").astype("str"))
    return out.where(num.notna())


def _date_text(when: pd.Series) -> pd.Series:
    return when.dt.strftime("%Y-%m-%d").astype("str")


def as_text(col: pd.Series, *, id_like: bool = False) -> tuple[pd.Series, pd.Series]:
    """Any column → cleaned text. Never bad: every cell has a text form."""
    parts = split(col)
    text = parts.text
    if id_like:
        ints = text.str.match(_INT_TEXT, na=False)
        if ints.any():
            text = text.mask(ints, text[ints].str.replace(r"\.0*$", "", regex=True))
    text = text.fillna(_number_text(parts.num))
    text = text.fillna(_date_text(parts.when))
    text = text.fillna(parts.flag.map({True: "TRUE", False: "FALSE"}).astype("str"))
    return text.astype("str"), pd.Series(False, index=col.index)


def as_number(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers and numbers stored as text → float64; anything else is bad."""
    parts = split(col)
    parsed = pd.to_numeric(parts.text, errors="coerce").astype("float64")
    values = parts.num.fillna(parsed)
    values = values.where(np.isfinite(values))
    present = parts.text.notna() | parts.num.notna() | parts.when.notna() | parts.flag.notna()
    return values, present & values.isna()


def as_int(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers → Int64; fractions, text and the rest are bad."""
    values, bad = as_number(col)
    whole = values == np.floor(values)
    bad = bad | (values.notna() & ~whole)
    values = values.where(whole & (values.abs() < 2**53))
    return values.astype("Int64"), bad


def _ymd(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"year": year, "month": month, "day": day}, dtype="float64")
    ok = frame.notna().all(axis=1) & frame["year"].between(*_YEARS)
    out = pd.Series(pd.NaT, index=year.index, dtype="datetime64[ns]")
    if ok.any():
        out[ok] = pd.to_datetime(frame[ok], errors="coerce")
    return out


def _dates_from_text(text: pd.Series) -> pd.Series:
    compact = text.str.replace(r"\s+", "", regex=True)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern in (_DATE_TEXT, _DATE_DIGITS):
        parts = compact.str.extract(pattern)
        year = pd.to_numeric(parts[0], errors="coerce")
        month = pd.to_numeric(parts[1], errors="coerce")
        day = pd.to_numeric(parts[2], errors="coerce").fillna(1).where(year.notna())
        out = out.fillna(_ymd(year, month, day))
    return out


def _dates_from_numbers(num: pd.Series) -> pd.Series:
    """2021.03 → March 2021 (a number cell keeps two month digits: 2021.1 is October),
    202103 and 20210315 as digits, and anything else in range as an Excel serial date."""
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
    index = num.index
    out = _ymd(pd.Series(y, index=index), pd.Series(m, index=index), pd.Series(d, index=index))
    if is_serial.any():
        days = np.floor(num[is_serial]).astype("int64").to_numpy()
        out[is_serial] = (_EXCEL_EPOCH + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    return out


def as_date(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Date cells, Excel serials and date text → datetime64[ns] (a month alone: day 1)."""
    parts = split(col)
    values = parts.when.where(parts.when.dt.year.between(*_YEARS))
    if parts.text.notna().any():
        values = values.fillna(_dates_from_text(parts.text))
    if parts.num.notna().any():
        values = values.fillna(_dates_from_numbers(parts.num))
    values = values.where(values.dt.year.between(*_YEARS))
    present = parts.text.notna() | parts.num.notna() | parts.when.notna() | parts.flag.notna()
    return values, present & values.isna()


def as_bool(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """是/否, Y/N, yes/no, TRUE/FALSE, 1/0, √/× (text or cells) → boolean."""
    parts = split(col)
    words = parts.text.str.casefold().map(BOOL_WORDS).astype("boolean")
    nums = parts.num.map({1.0: True, 0.0: False}).astype("boolean")
    values = parts.flag.fillna(words).fillna(nums)
    present = parts.text.notna() | parts.num.notna() | parts.when.notna() | parts.flag.notna()
    return values, present & values.isna()


def as_choice(col: pd.Series, choices: Iterable[str]) -> tuple[pd.Series, pd.Series]:
    """Text that must be one of ``choices``; other text is bad (and kept, for the report)."""
    text, _ = as_text(col)
    bad = text.notna() & ~text.isin(list(choices))
    return text, bad


def convert(col: pd.Series, spec: ColumnSpec) -> tuple[pd.Series, pd.Series]:
    """Normalise one column by its spec → (values, bad mask)."""
    if spec.kind == "number":
        return as_number(col)
    if spec.kind == "int":
        return as_int(col)
    if spec.kind == "date":
        return as_date(col)
    if spec.kind == "bool":
        return as_bool(col)
    if spec.kind == "choice":
        return as_choice(col, spec.choices)
    return as_text(col, id_like=spec.name in {"id", "id_number"})


def normalise(frame: pd.DataFrame, kind: str, indicators: Iterable[str] = ()) -> pd.DataFrame:
    """Typed copy of a frame with canonical columns; other columns are left as they are.

    Idempotent: ``normalise(normalise(f)) == normalise(f)``.
    """
    from cadrekit.load.schema import column_specs

    specs = column_specs(kind)
    out = frame.copy()
    for name in frame.columns:
        if name in specs:
            out[name] = convert(frame[name], specs[name])[0]
        elif name in set(indicators):
            out[name] = as_number(frame[name])[0]
    return out

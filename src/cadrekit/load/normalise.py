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
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd
from pandas.api.types import (
    infer_dtype,
    is_bool_dtype,
    is_datetime64_any_dtype,
    is_numeric_dtype,
)

from cadrekit.load.schema import FORMAT_RANGES, FORMAT_TABLE

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable, Iterator

    from cadrekit.load.schema import ColumnSpec

# Characters that NFKC may change: anything but ASCII and the common CJK block.
_NEEDS_NFKC = r"[^\x00-\x7f一-鿿]"
_FORMAT_TABLE = FORMAT_TABLE  # str.translate: every format character removed
# the same set as an RE2 class, for Arrow's regex kernels
_FORMAT_CLASS = "[" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in FORMAT_RANGES) + "]"
# ASCII whitespace spelled out: pandas runs ``\s`` through Python's re, row by row, because
# RE2's ``\s`` differs; other spaces (\u3000, \xa0 …) have become " " under NFKC by then.
_SPACE = r"[ \t\n\r\f\v]"
_CJK_GAP = r"([一-鿿]) +([一-鿿])"  # 张  三 (names padded to line up) → 张三
_INT_TEXT = r"^[+-]?\d+\.0*$"  # 85.0 → 85

_DATE_TEXT = (
    r"^(?P<y>\d{4})[./\-年](?P<m>\d{1,2})(?:月|[./\-月](?P<d>\d{1,2})日?)?"
    r"(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_DIGITS = r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$"
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_MAX_SERIAL = 110_228  # 2200-12-31, the last year read as a date
_LAST_SERIAL = 2_958_465  # 9999-12-31, Excel's last date: beyond _MAX_SERIAL, a date out of range
# The years a datetime64[ns] holds. Whether a date is plausible is the loader's business
# (validate.date_range): here a date in these years is a date, and one outside them that is
# still a real day (9999-12-31) is marked ``far`` instead of failing or being called unreadable.
_YEARS = (1678, 2261)

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
    """One column split by the type of its cells; each part is NA where the cell is not of it.

    A part that no cell has is ``None``: most columns hold one type, and building empty
    companions for them would cost more than the conversion itself.
    """

    index: pd.Index
    text: pd.Series | None = None  # str (cleaned; empty text is NA)
    num: pd.Series | None = None  # float64
    when: pd.Series | None = None  # datetime64[ns]
    flag: pd.Series | None = None  # boolean
    far: pd.Series | None = None  # date cells beyond what ``when`` holds (9999-12-31)

    def present(self) -> pd.Series:
        """Cells holding anything at all."""
        out = pd.Series(False, index=self.index)
        for part in (self.text, self.num, self.when, self.flag):
            if part is not None:
                out |= part.notna().to_numpy(dtype=bool)
        return out


def _nothing(index: pd.Index, dtype: str) -> pd.Series:
    if dtype == "datetime64[ns]":
        return pd.Series(pd.NaT, index=index, dtype=dtype)
    if dtype == "boolean":
        return pd.Series(pd.NA, index=index, dtype=dtype)
    return pd.Series(np.nan, index=index, dtype=dtype)


def value_bytes(s: pd.Series) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(UTF-8 bytes, value lengths, validity) of each Arrow chunk of a ``str`` column."""
    import pyarrow as pa

    chunks = pa.chunked_array(pa.array(s.array)).chunks
    for chunk in chunks:
        width = {pa.string(): np.int32, pa.large_string(): np.int64}[chunk.type]
        start = chunk.offset
        offsets = np.frombuffer(chunk.buffers()[1], dtype=width)[start : start + len(chunk) + 1]
        data = chunk.buffers()[2]
        raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.empty(0, np.uint8)
        valid = chunk.is_valid().to_numpy(zero_copy_only=False)
        yield raw[offsets[0] : offsets[-1]], np.diff(offsets), valid


def _already_clean(s: pd.Series) -> bool:
    """True when clean_text would change nothing: no empty text, and every character is
    printable ASCII other than the space or CJK 一-鿿 (so nothing for NFKC, zero-width or
    space rules to do). One NumPy pass over the Arrow bytes instead of a regex per cell."""
    for data, lengths, valid in value_bytes(s):
        if (lengths[valid] == 0).any():
            return False
        # UTF-8 lead bytes other than E4–E9 start characters outside U+4000–U+9FFF
        odd = (data < 0x21) | (data == 0x7F) | ((data >= 0xC0) & ((data < 0xE4) | (data > 0xE9)))
        if odd.any():
            return False
        lead = np.flatnonzero(data == 0xE4)  # U+4000–U+4DFF lie before 一 (U+4E00)
        if len(lead) and (data[lead + 1] < 0xB8).any():
            return False
    return True


def _byte_table(chars: bytes) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(chars)] = True
    return table


_DECIMAL_BYTES = _byte_table(b"0123456789.-")
_SPACE_BYTES = _byte_table(b" \t\n\r\f\v")
_DOT_BYTES = _byte_table(b".")
_DIGIT_BYTES = _byte_table(b"0123456789")
_DATE_SEP_BYTES = _byte_table(b"./-")


def _any_byte(s: pd.Series, table: np.ndarray) -> bool:
    """Whether any cell of a ``str`` column holds one of the ASCII bytes in ``table``."""
    return any(table[data].any() for data, _, _ in value_bytes(s))


def _only_bytes(s: pd.Series, table: np.ndarray) -> bool:
    """Whether every byte of every cell of a ``str`` column is in ``table``."""
    return all(table[data].all() for data, _, _ in value_bytes(s))


def _as_str(col: pd.Series) -> pd.Series:
    """An object column of Python str (and None/NaN) as ``str``, straight through Arrow:
    ``astype("str")`` would first check and copy every cell in Python."""
    import pyarrow as pa

    values = pa.array(col.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    array = pd.arrays.ArrowStringArray(values, dtype=dtype)  # type: ignore[call-arg]
    return pd.Series(array, index=col.index, name=col.name, copy=False)


def clean_text(s: pd.Series) -> pd.Series:
    """NFKC where needed, no format characters (zero-width, soft hyphen, bidi controls …),
    single inner spaces, trimmed; '' → NA."""
    s = s.astype("str")
    if s.isna().all() or _already_clean(s):
        return s
    odd = s.str.contains(_NEEDS_NFKC, regex=True, na=False)
    if odd.any():
        fixed = s[odd].str.normalize("NFKC")
        fixed = fixed.str.translate(_FORMAT_TABLE)
        s = s.mask(odd, fixed)
    spaced = s.str.contains(_SPACE, regex=True, na=False)
    if spaced.any():
        part = s[spaced].str.replace(_SPACE + "+", " ", regex=True).str.strip()
        # two passes: a match consumes the second character, so 张 三 丰 needs both
        part = part.str.replace(_CJK_GAP, r"\1\2", regex=True)
        part = part.str.replace(_CJK_GAP, r"\1\2", regex=True)
        s = s.mask(spaced, part)
    return s.mask(s == "")


def invisible_cells(col: pd.Series) -> pd.Series | None:
    """Text cells of a raw column holding a format character (see ``FORMAT_RANGES``), which
    :func:`clean_text` removes; None when there is none. A column of plain ASCII and CJK
    text pays one NumPy pass over its bytes."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(col.dtype, pd.StringDtype):
        text = col.astype("str")
    elif col.dtype != object:
        return None
    else:
        inferred = infer_dtype(col, skipna=True)
        if inferred == "string":
            text = _as_str(col)
        elif inferred.startswith("mixed"):
            is_text = col.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
            if not is_text.any():
                return None
            text = _as_str(col.where(is_text))
        else:
            return None
    if text.isna().all() or _already_clean(text):
        return None
    found = pc.match_substring_regex(pa.array(text.array), _FORMAT_CLASS)
    hits = np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)
    return pd.Series(hits, index=col.index) if hits.any() else None


def shown_invisible(text: str) -> str:
    """``text`` with each format character written out: ``A<U+00AD>0001``."""
    return "".join(f"<U+{ord(c):04X}>" if ord(c) in _FORMAT_TABLE else c for c in text)


def _to_datetime(values: pd.Series) -> tuple[pd.Series, pd.Series | None]:
    """Date cells as datetime64[ns] days, and the mask of those too far out for it (a date
    cell 9999-12-31 comes as a microsecond timestamp: cast, it would overflow)."""
    out = pd.to_datetime(values, errors="coerce")
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    far = None
    if out.dtype != "datetime64[ns]":
        lo, hi = (pd.Timestamp(f"{y}-01-01") for y in (_YEARS[0], _YEARS[1] + 1))
        outside = out.notna() & ((out < lo) | (out >= hi))
        if outside.any():
            far, out = outside, out.mask(outside)
    # a date is a day: times of day are dropped so every file format reads alike
    return out.dt.floor("D").astype("datetime64[ns]"), far


def split(col: pd.Series) -> Parts:
    """Split a raw column into its text, number, date and boolean cells."""
    parts = Parts(col.index)
    if is_datetime64_any_dtype(col):
        parts.when, parts.far = _to_datetime(col)
    elif is_bool_dtype(col):
        parts.flag = col.astype("boolean")
    elif is_numeric_dtype(col):
        parts.num = col.astype("float64")
    elif isinstance(col.dtype, pd.StringDtype):
        parts.text = clean_text(col)
    else:
        inferred = infer_dtype(col, skipna=True)
        if inferred == "empty":
            pass
        elif inferred == "string":
            parts.text = clean_text(_as_str(col))
        elif inferred in ("floating", "integer", "mixed-integer-float", "decimal"):
            parts.num = pd.to_numeric(col, errors="coerce").astype("float64")
        elif inferred in ("datetime", "date", "datetime64"):
            parts.when, parts.far = _to_datetime(col)
        elif inferred == "boolean":
            parts.flag = col.astype("boolean")
        else:
            _split_mixed(col, parts)
    return parts


def _split_mixed(col: pd.Series, parts: Parts) -> None:
    """A column of mixed cells: one pass to learn each cell's type, then one per type."""
    kinds = col.map(type)
    is_flag = kinds.isin([bool, np.bool_])
    is_num = kinds.isin([int, float, np.int64, np.float64, np.int32, np.float32])
    is_when = kinds.isin([dt.date, dt.datetime, pd.Timestamp, np.datetime64])
    is_text = col.notna() & ~(is_flag | is_num | is_when)
    if is_text.any():
        parts.text = clean_text(col.where(is_text).astype("str"))
    if is_num.any():
        parts.num = pd.to_numeric(col.where(is_num), errors="coerce").astype("float64")
    if is_when.any():
        parts.when, parts.far = _to_datetime(col.where(is_when))
    if is_flag.any():
        parts.flag = col.where(is_flag).astype("boolean")


def _number_text(num: pd.Series) -> pd.Series:
    """Numbers as the text a person typed: 85.0 → '85', 85.5 → '85.5'."""
    whole = num.notna() & np.isfinite(num) & (num == np.floor(num)) & (num.abs() < 2**63)
    out = num.astype("str")
    if whole.any():
        out = out.mask(whole, num[whole].astype("int64").astype("str"))
    return out.where(num.notna())


def as_text(col: pd.Series, *, id_like: bool = False) -> tuple[pd.Series, pd.Series]:
    """Any column → cleaned text. Never bad: every cell has a text form."""
    parts = split(col)
    text = parts.text if parts.text is not None else _nothing(col.index, "str")
    if id_like and parts.text is not None and _any_byte(text, _DOT_BYTES):
        ints = text.str.match(_INT_TEXT, na=False)
        if ints.any():
            text = text.mask(ints, text[ints].str.replace(r"\.0*$", "", regex=True))
    if parts.num is not None:
        text = text.fillna(_number_text(parts.num))
    if parts.when is not None:
        text = text.fillna(parts.when.dt.strftime("%Y-%m-%d").astype("str"))
    if parts.flag is not None:
        text = text.fillna(parts.flag.map({True: "TRUE", False: "FALSE"}).astype("str"))
    return text.astype("str"), pd.Series(False, index=col.index)


def as_number(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers and numbers stored as text → float64; anything else is bad."""
    parts = split(col)
    values = parts.num if parts.num is not None else _nothing(col.index, "float64")
    if parts.text is not None:
        values = values.fillna(_parse_numbers(parts.text))
    values = values.where(np.isfinite(values))
    return values, parts.present() & values.isna()


def _parse_numbers(text: pd.Series) -> pd.Series:
    """``pd.to_numeric(text, errors="coerce")`` as float64. Text made only of digits, '.' and
    '-' goes through Arrow's cast, which reads such text exactly as pandas does (both round
    correctly) in a fraction of the time; anything else, or a cast that fails, takes pandas."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if text.notna().any() and _only_bytes(text, _DECIMAL_BYTES):
        try:
            cast = pc.cast(pa.array(text.array), pa.float64())
        except pa.ArrowInvalid:
            pass
        else:
            numbers = np.asarray(cast.to_numpy(zero_copy_only=False), dtype="float64")
            return pd.Series(numbers, index=text.index, name=text.name)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def as_int(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Whole numbers → Int64; fractions, text and the rest are bad."""
    values, bad = as_number(col)
    whole = values == np.floor(values)
    exact = values.abs() < 2**53  # beyond it a float no longer holds every whole number
    bad = bad | (values.notna() & ~(whole & exact))
    values = values.where(whole & exact)
    return values.astype("Int64"), bad


def ymd(year: Any, month: Any, day: Any, index: pd.Index) -> pd.Series:
    """Dates from year, month and day numbers (NaN: no date); impossible dates are NaT, and
    so are real days outside the years datetime64[ns] holds (see :func:`far_days`).

    Pure NumPy: months since 1970 plus days, then a round trip rejects 2021-02-30.
    """
    when, real = _days(year, month, day)
    y = np.asarray(year, dtype="float64")
    ok = real & (y >= _YEARS[0]) & (y <= _YEARS[1])
    out = np.where(ok, when, np.datetime64("1970-01-01")).astype("datetime64[ns]")
    out[~ok] = np.datetime64("NaT")
    return pd.Series(out, index=index)


def far_days(year: Any, month: Any, day: Any) -> np.ndarray:
    """Which (year, month, day) are real days of years 1–9999 that :func:`ymd` cannot hold:
    a date, only far out (9999-12-31), not an unreadable cell."""
    _, real = _days(year, month, day)
    y = np.asarray(year, dtype="float64")
    return real & ((y < _YEARS[0]) | (y > _YEARS[1]))


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
    if not (_DATE_SEP_BYTES[cells[:, seps]].all() and _DIGIT_BYTES[cells[:, digits]].all()):
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
    compact = (
        text.str.replace(_SPACE + "+", "", regex=True) if _any_byte(text, _SPACE_BYTES) else text
    )
    out = _nothing(text.index, "datetime64[ns]")
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
    values = parts.when if parts.when is not None else _nothing(col.index, "datetime64[ns]")
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


def as_bool(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """是/否, Y/N, yes/no, TRUE/FALSE, 1/0, √/× (text or cells) → boolean."""
    parts = split(col)
    values = parts.flag if parts.flag is not None else _nothing(col.index, "boolean")
    if parts.text is not None:
        values = values.fillna(_words(parts.text))
    if parts.num is not None:
        values = values.fillna(parts.num.map({1.0: True, 0.0: False}).astype("boolean"))
    return values, parts.present() & values.isna()


_TRUE = [w for w, v in BOOL_WORDS.items() if v]
_FALSE = [w for w, v in BOOL_WORDS.items() if not v]


def _words(text: pd.Series) -> pd.Series:
    """Yes/no words → boolean; case is folded only for cells not already matched."""
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    out[text.isin(_TRUE)] = True
    out[text.isin(_FALSE)] = False
    rest = (out.isna() & text.notna()).to_numpy(dtype=bool)
    if rest.any():
        pos = np.flatnonzero(rest)
        folded = text.iloc[pos].str.casefold()
        out.iloc[pos[folded.isin(_TRUE).to_numpy()]] = True
        out.iloc[pos[folded.isin(_FALSE).to_numpy()]] = False
    return out


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

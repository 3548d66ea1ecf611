"""A raw column split by the type of its cells (:func:`split`), its text cleaned
(:func:`clean_text`), and the byte-level helpers the converters share (load/normalise.py)."""

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

from cadrekit.load.schema import FORMAT_RANGES, FORMAT_TABLE

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

# Characters that NFKC may change: anything but ASCII and the common CJK block.
_NEEDS_NFKC = r"[^\x00-\x7f一-鿿]"

_FORMAT_TABLE = FORMAT_TABLE  # str.translate: every format character removed

# the same set as an RE2 class, for Arrow's regex kernels
_FORMAT_CLASS = "[" + "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in FORMAT_RANGES) + "]"

# ASCII whitespace spelled out: pandas runs ``\s`` through Python's re, row by row, because
# RE2's ``\s`` differs; other spaces (\u3000, \xa0 …) have become " " under NFKC by then.
SPACE = r"[ \t\n\r\f\v]"

_CJK_GAP = r"([一-鿿]) +([一-鿿])"  # 张  三 (names padded to line up) → 张三

# The years a datetime64[ns] holds. Whether a date is plausible is the loader's business
# (validate.date_range): here a date in these years is a date, and one outside them that is
# still a real day (9999-12-31) is marked ``far`` instead of failing or being called unreadable.
YEARS = (1678, 2261)


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


def nothing(index: pd.Index, dtype: str) -> pd.Series:
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


DECIMAL_BYTES = _byte_table(b"0123456789.-")

SPACE_BYTES = _byte_table(b" \t\n\r\f\v")

DOT_BYTES = _byte_table(b".")

DIGIT_BYTES = _byte_table(b"0123456789")

DATE_SEP_BYTES = _byte_table(b"./-")


def any_byte(s: pd.Series, table: np.ndarray) -> bool:
    """Whether any cell of a ``str`` column holds one of the ASCII bytes in ``table``."""
    return any(table[data].any() for data, _, _ in value_bytes(s))


def only_bytes(s: pd.Series, table: np.ndarray) -> bool:
    """Whether every byte of every cell of a ``str`` column is in ``table``."""
    return all(table[data].all() for data, _, _ in value_bytes(s))


def as_str(col: pd.Series) -> pd.Series:
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
    spaced = s.str.contains(SPACE, regex=True, na=False)
    if spaced.any():
        part = s[spaced].str.replace(SPACE + "+", " ", regex=True).str.strip()
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
            text = as_str(col)
        elif inferred.startswith("mixed"):
            is_text = col.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
            if not is_text.any():
                return None
            text = as_str(col.where(is_text))
        else:
            return None
    if text.isna().all() or _already_clean(text):
        return None
    found = pc.match_substring_regex(pa.array(text.array), _FORMAT_CLASS)
    hits = np.asarray(pc.fill_null(found, False).to_numpy(zero_copy_only=False), dtype=bool)
    return pd.Series(hits, index=col.index) if hits.any() else None


def none_invisible(frame: pd.DataFrame, names: list[str]) -> bool:
    """True when no cell of the columns ``names`` holds a format character, found by one
    Arrow pass over all their cells (:func:`invisible_cells` then returns None for each:
    a sheet pays once, not once per column). False when not every cell is text or empty
    (a number cell, a date): each column is then asked on its own."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not names:
        return True
    if not frame.columns.is_unique:
        return False
    chunks = []
    try:
        for name in names:
            col = frame[name]
            if isinstance(col.dtype, pd.StringDtype):
                chunks += pa.chunked_array(pa.array(col.array)).cast(pa.large_string()).chunks
            elif col.dtype == object:
                values = col.to_numpy(dtype=object)
                chunks.append(pa.array(values, type=pa.large_string(), from_pandas=True))
            else:
                return False
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return False
    found = pc.match_substring_regex(pa.chunked_array(chunks, pa.large_string()), _FORMAT_CLASS)
    return not pc.any(found).as_py()


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
        lo, hi = (pd.Timestamp(f"{y}-01-01") for y in (YEARS[0], YEARS[1] + 1))
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
            parts.text = clean_text(as_str(col))
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

"""Cell values made safe to write: text a spreadsheet would run as a formula is written as
text, and ID numbers are masked (110101********1234)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(series: pd.Series) -> pd.Series:
    """Prefix ``'`` to text cells a spreadsheet would run as a formula; numbers untouched.

    A text cell is dangerous when, after optional leading whitespace, it starts with
    = + - @, or when it starts with a tab or carriage return (OWASP's CSV injection list).
    """
    from pandas.api.types import is_object_dtype, is_string_dtype

    if not (is_object_dtype(series.dtype) or is_string_dtype(series.dtype)):
        return series
    danger = series.str.match(_FORMULA_START, na=False).astype(bool)
    if not danger.any():
        return series
    out = series.copy()
    out[danger] = "'" + series[danger].astype(str)
    return out


_FORMULA_START = r"[\t\r]|\s*[=+\-@]"


def text_safe(value: str) -> str:
    """``csv_safe`` for one text (a CSV header: an input column may be named ``=cmd|…``)."""
    import re

    return "'" + value if re.match(_FORMULA_START, value) else value


def mask_id_number(series: pd.Series) -> pd.Series:
    """110101199001011234 → 110101********1234: keep the first 6 and last 4 characters.

    Values of 10 characters or fewer cannot keep both ends and are masked entirely;
    surrounding spaces are dropped; missing values stay None.
    """
    import numpy as np
    import pandas as pd

    present = series.notna()
    values = np.full(len(series), None, dtype=object)
    if not present.any():  # all missing: the string ops below fail on an empty selection
        return pd.Series(values, index=series.index, name=series.name, dtype=object)
    text = series[present].astype(str).str.strip()
    values[present.to_numpy()] = _masked(text).to_numpy(zero_copy_only=False)
    return pd.Series(values, index=series.index, name=series.name, dtype=object)


def masked_id_text(series: pd.Series) -> Any:
    """``mask_id_number`` as Arrow text (missing stays null) for a column of Arrow text,
    without a Python string per value; None for any other column."""
    import pandas as pd

    dtype = series.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    return _masked(series.str.strip())


def _masked(text: pd.Series) -> Any:
    """The masking in Arrow, one pass per step (not a Python call per value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    to_arrow = getattr(text.array, "__arrow_array__", None)  # str dtype: Arrow already
    arr = to_arrow() if to_arrow else pa.array(text.tolist())
    arr = arr.cast(pa.large_string())
    length = pc.utf8_length(arr)
    star = pa.scalar("*", pa.large_string())
    middle = pc.binary_repeat(star, pc.max_element_wise(pc.subtract(length, 10), 0))
    ends = (pc.utf8_slice_codeunits(arr, 0, 6), middle, pc.utf8_slice_codeunits(arr, -4))
    kept = pc.binary_join_element_wise(*ends, pa.scalar("", pa.large_string()))
    return pc.if_else(pc.greater(length, 10), kept, pc.binary_repeat(star, length))

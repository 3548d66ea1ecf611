"""GB 11643-1999 citizen ID numbers: the MOD 11-2 check digit over whole columns.

Shared by the loader (which validates the 身份证号 column) and the renderers (which mask
any value that passes the check in a column cadrekit does not know, so that a number under
a header nobody listed never reaches an output in full).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int16)
CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)


def check_digits(grid: np.ndarray) -> np.ndarray:
    """For an n × 18 grid of ASCII bytes (17 digits then the check character, upper case):
    whether each row's last character is its MOD 11-2 check character."""
    digits = grid[:, :17].astype(np.int16) - 48  # int16: a fourth of int64's memory
    return CHECK[(digits * WEIGHTS).sum(axis=1) % 11] == grid[:, 17]


def well_formed(grid: np.ndarray) -> np.ndarray:
    """Rows of an n × 18 byte grid that are 17 digits and a digit or ``X``."""
    digit = (grid >= 48) & (grid <= 57)
    return digit[:, :17].all(axis=1) & (digit[:, 17] | (grid[:, 17] == ord("X")))


def passing_cells(series: pd.Series) -> np.ndarray:
    """Which cells of any column are text of 18 characters passing the GB 11643 check
    (surrounding spaces aside, a lower-case ``x`` counted as ``X``). Vectorised through Arrow:
    only the cells 18 bytes long after trimming are looked at."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc
    from pandas.api.types import infer_dtype

    out = np.zeros(len(series), dtype=bool)
    if not len(series):
        return out
    if isinstance(series.dtype, pd.StringDtype):
        values: object = series.array
    elif series.dtype == object:
        inferred = infer_dtype(series, skipna=True)
        if inferred == "string":
            values = series.to_numpy(dtype=object)
        elif inferred.startswith("mixed"):  # text among numbers or dates: the text only
            is_text = series.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
            if not is_text.any():
                return out
            values = series.where(is_text).to_numpy(dtype=object)
        else:
            return out
    else:
        return out  # numbers, dates and booleans hold no 18-character text
    arr = pa.array(values, type=pa.large_string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.utf8_upper(pc.utf8_trim_whitespace(arr))
    long18 = pc.fill_null(pc.equal(pc.binary_length(arr), 18), False)
    where = np.flatnonzero(long18.to_numpy(zero_copy_only=False))
    if not len(where):
        return out
    picked = arr.take(pa.array(where))  # every value 18 bytes: one n × 18 grid
    start = int(np.frombuffer(picked.buffers()[1], dtype=np.int64)[picked.offset])
    data = np.frombuffer(picked.buffers()[2], dtype=np.uint8)
    grid = data[start : start + 18 * len(where)].reshape(-1, 18)
    good = well_formed(grid)
    good[good] = check_digits(grid[good])
    out[where] = good
    return out

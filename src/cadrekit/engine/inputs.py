"""The input cadres frame, made again from the result when read, not kept beside it.

The result frame carries every input column, its rows in ranked order. Keeping the loaded
input frame as well (``Result.dataset``, for explain, sensitivity and the other insights)
held a second copy of the roster: 316 MB at a million rows. An input column that no layer
replaced — the result still holds the input's own array, taken in ranked order — is taken
back into input order when something reads the input; every other input column (``id``,
cast to text; an input ``status`` or ``track`` the engine decides) is kept as it was.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def same_array(a: pd.Series, b: pd.Series) -> bool:
    """Do ``a`` and ``b`` hold the very same array (same memory, same dtype)?"""
    if a.dtype != b.dtype or len(a) != len(b):
        return False
    if isinstance(a.dtype, np.dtype):
        return _same_view(a.to_numpy(copy=False), b.to_numpy(copy=False))
    x, y = a.array, b.array
    if x is y:
        return True
    if isinstance(x, pd.arrays.IntegerArray | pd.arrays.FloatingArray | pd.arrays.BooleanArray):
        # a masked array's values and mask (pandas' own attributes: no public accessor)
        pairs = [(getattr(x, k, None), getattr(y, k, None)) for k in ("_data", "_mask")]
        return all(_same_view(p, q) for p, q in pairs)
    if isinstance(x, pd.arrays.ArrowExtensionArray | pd.arrays.ArrowStringArray):
        return x.__arrow_array__() is y.__arrow_array__()  # the Arrow data itself
    return False


def _same_view(x: Any, y: Any) -> bool:
    """Two numpy arrays viewing the same memory the same way."""
    if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray)):
        return False
    return bool(x.__array_interface__ == y.__array_interface__)


def untouched(frame: pd.DataFrame, cadres: pd.DataFrame) -> list[Any]:
    """The input columns the layers' final ``frame`` still holds as the input's arrays."""
    if not (cadres.columns.is_unique and frame.columns.is_unique):
        return []
    return [c for c in cadres.columns if c in frame.columns and same_array(frame[c], cadres[c])]


def kept_columns(cadres: pd.DataFrame, carried: list[Any]) -> dict[Any, pd.Series]:
    """The input columns the result does not carry unchanged, each its own copy when it is a
    view of a 2-D block (so that the block of the carried columns is not kept alive)."""
    return {
        c: cadres[c].copy() if isinstance(cadres[c].dtype, np.dtype) else cadres[c]
        for c in cadres.columns
        if c not in set(carried)
    }


def input_frame(
    result: pd.DataFrame,
    rows: np.ndarray,
    columns: pd.Index,
    kept: dict[Any, pd.Series],
    index: pd.Index,
) -> pd.DataFrame:
    """The input frame again: ``rows[k]`` is the input row of result row ``k``."""
    back = np.empty(len(rows), dtype=np.int64)
    back[rows] = np.arange(len(rows), dtype=np.int64)
    data = {c: (kept[c] if c in kept else result[c].take(back)).set_axis(index) for c in columns}
    frame = pd.DataFrame(data, index=index, copy=False)
    frame.columns = columns
    return frame

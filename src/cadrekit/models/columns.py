"""Column operations on text the loader, the rules and the engine share, done in Arrow
where pandas' own is slow: ``Series.isin`` on Arrow-backed text builds one Arrow scalar per
wanted value in Python, and a Categorical of Arrow strings hashes them as Python objects
(seconds for a million ids). Here the wanted values go to Arrow as one array.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_TEXT = pd.StringDtype("pyarrow")


def flat(values: pd.Series) -> pa.Array:
    """A Series as one Arrow text array."""
    arr = pa.array(values.astype(_TEXT).array)
    return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr


def codes_in(values: pd.Series, names: Sequence[Any] | pd.Index | pd.Series) -> np.ndarray:
    """Position of each value in ``names`` (-1 where absent or NA)."""
    if isinstance(names, (pd.Index, pd.Series)):
        wanted = flat(pd.Series(names, copy=False)).cast(pa.large_string())
    else:
        wanted = pa.array([str(n) for n in names], pa.large_string())
    where = pc.index_in(flat(values).cast(pa.large_string()), value_set=wanted)
    return np.asarray(pc.fill_null(where, -1).to_numpy(zero_copy_only=False), dtype="int64")


def isin_text(values: pd.Series, wanted: Any) -> pd.Series:
    """``values.isin(wanted)`` for text: the same booleans (NA is in nothing), with
    ``wanted`` (a Series, Index or list of text) matched in one Arrow call."""
    have = flat(values)
    ref = flat(pd.Series(wanted, dtype=_TEXT).dropna())
    hit = pc.fill_null(pc.is_in(have, value_set=ref), False)
    return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)

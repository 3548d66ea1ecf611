"""Column operations the loader and the engine share, where pandas' own is slow.

``Series.isin`` on pandas' Arrow-backed text builds one Arrow scalar per wanted value in
Python: checking a million ids against a million-row roster costs seconds. Here the
wanted values go to Arrow as one array.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_TEXT = pd.StringDtype("pyarrow")


def isin_text(values: pd.Series, wanted: Any) -> pd.Series:
    """``values.isin(wanted)`` for text: the same booleans (NA is in nothing), with
    ``wanted`` (a Series, Index or list of text) matched in one Arrow call."""
    have = pa.array(values.astype(_TEXT).array)
    ref = pa.array(pd.Series(wanted, dtype=_TEXT).dropna().array)
    hit = pc.fill_null(pc.is_in(have, value_set=ref), False)
    return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)

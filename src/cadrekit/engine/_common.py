"""Small helpers shared by the engine layers: audit rows, text formatting, quarter words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadrekit.models.result import AUDIT_COLUMNS
from cadrekit.models.rules import RuleSet

_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default ``str``
_TEXT = pd.StringDtype("pyarrow")  # ``"string"``: the audit's dtype


def num_text(values: pd.Series) -> pd.Series:
    """Numbers as short text: 85.0 → "85", 84.13 → "84.13", NaN → "".

    Python's ``str(float)`` without a trailing ".0". Arrow's cast gives the same shortest
    round-trip digits in the range Python writes without an exponent; the rest (tiny,
    huge, infinite) go through ``str``.
    """
    s = pd.Series(values, copy=False)
    x = s.to_numpy(dtype="float64", na_value=np.nan)
    mag = np.abs(x)
    odd = np.isfinite(x) & (mag != 0) & ((mag < 1e-4) | (mag >= 1e16))
    text = pc.cast(pa.array(x, from_pandas=True), pa.large_string())
    if odd.any() or np.isinf(x).any():
        slow = odd | np.isinf(x)
        py = np.array(text.to_pylist(), dtype=object)
        py[slow] = [_short(v) for v in x[slow].tolist()]
        text = pa.array(py, type=pa.large_string(), from_pandas=True)
    text = pc.fill_null(text, "")
    return pd.Series(text_array(text, _STR), index=s.index, copy=False)


def text_array(arr: pa.Array | pa.ChunkedArray, dtype: Any = _TEXT) -> Any:
    """Arrow text as a pandas string array, without a copy."""
    return pd.arrays.ArrowStringArray(arr, dtype=dtype)  # type: ignore[call-arg]


def _short(v: float) -> str:
    t = str(v)
    return t[:-2] if t.endswith(".0") else t


def audit(
    cadre_id: pd.Series,
    layer: str,
    rule_path: str | pd.Series,
    value: Any,
    reason: str | pd.Series,
) -> pd.DataFrame:
    """Audit rows, one per element of ``cadre_id`` (values are text, never NA)."""
    index = cadre_id.index
    if isinstance(value, pd.Series) and pd.api.types.is_numeric_dtype(value.dtype):
        value = num_text(value)
    columns = {
        "cadre_id": cadre_id,
        "layer": layer,
        "rule_path": rule_path,
        "value": value,
        "reason": reason,
    }
    data = {c: text_array(_arrow(v, index)) for c, v in columns.items()}
    return pd.DataFrame(data, index=pd.RangeIndex(len(index)), copy=False)


def _arrow(value: Any, index: pd.Index) -> pa.ChunkedArray:
    """``value`` aligned to ``index`` as Arrow text: NA → "", a scalar repeated."""
    if not isinstance(value, pd.Series):
        text = "" if value is None else str(value)
        return pa.chunked_array([pa.repeat(pa.scalar(text, pa.large_string()), len(index))])
    if not value.index.equals(index):
        value = value.reindex(index)
    if not (isinstance(value.dtype, pd.StringDtype) and value.dtype.storage == "pyarrow"):
        value = value.astype(_TEXT)
    arr = pa.array(value.array)
    if isinstance(arr, pa.Array):
        arr = pa.chunked_array([arr])
    if arr.type != pa.large_string():
        arr = arr.cast(pa.large_string())
    return pc.fill_null(arr, "") if arr.null_count else arr


def concat_audit(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in AUDIT_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    if all(out[c].dtype == _TEXT for c in AUDIT_COLUMNS):
        return out[AUDIT_COLUMNS]
    return out.astype("string")


def isin_text(values: pd.Series, wanted: pd.Series) -> pd.Series:
    """``values.isin(wanted)`` as text, for large ``wanted`` (pandas builds a scalar per value)."""
    have = pa.array(values.astype(_TEXT).array)
    ref = pa.array(wanted.astype(_TEXT).dropna().array)
    hit = pc.fill_null(pc.is_in(have, value_set=ref), False)
    return pd.Series(hit.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def join_text(acc: pd.Series, text: pd.Series, sep: str = "；") -> pd.Series:
    """Append ``text`` (NA = nothing) to ``acc`` (NA = empty), separated by ``sep``."""
    both = acc.notna() & text.notna()
    out = acc.where(acc.notna(), text)
    return out.where(~both, acc + sep + text)


def quarter_frame(cadres: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """The quarter grade columns as text (absent columns count as not assessed)."""
    q = rules.components.quarterly
    columns = q.columns if q is not None else []
    data = {
        c: (cadres[c] if c in cadres.columns else pd.Series(pd.NA, index=cadres.index))
        for c in columns
    }
    return pd.DataFrame(data, index=cadres.index).astype("string")


def count_words(quarters: pd.DataFrame, words: Sequence[str]) -> pd.Series:
    """How many quarter columns of each row hold one of ``words``."""
    if quarters.shape[1] == 0:
        return pd.Series(0, index=quarters.index, dtype="int64")
    hits = quarters.isin(list(words)).fillna(False).astype(bool)
    return hits.sum(axis=1).astype("int64")


def column_or_na(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame.columns:
        return frame[column]
    return pd.Series(pd.NA, index=frame.index, dtype="object")


def numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as float64 (NaN where empty or absent)."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("float64")


def grade_position(rules: RuleSet, grades: pd.Series) -> pd.Series:
    """Strictness of grade names: 0 = best … len(order) = not graded; NA stays -1."""
    names = list(rules.grades.all)
    table = np.array([rules.grades.position(n) for n in names] + [-1], dtype="int64")
    where = pc.index_in(pa.array(grades.astype(_TEXT).array), value_set=pa.array(names))
    codes = pc.fill_null(where, len(names)).to_numpy(zero_copy_only=False)
    return pd.Series(table[codes], index=grades.index)


def grade_name(rules: RuleSet, positions: pd.Series) -> pd.Series:
    names = dict(enumerate(rules.grades.all))
    return positions.map(names).astype("string")

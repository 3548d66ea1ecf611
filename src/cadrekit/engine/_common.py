"""Small helpers shared by the engine layers: audit rows, text formatting, quarter words."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cadrekit.models.columns import codes_in as codes_in
from cadrekit.models.columns import flat as flat
from cadrekit.models.columns import isin_text as isin_text
from cadrekit.models.result import AUDIT_COLUMNS
from cadrekit.models.rules import RuleSet

_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default ``str``
_TEXT = pd.StringDtype("pyarrow")  # ``"string"``: the audit's dtype
LARGE = pa.large_string()


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


class Part:
    """Audit rows of one decision, kept as ingredients and made into text when read.

    ``rule_path``, ``value`` and ``reason`` are each text, a Series aligned with
    ``cadre_id``, or a :func:`functools.partial` that returns one (formatting
    deferred: CSV and JSON outputs never read the audit). ``where`` (booleans, by
    position) selects the rows of ``cadre_id`` and of every Series that have audit rows.
    """

    __slots__ = ("cadre_id", "layer", "outcome", "reason", "rule_path", "value", "where")

    def __init__(
        self,
        cadre_id: pd.Series,
        layer: str,
        rule_path: Any,
        value: Any,
        reason: Any,
        where: Any = None,
        outcome: str = "",
    ) -> None:
        self.cadre_id = cadre_id
        self.layer = layer
        self.rule_path = rule_path
        self.value = value
        self.reason = reason
        self.where = None if where is None else np.asarray(where, dtype=bool)
        self.outcome = outcome

    def __len__(self) -> int:
        return len(self.cadre_id) if self.where is None else int(self.where.sum())

    def columns(self) -> dict[str, pa.ChunkedArray]:
        """The rows as AUDIT_COLUMNS, each Arrow text (never null)."""
        ids = self.cadre_id
        fields = [_made(f) for f in (self.rule_path, self.value, self.reason)]
        if self.where is not None:
            ids = ids[self.where]
            fields = [f[self.where] if isinstance(f, pd.Series) else f for f in fields]
        path, value, reason = fields
        index = ids.index
        if isinstance(value, pd.Series) and pd.api.types.is_numeric_dtype(value.dtype):
            value = num_text(value)
        columns = {
            "cadre_id": ids,
            "layer": self.layer,
            "rule_path": path,
            "value": value,
            "reason": reason,
            "outcome": self.outcome,
        }
        return {c: _arrow(v, index) for c, v in columns.items()}


def _made(field: Any) -> Any:
    return field() if isinstance(field, partial) else field


Trail = list[Part]


def audit(*fields: Any, **named: Any) -> Trail:
    """Audit rows (the fields of :class:`Part`, in order), as a trail of one part."""
    return [Part(*fields, **named)]


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


def concat_audit(parts: Sequence[Trail]) -> Trail:
    """The parts of several trails, in order (still unformatted)."""
    return [p for trail in parts for p in trail]


def audit_frame(trail: Trail) -> pd.DataFrame:
    """Format the trail: AUDIT_COLUMNS as text, in the order of its parts."""
    parts = [p.columns() for p in trail if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in AUDIT_COLUMNS})
    # one Arrow column of every part's chunks: no frame per part, no concat of 48 frames
    data = {
        c: text_array(pa.chunked_array([k for p in parts for k in p[c].chunks], LARGE))
        for c in AUDIT_COLUMNS
    }
    rows = sum(len(p["cadre_id"]) for p in parts)
    return pd.DataFrame(data, index=pd.RangeIndex(rows), copy=False)


def id_order(ids: pd.Series) -> np.ndarray:
    """Each value's place in text order (equal values share it, NA last): a sort key that
    orders as the text does, without sorting strings in every lexsort."""
    enc = pc.dictionary_encode(flat(ids))
    rank = pc.rank(enc.dictionary, sort_keys="ascending", tiebreaker="dense")
    table = np.append(np.asarray(rank.to_numpy(zero_copy_only=False), dtype="int64"), 0)
    codes = enc.indices.to_numpy(zero_copy_only=False)
    if enc.indices.null_count:
        codes = np.where(np.isnan(codes), len(table) - 1, codes)
        table[-1] = len(table)  # NA last
    return table[codes.astype("int64")]


def track_codes(track: pd.Series, position: dict[str, int]) -> np.ndarray:
    """Rule order of each track id (unknown or NA → after every track)."""
    codes = codes_in(track, list(position))
    return np.where(codes < 0, len(position), codes)


def pick(names: Sequence[Any], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``names[code]`` per row as text (code -1 → NA)."""
    return take_text(pa.array([*map(str, names)], pa.large_string()), codes, index)


def take_text(values: pa.Array | pd.Series, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``values[code]`` per row as text (code -1 → NA)."""
    table = flat(values) if isinstance(values, pd.Series) else values
    taken = table.take(pa.array(codes, mask=codes < 0)).cast(pa.large_string())
    return pd.Series(text_array(pa.chunked_array([taken])), index=index, copy=False)


def join_rows(rows: np.ndarray, text: pd.Series, index: pd.Index, sep: str) -> pd.Series:
    """Join the ``text`` of each row position (into ``index``), in the given order, with
    ``sep``; NA for rows with no text. The vectorised ``groupby(rows).agg(sep.join)``."""
    n = len(index)
    order = np.argsort(rows, kind="stable")
    counts = np.bincount(rows, minlength=n)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype("int32")
    values = flat(text).cast(pa.string()).take(pa.array(order))
    lists = pa.ListArray.from_arrays(pa.array(offsets), values)
    joined = pc.binary_join(lists, sep).cast(pa.large_string())
    out = pc.if_else(pa.array(counts > 0), joined, pa.scalar(None, pa.large_string()))
    return pd.Series(text_array(pa.chunked_array([out])), index=index, copy=False)


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
    """Grade names of strictness positions (NA where NaN or out of range)."""
    names = list(rules.grades.all)
    x = positions.to_numpy(dtype="float64", na_value=np.nan)
    ok = (x >= 0) & (x < len(names))
    return pick(names, np.where(ok, np.nan_to_num(x), -1).astype("int64"), positions.index)

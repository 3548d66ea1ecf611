"""Small helpers shared by the engine layers: audit rows, text formatting, quarter words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from cadrekit.models.result import AUDIT_COLUMNS
from cadrekit.models.rules import RuleSet


def num_text(values: pd.Series) -> pd.Series:
    """Numbers as short text: 85.0 → "85", 84.13 → "84.13", NaN → ""."""
    s = pd.Series(values, copy=False)
    text = s.astype(float).astype(str).str.replace(r"\.0$", "", regex=True)
    return text.where(s.notna(), "")


def audit(
    cadre_id: pd.Series,
    layer: str,
    rule_path: str | pd.Series,
    value: Any,
    reason: str | pd.Series,
) -> pd.DataFrame:
    """Audit rows, one per element of ``cadre_id`` (values are text)."""
    index = cadre_id.index
    if isinstance(value, pd.Series) and pd.api.types.is_numeric_dtype(value.dtype):
        value = num_text(value)
    frame = pd.DataFrame(
        {
            "cadre_id": cadre_id.astype("string").to_numpy(dtype=object),
            "layer": layer,
            "rule_path": _aligned(rule_path, index),
            "value": _aligned(value, index),
            "reason": _aligned(reason, index),
        },
        index=range(len(index)),
    )
    return frame[AUDIT_COLUMNS]


def _aligned(value: Any, index: pd.Index) -> Any:
    if isinstance(value, pd.Series):
        return value.reindex(index).astype("string").fillna("").to_numpy(dtype=object)
    return "" if value is None else str(value)


def concat_audit(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in AUDIT_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    return out.astype("string")


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
    table = {name: rules.grades.position(name) for name in rules.grades.all}
    return grades.map(table).fillna(-1).astype("int64")


def grade_name(rules: RuleSet, positions: pd.Series) -> pd.Series:
    names = dict(enumerate(rules.grades.all))
    return positions.map(names).astype("string")
